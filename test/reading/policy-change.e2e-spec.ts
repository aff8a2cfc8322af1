import type { ServiceUnderTest } from '../service-under-test.js';
import { startWithKnownHistory } from './known-history.js';

/**
 * The Municipal Committee publishes a retroactive version: only academic backbones are dual leaders,
 * and the ledger target drops to 50%. The dual-leader projection rebuilds beside the live one;
 * queries during the rebuild never fail and always match the version they name.
 */
describe('publishing a retroactive policy version', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let run: Awaited<ReturnType<typeof startWithKnownHistory>>['run'];

  beforeAll(async () => {
    ({ service, admin, run } = await startWithKnownHistory());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  const DUAL_LEADER = `query ($p: String) { dualLeaderStats(year: 2019, universityId: "10001", atLeastPosition: $p) {
    withDualLeader teacherBranches electionsMeetingRequirement policyVersion trend { year rate } } }`;

  it('rebuilds with the new criteria while every answer matches the version it names', async () => {
    const before = await service.graphql(DUAL_LEADER, { p: run.lastPosition() }, admin);
    expect(before.data!.dualLeaderStats).toMatchObject({ withDualLeader: 2, teacherBranches: 2, policyVersion: '2018.1' });

    const active = await service.graphql(`{ activePolicy { rules { code layer universityId params } } }`, {}, admin);
    const rules = active.data!.activePolicy.rules.map((rule: any) => {
      if (rule.code === 'DUAL_LEADER') return { ...rule, params: { minTitle: null, academicBackboneQualifies: true, targetRate: 0.9 } };
      if (rule.code === 'LEDGER_CONVERSION') return { ...rule, params: { target: 0.5, deadline: '2020-12-31' } };
      return rule;
    });

    // Queries keep running through the publication and the rebuild.
    const answers: { version: string; withDualLeader: number; electionsMeetingRequirement: number }[] = [];
    const failures: unknown[] = [];
    let querying = true;
    const loop = (async () => {
      while (querying) {
        const response = await service.graphql(DUAL_LEADER, {}, admin);
        if (response.errors || response.status >= 500) failures.push(response.errors ?? response.status);
        else {
          const stats = response.data!.dualLeaderStats;
          answers.push({ version: stats.policyVersion, withDualLeader: stats.withDualLeader, electionsMeetingRequirement: stats.electionsMeetingRequirement });
        }
      }
    })();

    const published = await service.graphql(
      `mutation ($input: PublishPolicyInput!) { publishPolicy(input: $input) { streamId id } }`,
      { input: { version: '2019.2', effectiveFrom: '2018-01-18', rules } },
      admin,
    );
    expect(published.errors).toBeUndefined();
    expect(published.data!.publishPolicy).toEqual({ streamId: 'policy', id: '2019.2' });

    const deadline = Date.now() + 30_000;
    for (;;) {
      const { data } = await service.graphql(`{ projections { name state policyVersion version } }`, {}, admin);
      const dualLeader = data!.projections.find((projection: any) => projection.name === 'dual-leader');
      if (dualLeader.state === 'LIVE' && dualLeader.policyVersion === '2019.2') break;
      if (Date.now() > deadline) throw new Error(`dual-leader did not rebuild: ${JSON.stringify(dualLeader)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Let the loop see the switched generation too: two more answers, the second asked after the switch.
    const answeredAtSwitch = answers.length + failures.length;
    await new Promise((resolve) => setTimeout(resolve, 700));
    for (const waitUntil = Date.now() + 30_000; answers.length + failures.length < answeredAtSwitch + 2 && Date.now() < waitUntil; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    querying = false;
    await loop;

    expect(failures).toEqual([]);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      if (answer.version === '2018.1') expect(answer).toMatchObject({ withDualLeader: 2, electionsMeetingRequirement: 1 });
      else expect(answer).toEqual({ version: '2019.2', withDualLeader: 1, electionsMeetingRequirement: 1 });
    }
    expect(answers[answers.length - 1]!.version).toBe('2019.2');

    const after = await service.graphql(DUAL_LEADER, {}, admin);
    expect(after.data!.dualLeaderStats).toMatchObject({ withDualLeader: 1, policyVersion: '2019.2', trend: [{ year: 2018, rate: 0 }, { year: 2019, rate: 0.5 }] });
    const ledger = await service.graphql(`{ rectificationLedger(year: 2019, universityId: "10001") { policyVersion summary { conversionRate target targetMet } } }`, {}, admin);
    expect(ledger.data!.rectificationLedger).toEqual({ policyVersion: '2019.2', summary: { conversionRate: 0.5, target: 0.5, targetMet: true } });
    const branch = await service.graphql(`{ branch(id: "T1") { secretary { dualLeader } } }`, {}, admin);
    expect(branch.data!.branch.secretary.dualLeader).toBe(false);
  }, 60_000);
});
