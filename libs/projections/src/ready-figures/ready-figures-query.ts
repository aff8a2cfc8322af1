import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { BranchComplianceResult } from '../../../policy/src/evaluating-compliance/branch-compliance.js';
import type { BranchScope } from '../branch-facts/branch-facts.js';
import type { ComplianceSummary } from '../branch-compliance/compliance-query.js';
import type { DualLeaderStats } from '../dual-leader/dual-leader-query.js';
import type { LiveGeneration, ReadModelTables } from '../projection-engine/live-generations.js';
import { compareUnits } from '../organization/unit-names.js';
import type { RectificationLedger } from '../rectification-ledger/ledger-query.js';
import type { TrainingCoverage } from '../training-coverage/training-coverage-query.js';
import { FIRST_READY_YEAR, type BranchYearFigures } from './branch-year-rows.js';
import { factsOf, NOTHING_COMPUTED, readyFiguresProjection } from './ready-figures-projection.js';

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

/**
 * What a scope's kept-ready figures for a year are made of: the sums over the scope, its units' sums
 * (read only when a figure lists its units), and the version they were computed under.
 */
export interface ReadyYear {
  year: number;
  day: string;
  version: string;
  /** Rows summed: units (a branch's own row for a branch scope); none when the scope has no branch. */
  rows: number;
  totals: UnitSums;
  /** The units' sums, with the unit's name from this generation's organization facts. */
  units: () => Promise<(UnitSums & { unit_name: string | null })[]>;
}

const SUMMED = [
  'active_branches', 'scored_branches', 'score_sum', 'fully_compliant', 'secretaries_in_office', 'secretaries_trained',
  'committee_in_office', 'committee_trained', 'teacher_active', 'dual_leader', 'elections_held', 'elections_meeting_requirement',
  'ledger_listed', 'ledger_converted', 'ledger_overdue',
] as const satisfies readonly (keyof UnitSums)[];

/**
 * A scope's figures for some years from the rows kept ready, in the order asked, or null when they
 * cannot serve the question: a year not kept (before 2018, after this one), a row not yet computed
 * (marked, or none computed yet: the generation is catching up) or computed for an earlier day (the year under way, after midnight).
 * One statement, whatever the scope and the number of years; the units' rows only when asked for.
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
  // A branch scope sums the branch's own row; any other scope its units' sums.
  const summed = scope.branchId
    ? `(SELECT year, university_id, unit_id, deciding_day,
               active::int AS active_branches, (active AND score IS NOT NULL)::int AS scored_branches,
               CASE WHEN active THEN COALESCE(score, 0) ELSE 0 END AS score_sum, (active AND score = 1)::int AS fully_compliant,
               secretaries_in_office, secretaries_trained, committee_in_office, committee_trained,
               teacher_active::int AS teacher_active, dual_leader::int AS dual_leader, elections_held, elections_meeting_requirement,
               ledger_listed, ledger_converted, ledger_overdue
        FROM ${t.branch_year_figures} WHERE year = ANY($1::int[]) AND ${inScope})`
    : `(SELECT * FROM ${t.unit_year_figures} WHERE year = ANY($1::int[]) AND ${inUnits})`;
  const queryParams = scope.branchId ? params : params.slice(0, 3);
  // One statement: the sums by year, and whether a row of the scope is still to be computed.
  const { rows } = await sql.query<UnitSums & { year: number | null; rows: number; first_day: string; last_day: string; pending: boolean }>(
    `SELECT year, count(*)::int AS rows, min(deciding_day)::text AS first_day, max(deciding_day)::text AS last_day,
            ${SUMMED.map((column) => `sum(${column})::${column === 'score_sum' ? 'float8' : 'int'} AS ${column}`).join(', ')},
            false AS pending
     FROM ${summed} s GROUP BY year
     UNION ALL
     SELECT NULL, 0, NULL, NULL, ${SUMMED.map(() => '0').join(', ')}, true
     WHERE EXISTS (SELECT 1 FROM ${t.figures_to_compute} c JOIN ${t.fact_branches} b USING (branch_id)
                   WHERE c.year = ANY($1::int[]) AND ${scope.branchId ? inScope : inUnits})
        OR EXISTS (SELECT 1 FROM ${t.figures_state} WHERE key = '${NOTHING_COMPUTED}')`,
    queryParams,
  );
  if (rows.some((row) => row.pending)) return null;
  const result: ReadyYear[] = [];
  for (const { year, day, version } of asked) {
    const found = rows.find((row) => row.year === year);
    if (found && (found.first_day !== day || found.last_day !== day)) return null;
    const totals = Object.fromEntries(SUMMED.map((column) => [column, Number(found?.[column] ?? 0)])) as unknown as UnitSums;
    let units: Promise<(UnitSums & { unit_name: string | null })[]> | undefined;
    result.push({
      year,
      day,
      version: version!,
      rows: found?.rows ?? 0,
      totals,
      units: () =>
        (units ??= sql
          .query<UnitSums & { unit_name: string | null }>(
            `SELECT s.*, n.name AS unit_name FROM ${summed} s
             LEFT JOIN ${t.fact_units} n ON n.university_id = s.university_id AND n.unit_id = s.unit_id`,
            [[year], ...queryParams.slice(1)],
          )
          .then(({ rows: unitRows }) => unitRows)),
    });
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

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

export function readyComplianceSummary(figures: ReadyYear, scope: BranchScope): ComplianceSummary {
  const { totals } = figures;
  return {
    universityId: scope.universityId ?? null,
    year: figures.year,
    branches: totals.active_branches,
    fullyCompliant: totals.fully_compliant,
    averageScore: totals.scored_branches === 0 ? null : totals.score_sum / totals.scored_branches,
    policyVersion: figures.version,
  };
}

type Lazy<Figure, Fields extends keyof Figure> = Omit<Figure, Fields> & { [Field in Fields]: () => Promise<Figure[Field]> };

/** The units of a year in the order figures list them, with their names. */
async function namedUnits(figures: ReadyYear, keep: (unit: UnitSums) => boolean) {
  const units = (await figures.units()).filter(keep).sort(byUniversityAndUnit);
  return units.map((unit) => ({ unit, unitName: unit.unit_name }));
}

