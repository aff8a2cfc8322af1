import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { BranchEvent } from '../../../domain/src/branch/branch-events.js';
import { shanghaiToday } from '../../../domain/src/shanghai-calendar.js';
import type { TrainingSessionEvent } from '../../../domain/src/training-session/training-session-events.js';
import type { UniversityEvent } from '../../../domain/src/university/university-events.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { BRANCH_COLUMNS, type BranchRow } from '../branch-facts/branch-facts.js';
import { dualLeaderProjection } from '../dual-leader/dual-leader-projection.js';
import { meetingsProjection } from '../meetings/meetings-projection.js';
import { organizationProjection } from '../organization/organization-projection.js';
import type { LiveGeneration, ReadModelTables } from '../projection-engine/live-generations.js';
import {
  applyStored,
  handles,
  type Projection,
  type ProjectionContext,
  type RecordedEvent,
  type TableNames,
} from '../projection-engine/projection.js';
import { copyRows, insertRows } from '../projection-engine/bulk-writes.js';
import { trainingProjection } from '../training-coverage/training-projection.js';
import { ledgerProjection } from '../rectification-ledger/ledger-projection.js';
import { branchYearFacts, branchYearFigures, branchYearRows, FIRST_READY_YEAR, type BranchYearFigures } from './branch-year-rows.js';

/** The read models whose facts the figures are computed from: kept here too, at this generation's cursor. */
const FIGURE_FACTS: readonly Projection[] = [
  organizationProjection,
  meetingsProjection,
  trainingProjection,
  dualLeaderProjection,
  ledgerProjection,
];

const FACT_TABLES = FIGURE_FACTS.flatMap((projection) => projection.tables.map((base) => `fact_${base}`));

const FIGURE_TABLES = ['branch_year_figures', 'unit_year_figures', 'figures_to_compute', 'figures_state', 'officer_people'] as const;

type FiguresEvent = BranchEvent | TrainingSessionEvent | UniversityEvent;

const EVENT_TYPES = [...new Set(FIGURE_FACTS.flatMap((projection) => projection.eventTypes))] as FiguresEvent['type'][];

/** How many branches are computed in one round of statements. */
const COMPUTE_CHUNK = 500;

/**
 * The `figures_state` key of a generation that has computed no figure yet (see `computeAllStep`): its
 * figures are all still to compute, as if every branch-year were marked, and are computed per
 * request meanwhile (`readyYears`).
 */
export const NOTHING_COMPUTED = 'nothing-computed';

/** A fact projection's tables inside a ready-figures generation. */
function factTables(projection: Projection, tables: TableNames): TableNames {
  return Object.fromEntries(projection.tables.map((base) => [base, tables[`fact_${base}`]!]));
}

/**
 * The fact read models as they stand inside one ready-figures generation: the figure functions
 * read them exactly as they read the live read models.
 */
export function factsOf(generation: LiveGeneration<string>, versions: readonly PolicyVersion[]): ReadModelTables {
  return {
    async of<Base extends string>(projection: Projection<Base>) {
      if (!FIGURE_FACTS.includes(projection as Projection)) return null;
      return { ...generation, tables: factTables(projection as Projection, generation.tables) as TableNames<Base> };
    },
    async policyVersionsOf() {
      return [...versions];
    },
  };
}

/**
 * 常备数字 (figures kept ready): every branch's compliance, training coverage, dual-leader and ledger figures
 * for each year since 2018 on the year's deciding day, and their sums per unit, so that a dashboard
 * of one university or of all Beijing is an indexed read of a few rows.
 *
 * The facts are kept in this generation's own tables (the same projections applied here), and the
 * figures are computed under the generation's lock from facts read in one transaction: a figure
 * never mixes two states of the log. A new generation (which starts from the start of the log) computes nothing
 * while it catches up and every branch-year once it reaches the head (`computeAllStep`, a chunk per step); from then
 * on a batch marks the branch-years it touches and the marked ones are computed at the head
 * (`computeMarkedStep`), each step in a transaction of its own (`Projection.atHead`). A policy publication builds a new generation, as the verdicts depend on it.
 */
