import { PassThrough } from 'node:stream';
import { ServiceUnderTest } from '../service-under-test.js';
import { OrganizationFixture } from '../recording/organization-fixture.js';
import { expectRefused } from '../recording/refusal-expectations.js';

// The regression tests of issue 7's defects, each as it was found: two universities A and B, both
// with a unit `u1`, tokens of A aimed at B's records, and input that used to answer 500.

describe('tenant isolation and hardening: the defects of issue 7', () => {
  let service: ServiceUnderTest;
  let f: OrganizationFixture;
  const logLines: string[] = [];
  const a = { universityId: '', branchId: '', personId: '', adminToken: '' };
  const b = { universityId: '', branchId: '', personId: '', name: 'B校同志', adminToken: '' };

  beforeAll(async () => {
    const logs = new PassThrough();
    logs.on('data', (chunk: Buffer) => logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    service = await ServiceUnderTest.start({ logLevel: 'info' }, { logDestination: logs });
    f = await OrganizationFixture.create(service);
    for (const [side, name] of [[a, 'A'], [b, 'B']] as const) {
      side.universityId = f.id(`uni${name}`);
      await f.must('registerUniversity', { id: side.universityId, name: `大学${name}` });
      await f.must('registerUnit', { universityId: side.universityId, unitId: 'u1', name: `学院${name}` });
      side.branchId = (await f.must('establishBranch', {
        universityId: side.universityId, unitId: 'u1', name: `支部${name}`, kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 5,
      })).id!;
      side.personId = (await f.must('registerPerson', { universityId: side.universityId, name: name === 'B' ? b.name : '甲' })).id!;
      side.adminToken = await f.token({ role: 'UNIVERSITY_ADMIN', universityId: side.universityId });
    }
  });
  afterAll(async () => {
    await service?.stop();
  });

  const asOfNow = () => new Date(Date.now() + 1000).toISOString();
  const BRANCH_AS_OF = 'query ($id: ID!, $asOf: DateTime!) { branchAsOf(id: $id, asOf: $asOf) { id name universityId } }';

  it('1: a UNIT_ADMIN of A reads nothing of B\'s branch whose unit id is the same (u1)', async () => {
    const unitAdmin = await f.token({ role: 'UNIT_ADMIN', universityId: a.universityId, unitId: 'u1' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const foreign = await service.graphql(BRANCH_AS_OF, { id: b.branchId, asOf: asOfNow() }, unitAdmin);
    expect(foreign.errors).toBeUndefined();
    expect(foreign.data?.branchAsOf).toBeNull();
    const own = await service.graphql(BRANCH_AS_OF, { id: a.branchId, asOf: asOfNow() }, unitAdmin);
    expect(own.data?.branchAsOf).toMatchObject({ id: a.branchId, universityId: a.universityId });
    const branch = await service.graphql('query ($id: ID!) { branch(id: $id) { id } }', { id: b.branchId }, unitAdmin);
    expect(branch.data?.branch).toBeNull();
  });

  it('2: a command naming a person registered in another university is BAD_USER_INPUT, as for a person of nowhere', async () => {
    const election = (personId: string) => ({
      branchId: a.branchId, heldOn: '2018-04-01', secretary: { personId, title: 'PROFESSOR', academicBackbone: true },
    });
    const foreign = await expectRefused(f, () => f.call('holdElection', election(b.personId), a.adminToken), 'BAD_USER_INPUT');
    const nowhere = await expectRefused(f, () => f.call('holdElection', election('nobody-at-all'), a.adminToken), 'BAD_USER_INPUT');
    expect(foreign.errors![0]!.message.replace(b.personId, 'X')).toBe(nowhere.errors![0]!.message.replace('nobody-at-all', 'X'));
    expect(JSON.stringify(foreign)).not.toContain(b.universityId);

    const sessionId = (await f.must('holdTrainingSession', {
      organizer: 'MUNICIPAL', title: '示范培训班', startsOn: '2018-06-01', endsOn: '2018-06-02', hours: 8,
    })).id!;
    await expectRefused(
      f,
      () => f.call('recordTrainingAttendance', { sessionId, attendees: [{ personId: b.personId, branchId: a.branchId, role: 'SECRETARY' }] }, a.adminToken),
      'BAD_USER_INPUT',
    );
    await expectRefused(
      f,
      () => f.call('recordTrainingAttendance', { sessionId, attendees: [{ personId: b.personId, branchId: b.branchId, role: 'SECRETARY' }] }, a.adminToken),
      'FORBIDDEN',
    );
  });

  it('3: a commandId belongs to its caller\'s university and stream', async () => {
    const meeting = (branchId: string, topic: string) => ({
      commandId: 'shared-key-1', branchId, kinds: ['COMMITTEE'], heldOn: '2018-05-10', expected: 5, present: 5, topic,
    });
    const first = await f.must('recordMeeting', meeting(b.branchId, 'B的支委会'), b.adminToken);
    const mine = await f.must('recordMeeting', meeting(a.branchId, 'A的支委会'), a.adminToken);
    expect(mine.streamId).toBe(`branch-${a.branchId}`);
    expect(mine.positions).not.toEqual(first.positions);
    expect(mine.id).not.toBe(first.id);
    const repeat = await f.must('recordMeeting', meeting(a.branchId, 'A的支委会'), a.adminToken);
    expect(repeat).toEqual(mine);
    const changed = await expectRefused(f, () => f.call('recordMeeting', meeting(a.branchId, '另一个会'), a.adminToken), 'CONFLICT');
    expect(changed.errors![0]!.message).not.toContain(b.universityId);
  });

  it('4: scope claims must be there, and a unit or branch must lie in the token\'s university', async () => {
    for (const token of [
      await f.token({ role: 'UNIT_ADMIN', unitId: 'u1' }),
      await f.token({ role: 'BRANCH_SECRETARY', branchId: b.branchId }),
      await f.token({ role: 'PORTAL' }),
    ]) {
      const response = await service.graphql('{ universities { id } }', {}, token);
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const crossSecretary = await f.token({ role: 'BRANCH_SECRETARY', universityId: a.universityId, branchId: b.branchId });
    const read = await service.graphql('query ($id: ID!) { branch(id: $id) { id } }', { id: b.branchId }, crossSecretary);
    expect(read.data?.branch).toBeNull();
    await expectRefused(
      f,
      () => f.call('recordMeeting', { branchId: b.branchId, kinds: ['COMMITTEE'], heldOn: '2018-05-11', expected: 5, present: 5, topic: 't' }, crossSecretary),
      'FORBIDDEN',
    );
    const universities = await service.graphql<{ universities: { id: string }[] }>('{ universities { id } }', {}, crossSecretary);
    expect(universities.data?.universities.map((university) => university.id)).toEqual([a.universityId]);
  });

  it('8: a refused write reads the same whether the branch is another university\'s or nobody\'s', async () => {
    const rename = (branchId: string) => () => f.call('renameBranch', { branchId, name: '改名' }, a.adminToken);
    const foreign = await expectRefused(f, rename(b.branchId), 'FORBIDDEN');
    const nowhere = await expectRefused(f, rename('no-such-branch'), 'FORBIDDEN');
    expect(foreign.errors![0]!.message.replace(b.branchId, 'X')).toBe(nowhere.errors![0]!.message.replace('no-such-branch', 'X'));
    const taken = await expectRefused(f, () => f.call('registerPerson', { personId: b.personId, universityId: a.universityId, name: 'x' }, a.adminToken), 'CONFLICT');
    expect(JSON.stringify(taken)).not.toContain(b.universityId);
    expect(JSON.stringify(taken)).not.toContain('registered');
  });

  it('6: no log line holds the bearer token; a denied attempt is one structured line', async () => {
    const token = await f.token({ role: 'UNIVERSITY_ADMIN', universityId: a.universityId, subject: 'officer-li' });
    await f.call('renameBranch', { branchId: b.branchId, name: '改名' }, token);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(f.municipalToken);
    }
    const denied = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.event === 'access-denied' && entry.subject === 'officer-li');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ code: 'FORBIDDEN', role: 'UNIVERSITY_ADMIN', field: 'renameBranch', target: `branch ${b.branchId}` });
  });

  describe('7: input that used to answer INTERNAL_SERVER_ERROR', () => {
    it.each([
      ['a NUL in a name', { universityId: '', name: '张\u0000三' }],
      ['a NUL in an id', { personId: 'p\u0000', universityId: '', name: '张三' }],
      ['a lone surrogate', { universityId: '', name: '张\ud800三' }],
    ])('registerPerson with %s is BAD_USER_INPUT and records nothing, registry included', async (_case, input) => {
      const registry = async () => Number((await service.database.sql.query<{ n: string }>('SELECT count(*) AS n FROM person_registry')).rows[0]!.n);
      const before = await registry();
      await expectRefused(f, () => f.call('registerPerson', { ...input, universityId: a.universityId }), 'BAD_USER_INPUT');
      expect(await registry()).toBe(before);
    });

    it('refuses NUL in an inline literal, positions beyond bigint, bad cursors and an asOf before any policy', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['{ branch(id: "x\\u0000") { id } }', {}],
        ['{ universities(atLeastPosition: "99999999999999999999999") { id } }', {}],
        ['{ universities(atLeastPosition: "12abc") { id } }', {}],
        ['{ branches(after: "!!not-a-cursor") { totalCount } }', {}],
        ['{ auditTrail(streamId: "policy", after: "djo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk=") { edges { cursor } } }', {}],
        ['{ trainingCoverage(year: 2019, asOf: "2017-01-01T00:00:00Z") { policyVersion } }', {}],
      ];
      for (const [query, variables] of cases) {
        const response = await service.graphql(query, variables, f.municipalToken);
        expect(response.status).toBeLessThan(500);
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      // The inline check is remembered per parsed document: the same text is refused again, and a
      // clean one beside it is not.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const again = await service.graphql('{ branch(id: "x\\u0000") { id } }', {}, f.municipalToken);
        expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(again.errors?.[0]?.message).toBe('invalid input: a string in the query holds a NUL character');
        const clean = await service.graphql('{ branch(id: "x") { id } }', {}, f.municipalToken);
        expect(clean.errors).toBeUndefined();
      }
      const early = await service.graphql('{ dualLeaderStats(year: 2019, asOf: "2018-02-01T00:00:00Z") { policyVersion } }', {}, f.municipalToken);
      expect(early.errors?.[0]?.extensions?.earliestAsOf).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    });
  });
});
