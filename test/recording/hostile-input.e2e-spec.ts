import { randomUUID } from 'node:crypto';
import { BASELINE_POLICY_2018_1 } from '../../libs/policy/src/baseline-policy/baseline-2018-1.js';
import { ServiceUnderTest, type GraphQLResponse } from '../service-under-test.js';
import { mutationDocument, OrganizationFixture, type Organization } from './organization-fixture.js';
import { expectClientError, expectRefused } from './refusal-expectations.js';

// Hostile and careless input: every call is answered with a clear GraphQL error (or a correct
// result), never an HTTP 5xx or INTERNAL_SERVER_ERROR, and a refused call records nothing.

const BASELINE_RULES = BASELINE_POLICY_2018_1.rules.map((rule) => ({ ...rule, params: { ...rule.params } }));

describe('hostile input over HTTP', () => {
  let service: ServiceUnderTest;
  let f: OrganizationFixture;
  let org: Organization;
  let branchId: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    f = await OrganizationFixture.create(service);
    org = await f.university();
    branchId = await f.branch(org);
  });
  afterAll(async () => {
    await service?.stop();
  });

  const call = (mutation: string, input: Record<string, unknown>) => () => f.call(mutation, input, f.municipalToken);
  const branch = (extra: Record<string, unknown>) => ({
    universityId: org.universityId, unitId: org.unitId, name: 'b', kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 3, ...extra,
  });
  const meeting = (extra: Record<string, unknown>) => ({
    branchId, kinds: ['COMMITTEE'], heldOn: '2018-05-01', expected: 5, present: 5, topic: 't', ...extra,
  });

  describe('oversized strings', () => {
    const huge = 'x'.repeat(100_000);
    it.each([
      ['registerUniversity', () => ({ id: f.id('uni'), name: huge })],
      ['registerUniversity', () => ({ id: huge, name: 'n' })],
      ['registerUnit', () => ({ universityId: org.universityId, name: huge })],
      ['establishBranch', () => branch({ name: huge })],
      ['renameBranch', () => ({ branchId, name: huge })],
      ['renameBranch', () => ({ branchId: huge, name: 'n' })],
      ['recordMeeting', () => meeting({ topic: huge })],
      ['recordMeeting', () => meeting({ resolutions: Array.from({ length: 101 }, () => 'r') })],
      ['registerPerson', () => ({ universityId: org.universityId, name: huge })],
      ['publishPolicy', () => ({ version: huge, effectiveFrom: '2018-01-18', rules: BASELINE_RULES })],
    ] as const)('%s with a 100 KB field or an overlong list is BAD_USER_INPUT', async (mutation, input) => {
      await expectRefused(f, call(mutation, input()), 'BAD_USER_INPUT');
    });

    it('answers a body over the size limit with a 4xx, never a 5xx', async () => {
      const before = await f.eventCount();
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${f.municipalToken}` },
        body: JSON.stringify({ query: mutationDocument('renameBranch'), variables: { input: { branchId, name: 'x'.repeat(3_000_000) } } }),
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await f.eventCount()).toBe(before);
    });

    it('answers a body that is not JSON with a 4xx, never a 5xx', async () => {
      const before = await f.eventCount();
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${f.municipalToken}` },
        body: '{"query": "mutation { renameBranch(',
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await f.eventCount()).toBe(before);
    });
  });

  describe('deeply nested JSON in policy params', () => {
    /** A publishPolicy request written by hand: JSON.stringify itself gives up long before the server should. */
    async function publishRaw(rulesJson: string) {
      const input = `{"version":${JSON.stringify(f.id('deep'))},"effectiveFrom":"2018-01-18","rules":${rulesJson}}`;
      const response = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${f.municipalToken}` },
        body: `{"query":${JSON.stringify(mutationDocument('publishPolicy'))},"variables":{"input":${input}}}`,
      });
      return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
    }
    const nestedJson = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const withTermParams = (paramsJson: string) =>
      `[${BASELINE_RULES.map((rule) =>
        rule.code === 'TERM' ? `{"code":"TERM","layer":"B","universityId":null,"params":${paramsJson}}` : JSON.stringify(rule),
      ).join(',')}]`;

    it.each([[5], [50], [5_000]])('refuses params nested %i levels deep (sent as a variable) as BAD_USER_INPUT', async (levels) => {
      await expectRefused(f, () => publishRaw(withTermParams(`{"graceYears":1,"extra":${nestedJson(levels)}}`)), 'BAD_USER_INPUT');
    });

    it('refuses params nested 5,000 levels deep in lists as BAD_USER_INPUT', async () => {
      await expectRefused(f, () => publishRaw(withTermParams(`{"graceYears":${'['.repeat(5_000)}1${']'.repeat(5_000)}}`)), 'BAD_USER_INPUT');
    });

    it('refuses a rule list nested 5,000 levels deep as BAD_USER_INPUT', async () => {
      await expectRefused(f, () => publishRaw(`${'['.repeat(5_000)}${']'.repeat(5_000)}`), 'BAD_USER_INPUT');
    });

    it('refuses 5,000 levels of nesting written inline in the query', async () => {
      const literal = `${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}`;
      const query = `mutation { publishPolicy(input: { version: "inline-deep", effectiveFrom: "2018-01-18",
        rules: [{ code: "TERM", layer: B, params: ${literal} }] }) { version } }`;
      await expectClientError(f, () => service.graphql(query, {}, f.municipalToken));
    });
  });

  describe('wrong types', () => {
    it.each([
      ['a string for an Int', 'establishBranch', () => branch({ memberCount: 'twelve' })],
      ['a fraction for an Int', 'establishBranch', () => branch({ memberCount: 1.5 })],
      ['an Int beyond 32 bits', 'establishBranch', () => branch({ memberCount: 2 ** 40 })],
      ['a number for a String', 'renameBranch', () => ({ branchId, name: 42 })],
      ['an object for a String', 'renameBranch', () => ({ branchId, name: { toString: 'x' } })],
      ['a string for a Boolean', 'acceptRectification', () => ({ branchId, caseId: 'c', on: '2018-11-01', passed: 'yes', acceptedBy: 'x' })],
      ['a string for a Float', 'allocateFunds', () => ({ branchId, year: 2018, amountYuan: '5000' })],
      ['a list for an ID', 'renameBranch', () => ({ branchId: [branchId], name: 'n' })],
      ['null for a required field', 'renameBranch', () => ({ branchId, name: null })],
      ['a missing required field', 'renameBranch', () => ({ branchId })],
      ['an unknown input field', 'renameBranch', () => ({ branchId, name: 'n', admin: true })],
      ['a string for a list of objects', 'recordTrainingAttendance', () => ({ sessionId: 's', attendees: 'everyone' })],
      ['a JSON string for policy params', 'publishPolicy', () => ({
        version: f.id('v'), effectiveFrom: '2018-01-18', rules: BASELINE_RULES.map((rule) => ({ ...rule, params: JSON.stringify(rule.params) })),
      })],
      ['a string for a year', 'rateBranch', () => ({ branchId, year: '2018', stars: 3 })],
      ['an expectedVersion that is negative', 'renameBranch', () => ({ branchId, name: 'n', expectedVersion: -1 })],
    ] as const)('%s is BAD_USER_INPUT', async (_what, mutation, input) => {
      await expectRefused(f, call(mutation, input() as Record<string, unknown>), 'BAD_USER_INPUT');
    });

    it('refuses a missing input variable and a variable of the wrong input type', async () => {
      await expectRefused(f, () => service.graphql(mutationDocument('renameBranch'), {}, f.municipalToken), 'BAD_USER_INPUT');
      await expectRefused(f, () => service.graphql(mutationDocument('renameBranch'), { input: 'rename it' }, f.municipalToken), 'BAD_USER_INPUT');
    });

    it('refuses literals of the wrong type inline', async () => {
      const query = `mutation { establishBranch(input: { universityId: "${org.universityId}", unitId: "${org.unitId}", name: 7,
        kind: TEACHER, establishedOn: "2018-03-01", memberCount: "3" }) { id } }`;
      await expectRefused(f, () => service.graphql(query, {}, f.municipalToken), 'BAD_USER_INPUT');
    });
  });

  describe('unknown enum values', () => {
    it('refuses an unknown enum value written inline', async () => {
      const query = `mutation { establishBranch(input: { universityId: "${org.universityId}", unitId: "${org.unitId}", name: "n",
        kind: PROFESSORS, establishedOn: "2018-03-01", memberCount: 3 }) { id } }`;
      await expectRefused(f, () => service.graphql(query, {}, f.municipalToken), 'BAD_USER_INPUT');
    });

    it('refuses an enum value written as a string inline', async () => {
      const query = `mutation { establishBranch(input: { universityId: "${org.universityId}", unitId: "${org.unitId}", name: "n",
        kind: "TEACHER", establishedOn: "2018-03-01", memberCount: 3 }) { id } }`;
      await expectRefused(f, () => service.graphql(query, {}, f.municipalToken), 'BAD_USER_INPUT');
    });

    it.each([
      ['BranchKind', 'establishBranch', () => branch({ kind: 'PROFESSORS' })],
      ['BranchKind in lower case', 'establishBranch', () => branch({ kind: 'teacher' })],
      ['MeetingKind in a list', 'recordMeeting', () => meeting({ kinds: ['COMMITTEE', 'PICNIC'] })],
      ['ScreeningOutcome', 'screenBranch', () => ({ branchId, year: 2018, on: '2018-03-01', outcome: 'TERRIBLE' })],
      ['OfficerRole of an attendee', 'recordTrainingAttendance', () => ({ sessionId: 's', attendees: [{ personId: 'p', branchId, role: 'KING' }] })],
      ['TrainingOrganizer', 'holdTrainingSession', () => ({ organizer: 'PARTY', title: 't', startsOn: '2018-07-01', endsOn: '2018-07-01', hours: 1 })],
      ['PolicyLayer', 'publishPolicy', () => ({ version: 'v', effectiveFrom: '2018-01-18', rules: BASELINE_RULES.map((rule) => ({ ...rule, layer: 'Z' })) })],
      ['ReviewGrade (a number)', 'reviewSecretary', () => ({ branchId, year: 2018, grade: 1 })],
    ] as const)('refuses an unknown %s sent as a variable', async (_what, mutation, input) => {
      await expectRefused(f, call(mutation, input() as Record<string, unknown>), 'BAD_USER_INPUT');
    });
  });

  describe('invalid dates', () => {
    it.each([['2018-02-30'], ['2018-13-01'], ['2018-00-10'], ['2018-1-5'], ['18-01-05'], ['2018-01-05T00:00:00Z'], [''], ['tomorrow']])(
      'refuses the date %j as a variable and inline',
      async (day) => {
        await expectRefused(f, call('reportMemberCount', { branchId, on: day, count: 3 }), 'BAD_USER_INPUT');
        const query = `mutation { reportMemberCount(input: { branchId: "${branchId}", on: ${JSON.stringify(day)}, count: 3 }) { version } }`;
        await expectRefused(f, () => service.graphql(query, {}, f.municipalToken), 'BAD_USER_INPUT');
      },
    );

    it('refuses a date given as a number', async () => {
      await expectRefused(f, call('reportMemberCount', { branchId, on: 20180505, count: 3 }), 'BAD_USER_INPUT');
    });

    it('accepts 29 February of a leap year', async () => {
      const result = await f.must('reportMemberCount', { branchId, on: '2020-02-29', count: 4 });
      expect(result.streamId).toBe(`branch-${branchId}`);
    });
  });

  describe('negative and out-of-range numbers', () => {
    it.each([
      ['memberCount', 'establishBranch', () => branch({ memberCount: -1 })],
      ['count', 'reportMemberCount', () => ({ branchId, on: '2018-05-01', count: -5 })],
      ['expected', 'recordMeeting', () => meeting({ expected: -1, present: -1 })],
      ['present', 'recordMeeting', () => meeting({ present: -1 })],
      ['hours', 'holdTrainingSession', () => ({ organizer: 'MUNICIPAL', title: 't', startsOn: '2018-07-01', endsOn: '2018-07-01', hours: -8 })],
      ['amountYuan', 'allocateFunds', () => ({ branchId, year: 2018, amountYuan: -100 })],
      ['amountYuan (1e308)', 'recordFundsUse', () => ({ branchId, year: 2018, on: '2018-05-01', amountYuan: 1e308, purpose: 'p' })],
      ['stars (0)', 'rateBranch', () => ({ branchId, year: 2018, stars: 0 })],
      ['stars (-3)', 'rateBranch', () => ({ branchId, year: 2018, stars: -3 })],
      ['year (-2018)', 'reviewSecretary', () => ({ branchId, year: -2018, grade: 'GOOD' })],
      ['score (-1)', 'acceptRectification', () => ({ branchId, caseId: 'c', on: '2018-11-01', passed: true, score: -1, acceptedBy: 'x' })],
      ['plan month (0)', 'adoptAnnualPlan', () => ({ branchId, year: 2018, months: [{ month: 0, study: 's', activity: 'a' }] })],
    ] as const)('refuses a negative or out-of-range %s as BAD_USER_INPUT', async (_field, mutation, input) => {
      await expectRefused(f, call(mutation, input() as Record<string, unknown>), 'BAD_USER_INPUT');
    });

    it('refuses a negative termYears under its rule (TERM_YEARS)', async () => {
      const input = { branchId, heldOn: '2018-04-01', termYears: -3, secretary: { personId: await f.person(org), title: 'OTHER', academicBackbone: false } };
      await expectRefused(f, call('holdElection', input), 'RULE_VIOLATED', 'TERM_YEARS');
    });
  });

  describe('1,000 attendees in one recordTrainingAttendance call', () => {
    let branches: string[];
    // Attendees must be registered in their branch's university (DOMAIN.md §1).
    const trainees: string[] = [];
    beforeAll(async () => {
      branches = await Promise.all(Array.from({ length: 10 }, () => f.branch(org)));
      for (let start = 0; start < 1_000; start += 25) {
        trainees.push(...(await Promise.all(Array.from({ length: 25 }, () => f.person(org)))));
      }
    });
    const attendees = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        personId: trainees[index]!,
        branchId: branches[index % branches.length]!,
        role: (['SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER'] as const)[index % 3],
      }));

    it('records all 1,000 in one event', async () => {
      const sessionId = await f.session('UNIVERSITY', org);
      const commandId = randomUUID();
      const sent = attendees(1_000);
      const before = await f.eventCount();
      const response = await f.call('recordTrainingAttendance', { commandId, sessionId, attendees: sent }, org.adminToken);
      expect(response.status).toBe(200);
      expect(response.errors).toBeUndefined();
      expect(response.data!.recordTrainingAttendance).toMatchObject({ streamId: `training-session-${sessionId}`, version: 2 });
      expect(await f.eventCount()).toBe(before + 1);
      const [event] = await f.eventsOfCommand(commandId);
      expect(event!.type).toBe('TrainingAttendanceRecorded');
      expect(event!.data.attendees).toHaveLength(1_000);
      expect(event!.data.attendees).toEqual(sent);
    });

    it('refuses 1,000 attendees when one of them is named twice, recording none', async () => {
      const sessionId = await f.session('UNIVERSITY', org);
      const sent = attendees(1_000);
      sent[999] = { ...sent[999]!, personId: sent[0]!.personId };
      await expectRefused(f, call('recordTrainingAttendance', { sessionId, attendees: sent }), 'RULE_VIOLATED', 'ATTENDEE_ONCE_PER_SESSION');
    });

    it('refuses 1,000 attendees when one branch is outside the caller\'s scope, recording none', async () => {
      const sessionId = await f.session('MUNICIPAL');
      const foreignBranch = await f.branch(await f.university());
      const sent = attendees(1_000);
      sent[500] = { ...sent[500]!, branchId: foreignBranch };
      await expectRefused(f, () => f.call('recordTrainingAttendance', { sessionId, attendees: sent }, org.adminToken), 'FORBIDDEN');
    });

    it('refuses more attendees than one call takes (BAD_USER_INPUT)', async () => {
      const sessionId = await f.session('UNIVERSITY', org);
      await expectRefused(f, call('recordTrainingAttendance', { sessionId, attendees: attendees(2_001) }), 'BAD_USER_INPUT');
    });
  });

  describe('policy publications that do not validate', () => {
    const publish = (rules: unknown, extra: Record<string, unknown> = {}) =>
      call('publishPolicy', { version: f.id('bad'), effectiveFrom: '2018-01-18', rules, ...extra });

    it.each([
      ['an incomplete rule set (no DUAL_LEADER)', () => BASELINE_RULES.filter((rule) => rule.code !== 'DUAL_LEADER')],
      ['no MEETING_FREQUENCY rule', () => BASELINE_RULES.filter((rule) => rule.code !== 'MEETING_FREQUENCY')],
      ['no rules at all', () => []],
      ['an unknown rule code', () => [...BASELINE_RULES, { code: 'PICNICS', layer: 'X', universityId: null, params: {} }]],
      ['a duplicated rule', () => [...BASELINE_RULES, BASELINE_RULES.find((rule) => rule.code === 'TERM')!]],
      ['params of the wrong shape', () => BASELINE_RULES.map((rule) => (rule.code === 'TERM' ? { ...rule, params: { graceYears: 'one' } } : rule))],
      ['a negative minimum', () => BASELINE_RULES.map((rule, index) => (index === 0 ? { ...rule, params: { ...rule.params, min: -1 } } : rule))],
      ['params that are a list', () => BASELINE_RULES.map((rule) => (rule.code === 'TERM' ? { ...rule, params: [1] } : rule))],
      ['params that are null', () => BASELINE_RULES.map((rule) => (rule.code === 'TERM' ? { ...rule, params: null } : rule))],
      ['a __proto__ key in params', () => BASELINE_RULES.map((rule) => (rule.code === 'TERM' ? { ...rule, params: JSON.parse('{"graceYears":1,"__proto__":{"admin":true}}') } : rule))],
    ])('refuses %s as BAD_USER_INPUT', async (_what, rules) => {
      await expectRefused(f, publish(rules()), 'BAD_USER_INPUT');
    });

    it('stores a valid publication\'s params exactly as sent', async () => {
      const commandId = randomUUID();
      const version = f.id('exact');
      await f.must('publishPolicy', { commandId, version, effectiveFrom: '2018-01-18', rules: BASELINE_RULES });
      const [event] = await f.eventsOfCommand(commandId);
      expect(event!.data).toMatchObject({ version, effectiveFrom: '2018-01-18', rules: BASELINE_RULES });
    });

    it('refuses an empty or a 65-character version string as BAD_USER_INPUT', async () => {
      await expectRefused(f, publish(BASELINE_RULES, { version: '' }), 'BAD_USER_INPUT');
      await expectRefused(f, publish(BASELINE_RULES, { version: 'v'.repeat(65) }), 'BAD_USER_INPUT');
    });
  });
});