export const readyFiguresProjection: Projection<string, FiguresEvent> = {
  name: 'ready-figures',
  // 2: `rules` is the JSON text as written (parsing 10 KB of JSON into jsonb per row cost a rebuild
  // more than computing the rows); the first computation at the head computes every row at once.
  codeVersion: 2,
  readsPolicy: true,
  eventTypes: EVENT_TYPES,
  tables: [...FACT_TABLES, ...FIGURE_TABLES],

  async createTables(sql: SqlExecutor, t: TableNames) {
    // The facts' secondary indexes from the start (not at the switch, as their own projections do):
    // the figures are computed from these tables while the generation is still being built.
    for (const projection of FIGURE_FACTS) {
      await projection.createTables(sql, factTables(projection, t));
      await projection.createIndexes?.(sql, factTables(projection, t));
    }
    await sql.exec(`
      CREATE TABLE ${t.branch_year_figures} (
        branch_id text NOT NULL, year integer NOT NULL, university_id text NOT NULL, unit_id text NOT NULL,
        deciding_day date NOT NULL, active boolean NOT NULL, score double precision, rules text ${await rulesCompression(sql)} NOT NULL,
        compliance_version text NOT NULL,
        secretaries_in_office integer NOT NULL, secretaries_trained integer NOT NULL,
        committee_in_office integer NOT NULL, committee_trained integer NOT NULL, untrained jsonb NOT NULL,
        teacher_active boolean NOT NULL, dual_leader boolean NOT NULL,
        elections_held integer NOT NULL, elections_meeting_requirement integer NOT NULL,
        ledger_listed integer NOT NULL, ledger_converted integer NOT NULL, ledger_overdue integer NOT NULL,
        PRIMARY KEY (year, university_id, unit_id, branch_id));
      CREATE UNIQUE INDEX ${t.branch_year_figures}_by_branch ON ${t.branch_year_figures} (branch_id, year);
      CREATE TABLE ${t.unit_year_figures} (
        year integer NOT NULL, university_id text NOT NULL, unit_id text NOT NULL, deciding_day date NOT NULL,
        active_branches integer NOT NULL, scored_branches integer NOT NULL, score_sum double precision NOT NULL,
        fully_compliant integer NOT NULL,
        secretaries_in_office integer NOT NULL, secretaries_trained integer NOT NULL,
        committee_in_office integer NOT NULL, committee_trained integer NOT NULL,
        teacher_active integer NOT NULL, dual_leader integer NOT NULL,
        elections_held integer NOT NULL, elections_meeting_requirement integer NOT NULL,
        ledger_listed integer NOT NULL, ledger_converted integer NOT NULL, ledger_overdue integer NOT NULL,
        PRIMARY KEY (year, university_id, unit_id));
      CREATE TABLE ${t.figures_to_compute} (branch_id text NOT NULL, year integer NOT NULL, PRIMARY KEY (branch_id, year));
      CREATE TABLE ${t.figures_state} (key text PRIMARY KEY, value text NOT NULL);
      CREATE TABLE ${t.officer_people} (person_id text NOT NULL, branch_id text NOT NULL, PRIMARY KEY (person_id, branch_id));
    `);
    await sql.query(`INSERT INTO ${t.figures_state} (key, value) VALUES ($1, 'true')`, [NOTHING_COMPUTED]);
  },

  async apply(sql, events, t, context) {
    for (const projection of FIGURE_FACTS) {
      const mine = events.filter((event) => handles(projection, event.type));
      if (mine.length > 0) await applyStored(projection, sql, mine, factTables(projection, t), context);
    }
    await recordOfficers(sql, events, t);
    const state = await figuresState(sql, t);
    // Catching up from the start of the log: every branch-year is computed once, at the head.
    // Once that computation is under way, a branch it has passed is marked like any other.
    if (state.nothingComputed && state.computedThrough === undefined) {
      context.deferToHead?.();
      return;
    }
    const today = shanghaiToday();
    await markTouched(sql, events, t, today);
    // Live traffic marks a few branches: they are computed in the batch's own transaction, so no
    // reader sees the batch with its figures still to compute (a scope with a marked row is computed
    // per request: all of Beijing, at every write). A backlog (catching up, a new day) is left to
    // the steps at the head, and so is everything while the first computation is under way.
    const inline = !state.nothingComputed && (await fewMarked(sql, t));
    if (inline) await computeMarkedStep(sql, t, context, today);
    // What is left, and a new day (which re-marks every branch-year), is the steps' at the head.
    if (!inline || state.day !== today) context.deferToHead?.();
  },

  /**
   * One step of what waits for the head: the next chunk of the first computation of every
   * branch-year, then its unit sums; afterwards a new day's marks, or the next chunk of marked
   * branch-years. Each step reads and computes first and writes last (see Projection.atHead).
   */
  async atHead(sql, t, context) {
    const today = shanghaiToday();
    const state = await figuresState(sql, t);
    if (state.nothingComputed) return computeAllStep(sql, t, context, today, state.computedThrough ?? '');
    if (state.day !== today) {
      await markNewDay(sql, t, today, state.day);
      return true;
    }
    return computeMarkedStep(sql, t, context, today);
  },
};

