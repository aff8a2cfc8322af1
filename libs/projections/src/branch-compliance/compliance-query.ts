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
  sessionsAttendedInYears,
  type BranchRow,
  type BranchScope,
} from '../branch-facts/branch-facts.js';
import { officersOn, type OfficerChange } from '../organization/officers-in-office.js';
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
  const facts = await complianceFacts(sql, live, branches, [query.year], () => day);
  return complianceFromFacts(facts, branches, query);
}

/** What the compliance of some branches in some years is measured on, read once for all the years. */
export interface ComplianceFacts {
  changes: Map<string, OfficerChange[]>;
  counts: Map<string, { on: string; count: number }[]>;
  /** Effective meetings of every year read, by branch. */
  meetings: Map<string, { heldOn: string; kinds: string[] }[]>;
  /** Sessions attended by year, by person (the officers in office on each year's deciding day). */
  attended: Map<number, Map<string, number>>;
}

/** Reads the facts of the given years in five statements, whatever the number of branches and years. */
export async function complianceFacts(
  sql: SqlExecutor,
  live: ReadModelTables,
  branches: readonly BranchRow[],
  years: readonly number[],
  decidingDayOf: (year: number) => string,
): Promise<ComplianceFacts> {
  const ids = branches.map((branch) => branch.branchId);
  const [changes, counts, meetings] = await Promise.all([
    officerChangesOf(sql, live, ids),
    memberCountsOf(sql, live, ids),
    meetingsIn(sql, live, ids, Math.min(...years), Math.max(...years)),
  ]);
  const people = new Set<string>();
  for (const year of years) {
    const day = decidingDayOf(year);
    for (const branch of branches) for (const officer of officersOn(changes.get(branch.branchId) ?? [], day).officers) people.add(officer.personId);
  }
  const attended = await sessionsAttendedInYears(sql, live, [...people], years);
  return { changes, counts, meetings, attended };
}

/** Compliance of each branch for the query's year, from facts read beforehand (which must cover that year). */
export function complianceFromFacts(
  facts: ComplianceFacts,
  branches: readonly BranchRow[],
  query: ComplianceQuery,
): Map<string, BranchComplianceResult> {
  const day = decidingDay(query.year, query.onDate, query.today);
  const attended = facts.attended.get(query.year) ?? new Map<string, number>();
  const yearPrefix = `${query.year}-`;
  const results = new Map<string, BranchComplianceResult>();
  for (const branch of branches) {
    const office = officersOn(facts.changes.get(branch.branchId) ?? [], day);
    const secretary = office.secretary;
    const meetings = (facts.meetings.get(branch.branchId) ?? []).filter((meeting) => meeting.heldOn.startsWith(yearPrefix));
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
        memberCount: [{ on: branch.establishedOn, count: branch.establishmentMemberCount }, ...(facts.counts.get(branch.branchId) ?? [])],
        active: (onDay: string) => isActiveOn(branch, onDay),
        meetings: meetings as { heldOn: string; kinds: never[] }[],
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
