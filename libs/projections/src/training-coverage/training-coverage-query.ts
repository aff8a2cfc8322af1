import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import {
  committeeTrainingParams,
  rulesOfUniversity,
  secretaryTrainingParams,
} from '../../../policy/src/selecting-rules/rules-for-university.js';
import {
  isActiveOn,
  officerChangesOf,
  scopedBranches,
  sessionsAttendedIn,
  type BranchScope,
} from '../branch-facts/branch-facts.js';
import { officersOn, type OfficeOnDay, type OfficerInOffice, type OfficerRole } from '../organization/officers-in-office.js';
import { compareUnits, unitKey, unitNamesOf, type UnitKey } from '../organization/unit-names.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';

export interface Coverage {
  inOffice: number;
  trained: number;
  rate: number | null;
}

export interface TrainingCoverage {
  year: number;
  universityId: string | null;
  secretaries: Coverage;
  committeeMembers: Coverage;
  untrained: { personId: string; branchId: string; role: OfficerRole }[];
  /** Per unit of the scope (a unit is its university's: the city-wide view keeps equal unit ids of two universities apart). */
  byUnit: { universityId: string; unitId: string; unitName: string | null; secretaries: Coverage; committeeMembers: Coverage }[];
  policyVersion: string;
}

export interface CoverageQuery {
  year: number;
  scope: BranchScope;
  onDate?: string | null;
  today: string;
  versions: readonly PolicyVersion[];
}

class Tally {
  inOffice = 0;
  trained = 0;
  add(trained: boolean) {
    this.inOffice += 1;
    if (trained) this.trained += 1;
  }
  coverage(): Coverage {
    return { inOffice: this.inOffice, trained: this.trained, rate: this.inOffice === 0 ? null : this.trained / this.inOffice };
  }
}

/** Sessions a year each role must attend, under a version's rules for a university. */
export interface TrainingRequirements {
  secretary: number;
  committee: number;
}

/** The training rules of a version, per university (a university's own rule replaces the city's), read once per university. */
export function trainingRequirements(version: PolicyVersion): (universityId: string) => TrainingRequirements {
  const known = new Map<string, TrainingRequirements>();
  return (universityId) => {
    let requirements = known.get(universityId);
    if (!requirements) {
      const rules = rulesOfUniversity(version, universityId);
      requirements = { secretary: secretaryTrainingParams(rules).perYear, committee: committeeTrainingParams(rules).perYear };
      known.set(universityId, requirements);
    }
    return requirements;
  };
}

/** Trained (DOMAIN.md §5): attended at least the role's `perYear` sessions ending in the year, whatever role the attendance names. */
export function officersTrained(
  office: OfficeOnDay,
  attended: ReadonlyMap<string, number>,
  requirements: TrainingRequirements,
): { officer: OfficerInOffice; trained: boolean }[] {
  return office.officers.map((officer) => ({
    officer,
    trained: (attended.get(officer.personId) ?? 0) >= (officer.role === 'SECRETARY' ? requirements.secretary : requirements.committee),
  }));
}

/**
 * 轮训覆盖: the secretaries and committee members in office on the deciding day in active branches
 * of the scope, and those who attended at least `perYear` sessions ending in the year.
 */
export async function trainingCoverage(sql: SqlExecutor, live: ReadModelTables, query: CoverageQuery): Promise<TrainingCoverage> {
  const day = decidingDay(query.year, query.onDate, query.today);
  const version = versionFor(query.versions, day);
  if (!version) throw new Error(`no policy version applies to ${day}`);
  const branches = (await scopedBranches(sql, live, query.scope)).filter((branch) => isActiveOn(branch, day));
  const changes = await officerChangesOf(sql, live, branches.map((branch) => branch.branchId));
  const offices = branches.map((branch) => ({ branch, office: officersOn(changes.get(branch.branchId) ?? [], day) }));
  const personIds = offices.flatMap(({ office }) => office.officers.map((officer) => officer.personId));
  const attended = await sessionsAttendedIn(sql, live, personIds, query.year);

  const secretaries = new Tally();
  const committeeMembers = new Tally();
  const byUnit = new Map<string, { unit: UnitKey; secretaries: Tally; committeeMembers: Tally }>();
  const untrained: TrainingCoverage['untrained'] = [];
  const requirementsOf = trainingRequirements(version);
  for (const { branch, office } of offices) {
    const key = unitKey(branch);
    const unit = byUnit.get(key) ?? { unit: { universityId: branch.universityId, unitId: branch.unitId }, secretaries: new Tally(), committeeMembers: new Tally() };
    byUnit.set(key, unit);
    for (const { officer, trained } of officersTrained(office, attended, requirementsOf(branch.universityId))) {
      const isSecretary = officer.role === 'SECRETARY';
      (isSecretary ? secretaries : committeeMembers).add(trained);
      (isSecretary ? unit.secretaries : unit.committeeMembers).add(trained);
      if (!trained) untrained.push({ personId: officer.personId, branchId: branch.branchId, role: officer.role });
    }
  }
  const units = [...byUnit.values()].sort((a, b) => compareUnits(a.unit, b.unit));
  const unitNames = await unitNamesOf(sql, live, units.map(({ unit }) => unit));
  return {
    year: query.year,
    universityId: query.scope.universityId ?? null,
    secretaries: secretaries.coverage(),
    committeeMembers: committeeMembers.coverage(),
    untrained,
    byUnit: units.map(({ unit, secretaries: unitSecretaries, committeeMembers: unitCommittee }) => ({
      ...unit,
      unitName: unitNames.get(unitKey(unit)) ?? null,
      secretaries: unitSecretaries.coverage(),
      committeeMembers: unitCommittee.coverage(),
    })),
    policyVersion: version.version,
  };
}