/** The rules of a branch-year are some 10 KB of JSON: lz4 compresses them several times faster than pglz, where the server has it. */
async function rulesCompression(sql: SqlExecutor): Promise<string> {
  const { rows } = await sql.query<{ lz4: boolean }>(
    `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return rows[0]?.lz4 === true ? 'COMPRESSION lz4' : '';
}

/** Where the first computation has got to: the last branch id computed (in id order). */
const COMPUTED_THROUGH = 'computed-through';

async function figuresState(
  sql: SqlExecutor,
  t: TableNames,
): Promise<{ day: string | undefined; nothingComputed: boolean; computedThrough: string | undefined }> {
  const { rows } = await sql.query<{ key: string; value: string }>(`SELECT key, value FROM ${t.figures_state} WHERE key IN ('day', $1, $2)`, [
    NOTHING_COMPUTED,
    COMPUTED_THROUGH,
  ]);
  return {
    day: rows.find((row) => row.key === 'day')?.value,
    nothingComputed: rows.some((row) => row.key === NOTHING_COMPUTED),
    computedThrough: rows.find((row) => row.key === COMPUTED_THROUGH)?.value,
  };
}

/** Who serves in which branch (ever): an attendance marks the branches of the people attending. */
async function recordOfficers(sql: SqlExecutor, events: readonly RecordedEvent<FiguresEvent>[], t: TableNames): Promise<void> {
  const officers: { person_id: string; branch_id: string }[] = [];
  for (const event of events) {
    const branchId = event.streamId.slice('branch-'.length);
    switch (event.type) {
      case 'ElectionHeld':
        for (const id of [event.data.secretary.personId, ...(event.data.deputySecretaryIds ?? []), ...(event.data.committeeMemberIds ?? [])]) {
          officers.push({ person_id: id, branch_id: branchId });
        }
        break;
      case 'SecretaryReplaced':
        officers.push({ person_id: event.data.secretary.personId, branch_id: branchId });
        break;
      case 'CommitteeChanged':
        for (const id of event.data.addIds ?? []) officers.push({ person_id: id, branch_id: branchId });
        break;
      default:
        break;
    }
  }
  await insertRows(sql, t.officer_people!, { person_id: 'text', branch_id: 'text' }, dedupe(officers), 'ON CONFLICT DO NOTHING');
}

/** Marks the branch-years whose figures the events may change. */
async function markTouched(sql: SqlExecutor, events: readonly RecordedEvent<FiguresEvent>[], t: TableNames, today: string): Promise<void> {
  const lastYear = Number(today.slice(0, 4));
  const marks: { branch_id: string; year: number }[] = [];
  const everyYear = (branchId: string) => {
    for (let year = FIRST_READY_YEAR; year <= lastYear; year += 1) marks.push({ branch_id: branchId, year });
  };
  const attendees: { person_id: string; session_id: string }[] = [];
  for (const event of events) {
    const branchId = event.streamId.startsWith('branch-') ? event.streamId.slice('branch-'.length) : null;
    switch (event.type) {
      case 'MeetingHeld': {
        const year = Number(event.data.heldOn.slice(0, 4));
        if (year >= FIRST_READY_YEAR && year <= lastYear) marks.push({ branch_id: branchId!, year });
        break;
      }
      case 'ElectionHeld':
      case 'SecretaryReplaced':
      case 'CommitteeChanged':
        everyYear(branchId!);
        break;
      case 'TrainingAttendanceRecorded':
        for (const attendee of event.data.attendees) {
          attendees.push({ person_id: attendee.personId, session_id: event.streamId.slice('training-session-'.length) });
        }
        break;
      case 'TrainingSessionHeld':
      case 'UniversityRegistered':
      case 'UnitRegistered':
        // No figure changes until someone attends; units are named at query time.
        break;
      default:
        // Every other branch event (establishment, renaming, moves, dissolution, member counts,
        // corrections and retractions of meetings whose old day is not in the event) may change any year.
        if (branchId) everyYear(branchId);
    }
  }
  if (attendees.length > 0) {
    // Attendance counts for every branch the person serves in, whatever branch the attendance names.
    await sql.query(
      `INSERT INTO ${t.figures_to_compute} (branch_id, year)
       SELECT DISTINCT o.branch_id, extract(year FROM s.ends_on)::int
       FROM jsonb_to_recordset($1::jsonb) AS a(person_id text, session_id text)
       JOIN ${t.fact_training_sessions} s ON s.session_id = a.session_id
       JOIN ${t.officer_people} o ON o.person_id = a.person_id
       WHERE extract(year FROM s.ends_on) BETWEEN $2 AND $3
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(attendees), FIRST_READY_YEAR, lastYear],
    );
  }
  await insertRows(sql, t.figures_to_compute!, { branch_id: 'text', year: 'integer' }, dedupe(marks), 'ON CONFLICT DO NOTHING');
}

