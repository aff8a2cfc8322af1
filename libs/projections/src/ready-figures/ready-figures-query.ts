import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { BranchComplianceResult } from '../../../policy/src/evaluating-compliance/branch-compliance.js';
import type { BranchScope } from '../branch-facts/branch-facts.js';
import type { ComplianceSummary } from '../branch-compliance/compliance-query.js';
import type { DualLeaderStats } from '../dual-leader/dual-leader-query.js';
import type { LiveGeneration, ReadModelTables } from '../projection-engine/live-generations.js';
import { compareUnits, unitKey, unitNamesOf } from '../organization/unit-names.js';
import type { RectificationLedger } from '../rectification-ledger/ledger-query.js';
import type { TrainingCoverage } from '../training-coverage/training-coverage-query.js';
import { FIRST_READY_YEAR, type BranchYearFigures } from './branch-year-rows.js';
import { factsOf, readyFiguresProjection } from './ready-figures-projection.js';

/**
 * Where a figure is computed from. While the ready-figures generation is live under every policy
 * version published, all figures, kept ready or computed for an `onDate`, come from its tables and
 * its versions: the default path and the `onDate` path of one deciding day can never disagree.
 * While a publication is being rebuilt (or the generation has failed), they come from the fact read
 * models and the catalog.
 */
export interface FigureSource {
  tables: ReadModelTables;
  versions: PolicyVersion[];
  ready: LiveGeneration<string> | null;
}

export async function figureSource(live: ReadModelTables, published: PolicyVersion[]): Promise<FigureSource> {
  const ready = await live.of(readyFiguresProjection);
  // A failed generation stands still: the fact read models carry on without it.
  if (ready && !ready.failed) {
    const versions = await live.policyVersionsOf(ready);
    if (versions.length === published.length) return { tables: factsOf(ready, versions), versions, ready };
  }
  return { tables: live, versions: published, ready: null };
}

interface UnitSums {
  university_id: string;
  unit_id: string;
  deciding_day: string;
  active_branches: number;
  scored_branches: number;
  score_sum: number;
  fully_compliant: number;
  secretaries_in_office: number;
  secretaries_trained: number;
  committee_in_office: number;
  committee_trained: number;
  teacher_active: number;
  dual_leader: number;
  elections_held: number;
  elections_meeting_requirement: number;
  ledger_listed: number;
  ledger_converted: number;
  ledger_overdue: number;
}

/** What a scope's kept-ready figures for a year are made of: its units' sums, and the version they were computed under. */
export interface ReadyYear {
  year: number;
  day: string;
  version: string;
  units: UnitSums[];
}

/**
 * A scope's figures for some years from the rows kept ready, in the order asked, or null when they
 * cannot serve the question: a year not kept (before 2018, after this one), a row not yet computed
 * (the generation is catching up) or computed for an earlier day (the year under way, after midnight).
 * Two statements, whatever the scope and the number of years.
 */
