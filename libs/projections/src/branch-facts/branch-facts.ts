import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { meetingsProjection } from '../meetings/meetings-projection.js';
import { organizationProjection } from '../organization/organization-projection.js';
import type { OfficerChange } from '../organization/officers-in-office.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';
import { trainingProjection } from '../training-coverage/training-projection.js';

/** Which branches a figure covers: a university, a unit of it, one branch, or everything. */
export interface BranchScope {
  universityId?: string | null;
  unitId?: string | null;
  branchId?: string | null;
}

export interface BranchRow {
  branchId: string;
  universityId: string;
  unitId: string;
  name: string;
  kind: 'TEACHER' | 'STUDENT' | 'STAFF' | 'RETIREE';
  establishedOn: string;
  establishmentMemberCount: number;
  dissolvedOn: string | null;
}

/** Everything the yearly figures of some branches depend on, read in a handful of statements. */
export interface BranchFacts {
  branches: BranchRow[];
  memberCounts: Map<string, { on: string; count: number }[]>;
  officerChanges: Map<string, OfficerChange[]>;
  /** Effective meetings of the year (retracted ones left out), by branch. */
  meetings: Map<string, { heldOn: string; kinds: string[] }[]>;
  /** Training sessions attended that end in the year, by person. */
  sessionsAttended: Map<string, number>;
}

export function isActiveOn(branch: BranchRow, day: string): boolean {
  return branch.establishedOn <= day && (branch.dissolvedOn === null || branch.dissolvedOn > day);
}

/** The organization read model's branch columns, named as a {@link BranchRow}. */
export const BRANCH_COLUMNS = `branch_id AS "branchId", university_id AS "universityId", unit_id AS "unitId", name, kind,
  established_on AS "establishedOn", establishment_member_count AS "establishmentMemberCount", dissolved_on AS "dissolvedOn"`;

export async function scopedBranches(sql: SqlExecutor, live: ReadModelTables, scope: BranchScope): Promise<BranchRow[]> {
  const organization = await live.of(organizationProjection);
  if (!organization) return [];
  const { rows } = await sql.query<BranchRow>(
    `SELECT ${BRANCH_COLUMNS} FROM ${organization.tables.branches}
     WHERE ($1::text IS NULL OR university_id = $1) AND ($2::text IS NULL OR unit_id = $2) AND ($3::text IS NULL OR branch_id = $3)
     ORDER BY branch_id`,
    [scope.universityId ?? null, scope.unitId ?? null, scope.branchId ?? null],
  );
  return rows;
}

/** Officer changes of the given branches, in recording order. */
export async function officerChangesOf(
  sql: SqlExecutor,
  live: ReadModelTables,
  branchIds: readonly string[],
): Promise<Map<string, OfficerChange[]>> {
  const organization = await live.of(organizationProjection);
  const changes = new Map<string, OfficerChange[]>();
  if (!organization || branchIds.length === 0) return changes;
  const { rows } = await sql.query<{ branch_id: string; position: string; effective_on: string } & Pick<OfficerChange, 'type' | 'data'>>(
    `SELECT branch_id, position, effective_on, type, data FROM ${organization.tables.officer_events}
     WHERE branch_id = ANY($1::text[]) ORDER BY branch_id, position`,
    [branchIds],
  );
  for (const row of rows) {
    const list = changes.get(row.branch_id) ?? [];
    list.push({ position: Number(row.position), effectiveOn: row.effective_on, type: row.type, data: row.data });
    changes.set(row.branch_id, list);
  }
  return changes;
}

export async function memberCountsOf(
  sql: SqlExecutor,
  live: ReadModelTables,
  branchIds: readonly string[],
): Promise<Map<string, { on: string; count: number }[]>> {
  const organization = await live.of(organizationProjection);
  const counts = new Map<string, { on: string; count: number }[]>();
  if (!organization || branchIds.length === 0) return counts;
  const { rows } = await sql.query<{ branch_id: string; reported_on: string; count: number }>(
    `SELECT branch_id, reported_on, count FROM ${organization.tables.member_counts}
     WHERE branch_id = ANY($1::text[]) ORDER BY branch_id, position`,
    [branchIds],
  );
  for (const row of rows) {
    const list = counts.get(row.branch_id) ?? [];
    list.push({ on: row.reported_on, count: row.count });
    counts.set(row.branch_id, list);
  }
  return counts;
}

/** The member count in force on a day: the latest report on or before it, else the establishment count. */
export function memberCountOn(branch: BranchRow, reports: readonly { on: string; count: number }[] | undefined, day: string): number {
  let inForce: { on: string; count: number } | null = null;
  for (const report of reports ?? []) if (report.on <= day && (!inForce || report.on >= inForce.on)) inForce = report;
  return inForce?.count ?? branch.establishmentMemberCount;
}

/** Training sessions ending in `year` that each person attended. */
export async function sessionsAttendedIn(
  sql: SqlExecutor,
  live: ReadModelTables,
  personIds: readonly string[],
  year: number,
): Promise<Map<string, number>> {
  return (await sessionsAttendedInYears(sql, live, personIds, [year])).get(year) ?? new Map();
}

/** Training sessions each person attended, by the year they end in: one statement for all the years. */
export async function sessionsAttendedInYears(
  sql: SqlExecutor,
  live: ReadModelTables,
  personIds: readonly string[],
  years: readonly number[],
): Promise<Map<number, Map<string, number>>> {
  const training = await live.of(trainingProjection);
  const byYear = new Map<number, Map<string, number>>(years.map((year) => [year, new Map()]));
  if (!training || personIds.length === 0 || years.length === 0) return byYear;
  const { rows } = await sql.query<{ person_id: string; year: number; sessions: string }>(
    `SELECT person_id, extract(year FROM ends_on)::int AS year, count(DISTINCT session_id) AS sessions
     FROM ${training.tables.training_attendance}
     WHERE person_id = ANY($1::text[]) AND ends_on BETWEEN $2::date AND $3::date
     GROUP BY person_id, 2`,
    [[...new Set(personIds)], `${Math.min(...years)}-01-01`, `${Math.max(...years)}-12-31`],
  );
  for (const row of rows) byYear.get(row.year)?.set(row.person_id, Number(row.sessions));
  return byYear;
}

export async function meetingsIn(
  sql: SqlExecutor,
  live: ReadModelTables,
  branchIds: readonly string[],
  year: number,
  /** The last year read (several years in one statement); `year` alone by default. */
  toYear: number = year,
): Promise<Map<string, { heldOn: string; kinds: string[] }[]>> {
  const meetings = await live.of(meetingsProjection);
  const byBranch = new Map<string, { heldOn: string; kinds: string[] }[]>();
  if (!meetings || branchIds.length === 0) return byBranch;
  const { rows } = await sql.query<{ branch_id: string; held_on: string; kinds: string[] }>(
    `SELECT branch_id, held_on, kinds FROM ${meetings.tables.meetings}
     WHERE branch_id = ANY($1::text[]) AND held_on BETWEEN $2::date AND $3::date AND NOT retracted`,
    [branchIds, `${year}-01-01`, `${toYear}-12-31`],
  );
  for (const row of rows) {
    const list = byBranch.get(row.branch_id) ?? [];
    list.push({ heldOn: row.held_on, kinds: row.kinds });
    byBranch.set(row.branch_id, list);
  }
  return byBranch;
}