function dedupe<Row extends Record<string, unknown>>(rows: readonly Row[]): Row[] {
  return [...new Map(rows.map((row) => [JSON.stringify(row), row])).values()];
}

/**
 * A new day moves the deciding day of the year under way (and of the last one, at New Year): all
 * of its rows are marked.
 */
async function markNewDay(sql: SqlExecutor, t: TableNames, today: string, computedOn: string | undefined): Promise<void> {
  const fromYear = Math.max(FIRST_READY_YEAR, Number((computedOn ?? today).slice(0, 4)));
  await sql.query(
    `INSERT INTO ${t.figures_to_compute} (branch_id, year)
     SELECT branch_id, year FROM ${t.fact_branches}, generate_series($1::int, $2::int) AS year
     ON CONFLICT DO NOTHING`,
    [fromYear, Number(today.slice(0, 4))],
  );
  await recordDay(sql, t, today);
}

/** Branches marked at most: more are a backlog, computed in steps at the head. */
const MARKED_INLINE = 50;

async function fewMarked(sql: SqlExecutor, t: TableNames): Promise<boolean> {
  const { rows } = await sql.query<{ marked: number }>(
    `SELECT count(*)::int AS marked FROM (SELECT DISTINCT branch_id FROM ${t.figures_to_compute} LIMIT ${MARKED_INLINE + 1}) AS marked`,
  );
  return (rows[0]?.marked ?? 0) <= MARKED_INLINE;
}