export async function readyYears(
  sql: SqlExecutor,
  source: FigureSource,
  scope: BranchScope,
  years: readonly number[],
  today: string,
): Promise<ReadyYear[] | null> {
  const { ready } = source;
  if (!ready || years.some((year) => year < FIRST_READY_YEAR || year > Number(today.slice(0, 4)))) return null;
  const asked = years.map((year) => {
    const day = decidingDay(year, null, today);
    return { year, day, version: versionFor(source.versions, day)?.version };
  });
  if (asked.some((year) => !year.version)) return null;
  const t = ready.tables;
  const params = [years, scope.universityId ?? null, scope.unitId ?? null, scope.branchId ?? null];
  const inUnits = `($2::text IS NULL OR university_id = $2) AND ($3::text IS NULL OR unit_id = $3)`;
  const inScope = `${inUnits} AND ($4::text IS NULL OR branch_id = $4)`;
  const { rows: pending } = await sql.query(
    `SELECT 1 FROM ${t.figures_to_compute} c JOIN ${t.fact_branches} b USING (branch_id) WHERE c.year = ANY($1::int[]) AND ${inScope} LIMIT 1`,
    params,
  );
  if (pending.length > 0) return null;
  const { rows } = await sql.query<UnitSums & { year: number }>(
    scope.branchId
      ? `SELECT year, university_id, unit_id, deciding_day,
                active::int AS active_branches, (active AND score IS NOT NULL)::int AS scored_branches,
                CASE WHEN active THEN COALESCE(score, 0) ELSE 0 END AS score_sum, (active AND score = 1)::int AS fully_compliant,
                secretaries_in_office, secretaries_trained, committee_in_office, committee_trained,
                teacher_active::int AS teacher_active, dual_leader::int AS dual_leader, elections_held, elections_meeting_requirement,
                ledger_listed, ledger_converted, ledger_overdue
         FROM ${t.branch_year_figures} WHERE year = ANY($1::int[]) AND ${inScope}`
      : `SELECT * FROM ${t.unit_year_figures} WHERE year = ANY($1::int[]) AND ${inUnits} ORDER BY unit_id, university_id`,
    scope.branchId ? params : params.slice(0, 3),
  );
  const result: ReadyYear[] = [];
  for (const { year, day, version } of asked) {
    const units = rows.filter((row) => row.year === year);
    if (units.some((unit) => unit.deciding_day !== day)) return null;
    result.push({ year, day, version: version!, units });
  }
  return result;
}

/** One year's figures kept ready (see {@link readyYears}). */
export async function readyYear(
  sql: SqlExecutor,
  source: FigureSource,
  scope: BranchScope,
  year: number,
  today: string,
): Promise<ReadyYear | null> {
  return (await readyYears(sql, source, scope, [year], today))?.[0] ?? null;
}

const total = (units: readonly UnitSums[], field: keyof UnitSums) => units.reduce((sum, unit) => sum + Number(unit[field]), 0);
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function readyComplianceSummary(figures: ReadyYear, scope: BranchScope): ComplianceSummary {
  const scored = total(figures.units, 'scored_branches');
  return {
    universityId: scope.universityId ?? null,
    year: figures.year,
    branches: total(figures.units, 'active_branches'),
    fullyCompliant: total(figures.units, 'fully_compliant'),
    averageScore: scored === 0 ? null : total(figures.units, 'score_sum') / scored,
    policyVersion: figures.version,
  };
}

/** 轮训覆盖 from the rows; the untrained officers are read only when asked for (`untrained` is resolved on demand). */
export function readyTrainingCoverage(
  figures: ReadyYear,
  scope: BranchScope,
  unitNames: ReadonlyMap<string, string>,
  untrained: () => Promise<TrainingCoverage['untrained']>,
): Omit<TrainingCoverage, 'untrained'> & { untrained: () => Promise<TrainingCoverage['untrained']> } {
  const coverage = (units: readonly UnitSums[], prefix: 'secretaries' | 'committee') => {
    const inOffice = total(units, `${prefix}_in_office`);
    const trained = total(units, `${prefix}_trained`);
    return { inOffice, trained, rate: rate(trained, inOffice) };
  };
  const active = figures.units.filter((unit) => unit.active_branches > 0).sort(byUniversityAndUnit);
  return {
    year: figures.year,
    universityId: scope.universityId ?? null,
    secretaries: coverage(figures.units, 'secretaries'),
    committeeMembers: coverage(figures.units, 'committee'),
    untrained,
    byUnit: active.map((unit) => ({
      universityId: unit.university_id,
      unitId: unit.unit_id,
      unitName: unitNames.get(unitKey({ universityId: unit.university_id, unitId: unit.unit_id })) ?? null,
      secretaries: coverage([unit], 'secretaries'),
      committeeMembers: coverage([unit], 'committee'),
    })),
    policyVersion: figures.version,
  };
}

/** The untrained officers of the scope, branch by branch as the figures list them. */
export async function readyUntrained(
  sql: SqlExecutor,
  ready: LiveGeneration<string>,
  scope: BranchScope,
  year: number,
): Promise<TrainingCoverage['untrained']> {
  const { rows } = await sql.query<{ untrained: TrainingCoverage['untrained'] }>(
    `SELECT untrained FROM ${ready.tables.branch_year_figures}
     WHERE year = $1 AND active AND jsonb_array_length(untrained) > 0
       AND ($2::text IS NULL OR university_id = $2) AND ($3::text IS NULL OR unit_id = $3) AND ($4::text IS NULL OR branch_id = $4)
     ORDER BY branch_id`,
    [year, scope.universityId ?? null, scope.unitId ?? null, scope.branchId ?? null],
  );
  return rows.flatMap((row) => row.untrained);
}

