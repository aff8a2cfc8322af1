import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ServiceUnderTest } from '../service-under-test.js';
import { mutationRunner } from './known-history.js';

/** Inspectors: a stream's history with its hashes, a branch as known at an instant, chain verification. */
describe('audit replay', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let inspector: string;

  const run = mutationRunner(
    () => service,
    () => admin,
  );

  let beforeRename: string;
  let beforeClosing: string;
  let beforeElection: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    inspector = await service.token({ role: 'INSPECTOR' });
    await run('registerUniversity', { id: '10001', name: '北京大学' });
    await run('registerUnit', { universityId: '10001', unitId: 'u-a', name: '数学学院' });
    await run('establishBranch', { branchId: 'A1', universityId: '10001', unitId: 'u-a', name: '旧名', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 });
    for (const personId of ['p1', 'p2', 'p3']) await run('registerPerson', { personId, universityId: '10001', name: personId });
    beforeElection = await instantBetweenWrites();
    await run('holdElection', { branchId: 'A1', heldOn: '2018-03-01', secretary: { personId: 'p1', title: 'PROFESSOR', academicBackbone: true }, deputySecretaryIds: ['p2'], committeeMemberIds: ['p3'] });
    beforeRename = await instantBetweenWrites();
    await run('renameBranch', { branchId: 'A1', name: '新名' });
    await run('reportMemberCount', { branchId: 'A1', on: '2019-01-01', count: 12 });
    await run('screenBranch', { branchId: 'A1', year: 2019, on: '2019-02-01', outcome: 'LAGGING', categories: ['OTHER'] });
    await run('openRectificationCase', { branchId: 'A1', caseId: 'K1', year: 2019, categories: ['OTHER'], problems: ['p'], measures: ['m'], deadline: '2019-12-01' });
    await run('recordRectificationStep', { branchId: 'A1', caseId: 'K1', on: '2019-03-01', kind: 'PROGRESS_NOTE' });
    beforeClosing = await instantBetweenWrites();
    await run('acceptRectification', { branchId: 'A1', caseId: 'K1', on: '2019-05-01', passed: true, acceptedBy: '组织部' });
    await run('closeRectificationCase', { branchId: 'A1', caseId: 'K1', on: '2019-05-02' });
  });

  async function instantBetweenWrites(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const instant = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    return instant;
  }

  afterAll(async () => {
    await service.stop();
  });

  const TRAIL = `query ($s: String!, $first: Int, $after: String) { auditTrail(streamId: $s, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { eventId globalPosition streamId universityId version type schemaVersion occurredAt recordedAt actor
      correlationId causationId data hash previousHash } } } }`;

  it('serves a stream oldest first, in pages, with hashes anyone can recompute', async () => {
    const first = await service.graphql(TRAIL, { s: 'branch-A1', first: 2 }, inspector);
    expect(first.errors).toBeUndefined();
    const page = first.data!.auditTrail;
    expect(page.edges.map((edge: any) => edge.node.type)).toEqual(['BranchEstablished', 'ElectionHeld']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await service.graphql(TRAIL, { s: 'branch-A1', after: page.pageInfo.endCursor }, inspector);
    const events = [...page.edges, ...rest.data!.auditTrail.edges].map((edge: any) => edge.node);
    expect(events.map((event: any) => event.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rest.data!.auditTrail.pageInfo.hasNextPage).toBe(false);
    let previous: string | null = null;
    for (const event of events) {
      expect(event.previousHash).toBe(previous);
      expect(event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const { hash, globalPosition: _position, ...fields } = event;
      const recomputed = createHash('sha256').update(canonicalize(fields)!, 'utf8').digest('hex');
      expect(recomputed).toBe(hash);
      previous = hash;
    }
    expect(events[0]).toMatchObject({ streamId: 'branch-A1', universityId: '10001', actor: 'test-municipal_admin', schemaVersion: 1 });
  });

  it('shows a branch as the system knew it at an instant', async () => {
    const query = `query ($at: DateTime!) { branchAsOf(id: "A1", asOf: $at) { id name version memberCount secretary { personId } officers { personId } } }`;
    const then = await service.graphql(query, { at: beforeRename }, inspector);
    expect(then.data!.branchAsOf).toMatchObject({ id: 'A1', name: '旧名', version: 2, memberCount: 9, secretary: { personId: 'p1' } });
    const now = await service.graphql(query, { at: new Date().toISOString() }, inspector);
    expect(now.data!.branchAsOf).toMatchObject({ name: '新名', version: 9, memberCount: 12 });
    const before = await service.graphql(query, { at: '2000-01-01T00:00:00+08:00' }, inspector);
    expect(before.data!.branchAsOf).toBeNull();
  });

  it('computes the figures as the system knew them at an instant (asOf)', async () => {
    const ledger = `query ($at: DateTime) { rectificationLedger(year: 2019, universityId: "10001", asOf: $at) {
      summary { listed converted } entries { caseId status } } }`;
    const then = await service.graphql(ledger, { at: beforeClosing }, inspector);
    // Known then: a step, no acceptance; on the year's last day the deadline had passed.
    expect(then.data!.rectificationLedger).toEqual({ summary: { listed: 1, converted: 0 }, entries: [{ caseId: 'K1', status: 'OVERDUE' }] });
    const inSpring = await service.graphql(
      `query ($at: DateTime) { rectificationLedger(year: 2019, asOf: $at, onDate: "2019-06-01") { entries { status } } }`,
      { at: beforeClosing },
      inspector,
    );
    expect(inSpring.data!.rectificationLedger.entries).toEqual([{ status: 'IN_PROGRESS' }]);
    const now = await service.graphql(ledger, { at: new Date().toISOString() }, inspector);
    expect(now.data!.rectificationLedger.entries).toEqual([{ caseId: 'K1', status: 'CLOSED' }]);
    const dual = `query ($at: DateTime) { dualLeaderStats(year: 2019, universityId: "10001", asOf: $at) { teacherBranches withDualLeader policyVersion } }`;
    const beforeAnyElection = await service.graphql(dual, { at: beforeElection }, inspector);
    expect(beforeAnyElection.data!.dualLeaderStats).toEqual({ teacherBranches: 1, withDualLeader: 0, policyVersion: '2018.1' });
    const afterElection = await service.graphql(dual, { at: beforeRename }, inspector);
    expect(afterElection.data!.dualLeaderStats).toMatchObject({ teacherBranches: 1, withDualLeader: 1 });
    const coverage = `query ($at: DateTime) { trainingCoverage(year: 2019, universityId: "10001", asOf: $at) { secretaries { inOffice } committeeMembers { inOffice } } }`;
    const covered = await service.graphql(coverage, { at: beforeElection }, inspector);
    expect(covered.data!.trainingCoverage).toEqual({ secretaries: { inOffice: 0 }, committeeMembers: { inOffice: 0 } });
    // Nothing of an as-of view is left behind.
    const { rows } = await service.database.sql.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE '%asof%'`);
    expect(rows).toEqual([]);
  });

  it('verifies the chains and points at the first tampered event', async () => {
    const verify = `query ($s: String) { verifyIntegrity(streamId: $s) { ok streamsChecked eventsChecked firstBroken { streamId version type } } }`;
    const clean = await service.graphql(verify, {}, inspector);
    expect(clean.data!.verifyIntegrity).toMatchObject({ ok: true, firstBroken: null });
    expect(clean.data!.verifyIntegrity.eventsChecked).toBeGreaterThanOrEqual(6);
    await service.database.sql.query(
      `UPDATE events SET data = jsonb_set(data, '{name}', '"篡改"') WHERE stream_id = 'branch-A1' AND version = 3`,
    );
    const tampered = await service.graphql(verify, { s: 'branch-A1' }, inspector);
    expect(tampered.data!.verifyIntegrity).toEqual({
      ok: false, streamsChecked: 1, eventsChecked: expect.any(Number), firstBroken: { streamId: 'branch-A1', version: 3, type: 'BranchRenamed' },
    });
    const portal = await service.token({ role: 'PORTAL', universityId: '10001' });
    const refused = await service.graphql(verify, {}, portal);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
