import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { isActiveOn, scopedBranches, type BranchRow, type BranchScope } from '../branch-facts/branch-facts.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';
import { compareUnits, unitKey, unitNamesOf } from '../organization/unit-names.js';
import { dualLeaderProjection } from './dual-leader-projection.js';

export interface DualLeaderStats {
  year: number;
  universityId: string | null;
  teacherBranches: number;
  withDualLeader: number;
  rate: number | null;
  electionsHeld: number;
  electionsMeetingRequirement: number;
  /** Per unit of the scope (a unit is its university's: the city-wide view keeps equal unit ids of two universities apart). */
  byUnit: { universityId: string; unitId: string; unitName: string | null; teacherBranches: number; withDualLeader: number; rate: number | null }[];
  trend: { year: number; rate: number | null }[];
  policyVersion: string;
}

export interface DualLeaderQuery {
  year: number;
  scope: BranchScope;
  onDate?: string | null;
  today: string;
  /** Used only before the first generation is live (nothing to count yet). */
  fallbackVersions: readonly PolicyVersion[];
}

export interface SecretaryChange {
  branch_id: string;
  position: string;
  effective_on: string;
  via: 'ELECTION' | 'REPLACEMENT' | 'COMMITTEE_CHANGE';
  person_id: string | null;
  removed_ids: string[];
  qualifies: Record<string, boolean>;
}

/** The trend starts with the plan's first year. */
const FIRST_YEAR = 2018;

/**
 * 双带头人: teacher branches active on the deciding day and those whose secretary that day counts as
 * a dual leader, elections of the year meeting the requirement, by unit, and a yearly trend. The
 * verdicts come from the live generation, under the policy versions it was built with.
 */
export async function dualLeaderStats(sql: SqlExecutor, live: ReadModelTables, query: DualLeaderQuery): Promise<DualLeaderStats> {
  const generation = await live.of(dualLeaderProjection);
  const versions = generation ? await live.policyVersionsOf(generation) : query.fallbackVersions;
  const teacherBranches = (await scopedBranches(sql, live, query.scope)).filter((branch) => branch.kind === 'TEACHER');
  const changes = await secretaryChangesOf(sql, live, teacherBranches.map((branch) => branch.branchId));
  const figuresFor = (year: number, onDate: string | null | undefined) => {
    const day = decidingDay(year, onDate, query.today);
    const version = versionFor(versions, day);
    if (!version) throw new Error(`no policy version applies to ${day}`);
    const active = teacherBranches.filter((branch) => isActiveOn(branch, day));
    const withDualLeader = active.filter((branch) => secretaryQualifies(changes.get(branch.branchId) ?? [], day, version.version));
    return { day, version, active, withDualLeader };
  };

  const asked = figuresFor(query.year, query.onDate);
  const elections = teacherBranches.flatMap((branch) => electionsOfYear(changes.get(branch.branchId) ?? [], query.year, asked.day));
  const units = byUnit(asked.active, new Set(asked.withDualLeader.map((branch) => branch.branchId)));
  const unitNames = await unitNamesOf(sql, live, units);
  const trend: DualLeaderStats['trend'] = [];
  for (let year = FIRST_YEAR; year <= query.year; year += 1) {
    const figures = year === query.year ? asked : figuresFor(year, null);
    trend.push({ year, rate: rate(figures.withDualLeader.length, figures.active.length) });
  }
  return {
    year: query.year,
    universityId: query.scope.universityId ?? null,
    teacherBranches: asked.active.length,
    withDualLeader: asked.withDualLeader.length,
    rate: rate(asked.withDualLeader.length, asked.active.length),
    electionsHeld: elections.length,
    electionsMeetingRequirement: elections.filter((election) => election.qualifies[asked.version.version] === true).length,
    byUnit: units.map((unit) => ({ ...unit, unitName: unitNames.get(unitKey(unit)) ?? null })),
    trend,
    policyVersion: asked.version.version,
  };
}

/** Every change of secretary of the given branches, in date order (recording order within a day). */
export async function secretaryChangesOf(
  sql: SqlExecutor,
  live: ReadModelTables,
  branchIds: readonly string[],
): Promise<Map<string, SecretaryChange[]>> {
  const generation = await live.of(dualLeaderProjection);
  const changes = new Map<string, SecretaryChange[]>();
  if (!generation || branchIds.length === 0) return changes;
  const { rows } = await sql.query<SecretaryChange>(
    `SELECT branch_id, position, effective_on, via, person_id, removed_ids, qualifies FROM ${generation.tables.secretary_changes}
     WHERE branch_id = ANY($1::text[]) ORDER BY effective_on, position`,
    [branchIds],
  );
  for (const row of rows) {
    const list = changes.get(row.branch_id) ?? [];
    list.push(row);
    changes.set(row.branch_id, list);
  }
  return changes;
}

/** The elections of a branch dated in `year` up to the deciding day. */
export function electionsOfYear(changes: readonly SecretaryChange[], year: number, day: string): SecretaryChange[] {
  return changes.filter((change) => change.via === 'ELECTION' && change.effective_on.startsWith(`${year}-`) && change.effective_on <= day);
}

/** The secretary in office on `day` (changes are in date order) and whether they qualify under `version`. */
export function secretaryQualifies(changes: readonly SecretaryChange[], day: string, version: string): boolean {
  let current: SecretaryChange | null = null;
  for (const change of changes) {
    if (change.effective_on > day) break;
    if (change.via === 'COMMITTEE_CHANGE') {
      if (current?.person_id && change.removed_ids.includes(current.person_id)) current = null;
    } else {
      current = change;
    }
  }
  return current?.qualifies[version] === true;
}

function byUnit(active: readonly BranchRow[], qualifying: ReadonlySet<string>): Omit<DualLeaderStats['byUnit'][number], 'unitName'>[] {
  const units = new Map<string, { universityId: string; unitId: string; teacherBranches: number; withDualLeader: number }>();
  for (const branch of active) {
    const unit = units.get(unitKey(branch)) ?? { universityId: branch.universityId, unitId: branch.unitId, teacherBranches: 0, withDualLeader: 0 };
    unit.teacherBranches += 1;
    if (qualifying.has(branch.branchId)) unit.withDualLeader += 1;
    units.set(unitKey(branch), unit);
  }
  return [...units.values()].sort(compareUnits).map((unit) => ({ ...unit, rate: rate(unit.withDualLeader, unit.teacherBranches) }));
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
