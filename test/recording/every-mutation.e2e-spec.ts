import { randomUUID } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { ServiceUnderTest } from '../service-under-test.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { verifyChains } from '../../libs/event-store/src/chain-verification.js';
import { OrganizationFixture, type CommandResult, type Organization } from './organization-fixture.js';
import { CONTRACT_MUTATIONS, MUTATION_CASES, type MutationCase, type Scenario } from './mutation-cases.js';
import { expectRefused } from './refusal-expectations.js';

// Every mutation of the contract over HTTP: what it records, and each way it is refused.
// erasePerson answers a Boolean, not a CommandResult: see erase-person.e2e-spec.ts.

const sharedContract = new URL('../../../shared/contract/schema.graphql', import.meta.url);
const contract = readFileSync(
  existsSync(sharedContract) ? sharedContract : new URL('../../contract/schema.graphql', import.meta.url),
  'utf8',
);

describe('every mutation over HTTP', () => {
  let service: ServiceUnderTest;
  let f: OrganizationFixture;
  let org: Organization;
  /** UNIVERSITY_ADMIN of another university. */
  let foreignToken: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    f = await OrganizationFixture.create(service);
    org = await f.university();
    foreignToken = (await f.university()).adminToken;
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('covers every mutation of the contract (rebuildProjection belongs to the read side)', () => {
    const mutations = (buildSchema(contract).getMutationType() as GraphQLObjectType).getFields();
    expect([...CONTRACT_MUTATIONS, 'rebuildProjection'].sort()).toEqual(Object.keys(mutations).sort());
  });

  describe.each(MUTATION_CASES.map((c) => [c.mutation, c] as const))('%s', (mutation, c: MutationCase) => {
    let scenario: Scenario;
    let first: CommandResult;
    const commandId = randomUUID();

    beforeAll(async () => {
      scenario = await c.arrange(f, org);
    });

    it('refuses a call without a token (UNAUTHENTICATED)', async () => {
      await expectRefused(f, () => f.call(mutation, scenario.input), 'UNAUTHENTICATED');
    });

    it('refuses a call with a token that is not ours (UNAUTHENTICATED)', async () => {
      const forged = `${f.municipalToken.slice(0, -4)}AAAA`;
      await expectRefused(f, () => f.call(mutation, scenario.input, forged), 'UNAUTHENTICATED');
    });

    it('refuses a write outside the caller\'s scope (FORBIDDEN)', async () => {
      await expectRefused(f, () => f.call(mutation, scenario.input, foreignToken), 'FORBIDDEN');
    });

    it('refuses malformed input (BAD_USER_INPUT)', async () => {
      await expectRefused(f, () => f.call(mutation, c.malformed(scenario.input), f.municipalToken), 'BAD_USER_INPUT');
    });

    if (c.rules.length > 0) {
      it.each(c.rules.map((rule) => [rule.rule, rule] as const))('refuses a broken rule (RULE_VIOLATED %s)', async (rule, broken) => {
        const input = await broken.arrange(f, org);
        await expectRefused(f, () => f.call(mutation, input, f.municipalToken), 'RULE_VIOLATED', rule);
      });
    }

    it(`records one ${c.event} and answers its CommandResult`, async () => {
      const versionBefore = await f.streamVersion(scenario.streamId);
      const countBefore = await f.eventCount();
      const input = {
        ...scenario.input,
        commandId,
        ...(c.takesExpectedVersion ? { expectedVersion: versionBefore } : {}),
      };
      const response = await f.call(mutation, input, f.municipalToken);
      expect(response.errors).toBeUndefined();
      first = response.data![mutation]!;
      expect(first).toEqual({
        streamId: scenario.streamId,
        version: versionBefore + 1,
        positions: [expect.stringMatching(/^\d+$/)],
        id: scenario.createdId,
      });
      expect(await f.eventCount()).toBe(countBefore + 1);
      const [stored] = await f.eventsOfCommand(commandId);
      expect(stored).toMatchObject({
        position: first.positions[0],
        streamId: scenario.streamId,
        version: first.version,
        type: c.event,
        metadata: expect.objectContaining({ commandId, actor: 'test-municipal_admin' }),
      });
    });

    it('answers a repeated commandId with the first result, positions included, and records once', async () => {
      expect(first).toBeDefined();
      const countBefore = await f.eventCount();
      const again = await f.call(mutation, { ...scenario.input, commandId }, f.municipalToken);
      expect(again.errors).toBeUndefined();
      expect(again.data![mutation]).toEqual(first);
      expect(await f.eventCount()).toBe(countBefore);
      expect(await f.eventsOfCommand(commandId)).toHaveLength(1);
    });

    if (c.takesExpectedVersion) {
      it('refuses a stale expectedVersion (CONFLICT)', async () => {
        expect(first).toBeDefined();
        const stale = first.version - 1;
        const response = await expectRefused(
          f,
          () => f.call(mutation, { ...scenario.input, expectedVersion: stale }, f.municipalToken),
          'CONFLICT',
        );
        expect(response.errors?.[0]?.extensions?.actualVersion).toBe(first.version);
      });
    }
  });

  describe('ids the command creates', () => {
    it.each([
      ['registerUnit', (o: Organization) => ({ universityId: o.universityId, name: 'Generated unit' }), 'unitId'],
      ['establishBranch', (o: Organization) => ({
        universityId: o.universityId, unitId: o.unitId, name: 'Generated branch', kind: 'STAFF', establishedOn: '2018-03-01', memberCount: 4,
      }), 'branchId'],
      ['registerPerson', (o: Organization) => ({ universityId: o.universityId, name: '王五' }), 'personId'],
      ['holdTrainingSession', (o: Organization) => ({
        organizer: 'UNIT', universityId: o.universityId, unitId: o.unitId, title: 'Generated', startsOn: '2018-07-01', endsOn: '2018-07-01', hours: 4,
      }), 'sessionId'],
    ] as const)('%s generates the id when none is given and serves it as CommandResult.id', async (mutation, build, field) => {
      const result = await f.must(mutation, build(org));
      expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
      const [event] = await f.eventsOfStream(result.streamId).then((events) => events.slice(-1));
      expect(event!.data[field]).toBe(result.id);
    });

    it('recordMeeting and openRectificationCase generate meeting and case ids', async () => {
      const branchId = await f.branch(org);
      const meeting = await f.must('recordMeeting', { branchId, kinds: ['STUDY'], heldOn: '2018-06-01', expected: 5, present: 5, topic: 't' });
      expect(meeting.id).toMatch(/^[0-9a-f-]{36}$/);
      await f.screening(branchId, 2018, 'LAGGING');
      const opened = await f.must('openRectificationCase', {
        branchId, year: 2018, categories: ['WEAK_COHESION'], problems: ['p'], measures: ['m'], deadline: '2018-12-31',
      });
      expect(opened.id).toMatch(/^[0-9a-f-]{36}$/);
      const events = await f.eventsOfStream(`branch-${branchId}`);
      expect(events.find((event) => event.type === 'MeetingHeld')!.data.meetingId).toBe(meeting.id);
      expect(events.find((event) => event.type === 'RectificationCaseOpened')!.data.caseId).toBe(opened.id);
    });
  });

  describe('repeated commandIds beyond the table', () => {
    it('answers concurrent repeats of one commandId alike, generated id included, and records once', async () => {
      const branchId = await f.branch(org);
      const commandId = randomUUID();
      const input = { commandId, branchId, kinds: ['COMMITTEE'], heldOn: '2018-06-05', expected: 5, present: 5, topic: 'once' };
      const responses = await Promise.all(Array.from({ length: 8 }, () => f.call('recordMeeting', input, f.municipalToken)));
      for (const response of responses) expect(response.errors).toBeUndefined();
      const results = responses.map((response) => response.data!.recordMeeting);
      const [stored] = await f.eventsOfCommand(commandId);
      for (const result of results) {
        expect(result).toEqual({ streamId: `branch-${branchId}`, version: 2, positions: [stored!.position], id: stored!.data.meetingId });
      }
      expect(await f.eventsOfCommand(commandId)).toHaveLength(1);
    });

    it('records every one of many concurrent commands on one stream (no expectedVersion), each at its own version, never CONFLICT', async () => {
      const branchId = await f.branch(org);
      const responses = await Promise.all(
        Array.from({ length: 24 }, (_, index) =>
          f.call('recordMeeting', { commandId: randomUUID(), branchId, kinds: ['STUDY'], heldOn: '2018-06-06', expected: 5, present: 5, topic: `busy ${index}` }, f.municipalToken),
        ),
      );
      for (const response of responses) expect(response.errors).toBeUndefined();
      const versions = responses.map((response) => (response.data!.recordMeeting as { version: number }).version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 24 }, (_, index) => index + 2));
      expect((await f.eventsOfStream(`branch-${branchId}`)).filter((event) => event.type === 'MeetingHeld')).toHaveLength(24);
    });

    it('answers concurrent repeats carrying an expectedVersion with the first result, never CONFLICT', async () => {
      const branchId = await f.branch(org);
      const commandId = randomUUID();
      const input = { commandId, expectedVersion: 1, branchId, name: 'renamed once' };
      const responses = await Promise.all(Array.from({ length: 8 }, () => f.call('renameBranch', input, f.municipalToken)));
      for (const response of responses) expect(response.errors).toBeUndefined();
      const [stored] = await f.eventsOfCommand(commandId);
      for (const response of responses) {
        expect(response.data!.renameBranch).toEqual({ streamId: `branch-${branchId}`, version: 2, positions: [stored!.position], id: null });
      }
    });

    it('refuses a repeated commandId from a caller outside the scope (FORBIDDEN), not with the first result', async () => {
      const branchId = await f.branch(org);
      const commandId = randomUUID();
      await f.must('renameBranch', { commandId, branchId, name: 'mine' });
      const inspector = await f.token({ role: 'INSPECTOR' });
      for (const token of [foreignToken, inspector]) {
        await expectRefused(f, () => f.call('renameBranch', { commandId, branchId, name: 'mine' }, token), 'FORBIDDEN');
      }
    });
  });

  describe('another process writing the same stream', () => {
    it('decides on what the other process recorded: chains onto its events, and is refused once it dissolved the branch', async () => {
      const branchId = await f.branch(org);
      const streamId = `branch-${branchId}`;
      const meeting = { branchId, kinds: ['STUDY'], heldOn: '2018-06-07', expected: 5, present: 5, topic: 'here' };
      const first = await f.must('recordMeeting', meeting);
      // Another API process: a store of its own over the same database, unknown to this one's caches.
      const elsewhere = new PostgresEventStore(service.database.sql, { notify: false });
      const metadata = { actor: 'other-process', universityId: org.universityId };
      const recorded = (await f.eventsOfStream(streamId)).at(-1)!;
      await elsewhere.append(streamId, [{ type: 'MeetingHeld', data: { ...recorded.data, meetingId: randomUUID(), topic: 'there' } }], {
        expectedVersion: first.version,
        metadata,
      });

      const second = await f.must('recordMeeting', { ...meeting, topic: 'here again' });
      expect(second.version).toBe(first.version + 2);
      expect(await verifyChains(service.database.sql)).toMatchObject({ ok: true });

      await elsewhere.append(streamId, [{ type: 'BranchDissolved', data: { on: '2018-06-08', reason: '撤销', mergedInto: null } }], {
        expectedVersion: second.version,
        metadata,
      });
      const refused = await f.call('recordMeeting', { ...meeting, heldOn: '2018-06-09', topic: 'too late' }, f.municipalToken);
      expect(refused.errors?.[0]?.extensions?.code).toBe('RULE_VIOLATED');
      expect(await f.streamVersion(streamId)).toBe(second.version + 1);
      await elsewhere.close();
    });
  });

  describe('refusals the table does not show', () => {
    it.each([
      ['renameBranch', () => ({ branchId: 'no-such-branch', name: 'x' })],
      ['registerUnit', () => ({ universityId: 'no-such-university', name: 'x' })],
      ['establishBranch', () => ({
        universityId: org.universityId, unitId: 'no-such-unit', name: 'x', kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 3,
      })],
      ['moveBranch', async () => ({ branchId: await f.branch(org), unitId: 'no-such-unit', on: '2018-09-01' })],
      ['correctMeeting', async () => ({ branchId: await f.branch(org), meetingId: 'no-such-meeting', reason: 'r', present: 1 })],
      ['recordRectificationStep', async () => ({ branchId: await f.branch(org), caseId: 'no-such-case', on: '2018-09-01', kind: 'OTHER' })],
      ['resolveFinding', async () => ({ branchId: await f.branch(org), findingId: 'no-such-finding', on: '2018-09-01', note: 'n' })],
      ['recordTrainingAttendance', async () => ({
        sessionId: 'no-such-session', attendees: [{ personId: 'p', branchId: await f.branch(org), role: 'SECRETARY' }],
      })],
      ['recordTrainingAttendance', async () => ({
        sessionId: await f.session('MUNICIPAL'), attendees: [{ personId: 'p', branchId: 'no-such-branch', role: 'SECRETARY' }],
      })],
      ['recordPartyMembersHome', () => ({ universityId: org.universityId, unitId: 'no-such-unit', on: '2018-06-01' })],
      ['recordBranchWorkStudy', () => ({ universityId: 'no-such-university', on: '2018-06-01', topic: 't' })],
      ['holdTrainingSession', () => ({
        organizer: 'UNIVERSITY', universityId: 'no-such-university', title: 't', startsOn: '2018-07-01', endsOn: '2018-07-01', hours: 2,
      })],
      ['registerPerson', () => ({ universityId: 'no-such-university', name: '赵六' })],
    ] as const)('%s answers NOT_FOUND for an id that names nothing', async (mutation, build) => {
      const input = await build();
      await expectRefused(f, () => f.call(mutation, input, f.municipalToken), 'NOT_FOUND');
    });

    it('answers CONFLICT for an id or version string already used', async () => {
      const branchId = await f.branch(org);
      const policy = MUTATION_CASES.find((c) => c.mutation === 'publishPolicy')!;
      const published = await policy.arrange(f, org);
      await f.must('publishPolicy', published.input);
      const cases: [string, Record<string, unknown>][] = [
        ['registerUniversity', { id: org.universityId, name: 'again' }],
        ['registerUnit', { universityId: org.universityId, unitId: org.unitId, name: 'again' }],
        ['establishBranch', {
          branchId, universityId: org.universityId, unitId: org.unitId, name: 'again', kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 3,
        }],
        ['publishPolicy', published.input],
      ];
      for (const [mutation, input] of cases) {
        await expectRefused(f, () => f.call(mutation, input, f.municipalToken), 'CONFLICT');
      }
    });
  });
});
