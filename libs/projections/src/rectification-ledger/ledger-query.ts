import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { ledgerConversionParams, rulesOfUniversity } from '../../../policy/src/selecting-rules/rules-for-university.js';
import type { BranchScope } from '../branch-facts/branch-facts.js';
import { organizationProjection, organizationStructureProjection } from '../organization/organization-projection.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';
import type { Projection } from '../projection-engine/projection.js';
import { ledgerProjection, type CaseHistoryItem } from './ledger-projection.js';

export type LedgerStatus = 'OPEN' | 'IN_PROGRESS' | 'ACCEPTED' | 'CLOSED' | 'OVERDUE' | 'REOPENED';

export interface LedgerEntry {
  caseId: string;
  branchId: string;
  branchName: string;
  universityId: string;
  unitId: string;
  year: number;
  categories: string[];
  problems: string[];
  causes: string[];
  measures: string[];
  liaisonLeaderId: string | null;
  responsiblePersonId: string | null;
  deadline: string;
  status: LedgerStatus;
  steps: { on: string; kind: string; note: string | null }[];
  acceptedOn: string | null;
  acceptancePassed: boolean | null;
  acceptanceScore: number | null;
  acceptedBy: string | null;
  closedOn: string | null;
  reopenedOn: string | null;
  missedFinalDeadline: boolean;
}

export interface RectificationLedger {
  year: number;
  universityId: string | null;
  entries: LedgerEntry[];
  summary: {
    listed: number;
    converted: number;
    open: number;
    overdue: number;
    conversionRate: number | null;
    target: number;
    targetMet: boolean;
  };
  policyVersion: string;
}

interface CaseRow {
  branch_id: string;
  case_id: string;
  university_id: string;
  unit_id: string;
  branch_name: string;
  year: number;
  categories: string[];
  problems: string[];
  causes: string[];
  measures: string[];
  liaison_leader_id: string | null;
  responsible_person_id: string | null;
  deadline: string;
  history: CaseHistoryItem[];
}

export interface LedgerQuery {
  year: number;
  scope: BranchScope;
  status?: LedgerStatus | null;
  onDate?: string | null;
  today: string;
  versions: readonly PolicyVersion[];
}

/**
 * What {@link rectificationLedger} reads: the cases and the organization's branches. An as-of view
 * of the ledger replays only these (a university's rectification and structure events, a few
 * thousand), not every read model over its whole history.
 */
export const RECTIFICATION_LEDGER_READS: readonly Projection[] = [ledgerProjection, organizationStructureProjection];

/**
 * 整顿台账 for a year: every case opened for that year in the scope, each with its status on the
 * deciding day, and the conversion summary (the status filter narrows the entries, never the summary).
 */
export async function rectificationLedger(sql: SqlExecutor, live: ReadModelTables, query: LedgerQuery): Promise<RectificationLedger> {
  const day = decidingDay(query.year, query.onDate, query.today);
  const version = versionFor(query.versions, day);
  if (!version) throw new Error(`no policy version applies to ${day}`);
  const conversion = ledgerConversionParams(rulesOfUniversity(version, query.scope.universityId ?? null));
  const rows = await caseRows(sql, live, [query.year], query.scope);
  const entries = rows.map((row) => entryOn(row, day, conversion.deadline));
  const listed = entries.length;
  const converted = entries.filter((entry) => entry.status === 'CLOSED').length;
  const conversionRate = listed === 0 ? null : converted / listed;
  return {
    year: query.year,
    universityId: query.scope.universityId ?? null,
    entries: query.status ? entries.filter((entry) => entry.status === query.status) : entries,
    summary: {
      listed,
      converted,
      open: listed - converted,
      overdue: entries.filter((entry) => entry.status === 'OVERDUE').length,
      conversionRate,
      target: conversion.target,
      targetMet: conversionRate === null || conversionRate >= conversion.target,
    },
    policyVersion: version.version,
  };
}

/** The cases opened for some years, in the scope or of the given branches, in recording order. */
async function caseRows(
  sql: SqlExecutor,
  live: ReadModelTables,
  years: readonly number[],
  scope: BranchScope,
  branchIds: readonly string[] | null = null,
): Promise<CaseRow[]> {
  const [ledger, organization] = await Promise.all([live.of(ledgerProjection), live.of(organizationProjection)]);
  if (!ledger || !organization) return [];
  const { rows } = await sql.query<CaseRow>(
    `SELECT c.branch_id, c.case_id, b.university_id, b.unit_id, b.name AS branch_name, c.year, c.categories, c.problems,
            c.causes, c.measures, c.liaison_leader_id, c.responsible_person_id, c.deadline, c.history
     FROM ${ledger.tables.ledger_cases} c JOIN ${organization.tables.branches} b ON b.branch_id = c.branch_id
     WHERE c.year = ANY($1::int[]) AND ($2::text IS NULL OR b.university_id = $2) AND ($3::text IS NULL OR b.unit_id = $3)
       AND ($4::text IS NULL OR b.branch_id = $4) AND ($5::text[] IS NULL OR c.branch_id = ANY($5::text[]))
     ORDER BY c.position`,
    [years, scope.universityId ?? null, scope.unitId ?? null, scope.branchId ?? null, branchIds],
  );
  return rows;
}

