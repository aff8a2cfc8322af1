import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import {
  evaluateBranchCompliance,
  type BranchComplianceResult,
} from '../../../policy/src/evaluating-compliance/branch-compliance.js';
import { complianceSummary as summarize } from '../../../policy/src/evaluating-compliance/compliance-summary.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import {
  isActiveOn,
  meetingsIn,
  memberCountsOf,
  officerChangesOf,
  scopedBranches,
  sessionsAttendedIn,
  type BranchRow,
  type BranchScope,
} from '../branch-facts/branch-facts.js';
import { officersOn } from '../organization/officers-in-office.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';

export interface ComplianceQuery {
  year: number;
  today: string;
  onDate?: string | null;
  versions: readonly PolicyVersion[];
}

/** Compliance of each branch for a year, measured on facts read in five statements for all of them. */
export async function complianceOf(
  sql: SqlExecutor,
  live: ReadModelTables,
  branches: readonly BranchRow[],
  query: ComplianceQuery,
): Promise<Map<string, BranchComplianceResult>> {
  const day = decidingDay(query.year, query.onDate, query.today);
  const ids = branches.map((branch) => branch.branchId);
  const [changes, counts, meetings] = await Promise.all([
    officerChangesOf(sql, live, ids),
    memberCountsOf(sql, live, ids),
    meetingsIn(sql, live, ids, query.year),
  ]);
  const offices = new Map(branches.map((branch) => [branch.branchId, officersOn(changes.get(branch.branchId) ?? [], day)]));
  const people = [...offices.values()].flatMap((office) => office.officers.map((officer) => officer.personId));
  const attended = await sessionsAttendedIn(sql, live, people, query.year);
  const results = new Map<string, BranchComplianceResult>();
  for (const branch of branches) {
    const office = offices.get(branch.branchId)!;
    const secretary = office.secretary;
    results.set(
      branch.branchId,
      evaluateBranchCompliance({
        year: query.year,
        today: query.today,
        onDate: query.onDate,
        versions: query.versions,
        universityId: branch.universityId,
        branchKind: branch.kind,
        establishedOn: branch.establishedOn,
        memberCount: [{ on: branch.establishedOn, count: branch.establishmentMemberCount }, ...(counts.get(branch.branchId) ?? [])],
        active: (onDay: string) => isActiveOn(branch, onDay),
        meetings: (meetings.get(branch.branchId) ?? []) as { heldOn: string; kinds: never[] }[],
        secretary: secretary
          ? {
              title: secretary.title as never,
              academicBackbone: secretary.academicBackbone ?? false,
              sessionsAttended: attended.get(secretary.personId) ?? 0,
            }
          : null,
        committeeMemberSessions: office.officers
          .filter((officer) => officer.role !== 'SECRETARY')
          .map((officer) => attended.get(officer.personId) ?? 0),
        termEndsOn: office.lastElection?.termEndsOn ?? null,
      }),
    );
  }
  return results;
}

export interface ComplianceSummary {
  universityId: string | null;
  year: number;
  branches: number;
  fullyCompliant: number;
  averageScore: number | null;
  policyVersion: string;
}

/** The branches of the scope active on the deciding day, how many are fully compliant, their mean score. */
export async function complianceSummary(
  sql: SqlExecutor,
  live: ReadModelTables,
  scope: BranchScope,
  query: ComplianceQuery,
): Promise<ComplianceSummary> {
  const day = decidingDay(query.year, query.onDate, query.today);
  const version = versionFor(query.versions, day);
  if (!version) throw new Error(`no policy version applies to ${day}`);
  const branches = (await scopedBranches(sql, live, scope)).filter((branch) => isActiveOn(branch, day));
  const results = await complianceOf(sql, live, branches, query);
  const summary = summarize([...results.values()].map((result) => result.score));
  return { universityId: scope.universityId ?? null, year: query.year, ...summary, policyVersion: version.version };
}