/** 轮训覆盖 from the rows; the untrained officers and the units are read only when asked for (resolved on demand). */
export function readyTrainingCoverage(
  sql: SqlExecutor,
  source: FigureSource,
  figures: ReadyYear,
  scope: BranchScope,
  untrained: () => Promise<TrainingCoverage['untrained']>,
): Lazy<TrainingCoverage, 'untrained' | 'byUnit'> {
  const coverage = (sums: UnitSums, prefix: 'secretaries' | 'committee') => {
    const inOffice = Number(sums[`${prefix}_in_office`]);
    const trained = Number(sums[`${prefix}_trained`]);
    return { inOffice, trained, rate: rate(trained, inOffice) };
  };
  return {
    year: figures.year,
    universityId: scope.universityId ?? null,
    secretaries: coverage(figures.totals, 'secretaries'),
    committeeMembers: coverage(figures.totals, 'committee'),
    untrained,
    byUnit: async () =>
      (await namedUnits(figures, (unit) => unit.active_branches > 0)).map(({ unit, unitName }) => ({
        universityId: unit.university_id,
        unitId: unit.unit_id,
        unitName,
        secretaries: coverage(unit, 'secretaries'),
        committeeMembers: coverage(unit, 'committee'),
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
  sql: SqlExecutor,
  source: FigureSource,
  figures: ReadyYear,
  trendYears: readonly ReadyYear[],
  scope: BranchScope,
): Lazy<DualLeaderStats, 'byUnit'> {
  const { totals } = figures;
  return {
    year: figures.year,
    universityId: scope.universityId ?? null,
    teacherBranches: totals.teacher_active,
    withDualLeader: totals.dual_leader,
    rate: rate(totals.dual_leader, totals.teacher_active),
    electionsHeld: totals.elections_held,
    electionsMeetingRequirement: totals.elections_meeting_requirement,
    byUnit: async () =>
      (await namedUnits(figures, (unit) => unit.teacher_active > 0)).map(({ unit, unitName }) => ({
        universityId: unit.university_id,
        unitId: unit.unit_id,
        unitName,
        teacherBranches: unit.teacher_active,
        withDualLeader: unit.dual_leader,
        rate: rate(unit.dual_leader, unit.teacher_active),
      })),
    trend: [...trendYears, figures].map((year) => ({ year: year.year, rate: rate(year.totals.dual_leader, year.totals.teacher_active) })),
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
  const listed = figures.totals.ledger_listed;
  const converted = figures.totals.ledger_converted;
  const conversionRate = rate(converted, listed);
  return {
    listed,
    converted,
    open: listed - converted,
    overdue: figures.totals.ledger_overdue,
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
  if (!figures || figures.rows === 0) return null;
  const { rows } = await sql.query<Pick<BranchYearFigures, 'score' | 'compliance_version'> & { rules: string }>(
    `SELECT rules, score, compliance_version FROM ${source.ready!.tables.branch_year_figures} WHERE branch_id = $1 AND year = $2`,
    [branchId, year],
  );
  const row = rows[0];
  if (!row) return null;
  return { rules: JSON.parse(row.rules) as BranchComplianceResult['rules'], score: row.score, policyVersion: row.compliance_version };
}

/** Units in the order figures list them: by university, then by unit id. */
function byUniversityAndUnit(a: UnitSums, b: UnitSums): number {
  return compareUnits({ universityId: a.university_id, unitId: a.unit_id }, { universityId: b.university_id, unitId: b.unit_id });
}
