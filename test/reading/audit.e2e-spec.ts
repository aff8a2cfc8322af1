import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ServiceUnderTest } from '../service-under-test.js';
import { inputTypeOf } from './known-history.js';

/** Inspectors: a stream's history with its hashes, a branch as known at an instant, chain verification. */
describe('audit replay', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let inspector: string;

  const run = async (mutation: string, input: Record<string, unknown>) => {
    const response = await service.graphql(
      `mutation ($input: ${inputTypeOf(mutation)}!) { ${mutation}(input: $input) { streamId version positions id } }`,
      { input },
      admin,
    );
    if (response.errors) throw new Error(`${mutation}: ${JSON.stringify(response.errors)}`);
    return response.data![mutation];
  };

  let beforeRename: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    inspector = await service.token({ role: 'INSPECTOR' });
    await run('registerUniversity', { id: '10001', name: '北京大学' });
    await run('registerUnit', { universityId: '10001', unitId: 'u-a', name: '数学学院' });
    await run('establishBranch', { branchId: 'A1', universityId: '10001', unitId: 'u-a', name: '旧名', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 });
    await run('holdElection', { branchId: 'A1', heldOn: '2018-03-01', secretary: { personId: 'p1', title: 'PROFESSOR', academicBackbone: true }, deputySecretaryIds: ['p2'], committeeMemberIds: ['p3'] });
    await new Promise((resolve) => setTimeout(resolve, 20));
    beforeRename = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await run('renameBranch', { branchId: 'A1', name: '新名' });
    await run('reportMemberCount', { branchId: 'A1', on: '2019-01-01', count: 12 });
  });

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
    expect(events.map((event: any) => event.version)).toEqual([1, 2, 3, 4]);
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
    expect(now.data!.branchAsOf).toMatchObject({ name: '新名', version: 4, memberCount: 12 });
    const before = await service.graphql(query, { at: '2000-01-01T00:00:00+08:00' }, inspector);
    expect(before.data!.branchAsOf).toBeNull();
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