/** Computes the next chunk of marked branch-years and the unit sums they belong to; false when none is marked. */
async function computeMarkedStep(sql: SqlExecutor, t: TableNames, context: ProjectionContext, today: string): Promise<boolean> {
  const facts = factsOf({ generation: 0, version: '', cursor: '', tables: t }, context.policyVersions);
  const { rows: marked } = await sql.query<{ branch_id: string; years: number[] }>(
    `SELECT branch_id, array_agg(year ORDER BY year) AS years FROM ${t.figures_to_compute}
     WHERE branch_id IN (SELECT DISTINCT branch_id FROM ${t.figures_to_compute} ORDER BY branch_id LIMIT ${COMPUTE_CHUNK})
     GROUP BY branch_id ORDER BY branch_id`,
  );
  if (marked.length === 0) return false;
  const branchIds = marked.map((row) => row.branch_id);
  const branches = new Map((await branchesNamed(sql, t, branchIds)).map((branch) => [branch.branchId, branch]));
  const wanted = marked.flatMap((row) => {
    const branch = branches.get(row.branch_id);
    return branch ? [{ branch, years: row.years }] : [];
  });
  const rows = await branchYearFigures(sql, facts, wanted, today, context.policyVersions);
  // A moved branch leaves its old unit: both units are summed again.
  const { rows: before } = await sql.query<{ year: number; university_id: string; unit_id: string }>(
    `DELETE FROM ${t.branch_year_figures} f USING ${t.figures_to_compute} c
     WHERE c.branch_id = ANY($1::text[]) AND f.branch_id = c.branch_id AND f.year = c.year
     RETURNING f.year, f.university_id, f.unit_id`,
    [branchIds],
  );
  await writeRows(sql, t, rows);
  await sql.query(`DELETE FROM ${t.figures_to_compute} WHERE branch_id = ANY($1::text[])`, [branchIds]);
  const units = new Map([...before, ...rows].map((unit) => [`${unit.year}\u0000${unit.university_id}\u0000${unit.unit_id}`, unit]));
  await sumUnits(sql, t, [...units.values()]);
  return true;
}

async function recordDay(sql: SqlExecutor, t: TableNames, today: string): Promise<void> {
  await sql.query(`INSERT INTO ${t.figures_state} (key, value) VALUES ('day', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [
    today,
  ]);
}

/**
 * The first time the generation reaches the head: every branch-year of every branch, a chunk of
 * branches (in id order) per step, then every unit's sums. The same rows as marking every
 * branch-year and computing the marked ones (a branch's establishment marks all of its years),
 * without the marks; a branch already passed that an event touches meanwhile is marked (apply),
 * and computed again once this is done.
 */
async function computeAllStep(sql: SqlExecutor, t: TableNames, context: ProjectionContext, today: string, after: string): Promise<boolean> {
  const years: number[] = [];
  for (let year = FIRST_READY_YEAR; year <= Number(today.slice(0, 4)); year += 1) years.push(year);
  const branches = await branchesAfter(sql, t, after, COMPUTE_CHUNK);
  if (branches.length > 0) {
    const facts = factsOf({ generation: 0, version: '', cursor: '', tables: t }, context.policyVersions);
    const wanted = branches.map((branch) => ({ branch, years }));
    const rows = branchYearRows(await branchYearFacts(sql, facts, wanted, today), wanted, today, context.policyVersions);
    await writeRows(sql, t, rows);
    await sql.query(
      `INSERT INTO ${t.figures_state} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [COMPUTED_THROUGH, branches[branches.length - 1]!.branchId],
    );
    // The day the first chunk was computed on: a computation that runs past midnight then finds a
    // new day, and the year under way is computed again on it.
    if (after === '') await recordDay(sql, t, today);
    return true;
  }
  // Every branch computed: the units' sums, and the marks' path from now on.
  if (after === '') await recordDay(sql, t, today);
  await sql.query(`INSERT INTO ${t.unit_year_figures} ${unitSums(t)} GROUP BY b.year, b.university_id, b.unit_id`);
  await sql.query(`DELETE FROM ${t.figures_state} WHERE key IN ($1, $2)`, [NOTHING_COMPUTED, COMPUTED_THROUGH]);
  return true;
}

