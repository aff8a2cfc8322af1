import { loadBeijingScale } from '../../apps/cli/src/demo/bulk-loader.js';
import { shanghaiToday } from '../../libs/domain/src/shanghai-calendar.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { projectionStatuses } from '../../libs/projections/src/projection-engine/projection-status.js';
import { ServiceUnderTest } from '../service-under-test.js';

/**
 * The figures kept ready (the ready-figures projection's branch-year rows and unit sums) answer the
 * default questions; an `onDate` question is computed from the facts per request. For the same
 * deciding day the two must be the same answer, for every scope, every year kept, and right after
 * a write: one definition of each figure, two ways to reach it.
 */
const TODAY = shanghaiToday();
const THIS_YEAR = Number(TODAY.slice(0, 4));

const FIGURES = `query ($year: Int!, $u: ID, $onDate: Date, $p: String) {
  complianceSummary(year: $year, universityId: $u, onDate: $onDate, atLeastPosition: $p) { universityId year branches fullyCompliant averageScore policyVersion }
  rectificationLedger(year: $year, universityId: $u, onDate: $onDate, atLeastPosition: $p) {
    year universityId policyVersion summary { listed converted open overdue conversionRate target targetMet }
    entries { caseId branchId status deadline steps { on kind } acceptedOn closedOn missedFinalDeadline }
  }
  trainingCoverage(year: $year, universityId: $u, onDate: $onDate, atLeastPosition: $p) {
    year universityId policyVersion
    secretaries { inOffice trained rate } committeeMembers { inOffice trained rate }
    untrained { personId branchId role name }
    byUnit { universityId unitId unitName secretaries { inOffice trained rate } committeeMembers { inOffice trained rate } }
  }
  dualLeaderStats(year: $year, universityId: $u, onDate: $onDate, atLeastPosition: $p) {
    year universityId teacherBranches withDualLeader rate electionsHeld electionsMeetingRequirement policyVersion
    byUnit { universityId unitId unitName teacherBranches withDualLeader rate } trend { year rate }
  }
}`;

const BRANCH = `query ($b: ID!, $year: Int!, $onDate: Date, $p: String) {
  branchCompliance(branchId: $b, year: $year, onDate: $onDate, atLeastPosition: $p) {
    branchId year score policyVersion rules { rule period required held met exempt policyVersion }
  }
}`;

function decidingDayOf(year: number): string {
  return year === THIS_YEAR ? TODAY : `${year}-12-31`;
}

/** The answers with the mean score rounded: the kept-ready sum adds the scores in another order. */
function comparable(data: Record<string, any>): Record<string, any> {
  const summary = data.complianceSummary;
  return { ...data, complianceSummary: { ...summary, averageScore: summary.averageScore === null ? null : Number(summary.averageScore.toFixed(12)) } };
}

