import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { ServiceUnderTest } from '../service-under-test.js';
import { catchUp, mutationRunner, recordKnownHistory, startWithKnownHistory } from './known-history.js';

/**
 * Issue 9 regression: after a retroactive publication went live, `dualLeaderStats(year: 2018,
 * onDate: "2018-12-31")` named the new version while the same question without `onDate` (whose
 * deciding day is also 2018-12-31) kept naming 2018.1 with the old figures. The deciding day is
 * what selects the version (DOMAIN.md §4), so the two spellings of one day must answer alike, for
 * every figure that reads rules, during the rebuild and after it.
 *
 * Every rule-reading figure is asked by default and with onDate naming the same deciding day (the
 * year's last day: today is later). Each spelling is asked in its own requests, as two portals
 * would: the defect served one spelling an answer the other no longer got.
 */
const FIGURES = (onDate: (year: number) => string) => `query {
  ledger: rectificationLedger(year: 2019, universityId: "10001"${onDate(2019)}) { policyVersion summary { listed converted open overdue conversionRate target targetMet } }
  coverage: trainingCoverage(year: 2019, universityId: "10001"${onDate(2019)}) { policyVersion secretaries { inOffice trained rate }
    committeeMembers { inOffice trained rate } byUnit { unitId secretaries { inOffice trained } committeeMembers { inOffice trained } } }
  dual2018: dualLeaderStats(year: 2018, universityId: "10001"${onDate(2018)}) { ...dual }
  dual2019: dualLeaderStats(year: 2019, universityId: "10001"${onDate(2019)}) { ...dual }
  summary: complianceSummary(year: 2019, universityId: "10001"${onDate(2019)}) { policyVersion branches fullyCompliant averageScore }
  branch: branchCompliance(branchId: "T1", year: 2019${onDate(2019)}) { policyVersion score rules { rule period required held met exempt policyVersion } }
}
fragment dual on DualLeaderStats { policyVersion teacherBranches withDualLeader rate electionsHeld electionsMeetingRequirement
  byUnit { unitId teacherBranches withDualLeader } trend { year rate } }`;
const BY_DEFAULT = FIGURES(() => '');
const ON_DATE = FIGURES((year) => `, onDate: "${year}-12-31"`);
const NAMES = ['ledger', 'coverage', 'dual2018', 'dual2019', 'summary', 'branch'] as const;

/**
 * Every answer a figure gave, by the version it named: one deciding day under one version has
 * one answer, whichever spelling asked it. Returns the figures that named a version with two.
 */
function contradictions(answers: Record<string, any>[]): string[] {
  const seen = new Map<string, string>();
  const contradicted = new Set<string>();
  for (const answer of answers) {
    for (const name of NAMES) {
      const key = `${name}@${answer[name].policyVersion}`;
      const figures = JSON.stringify(answer[name]);
      if (seen.has(key) && seen.get(key) !== figures) contradicted.add(key);
      seen.set(key, figures);
    }
  }
  return [...contradicted];
}

/** The rules in force with a change for each figure, so that every figure's numbers move. */
function retroactiveRules(rules: any[]): any[] {
  return rules.map((rule) => {
    if (rule.code === 'DUAL_LEADER') return { ...rule, params: { ...rule.params, minTitle: 'PROFESSOR' } };
    if (rule.code === 'SECRETARY_TRAINING') return { ...rule, params: { perYear: 2 } };
    if (rule.code === 'LEDGER_CONVERSION') return { ...rule, params: { ...rule.params, target: 0.5 } };
    if (rule.code === 'MEETING_FREQUENCY' && rule.params.kind === 'COMMITTEE') return { ...rule, params: { ...rule.params, min: 2 } };
    return rule;
  });
}