/** Up to `limit` branches after `after` in id order. */
async function branchesAfter(sql: SqlExecutor, t: TableNames, after: string, limit: number): Promise<BranchRow[]> {
  const { rows } = await sql.query<BranchRow>(
    `SELECT ${BRANCH_COLUMNS} FROM ${t.fact_branches} WHERE branch_id > $1 ORDER BY branch_id LIMIT ${limit}`,
    [after],
  );
  return rows;
}

async function branchesNamed(sql: SqlExecutor, t: TableNames, branchIds: readonly string[]): Promise<BranchRow[]> {
  const { rows } = await sql.query<BranchRow>(
    `SELECT ${BRANCH_COLUMNS} FROM ${t.fact_branches} WHERE branch_id = ANY($1::text[]) ORDER BY branch_id`,
    [branchIds],
  );
  return rows;
}

async function writeRows(sql: SqlExecutor, t: TableNames, rows: readonly BranchYearFigures[]): Promise<void> {
  await copyRows(
    sql,
    t.branch_year_figures!,
    {
      branch_id: 'text', year: 'integer', university_id: 'text', unit_id: 'text', deciding_day: 'date', active: 'boolean',
      score: 'double precision', rules: 'text', compliance_version: 'text',
      secretaries_in_office: 'integer', secretaries_trained: 'integer', committee_in_office: 'integer', committee_trained: 'integer',
      untrained: 'jsonb', teacher_active: 'boolean', dual_leader: 'boolean',
      elections_held: 'integer', elections_meeting_requirement: 'integer',
      ledger_listed: 'integer', ledger_converted: 'integer', ledger_overdue: 'integer',
    },
    rows as unknown as Record<string, unknown>[],
  );
}

/** Sums the units again from their rows: a unit's sums are always those of its rows (none: no unit row). */
async function sumUnits(sql: SqlExecutor, t: TableNames, units: readonly { year: number; university_id: string; unit_id: string }[]): Promise<void> {
  if (units.length === 0) return;
  const years = units.map((unit) => unit.year);
  const universities = units.map((unit) => unit.university_id);
  const unitIds = units.map((unit) => unit.unit_id);
  await sql.query(
    `DELETE FROM ${t.unit_year_figures} u USING unnest($1::int[], $2::text[], $3::text[]) AS k(year, university_id, unit_id)
     WHERE u.year = k.year AND u.university_id = k.university_id AND u.unit_id = k.unit_id`,
    [years, universities, unitIds],
  );
  await sql.query(
    `INSERT INTO ${t.unit_year_figures} ${unitSums(t)}
       JOIN unnest($1::int[], $2::text[], $3::text[]) AS k(year, university_id, unit_id)
       ON b.year = k.year AND b.university_id = k.university_id AND b.unit_id = k.unit_id
     GROUP BY b.year, b.university_id, b.unit_id`,
    [years, universities, unitIds],
  );
}

/** A unit's sums over its branch-year rows (`b`), to be grouped by year, university and unit. */
function unitSums(t: TableNames): string {
  return `SELECT b.year, b.university_id, b.unit_id, max(b.deciding_day),
            count(*) FILTER (WHERE b.active), count(*) FILTER (WHERE b.active AND b.score IS NOT NULL),
            COALESCE(sum(b.score) FILTER (WHERE b.active), 0), count(*) FILTER (WHERE b.active AND b.score = 1),
            sum(b.secretaries_in_office), sum(b.secretaries_trained), sum(b.committee_in_office), sum(b.committee_trained),
            count(*) FILTER (WHERE b.teacher_active), count(*) FILTER (WHERE b.dual_leader),
            sum(b.elections_held), sum(b.elections_meeting_requirement),
            sum(b.ledger_listed), sum(b.ledger_converted), sum(b.ledger_overdue)
     FROM ${t.branch_year_figures} b`;
}