describe('figures kept ready', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let universities: string[];

  const ask = async (query: string, variables: Record<string, unknown>) => {
    const response = await service.graphql(query, variables, admin);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  /** Until every projection has applied the last event recorded (the visible head may lag it while older transactions run). */
  const caughtUp = async () => {
    const { rows } = await service.database.sql.query<{ cursor: string }>(
      `SELECT transaction_id::text || ':' || global_position AS cursor FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    const last = rows[0]!.cursor;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      const statuses = await projectionStatuses(service.database.sql, service.runtime.eventStore, ALL_PROJECTIONS);
      const { rows: live } = await service.database.sql.query<{ cursor: string }>(`SELECT cursor FROM projection_generations WHERE status = 'LIVE'`);
      const applied = live.length === ALL_PROJECTIONS.length && live.every((row) => service.runtime.eventStore.compareCursors(row.cursor, last) >= 0);
      // The figures' work at the head (computing the marked branch-years) follows the batches, in steps of its own.
      const { rows: marked } = await service.database.sql.query<{ marked: string }>(
        `SELECT count(*) AS marked FROM figures_to_compute_g${(await service.database.sql.query<{ generation: number }>(
          `SELECT generation FROM projection_generations WHERE name = 'ready-figures' AND status = 'LIVE'`,
        )).rows[0]?.generation ?? 0}`,
      ).catch(() => ({ rows: [{ marked: '1' }] }));
      if (applied && marked[0]!.marked === '0' && statuses.every((status) => status.state === 'LIVE' && status.lag === 0)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('the projections did not catch up');
  };

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    await loadBeijingScale(service.runtime, { seed: 'ready-figures', branches: 430, appenders: 2, today: TODAY, progress: false });
    await caughtUp();
    const { rows } = await service.database.sql.query<{ id: string }>(
      `SELECT DISTINCT university_id AS id FROM events WHERE type = 'UniversityRegistered' ORDER BY 1`,
    );
    universities = rows.map((row) => row.id);
  }, 240_000);

  afterAll(async () => {
    await service?.stop();
  });

  it('keeps a row for every branch and year since 2018, with nothing left to compute', async () => {
    const { rows } = await service.database.sql.query<{ name: string; generation: number }>(
      `SELECT name, generation FROM projection_generations WHERE name = 'ready-figures' AND status = 'LIVE'`,
    );
    const generation = rows[0]!.generation;
    const counts = await service.database.sql.query<{ rows: string; branches: string; pending: string }>(
      `SELECT (SELECT count(*) FROM branch_year_figures_g${generation}) AS rows,
              (SELECT count(*) FROM fact_branches_g${generation}) AS branches,
              (SELECT count(*) FROM figures_to_compute_g${generation}) AS pending`,
    );
    const { rows: figureRows, branches, pending } = counts.rows[0]!;
    expect(Number(branches)).toBeGreaterThanOrEqual(430);
    expect(Number(figureRows)).toBe(Number(branches) * (THIS_YEAR - 2018 + 1));
    expect(Number(pending)).toBe(0);
  });

  it('answers every scope and year exactly as the same question asked for its deciding day', async () => {
    expect(universities.length).toBe(3);
    for (const year of [2018, 2019, 2020, THIS_YEAR]) {
      for (const u of [null, ...universities]) {
        const kept = await ask(FIGURES, { year, u });
        const computed = await ask(FIGURES, { year, u, onDate: decidingDayOf(year) });
        expect(comparable(kept)).toEqual(comparable(computed));
        // Every unit listed is named, from one read of the organization.
        for (const unit of [...kept.trainingCoverage.byUnit, ...kept.dualLeaderStats.byUnit]) expect(unit.unitName).toEqual(expect.any(String));
      }
    }
  }, 240_000);

  it('gives the city as the sum of its universities', async () => {
    const city = await ask(FIGURES, { year: 2019, u: null });
    const each = await Promise.all(universities.map((u) => ask(FIGURES, { year: 2019, u })));
    const sum = (pick: (data: Record<string, any>) => number) => each.reduce((total, data) => total + pick(data), 0);
    expect(city.complianceSummary.branches).toBe(sum((data) => data.complianceSummary.branches));
    expect(city.complianceSummary.fullyCompliant).toBe(sum((data) => data.complianceSummary.fullyCompliant));
    expect(city.trainingCoverage.secretaries.inOffice).toBe(sum((data) => data.trainingCoverage.secretaries.inOffice));
    expect(city.trainingCoverage.committeeMembers.trained).toBe(sum((data) => data.trainingCoverage.committeeMembers.trained));
    expect(city.trainingCoverage.untrained).toHaveLength(sum((data) => data.trainingCoverage.untrained.length));
    expect(city.dualLeaderStats.teacherBranches).toBe(sum((data) => data.dualLeaderStats.teacherBranches));
    expect(city.dualLeaderStats.withDualLeader).toBe(sum((data) => data.dualLeaderStats.withDualLeader));
    expect(city.dualLeaderStats.electionsHeld).toBe(sum((data) => data.dualLeaderStats.electionsHeld));
    expect(city.rectificationLedger.summary.listed).toBe(sum((data) => data.rectificationLedger.summary.listed));
    expect(city.rectificationLedger.summary.converted).toBe(sum((data) => data.rectificationLedger.summary.converted));
    expect(city.rectificationLedger.summary.overdue).toBe(sum((data) => data.rectificationLedger.summary.overdue));
    expect(city.rectificationLedger.entries).toHaveLength(city.rectificationLedger.summary.listed);
    expect(city.complianceSummary.branches).toBeGreaterThan(0);
    expect(city.rectificationLedger.summary.listed).toBeGreaterThan(0);
  }, 60_000);

  it('shows a write at once, in the kept figures and in the computed ones alike', async () => {
    const { rows } = await service.database.sql.query<{ branch_id: string; university_id: string }>(
      `SELECT (data->>'branchId') AS branch_id, university_id FROM events
       WHERE type = 'BranchEstablished' AND data->>'kind' = 'TEACHER' AND university_id = $1 ORDER BY global_position LIMIT 1`,
      [universities[0]],
    );
    const branch = rows[0]!;
    const { rows: people } = await service.database.sql.query<{ person_id: string }>(
      `SELECT data->>'personId' AS person_id FROM events WHERE type = 'PersonRegistered' AND university_id = $1 ORDER BY global_position DESC LIMIT 1`,
      [branch.university_id],
    );
    const before = await ask(FIGURES, { year: 2019, u: branch.university_id });
    const dualLeaderRule = (data: Record<string, any>) =>
      data.branchCompliance.rules.find((rule: { rule: string }) => rule.rule === 'DUAL_LEADER');
    const wasMet = dualLeaderRule(await ask(BRANCH, { b: branch.branch_id, year: 2019 })).met as boolean;
    // A professor and academic backbone replaces the secretary on 1 June 2019: a dual leader from then on.
    const replaced = await service.graphql(
      `mutation ($input: ReplaceSecretaryInput!) { replaceSecretary(input: $input) { positions } }`,
      {
        input: {
          branchId: branch.branch_id, on: '2019-06-01', reason: '工作调动',
          secretary: { personId: people[0]!.person_id, title: 'PROFESSOR', academicBackbone: true },
        },
      },
      admin,
    );
    expect(replaced.errors).toBeUndefined();
    const p = replaced.data!.replaceSecretary.positions.at(-1);
    const after = await ask(FIGURES, { year: 2019, u: branch.university_id, p });
    const computed = await ask(FIGURES, { year: 2019, u: branch.university_id, onDate: '2019-12-31', p });
    expect(comparable(after)).toEqual(comparable(computed));
    expect(after.dualLeaderStats.withDualLeader).toBe(before.dualLeaderStats.withDualLeader + (wasMet ? 0 : 1));
    const kept = await ask(BRANCH, { b: branch.branch_id, year: 2019, p });
    const asked = await ask(BRANCH, { b: branch.branch_id, year: 2019, onDate: '2019-12-31', p });
    expect(kept).toEqual(asked);
    expect(dualLeaderRule(kept)).toMatchObject({ met: true });
  }, 60_000);

  it('computes at the head of a rebuild, every branch-year at once, the rows that computing them one by one as marked gives', async () => {
    const sql = service.database.sql;
    const liveGeneration = async () =>
      (await sql.query<{ generation: number }>(`SELECT generation FROM projection_generations WHERE name = 'ready-figures' AND status = 'LIVE'`)).rows[0]!
        .generation;
    /** The rows of a generation, the unit sums' float sum rounded (its order of addition is the database's). */
    const rowsOf = async (generation: number) => ({
      branches: (await sql.query(`SELECT * FROM branch_year_figures_g${generation} ORDER BY branch_id, year`)).rows,
      units: (
        await sql.query(
          `SELECT *, round(score_sum::numeric, 9) AS score_sum FROM unit_year_figures_g${generation} ORDER BY year, university_id, unit_id`,
        )
      ).rows,
    });
    const before = await liveGeneration();
    const kept = await rowsOf(before);
    expect(kept.branches.length).toBeGreaterThan(430 * 8);

    // A rebuild: a new generation catches up from the start of the log, then computes every branch-year at the head.
    const rebuilt = await service.graphql(`mutation { rebuildProjection(name: "ready-figures") { state } }`, {}, admin);
    expect(rebuilt.errors).toBeUndefined();
    for (const deadline = Date.now() + 120_000; (await liveGeneration()) === before; ) {
      if (Date.now() > deadline) throw new Error('the rebuild did not go live in time');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await caughtUp();
    const generation = await liveGeneration();
    expect(await rowsOf(generation)).toEqual(kept);

    // The incremental path over every row of that generation: each branch-year marked (its row spoilt
    // first), then computed at the next batch at the head (a session held, which changes no figure).
    await sql.query(`INSERT INTO figures_to_compute_g${generation} (branch_id, year) SELECT branch_id, year FROM branch_year_figures_g${generation}`);
    await sql.query(`UPDATE branch_year_figures_g${generation} SET score = -1, rules = '[]', active = NOT active`);
    await sql.query(`UPDATE unit_year_figures_g${generation} SET active_branches = -1, score_sum = -1`);
    await service.runtime.eventStore.append(
      'training-session-rebuild-probe',
      [
        {
          type: 'TrainingSessionHeld',
          data: {
            sessionId: 'rebuild-probe', organizer: 'MUNICIPAL', universityId: null, unitId: null, title: 'probe',
            startsOn: '2019-03-01', endsOn: '2019-03-01', hours: 2,
          },
        },
      ],
      { metadata: { actor: 'test', universityId: null } },
    );
    await caughtUp();
    const pending = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM figures_to_compute_g${generation}`);
    expect(Number(pending.rows[0]!.n)).toBe(0);
    expect(await rowsOf(generation)).toEqual(kept);
  }, 240_000);
});