/** How many cases of each year each branch has on the ledger, closed, and overdue on the year's deciding day. */
export async function ledgerCountsOfYears(
  sql: SqlExecutor,
  live: ReadModelTables,
  branchIds: readonly string[],
  years: readonly number[],
  decidingDayOf: (year: number) => string,
): Promise<Map<number, Map<string, { listed: number; converted: number; overdue: number }>>> {
  const counts = new Map<number, Map<string, { listed: number; converted: number; overdue: number }>>(years.map((year) => [year, new Map()]));
  if (branchIds.length === 0 || years.length === 0) return counts;
  const rows = await caseRows(sql, live, years, {}, branchIds);
  for (const row of rows) {
    const day = decidingDayOf(row.year);
    // The status does not depend on the final conversion deadline (only missedFinalDeadline does).
    const { status } = entryOn(row, day, day);
    const ofYear = counts.get(row.year)!;
    const count = ofYear.get(row.branch_id) ?? { listed: 0, converted: 0, overdue: 0 };
    count.listed += 1;
    if (status === 'CLOSED') count.converted += 1;
    if (status === 'OVERDUE') count.overdue += 1;
    ofYear.set(row.branch_id, count);
  }
  return counts;
}

/** A case as it stood on `day`: only what is dated on or before it counts. */
export function entryOn(row: CaseRow, day: string, finalDeadline: string): LedgerEntry {
  const known = row.history.filter((item) => item.on <= day);
  const steps = known.flatMap((item) => (item.kind === 'STEP' ? [{ on: item.on, kind: item.step, note: item.note }] : []));
  const acceptances = known.filter((item): item is Extract<CaseHistoryItem, { kind: 'ACCEPTANCE' }> => item.kind === 'ACCEPTANCE');
  const lifecycle = known.filter((item) => item.kind === 'CLOSED' || item.kind === 'REOPENED');
  const lastLifecycle = lifecycle[lifecycle.length - 1];
  const closed = lastLifecycle?.kind === 'CLOSED';
  const reopened = lastLifecycle?.kind === 'REOPENED';
  const lastReopenIndex = known.map((item) => item.kind).lastIndexOf('REOPENED');
  const passedSinceReopen = known.some(
    (item, index) => index > lastReopenIndex && item.kind === 'ACCEPTANCE' && item.passed,
  );
  const passedByDeadline = acceptances.some((item) => item.passed && item.on <= row.deadline);
  let status: LedgerStatus;
  if (closed) status = 'CLOSED';
  else if (reopened) status = 'REOPENED';
  else if (day > row.deadline && !passedByDeadline) status = 'OVERDUE';
  else if (passedSinceReopen) status = 'ACCEPTED';
  else if (steps.length > 0) status = 'IN_PROGRESS';
  else status = 'OPEN';
  const latestAcceptance = acceptances[acceptances.length - 1];
  const closings = lifecycle.filter((item) => item.kind === 'CLOSED');
  const reopenings = lifecycle.filter((item) => item.kind === 'REOPENED');
  return {
    caseId: row.case_id,
    branchId: row.branch_id,
    branchName: row.branch_name,
    universityId: row.university_id,
    unitId: row.unit_id,
    year: row.year,
    categories: row.categories,
    problems: row.problems,
    causes: row.causes,
    measures: row.measures,
    liaisonLeaderId: row.liaison_leader_id,
    responsiblePersonId: row.responsible_person_id,
    deadline: row.deadline,
    status,
    steps,
    acceptedOn: latestAcceptance?.on ?? null,
    acceptancePassed: latestAcceptance?.passed ?? null,
    acceptanceScore: latestAcceptance?.score ?? null,
    acceptedBy: latestAcceptance?.acceptedBy ?? null,
    closedOn: closings[closings.length - 1]?.on ?? null,
    reopenedOn: reopenings[reopenings.length - 1]?.on ?? null,
    missedFinalDeadline: !closed && day > finalDeadline,
  };
}
