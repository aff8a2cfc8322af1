import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client } from 'graphql-ws';
import { connectDatabase } from '../../libs/database/src/connect.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { OrganizationFixture, type Organization } from '../recording/organization-fixture.js';
import { ServiceUnderTest } from '../service-under-test.js';
import { bearer, eventually, forgetWarmUp, subscribe, subscriptionClient, untilListening, type Subscription } from './subscription-client.js';

// Live updates over graphql-ws: a university's client gets its own new events and figure changes
// within a second, never another university's, and a connection without a valid token is refused.

const EVENTS = 'subscription { eventRecorded { type streamId position universityId recordedAt } }';
const FIGURES = 'subscription ($universityId: ID!, $year: Int!) { figuresChanged(universityId: $universityId, year: $year) { universityId year position } }';
const TEACHER_BRANCHES = 'query ($universityId: ID) { dualLeaderStats(year: 2019, universityId: $universityId) { teacherBranches } }';

/** The newest global position recorded so far: the fence after a warm-up. */
async function headOf(service: ServiceUnderTest): Promise<bigint> {
  const { rows } = await service.database.sql.query<{ head: string }>('SELECT coalesce(max(global_position), 0)::text AS head FROM events');
  return BigInt(rows[0]!.head);
}

describe('GraphQL subscriptions over WebSocket', () => {
  let service: ServiceUnderTest;
  let fixture: OrganizationFixture;
  let a: Organization;
  let b: Organization;
  let branchOfA: string;
  let branchOfB: string;
  const clients: Client[] = [];

  const client = (connectionParams: Record<string, unknown>) => {
    const opened = subscriptionClient(service.url, connectionParams);
    clients.push(opened);
    return opened;
  };
  let renames = 0;
  const rename = async (branchId: string) => {
    renames += 1;
    return fixture.must('renameBranch', { branchId, name: `支部 ${renames}` });
  };
  const teacherBranchesOf = async (org: Organization) =>
    (await service.graphql(TEACHER_BRANCHES, { universityId: org.universityId }, fixture.municipalToken)).data!.dualLeaderStats.teacherBranches as number;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    fixture = await OrganizationFixture.create(service);
    a = await fixture.university();
    b = await fixture.university();
    branchOfA = await fixture.branch(a);
    branchOfB = await fixture.branch(b);
  });

  afterAll(async () => {
    for (const opened of clients) await opened.dispose();
    await service.stop();
  });

  it("sends a university's client its new events within a second, and nothing of another university", async () => {
    const ofA = subscribe(client(bearer(a.adminToken)), EVENTS);
    const ofB = subscribe(client(bearer(b.adminToken)), EVENTS);
    await untilListening(ofA, async () => void (await rename(branchOfA)));
    await untilListening(ofB, async () => void (await rename(branchOfB)));
    await forgetWarmUp(await headOf(service), ofA, ofB);

    const inB = await rename(branchOfB);
    const inA = await rename(branchOfA);
    const recordedAt = Date.now();
    await eventually(() => ofA.received.length >= 1 && ofB.received.length >= 1, 'both clients heard of their own event');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(ofA.receivedAt[0]! - recordedAt).toBeLessThan(1000);
    expect(ofA.received).toHaveLength(1);
    const event = ofA.received[0]!.data!.eventRecorded;
    // What and where, never the payload or anyone's name.
    expect(Object.keys(event).sort()).toEqual(['position', 'recordedAt', 'streamId', 'type', 'universityId']);
    expect(event).toMatchObject({ type: 'BranchRenamed', streamId: `branch-${branchOfA}`, position: inA.positions[0], universityId: a.universityId });
    expect(ofB.received.map((message) => message.data!.eventRecorded.position)).toEqual([inB.positions[0]]);
    ofA.stop();
    ofB.stop();
  });

  it('scopes events like reads: a unit admin hears of its unit’s branch, a municipal admin of everything', async () => {
    const unitAdmin = subscribe(client(bearer(a.unitAdminToken)), EVENTS);
    const municipal = subscribe(client(bearer(fixture.municipalToken)), EVENTS);
    await untilListening(unitAdmin, async () => void (await rename(branchOfA)));
    await untilListening(municipal, async () => void (await rename(branchOfA)));
    const otherUnitBranch = await fixture.branch(a, { unitId: a.otherUnitId });
    await forgetWarmUp(await headOf(service), unitAdmin, municipal);

    await rename(otherUnitBranch);
    await rename(branchOfB);
    const own = await rename(branchOfA);
    await eventually(() => unitAdmin.received.length >= 1 && municipal.received.length >= 3, 'the events arrived');
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(unitAdmin.received.map((message) => message.data!.eventRecorded.position)).toEqual([own.positions[0]]);
    expect(municipal.received.map((message) => message.data!.eventRecorded.streamId)).toEqual(
      expect.arrayContaining([`branch-${otherUnitBranch}`, `branch-${branchOfB}`, `branch-${branchOfA}`]),
    );
    unitAdmin.stop();
    municipal.stop();
  });

  it("tells a university's client that its figures changed once the projections applied the change, and nothing of another's", async () => {
    const figuresOfA = subscribe(client(bearer(a.adminToken)), FIGURES, { universityId: a.universityId, year: 2019 });
    await untilListening(figuresOfA, async () => void (await rename(branchOfA)));
    await forgetWarmUp(await headOf(service), figuresOfA);
    const teacherBranchesBefore = await teacherBranchesOf(a);

    await fixture.branch(b);
    const position = (await fixture.must('establishBranch', {
      universityId: a.universityId, unitId: a.unitId, name: '新教工支部', kind: 'TEACHER', establishedOn: '2018-09-01', memberCount: 6,
    })).positions[0];
    const recordedAt = Date.now();
    await eventually(() => figuresOfA.received.length >= 1, "A's figures changed");
    const heardAfter = figuresOfA.receivedAt[0]! - recordedAt;
    // Already applied when announced: a plain read (no atLeastPosition) shows the new branch.
    expect(await teacherBranchesOf(a)).toBe(teacherBranchesBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(heardAfter).toBeLessThan(1000);
    expect(figuresOfA.received).toEqual([{ data: { figuresChanged: { universityId: a.universityId, year: 2019, position } } }]);
    figuresOfA.stop();
  });

  it("refuses a subscription to another university's figures with FORBIDDEN", async () => {
    const subscription = subscribe(client(bearer(a.adminToken)), FIGURES, { universityId: b.universityId, year: 2019 });
    await eventually(() => subscription.received.length > 0 || subscription.ended !== undefined, 'an answer');
    expect(subscription.received[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(subscription.received[0]?.errors?.[0]?.message).not.toContain(b.universityId);
  });

  it.each([
    ['30 aliases', `subscription { ${Array.from({ length: 30 }, (_, index) => `e${index}: eventRecorded { type }`).join(' ')} }`],
    // Well-formed, but 50 levels deep: refused for its depth before it is even validated.
    ['50 levels of nesting', `subscription { eventRecorded ${'{ a '.repeat(50)}${'} '.repeat(50)}}`],
    ['a NUL in a literal', 'subscription { figuresChanged(universityId: "x\\u0000", year: 2019) { year } }'],
  ])('refuses a subscription with %s as BAD_USER_INPUT, as over HTTP', async (_case, document) => {
    const subscription = subscribe(client(bearer(a.adminToken)), document);
    await eventually(() => subscription.received.length > 0 || subscription.ended !== undefined, 'an answer');
    const errors = Array.isArray((subscription.ended as { error?: unknown } | undefined)?.error)
      ? (subscription.ended as { error: { extensions?: { code?: string } }[] }).error
      : (subscription.received[0]?.errors ?? []);
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['no token', {}],
    ['a malformed authorization', { authorization: 'Token abc' }],
    ['a token signed with another secret', { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6Ik1VTklDSVBBTF9BRE1JTiJ9.c2lnbmF0dXJl' }],
  ])('refuses a connection with %s at connect time (4403), before any event', async (_case, connectionParams) => {
    const refused: Subscription = subscribe(client(connectionParams), EVENTS);
    await eventually(() => refused.ended !== undefined, 'the connection was closed');
    await rename(branchOfA);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refused.ended).toMatchObject({ closeCode: 4403 });
    expect(refused.received).toEqual([]);
  });

  it('holds at most 20 subscriptions on one connection (RATE_LIMITED beyond)', async () => {
    const shared = client(bearer(a.adminToken));
    const held = Array.from({ length: 20 }, () => subscribe(shared, EVENTS));
    await untilListening(held[19]!, async () => void (await rename(branchOfA)));
    const oneTooMany = subscribe(shared, EVENTS);
    await eventually(() => oneTooMany.ended !== undefined, 'the 21st subscription was refused');
    expect(JSON.stringify((oneTooMany.ended as { error: unknown }).error)).toContain('RATE_LIMITED');
    expect(held.every((subscription) => subscription.ended === undefined)).toBe(true);
    for (const subscription of held) subscription.stop();
  });

  it('closes the connection (4401) when its token expires', async () => {
    const shortLived = await service.token({ role: 'UNIVERSITY_ADMIN', universityId: a.universityId, expiresIn: '2s' });
    const subscription = subscribe(client(bearer(shortLived)), EVENTS);
    await untilListening(subscription, async () => void (await rename(branchOfA)));
    await eventually(() => subscription.ended !== undefined, 'the connection was closed', 5_000);
    expect(subscription.ended).toMatchObject({ closeCode: 4401 });
  });

  (process.env.DATABASE_URL ? it : it.skip)('hears of events another process appends (PostgreSQL NOTIFY), read through the store', async () => {
    await (service.runtime.eventStore as PostgresEventStore).listenForOtherProcesses();
    const ofA = subscribe(client(bearer(a.adminToken)), EVENTS);
    await untilListening(ofA, async () => void (await rename(branchOfA)));
    await forgetWarmUp(await headOf(service), ofA);
    // Another writer on its own pool: only NOTIFY can tell this service's store.
    const otherPool = await connectDatabase({ databaseUrl: service.database.url, applicationName: 'another-process' });
    const otherProcess = new PostgresEventStore(otherPool);
    try {
      const appended = await otherProcess.append(`branch-${branchOfA}`, [{ type: 'MemberCountReported', data: { on: '2019-02-01', count: 11 } }], {
        metadata: { actor: 'another-process', universityId: a.universityId },
      });
      const recordedAt = Date.now();
      await eventually(() => ofA.received.length >= 1, 'the event appended elsewhere arrived');
      expect(ofA.receivedAt[0]! - recordedAt).toBeLessThan(1000);
      expect(ofA.received[0]!.data!.eventRecorded).toMatchObject({ type: 'MemberCountReported', position: appended.positions[0] });
    } finally {
      await otherProcess.close();
      await otherPool.close();
    }
    ofA.stop();
  });
});

/** Cluster mode: the API runs no projections, a worker process does; PGlite has no second process. */
const withServer = process.env.DATABASE_URL ? describe : describe.skip;

withServer('figure changes with the projections in a worker process', () => {
  let service: ServiceUnderTest;
  let worker: ChildProcess;
  let fixture: OrganizationFixture;
  let client: Client;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ projections: 'off' });
    worker = spawn(process.execPath, [fileURLToPath(new URL('../../dist/apps/worker/src/main.js', import.meta.url))], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: service.database.url!, AUTH_JWT_SECRET: 'worker-secret', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    fixture = await OrganizationFixture.create(service);
  });

  afterAll(async () => {
    await client?.dispose();
    worker?.kill('SIGTERM');
    await service.stop();
  });

  it('announces the change once the worker has applied it', async () => {
    const org = await fixture.university();
    const branchId = await fixture.branch(org);
    client = subscriptionClient(service.url, bearer(org.adminToken));
    const figures = subscribe(client, FIGURES, { universityId: org.universityId, year: 2019 });
    await untilListening(figures, async () => void (await fixture.must('renameBranch', { branchId, name: `预热 ${Date.now()}` })));
    await forgetWarmUp(await headOf(service), figures);

    const position = (await fixture.must('establishBranch', {
      universityId: org.universityId, unitId: org.unitId, name: '集群教工支部', kind: 'TEACHER', establishedOn: '2018-09-01', memberCount: 6,
    })).positions[0];
    const recordedAt = Date.now();
    await eventually(() => figures.received.length >= 1, 'the worker applied the new branch');
    expect(figures.receivedAt[0]! - recordedAt).toBeLessThan(1000);
    expect(figures.received[0]).toEqual({ data: { figuresChanged: { universityId: org.universityId, year: 2019, position } } });
    // Every projection that reads a new branch had applied it (the others' checkpoints need not have moved).
    const handlers = ALL_PROJECTIONS.filter((projection) => (projection.eventTypes as readonly string[]).includes('BranchEstablished')).map(({ name }) => name);
    const { rows } = await service.database.sql.query<{ name: string; position: string }>(
      `SELECT name, position FROM projection_generations WHERE status = 'LIVE' AND name = ANY($1::text[])`,
      [handlers],
    );
    expect(rows.map((row) => row.name).sort()).toEqual([...handlers].sort());
    for (const row of rows) expect(BigInt(row.position)).toBeGreaterThanOrEqual(BigInt(position));
  });
});