/** 双带头人 from the rows: the year asked and, for the trend, every year from 2018 (each on its own deciding day). */
export function readyDualLeaderStats(
  figures: ReadyYear,
  trendYears: readonly ReadyYear[],
  scope: BranchScope,
  unitNames: ReadonlyMap<string, string>,
): DualLeaderStats {
  const teacherBranches = total(figures.units, 'teacher_active');
  const withDualLeader = total(figures.units, 'dual_leader');
  return {
    year: figures.year,
    universityId: scope.universityId ?? null,
    teacherBranches,
    withDualLeader,
    rate: rate(withDualLeader, teacherBranches),
    electionsHeld: total(figures.units, 'elections_held'),
    electionsMeetingRequirement: total(figures.units, 'elections_meeting_requirement'),
    byUnit: figures.units
      .filter((unit) => unit.teacher_active > 0)
      .sort(byUniversityAndUnit)
      .map((unit) => ({
        universityId: unit.university_id,
        unitId: unit.unit_id,
        unitName: unitNames.get(unitKey({ universityId: unit.university_id, unitId: unit.unit_id })) ?? null,
        teacherBranches: unit.teacher_active,
        withDualLeader: unit.dual_leader,
        rate: rate(unit.dual_leader, unit.teacher_active),
      })),
    trend: [...trendYears, figures].map((year) => ({ year: year.year, rate: rate(total(year.units, 'dual_leader'), total(year.units, 'teacher_active')) })),
    policyVersion: figures.version,
  };
}

/**
 * 整顿台账 from the rows: the summary is summed; the entries (case by case) are listed only when
 * selected, from the same generation's facts.
 */
export function readyLedgerSummary(
  figures: ReadyYear,
  target: number,
): RectificationLedger['summary'] {
  const listed = total(figures.units, 'ledger_listed');
  const converted = total(figures.units, 'ledger_converted');
  const conversionRate = rate(converted, listed);
  return {
    listed,
    converted,
    open: listed - converted,
    overdue: total(figures.units, 'ledger_overdue'),
    conversionRate,
    target,
    targetMet: conversionRate === null || conversionRate >= target,
  };
}

/** One branch's compliance for a year from its row (null: not kept ready, use the facts). */
export async function readyBranchCompliance(
  sql: SqlExecutor,
  source: FigureSource,
  branchId: string,
  year: number,
  today: string,
): Promise<Pick<BranchComplianceResult, 'rules' | 'score' | 'policyVersion'> | null> {
  const figures = await readyYear(sql, source, { branchId }, year, today);
  if (!figures || figures.units.length === 0) return null;
  const { rows } = await sql.query<Pick<BranchYearFigures, 'rules' | 'score' | 'compliance_version'>>(
    `SELECT rules, score, compliance_version FROM ${source.ready!.tables.branch_year_figures} WHERE branch_id = $1 AND year = $2`,
    [branchId, year],
  );
  const row = rows[0];
  if (!row) return null;
  return { rules: row.rules as BranchComplianceResult['rules'], score: row.score, policyVersion: row.compliance_version };
}

/** The names of the units of some kept-ready years (one statement). */
export function readyUnitNames(sql: SqlExecutor, source: FigureSource, figures: ReadyYear): Promise<Map<string, string>> {
  return unitNamesOf(sql, source.tables, figures.units.map((unit) => ({ universityId: unit.university_id, unitId: unit.unit_id })));
}

/** Units in the order figures list them: by university, then by unit id. */
function byUniversityAndUnit(a: UnitSums, b: UnitSums): number {
  return compareUnits({ universityId: a.university_id, unitId: a.unit_id }, { universityId: b.university_id, unitId: b.unit_id });
}