describe('a retroactive publication answers one deciding day alike with or without onDate', () => {
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    // The warm-up below sees the whole history (startWithKnownHistory waits for it).
    ({ service, admin } = await startWithKnownHistory());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  async function ask(query: string): Promise<Record<string, any>> {
    const response = await service.graphql(query, {}, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  }

  it('never serves the old version by default once onDate serves the new one', async () => {
    // Warm every cache with the old answers first: the defect was an old answer kept.
    const before = await ask(BY_DEFAULT);
    const beforeOn = await ask(ON_DATE);
    expect(beforeOn).toEqual(before);
    for (const name of NAMES) expect(before[name].policyVersion).toBe('2018.1');

    const active = await service.graphql(`{ activePolicy { rules { code layer universityId params } } }`, {}, admin);
    const rules = retroactiveRules(active.data!.activePolicy.rules);

    const answers: Record<string, any>[] = [before, beforeOn];
    let polling = true;
    const poll = async (query: string) => {
      while (polling) answers.push(await ask(query));
    };
    const polls = Promise.all([poll(BY_DEFAULT), poll(ON_DATE)]);

    const published = await service.graphql(
      `mutation ($input: PublishPolicyInput!) { publishPolicy(input: $input) { id } }`,
      { input: { version: '2019.9', effectiveFrom: '2018-01-01', rules } },
      admin,
    );
    expect(published.errors).toBeUndefined();

    const deadline = Date.now() + 30_000;
    for (;;) {
      const { data } = await service.graphql(`{ projections { name state policyVersion } }`, {}, admin);
      const dualLeader = data!.projections.find((projection: any) => projection.name === 'dual-leader');
      if (dualLeader.state === 'LIVE' && dualLeader.policyVersion === '2019.9') break;
      if (Date.now() > deadline) throw new Error(`dual-leader did not rebuild: ${JSON.stringify(dualLeader)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Past every cache of the read side (answers, live generations 500 ms, policy catalog 250 ms).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    polling = false;
    await polls;

    const after = await ask(BY_DEFAULT);
    const afterOn = await ask(ON_DATE);
    expect(contradictions([...answers, after, afterOn])).toEqual([]);
    for (const name of NAMES) {
      expect({ figure: name, version: after[name].policyVersion }).toEqual({ figure: name, version: '2019.9' });
      expect({ figure: name, answer: afterOn[name] }).toEqual({ figure: name, answer: after[name] });
    }
    // The new rules moved every figure (the test would prove nothing otherwise).
    expect([before.dual2018.withDualLeader, after.dual2018.withDualLeader]).toEqual([1, 0]);
    expect([before.dual2019.withDualLeader, after.dual2019.withDualLeader]).toEqual([2, 1]);
    expect([before.coverage.secretaries.trained, after.coverage.secretaries.trained]).toEqual([2, 0]);
    expect([before.ledger.summary.targetMet, after.ledger.summary.targetMet]).toEqual([false, true]);
    expect(after.summary.averageScore).toBeLessThan(before.summary.averageScore);
    expect(after.branch.score).toBeLessThan(before.branch.score);
  }, 90_000);
});

/**
 * The same defect with the switch at a chosen moment: this process runs no projections, the test
 * runs them itself (the real runner on the same database), so after the rebuild's switch nothing
 * else moves the read models and a wrong answer, once kept, would be served for good.
 */
describe('the switch to a rebuilt generation, with nothing applied after it', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ projections: 'off' });
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    const run = mutationRunner(() => service, () => admin);
    await recordKnownHistory(run);
    runner = new ProjectionRunner(service.runtime.sql, service.runtime.eventStore, ALL_PROJECTIONS);
    await catchUp(runner, service, admin, run.lastPosition());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  async function ask(query: string): Promise<Record<string, any>> {
    const response = await service.graphql(query, {}, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  }

  /** Runs the projections until each is past `position` and dual-leader is live under `policyVersion`. */
  async function caughtUpWith(position: string, policyVersion: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await runner.runUntilIdle();
      const { projections } = await ask('{ projections { name state position policyVersion } }');
      const dualLeader = projections.find((projection: any) => projection.name === 'dual-leader');
      const past = projections.every((projection: any) => projection.state === 'LIVE' && BigInt(projection.position) >= BigInt(position));
      if (past && dualLeader.policyVersion === policyVersion) return;
      if (Date.now() > deadline) throw new Error(`the projections did not catch up: ${JSON.stringify(projections)}`);
    }
  }

  it('answers the default question under the generations its answer is kept for', async () => {
    const before = await ask(BY_DEFAULT);
    expect(before.dual2018).toMatchObject({ policyVersion: '2018.1', withDualLeader: 1 });
    const active = await service.graphql(`{ activePolicy { rules { code layer universityId params } } }`, {}, admin);
    const baseline = active.data!.activePolicy.rules;
    // A portal's dashboard asking by default only, quickly: the moment after a switch is when a
    // wrong answer got kept.
    const DASHBOARD = `{ a: dualLeaderStats(year: 2018, universityId: "10001") { policyVersion withDualLeader }
      b: dualLeaderStats(year: 2019, universityId: "10001") { policyVersion withDualLeader } }`;

    // Three publications in turn, the dual-leader criteria moving each time (professors only,
    // associate professors again, professors only): each switch is a chance for the defect.
    const rounds = [
      { version: '2019.9', minTitle: 'PROFESSOR', withDualLeader: 0 },
      { version: '2019.10', minTitle: 'ASSOCIATE_PROFESSOR', withDualLeader: 1 },
      { version: '2019.11', minTitle: 'PROFESSOR', withDualLeader: 0 },
    ];
    for (const round of rounds) {
      const rules = retroactiveRules(baseline).map((rule: any) =>
        rule.code === 'DUAL_LEADER' ? { ...rule, params: { ...rule.params, minTitle: round.minTitle } } : rule,
      );
      const published = await service.graphql(
        `mutation ($input: PublishPolicyInput!) { publishPolicy(input: $input) { positions } }`,
        { input: { version: round.version, effectiveFrom: '2018-01-01', rules } },
        admin,
      );
      expect(published.errors).toBeUndefined();
      const publication = published.data!.publishPolicy.positions[0];

      // Portals keep asking while the rebuild runs and switches, and a little after.
      let asking = true;
      const loop = (async () => {
        while (asking) await ask(DASHBOARD);
      })();
      // The service sees the publication (its policy catalog re-reads within 250 ms) before the
      // rebuild switches: the answers then differ by generation only, as in the report.
      await new Promise((resolve) => setTimeout(resolve, 400));
      await ask(DASHBOARD);
      // Every projection past the publication, dual-leader rebuilt under it and switched. (Told by
      // the projections' status, not by a read-your-writes wait: that wait refreshes what the
      // service knows of the generations, and the portals' requests must meet the switch unhelped.)
      await caughtUpWith(publication, round.version);
      await new Promise((resolve) => setTimeout(resolve, 700));
      asking = false;
      await loop;
      // Past every cache: the rebuilt generation is what both spellings of the day must read now.
      await new Promise((resolve) => setTimeout(resolve, 700));

      const byDefault = await ask(BY_DEFAULT);
      const onDate = await ask(ON_DATE);
      for (const name of NAMES) {
        expect({ round: round.version, figure: name, version: onDate[name].policyVersion }).toEqual({ round: round.version, figure: name, version: round.version });
        expect({ round: round.version, figure: name, answer: byDefault[name] }).toEqual({ round: round.version, figure: name, answer: onDate[name] });
      }
      expect({ round: round.version, withDualLeader: byDefault.dual2018.withDualLeader }).toEqual({ round: round.version, withDualLeader: round.withDualLeader });
    }
  }, 90_000);
});
