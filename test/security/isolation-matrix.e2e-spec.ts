import { bearer, eventually, subscribe, subscriptionClient } from '../live-updates/subscription-client.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, getNamedType, isObjectType, type GraphQLObjectType } from 'graphql';
import { ServiceUnderTest, type GraphQLResponse } from '../service-under-test.js';
import { mutationDocument, ERASE_PERSON } from '../recording/organization-fixture.js';
import { MUTATION_CASES, type Writers } from '../recording/mutation-cases.js';
import { foreignFragments, storeState, twoUniversities, type TwoUniversities } from './two-universities.js';

// Issue 7, "What it must show": for every query, mutation and nested relation of the served schema,
// every role of university A aims a call at university B (the foreign university, B's unit `u1`
// whose id equals A's, B's branch, B's person). Each is refused or answers nothing of B, exactly as
// for an id that exists nowhere, and a refused write leaves the store as it was. The municipal admin
// and the inspector read everything by design, so for them the same calls must see B.

const SERVED_SCHEMA = buildSchema(
  readFileSync(fileURLToPath(new URL('../../apps/api/src/graphql/schema.graphql', import.meta.url)), 'utf8'),
);

const ROLES = [
  'MUNICIPAL_ADMIN',
  'INSPECTOR',
  'UNIVERSITY_ADMIN',
  'PORTAL',
  'UNIT_ADMIN',
  'BRANCH_SECRETARY',
  'BRANCH_SECRETARY of A naming B\'s branch',
] as const;
type Role = (typeof ROLES)[number];
const SEES_EVERYTHING: Role[] = ['MUNICIPAL_ADMIN', 'INSPECTOR'];
/** A secretary token of A whose branchId names B's branch: the service may reject it outright. */
const NAMES_B = 'BRANCH_SECRETARY of A naming B\'s branch';

type Aim = 'foreign university' | 'foreign unit u1' | 'foreign branch' | 'foreign person' | 'foreign stream' | 'own scope' | 'no tenant data';

type Check = (response: GraphQLResponse, w: TwoUniversities, role: Role) => void;

interface ReadProbe {
  aim: Aim;
  query: (w: TwoUniversities) => string;
  /** What a role of A gets. */
  scoped: Check;
  /** What the municipal admin and the inspector get: they see B. */
  everything: Check;
}

// ---------- expectations ----------

const answered = (response: GraphQLResponse) => {
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
};
const isNull = (field: string): Check => (response) => {
  answered(response);
  expect(response.data![field]).toBeNull();
};
const refused = (code: string): Check => (response) => {
  expect(response.status).toBeLessThan(500);
  expect(response.errors?.[0]?.extensions?.code).toBe(code);
  for (const value of Object.values(response.data ?? {})) expect(value).toBeNull();
};
const emptyConnection = (field: string): Check => (response) => {
  answered(response);
  expect(response.data![field]).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
};
const sees = (check: (data: Record<string, any>, w: TwoUniversities) => void): Check => (response, w) => {
  answered(response);
  check(response.data!, w);
};
/** Answers, with the figure's counter equal to what the role's scope in A holds. */
const counts = (field: string, counter: string, perRole: (role: Role) => number): Check => (response, _w, role) => {
  answered(response);
  expect(response.data![field][counter]).toBe(perRole(role));
};
/** Branch counts in A's scopes: A has a teacher branch in u1 and a student branch in u2. */
const branchesInScope = (role: Role) => (role === 'UNIVERSITY_ADMIN' || role === 'PORTAL' ? 2 : role === NAMES_B ? 0 : 1);
const teacherBranchesInScope = (role: Role) => (role === NAMES_B ? 0 : 1);
/** A unit admin's filter naming u1 is its own unit; a secretary's figures are its branch's. */
const unitU1Branches = (role: Role) => (role === NAMES_B ? 0 : 1);

const BRANCH_FIELDS = 'id name universityId unitId secretary { personId name } officers { personId name role }';
const CONNECTION = 'edges { cursor node { streamId universityId type data } } pageInfo { hasNextPage endCursor }';
const FIGURE_ARGS = 'year: 2018';

const QUERY_CASES: Record<string, ReadProbe[]> = {
  universities: [
    {
      aim: 'foreign university',
      query: () => '{ universities { id name units { id name universityId } } }',
      scoped: sees((data, w) => {
        expect(data.universities.map((u: { id: string }) => u.id)).toEqual([w.a.universityId]);
      }),
      everything: sees((data, w) => {
        const b = data.universities.find((u: { id: string }) => u.id === w.b.universityId);
        expect(b.units.map((u: { name: string }) => u.name)).toContain(w.b.unitName);
      }),
    },
  ],
  university: [
    {
      aim: 'foreign university',
      query: (w) => `{ university(id: "${w.b.universityId}") { id name units { id name universityId } } }`,
      scoped: isNull('university'),
      everything: sees((data, w) => expect(data.university.name).toBe(w.b.name)),
    },
    {
      aim: 'foreign unit u1',
      query: (w) => `{ university(id: "${w.a.universityId}") { id units { id name universityId } } }`,
      scoped: (response, w, role) => {
        if (role === NAMES_B) return; // its branch lies in no unit of A: anything but B is fine
        answered(response);
        const units = response.data!.university.units as { id: string; universityId: string }[];
        expect(units.every((unit) => unit.universityId === w.a.universityId)).toBe(true);
        const expected = role === 'UNIVERSITY_ADMIN' || role === 'PORTAL' ? ['u1', 'u2'] : ['u1'];
        expect(units.map((unit) => unit.id).sort()).toEqual(expected);
      },
      everything: sees((data, w) => expect(data.university.units.map((u: { name: string }) => u.name)).toContain(w.a.unitName)),
    },
  ],
  person: [
    {
      aim: 'foreign person',
      query: (w) => `{ person(id: "${w.b.secretaryId}") { id universityId name erased } }`,
      scoped: isNull('person'),
      everything: sees((data, w) => expect(data.person).toMatchObject({ universityId: w.b.universityId, name: w.b.secretaryName })),
    },
  ],
  branch: [
    {
      aim: 'foreign branch',
      query: (w) => `{ branch(id: "${w.b.branchId}") { ${BRANCH_FIELDS} } }`,
      scoped: isNull('branch'),
      everything: sees((data, w) => expect(data.branch.secretary).toEqual({ personId: w.b.secretaryId, name: w.b.secretaryName })),
    },
    {
      aim: 'own scope',
      query: (w) => `{ branch(id: "${w.a.branchId}") { ${BRANCH_FIELDS} } }`,
      scoped: (response, w, role) => {
        answered(response);
        if (role === NAMES_B) return expect(response.data!.branch).toBeNull();
        expect(response.data!.branch.officers.map((o: { name: string }) => o.name).sort()).toEqual([w.a.deputyName, w.a.memberName, w.a.secretaryName].sort());
      },
      everything: sees((data, w) => expect(data.branch.secretary.name).toBe(w.a.secretaryName)),
    },
  ],
  branches: [
    {
      aim: 'foreign university',
      query: (w) => `{ branches(filter: { universityId: "${w.b.universityId}" }) { totalCount edges { node { ${BRANCH_FIELDS} } } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data, w) => expect(data.branches.edges.map((e: any) => e.node.id)).toContain(w.b.branchId)),
    },
    {
      aim: 'foreign unit u1',
      query: (w) => `{ branches(filter: { universityId: "${w.b.universityId}", unitId: "u1" }) { totalCount edges { node { id } } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data, w) => expect(data.branches.edges.map((e: any) => e.node.id)).toEqual([w.b.branchId])),
    },
    {
      aim: 'own scope',
      query: () => `{ branches(filter: { unitId: "u1" }) { totalCount edges { node { ${BRANCH_FIELDS} } } } }`,
      scoped: (response, w, role) => {
        // a unit filter is not a secretary's to give: refused, or its own branch only (the spec leaves either)
        if ((role === 'BRANCH_SECRETARY' || role === NAMES_B) && response.errors) return refused('FORBIDDEN')(response, w, role);
        answered(response);
        const ids = response.data!.branches.edges.map((e: any) => e.node.id);
        expect(ids).toEqual(role === NAMES_B ? [] : [w.a.branchId]);
        expect(response.data!.branches.totalCount).toBe(ids.length);
      },
      everything: (response) => expect(response.status).toBeLessThan(500),
    },
    {
      aim: 'own scope',
      query: () => `{ branches(first: 500) { totalCount edges { node { ${BRANCH_FIELDS} } } } }`,
      scoped: (response, w, role) => {
        answered(response);
        const nodes = response.data!.branches.edges.map((e: any) => e.node);
        expect(nodes.every((node: { universityId: string }) => node.universityId === w.a.universityId)).toBe(true);
        expect(nodes).toHaveLength(branchesInScope(role));
      },
      everything: sees((data, w) => expect(data.branches.edges.map((e: any) => e.node.id)).toContain(w.b.branchId)),
    },
  ],
  rectificationLedger: [
    {
      aim: 'foreign university',
      query: (w) => `{ rectificationLedger(${FIGURE_ARGS}, universityId: "${w.b.universityId}") { entries { caseId branchName } summary { listed } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data, w) => expect(data.rectificationLedger.entries.map((e: any) => e.caseId)).toEqual([w.b.caseId])),
    },
    {
      aim: 'foreign unit u1',
      query: () => `{ rectificationLedger(${FIGURE_ARGS}, unitId: "u1") { entries { caseId branchId universityId unitId branchName problems } summary { listed } } }`,
      scoped: (response, w, role) => {
        if (role === 'BRANCH_SECRETARY' || role === NAMES_B) return; // a unit filter is not a secretary's; refused or nothing of B
        answered(response);
        expect(response.data!.rectificationLedger.entries.map((e: any) => e.caseId)).toEqual([w.a.caseId]);
      },
      everything: (response) => expect(response.status).toBeLessThan(500),
    },
    {
      aim: 'own scope',
      query: () => `{ rectificationLedger(${FIGURE_ARGS}) { universityId entries { caseId branchName universityId } summary { listed } } }`,
      scoped: (response, w, role) => {
        answered(response);
        expect(response.data!.rectificationLedger.entries.map((e: any) => e.caseId)).toEqual(role === NAMES_B ? [] : [w.a.caseId]);
      },
      everything: sees((data, w) => expect(data.rectificationLedger.entries.map((e: any) => e.caseId)).toEqual(expect.arrayContaining([w.a.caseId, w.b.caseId]))),
    },
  ],
  trainingCoverage: [
    {
      aim: 'foreign university',
      query: (w) => `{ trainingCoverage(${FIGURE_ARGS}, universityId: "${w.b.universityId}") { untrained { personId name branchId } secretaries { inOffice trained } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data, w) => expect(data.trainingCoverage.untrained.map((u: any) => u.name)).toEqual([w.b.secretaryName])),
    },
    {
      aim: 'foreign unit u1',
      query: () => `{ trainingCoverage(${FIGURE_ARGS}, unitId: "u1") { untrained { personId name branchId } secretaries { inOffice trained } byUnit { unitId unitName secretaries { inOffice } } } }`,
      scoped: (response, w, role) => {
        if (role === 'BRANCH_SECRETARY' || role === NAMES_B) return;
        answered(response);
        expect(response.data!.trainingCoverage.untrained).toEqual([{ personId: w.a.secretaryId, name: w.a.secretaryName, branchId: w.a.branchId }]);
        expect(response.data!.trainingCoverage.secretaries.inOffice).toBe(1);
      },
      everything: (response) => expect(response.status).toBeLessThan(500),
    },
    {
      aim: 'own scope',
      query: () => `{ trainingCoverage(${FIGURE_ARGS}) { untrained { personId name branchId } committeeMembers { inOffice trained } secretaries { inOffice } } }`,
      scoped: (response, w, role) => {
        answered(response);
        const names = response.data!.trainingCoverage.untrained.map((u: any) => u.name);
        expect(names).toEqual(role === NAMES_B ? [] : [w.a.secretaryName]);
      },
      everything: sees((data, w) => expect(data.trainingCoverage.untrained.map((u: any) => u.name)).toEqual(expect.arrayContaining([w.a.secretaryName, w.b.secretaryName]))),
    },
  ],
  dualLeaderStats: [
    {
      aim: 'foreign university',
      query: (w) => `{ dualLeaderStats(${FIGURE_ARGS}, universityId: "${w.b.universityId}") { teacherBranches byUnit { unitId } trend { year } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data) => expect(data.dualLeaderStats.teacherBranches).toBe(1)),
    },
    {
      aim: 'foreign unit u1',
      query: () => `{ dualLeaderStats(${FIGURE_ARGS}, unitId: "u1") { teacherBranches withDualLeader byUnit { unitId teacherBranches } } }`,
      scoped: (response, w, role) => {
        if (role === 'BRANCH_SECRETARY' || role === NAMES_B) return;
        counts('dualLeaderStats', 'teacherBranches', unitU1Branches)(response, w, role);
      },
      everything: (response) => expect(response.status).toBeLessThan(500),
    },
    {
      aim: 'own scope',
      query: () => `{ dualLeaderStats(${FIGURE_ARGS}) { teacherBranches withDualLeader byUnit { unitId unitName teacherBranches } } }`,
      scoped: counts('dualLeaderStats', 'teacherBranches', teacherBranchesInScope),
      everything: sees((data) => expect(data.dualLeaderStats.teacherBranches).toBeGreaterThanOrEqual(2)),
    },
  ],
  complianceSummary: [
    {
      aim: 'foreign university',
      query: (w) => `{ complianceSummary(${FIGURE_ARGS}, universityId: "${w.b.universityId}") { branches fullyCompliant } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data) => expect(data.complianceSummary.branches).toBe(2)),
    },
    {
      aim: 'foreign unit u1',
      query: () => `{ complianceSummary(${FIGURE_ARGS}, unitId: "u1") { branches fullyCompliant } }`,
      scoped: (response, w, role) => {
        if (role === 'BRANCH_SECRETARY' || role === NAMES_B) return;
        counts('complianceSummary', 'branches', unitU1Branches)(response, w, role);
      },
      everything: (response) => expect(response.status).toBeLessThan(500),
    },
    {
      aim: 'own scope',
      query: () => `{ complianceSummary(${FIGURE_ARGS}) { branches fullyCompliant } }`,
      scoped: counts('complianceSummary', 'branches', branchesInScope),
      everything: sees((data) => expect(data.complianceSummary.branches).toBeGreaterThanOrEqual(4)),
    },
  ],
  branchCompliance: [
    {
      aim: 'foreign branch',
      query: (w) => `{ branchCompliance(branchId: "${w.b.branchId}", ${FIGURE_ARGS}) { branchId rules { rule held } } }`,
      scoped: refused('NOT_FOUND'),
      everything: sees((data, w) => expect(data.branchCompliance.branchId).toBe(w.b.branchId)),
    },
  ],
  auditTrail: [
    ...(['branchId', 'universityId', 'personId', 'sessionId'] as const).map((key): ReadProbe => ({
      aim: key === 'personId' ? 'foreign person' : key === 'universityId' ? 'foreign university' : 'foreign stream',
      query: (w) => `{ auditTrail(streamId: "${streamOf(key, w.b[key])}") { ${CONNECTION} } }`,
      scoped: emptyConnection('auditTrail'),
      everything: sees((data) => expect(data.auditTrail.edges.length).toBeGreaterThan(0)),
    })),
  ],
  branchAsOf: [
    {
      aim: 'foreign unit u1',
      query: (w) => `{ branchAsOf(id: "${w.b.branchId}", asOf: "${new Date().toISOString()}") { ${BRANCH_FIELDS} } }`,
      scoped: isNull('branchAsOf'),
      everything: sees((data, w) => expect(data.branchAsOf.name).toBe(w.b.branchName)),
    },
  ],
  verifyIntegrity: [
    {
      aim: 'foreign university',
      query: (w) => `{ verifyIntegrity(universityId: "${w.b.universityId}") { ok streamsChecked eventsChecked firstBroken { streamId } } }`,
      scoped: refused('FORBIDDEN'),
      everything: sees((data) => expect(data.verifyIntegrity).toMatchObject({ ok: true, firstBroken: null })),
    },
    {
      aim: 'foreign stream',
      query: (w) => `{ verifyIntegrity(streamId: "branch-${w.b.branchId}") { ok streamsChecked eventsChecked firstBroken { streamId } } }`,
      scoped: (response, w, role) => {
        if (role !== 'UNIVERSITY_ADMIN') return refused('FORBIDDEN')(response, w, role);
        answered(response);
        expect(response.data!.verifyIntegrity).toEqual({ ok: true, streamsChecked: 0, eventsChecked: 0, firstBroken: null });
      },
      everything: sees((data) => expect(data.verifyIntegrity.eventsChecked).toBeGreaterThan(0)),
    },
  ],
  activePolicy: [
    {
      aim: 'no tenant data',
      query: () => '{ activePolicy { version effectiveFrom rules { code universityId } } }',
      scoped: (response) => answered(response),
      everything: (response) => answered(response),
    },
  ],
  policies: [
    {
      aim: 'no tenant data',
      query: () => '{ policies { version rules { code universityId } } }',
      scoped: (response) => answered(response),
      everything: (response) => answered(response),
    },
  ],
  projections: [
    {
      aim: 'no tenant data',
      query: () => '{ projections { name state position } }',
      scoped: refused('FORBIDDEN'),
      everything: sees((data) => expect(data.projections.length).toBeGreaterThan(0)),
    },
  ],
  storeDigest: [
    {
      // One hash over every university's streams: for the overseers only.
      aim: 'foreign university',
      query: () => '{ storeDigest { digest position events } }',
      scoped: refused('FORBIDDEN'),
      everything: sees((data) => expect(data.storeDigest.digest).toMatch(/^[0-9a-f]{64}$/)),
    },
  ],
};

function streamOf(key: 'branchId' | 'universityId' | 'personId' | 'sessionId', id: string): string {
  const prefix = { branchId: 'branch', universityId: 'university', personId: 'person', sessionId: 'training-session' }[key];
  return `${prefix}-${id}`;
}

/**
 * Nested relations reaching into tenant data (object-typed fields, and names served from the person
 * registry or the organizations): each is read by the probes of the queries listed.
 */
const NESTED_RELATIONS: Record<string, string[]> = {
  'University.units': ['universities', 'university'],
  'University.name': ['universities', 'university'],
  'Unit.name': ['universities', 'university'],
  'Branch.name': ['branch', 'branchAsOf'],
  'Branch.secretary': ['branch', 'branchAsOf'],
  'Branch.officers': ['branch', 'branches', 'branchAsOf'],
  'Officer.name': ['branch', 'branches', 'branchAsOf'],
  'BranchConnection.edges': ['branches'],
  'BranchConnection.pageInfo': ['auditTrail'],
  'BranchEdge.node': ['branches'],
  'Person.name': ['person'],
  'LedgerEntry.steps': [],
  'LedgerEntry.branchName': ['rectificationLedger'],
  'RectificationLedger.entries': ['rectificationLedger'],
  'RectificationLedger.summary': ['rectificationLedger'],
  'TrainingCoverage.secretaries': ['trainingCoverage'],
  'TrainingCoverage.committeeMembers': ['trainingCoverage'],
  'TrainingCoverage.untrained': ['trainingCoverage'],
  'TrainingCoverage.byUnit': ['trainingCoverage'],
  'UntrainedOfficer.name': ['trainingCoverage'],
  'UnitCoverage.secretaries': ['trainingCoverage'],
  'UnitCoverage.committeeMembers': [],
  'UnitCoverage.unitName': ['trainingCoverage'],
  'UnitDualLeaderStats.unitName': ['dualLeaderStats'],
  'DualLeaderStats.byUnit': ['dualLeaderStats'],
  'DualLeaderStats.trend': ['dualLeaderStats'],
  'BranchCompliance.rules': ['branchCompliance'],
  'AuditEventConnection.edges': ['auditTrail'],
  'AuditEventConnection.pageInfo': ['auditTrail'],
  'AuditEventEdge.node': ['auditTrail'],
  'IntegrityReport.firstBroken': ['verifyIntegrity'],
  'PolicyVersion.rules': ['activePolicy', 'policies'],
  'ProjectionStatus.name': ['projections'],
};

/**
 * Subscriptions reach tenant data as queries do: each is opened over WebSocket by every role while
 * B records something; a role of A receives nothing of B (or is refused), the overseers receive it.
 */
interface SubscriptionProbe {
  aim: Aim;
  document: (w: TwoUniversities) => string;
  /** What a role of A gets: nothing of B, or a refusal with this code. */
  scoped: 'NOTHING' | 'FORBIDDEN';
}

const SUBSCRIPTION_CASES: Record<string, SubscriptionProbe[]> = {
  eventRecorded: [{ aim: 'foreign university', document: () => 'subscription { eventRecorded { type streamId position universityId } }', scoped: 'NOTHING' }],
  figuresChanged: [
    {
      aim: 'foreign university',
      document: (w) => `subscription { figuresChanged(universityId: "${w.b.universityId}", year: 2019) { universityId year position } }`,
      scoped: 'FORBIDDEN',
    },
  ],
};

// ---------- mutations ----------

type Input = Record<string, unknown>;
/** NOT_HERE: the call is not this matrix's (the municipal admin's rebuilds are the projections' tests). */
type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_HERE';

interface Call {
  document: string;
  variables: Record<string, unknown>;
  /** B's branch the call writes to, named by the secretary token of A that names B's branch. */
  branchId?: string;
  /** Stream the municipal admin's allowed call writes to. */
  streamId?: string;
}

interface WriteProbe {
  aim: Aim;
  arrange(w: TwoUniversities): Promise<Call>;
  outcome(role: Role): Outcome;
  /**
   * Arranged afresh for every role: a service that wrongly accepts one role's call must not turn the
   * next role's call into another refusal (a rule broken by the first call's officers).
   */
  perRole?: boolean;
}

const inputCall = (mutation: string, input: Input, extra: Partial<Call> = {}): Call => ({
  document: mutationDocument(mutation),
  variables: { input },
  ...extra,
});

/** A write aimed at B: every role of A is FORBIDDEN, the municipal admin may. */
const FOREIGN_TARGET = (role: Role): Outcome => (role === 'MUNICIPAL_ADMIN' ? 'ALLOWED' : 'FORBIDDEN');

/** A write on A naming B's person: BAD_USER_INPUT for whoever may write there, FORBIDDEN for the rest. */
function namingForeignPerson(writers: Writers): (role: Role) => Outcome {
  return (role) => {
    const mayWrite =
      role === 'MUNICIPAL_ADMIN' ||
      (role === 'UNIVERSITY_ADMIN' && writers.universityAdmin) ||
      (role === 'UNIT_ADMIN' && writers.unitAdmin) ||
      (role === 'BRANCH_SECRETARY' && writers.secretary);
    return mayWrite ? 'BAD_USER_INPUT' : 'FORBIDDEN';
  };
}
const writersOf = (mutation: string) => MUTATION_CASES.find((c) => c.mutation === mutation)!.writers;

const secretaryInput = (personId: string) => ({ personId, title: 'LECTURER', academicBackbone: false });

/** A fresh teacher branch of A (9 members) with a committee of three registered in A: secretary, deputy, member. */
async function freshBranchOfA(w: TwoUniversities): Promise<{ branchId: string; secretaryId: string; memberId: string }> {
  const branchId = await w.fa.branch(w.a, { memberCount: 9 });
  const [secretaryId, deputyId, memberId] = [await w.fa.person(w.a), await w.fa.person(w.a), await w.fa.person(w.a)];
  await w.fa.must('holdElection', {
    branchId, heldOn: '2018-04-01', secretary: secretaryInput(secretaryId!), deputySecretaryIds: [deputyId], committeeMemberIds: [memberId],
  });
  return { branchId, secretaryId: secretaryId!, memberId: memberId! };
}

/** Every call is valid but for the person of B it names, on a fresh branch of A. */
const FOREIGN_PERSON_PROBES: Record<string, WriteProbe> = {
  holdElection: {
    aim: 'foreign person',
    arrange: async (w) => {
      const branch = await freshBranchOfA(w);
      return inputCall('holdElection', {
        branchId: branch.branchId, heldOn: '2018-09-01', secretary: secretaryInput(branch.secretaryId), deputySecretaryIds: [w.b.personId],
        committeeMemberIds: [branch.memberId],
      });
    },
    outcome: namingForeignPerson(writersOf('holdElection')),
  },
  replaceSecretary: {
    aim: 'foreign person',
    arrange: async (w) => inputCall('replaceSecretary', {
      branchId: (await freshBranchOfA(w)).branchId, on: '2018-09-01', secretary: secretaryInput(w.b.personId), reason: 'transfer',
    }),
    outcome: namingForeignPerson(writersOf('replaceSecretary')),
  },
  changeCommittee: {
    aim: 'foreign person',
    arrange: async (w) => inputCall('changeCommittee', {
      branchId: (await freshBranchOfA(w)).branchId, on: '2018-09-01', addIds: [w.b.personId], reason: 'by-election',
    }),
    outcome: namingForeignPerson(writersOf('changeCommittee')),
  },
  recordMeeting: {
    aim: 'foreign person',
    arrange: async (w) => {
      const branch = await freshBranchOfA(w);
      return inputCall('recordMeeting', {
        branchId: branch.branchId, kinds: ['COMMITTEE'], heldOn: '2018-06-10', expected: 9, present: 8,
        absentees: [{ personId: w.b.personId, reason: 'away' }], hostPersonId: branch.secretaryId, recorderPersonId: w.b.deputyId, topic: 'study',
      });
    },
    outcome: namingForeignPerson(writersOf('recordMeeting')),
  },
  openRectificationCase: {
    aim: 'foreign person',
    arrange: async (w) => {
      const { branchId } = await freshBranchOfA(w);
      await w.fa.screening(branchId, 2018, 'WEAK_LAX');
      return inputCall('openRectificationCase', {
        branchId, year: 2018, categories: ['OTHER'], problems: ['p'], measures: ['m'], deadline: '2018-12-31',
        liaisonLeaderId: w.b.personId, responsiblePersonId: w.b.secretaryId,
      });
    },
    outcome: namingForeignPerson(writersOf('openRectificationCase')),
  },
  assignLiaison: {
    aim: 'foreign person',
    arrange: async (w) => inputCall('assignLiaison', { branchId: (await freshBranchOfA(w)).branchId, liaisonLeaderId: w.b.personId, on: '2018-06-01' }),
    outcome: namingForeignPerson(writersOf('assignLiaison')),
  },
  recordTrainingAttendance: {
    aim: 'foreign person',
    arrange: async (w) => {
      const { branchId } = await freshBranchOfA(w);
      return inputCall('recordTrainingAttendance', {
        sessionId: await w.fa.session('UNIVERSITY', w.a), attendees: [{ personId: w.b.secretaryId, branchId, role: 'SECRETARY' }],
      });
    },
    outcome: namingForeignPerson(writersOf('recordTrainingAttendance')),
  },
};
for (const probe of Object.values(FOREIGN_PERSON_PROBES)) probe.perRole = true;

/** Writes naming B's unit u1 (the same id as A's u1). */
const FOREIGN_UNIT_PROBES: Record<string, WriteProbe> = {
  registerUnit: {
    aim: 'foreign unit u1',
    arrange: async (w) => inputCall('registerUnit', { universityId: w.b.universityId, unitId: w.fb.id('unit'), name: 'planted' }, {
      streamId: `university-${w.b.universityId}`,
    }),
    outcome: FOREIGN_TARGET,
  },
  establishBranch: {
    aim: 'foreign unit u1',
    arrange: async (w) => {
      const branchId = w.fb.id('branch');
      return inputCall('establishBranch', {
        branchId, universityId: w.b.universityId, unitId: 'u1', name: 'planted', kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 3,
      }, { streamId: `branch-${branchId}` });
    },
    outcome: FOREIGN_TARGET,
  },
  recordBranchWorkStudy: {
    aim: 'foreign unit u1',
    arrange: async (w) => inputCall('recordBranchWorkStudy', { universityId: w.b.universityId, unitId: 'u1', on: '2018-06-01', topic: 't' }, {
      streamId: `university-${w.b.universityId}`,
    }),
    outcome: FOREIGN_TARGET,
  },
  recordPartyMembersHome: {
    aim: 'foreign unit u1',
    arrange: async (w) => inputCall('recordPartyMembersHome', { universityId: w.b.universityId, unitId: 'u1', on: '2018-06-01' }, {
      streamId: `university-${w.b.universityId}`,
    }),
    outcome: FOREIGN_TARGET,
  },
  holdTrainingSession: {
    aim: 'foreign unit u1',
    arrange: async (w) => {
      const sessionId = w.fb.id('session');
      return inputCall('holdTrainingSession', {
        sessionId, organizer: 'UNIT', universityId: w.b.universityId, unitId: 'u1', title: 't', startsOn: '2018-07-02', endsOn: '2018-07-02', hours: 4,
      }, { streamId: `training-session-${sessionId}` });
    },
    outcome: FOREIGN_TARGET,
  },
  moveBranch: {
    // B's branch moved to B's u2 by A's unit admin of u1 (and the others)
    aim: 'foreign unit u1',
    arrange: async (w) => {
      const branchId = await w.fb.branch(w.b);
      return inputCall('moveBranch', { branchId, unitId: 'u2', on: '2018-09-01' }, { branchId, streamId: `branch-${branchId}` });
    },
    outcome: FOREIGN_TARGET,
  },
};

/** Every mutation: its MUTATION_CASES scenario arranged inside B, plus the probes above. */
const MUTATION_TABLE: Record<string, WriteProbe[]> = Object.fromEntries([
  ...MUTATION_CASES.map((c) => [
    c.mutation,
    [
      {
        aim: c.mutation === 'registerPerson' || c.mutation === 'registerUniversity' ? 'foreign university' : 'foreign branch',
        arrange: async (w: TwoUniversities) => {
          const scenario = await c.arrange(w.fb, w.b);
          return inputCall(c.mutation, scenario.input, { branchId: scenario.branchId, streamId: scenario.streamId });
        },
        outcome: FOREIGN_TARGET,
      } satisfies WriteProbe,
      ...(FOREIGN_PERSON_PROBES[c.mutation] ? [FOREIGN_PERSON_PROBES[c.mutation]!] : []),
      ...(FOREIGN_UNIT_PROBES[c.mutation] ? [FOREIGN_UNIT_PROBES[c.mutation]!] : []),
    ],
  ]),
  [
    'erasePerson',
    [
      {
        aim: 'foreign person',
        arrange: async (w: TwoUniversities) => {
          const personId = await w.fb.person(w.b, 'ZZBname-erasable');
          return { document: ERASE_PERSON, variables: { personId, reason: 'request' }, streamId: `person-${personId}` };
        },
        outcome: FOREIGN_TARGET,
      } satisfies WriteProbe,
    ],
  ],
  [
    'rebuildProjection',
    [
      {
        aim: 'no tenant data',
        arrange: async () => ({ document: 'mutation ($name: String!) { rebuildProjection(name: $name) { name state } }', variables: { name: 'branch-facts' } }),
        outcome: (role) => (role === 'MUNICIPAL_ADMIN' ? 'NOT_HERE' : 'FORBIDDEN'),
      } satisfies WriteProbe,
    ],
  ],
]);

// ---------- running ----------

function substituteNowhere(w: TwoUniversities, text: string): { text: string; normalize: (s: string) => string; normalizeOriginal: (s: string) => string } {
  const fragments = foreignFragments(w, '', text).sort((x, y) => y.length - x.length);
  const replacements = fragments.map((fragment, index) => [fragment, `nowhere${index}x${w.bRun.split('').reverse().join('')}`] as const);
  let substituted = text;
  for (const [fragment, nowhere] of replacements) substituted = substituted.split(fragment).join(nowhere);
  const normalizeWith = (pairs: (readonly [string, string])[]) => (s: string) => {
    let out = s;
    for (const [from, to] of pairs) out = out.split(from).join(to);
    return out;
  };
  return {
    text: substituted,
    normalize: normalizeWith(replacements.map(([, nowhere], index) => [nowhere, `<id${index}>`] as const)),
    normalizeOriginal: normalizeWith(replacements.map(([fragment], index) => [fragment, `<id${index}>`] as const)),
  };
}

describe('isolation matrix (issue 7)', () => {
  let service: ServiceUnderTest;
  let w: TwoUniversities;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    w = await twoUniversities(service);
    tokens.set('MUNICIPAL_ADMIN', w.municipalToken);
    tokens.set('INSPECTOR', w.inspectorToken);
    tokens.set('UNIVERSITY_ADMIN', w.a.adminToken);
    tokens.set('PORTAL', w.a.portalToken);
    tokens.set('UNIT_ADMIN', w.a.unitAdminToken);
    tokens.set('BRANCH_SECRETARY', w.a.secretaryToken);
    tokens.set(NAMES_B, await service.token({ role: 'BRANCH_SECRETARY', universityId: w.a.universityId, branchId: w.b.branchId }));
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
  });

  describe('every operation and nested relation of the served schema has an entry', () => {
    const fieldsOf = (type: GraphQLObjectType | null | undefined) => Object.keys(type?.getFields() ?? {});

    it('every Query field', () => {
      expect(fieldsOf(SERVED_SCHEMA.getQueryType()).filter((field) => !QUERY_CASES[field]?.length)).toEqual([]);
    });
    it('every Mutation field', () => {
      expect(fieldsOf(SERVED_SCHEMA.getMutationType()).filter((field) => !MUTATION_TABLE[field]?.length)).toEqual([]);
    });
    it('every Subscription field', () => {
      expect(fieldsOf(SERVED_SCHEMA.getSubscriptionType()).filter((field) => !SUBSCRIPTION_CASES[field]?.length)).toEqual([]);
    });
    it('every nested relation (object-typed fields and served names) of the result types', () => {
      const roots = new Set([SERVED_SCHEMA.getQueryType(), SERVED_SCHEMA.getMutationType(), SERVED_SCHEMA.getSubscriptionType()]);
      const relations: string[] = [];
      for (const type of Object.values(SERVED_SCHEMA.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
        for (const field of Object.values(type.getFields())) {
          if (isObjectType(getNamedType(field.type)) || field.name === 'name' || field.name.endsWith('Name')) relations.push(`${type.name}.${field.name}`);
        }
      }
      expect(relations.filter((relation) => !(relation in NESTED_RELATIONS))).toEqual([]);
    });
    it('every nested relation entry is selected by a probe of each query it names', () => {
      for (const [relation, queries] of Object.entries(NESTED_RELATIONS)) {
        const field = relation.split('.')[1]!;
        for (const query of queries) {
          const texts = (QUERY_CASES[query] ?? []).map((probe) => probe.query(w));
          expect({ relation, query, selected: texts.some((text) => new RegExp(`\\b${field}\\b`).test(text)) }).toEqual({ relation, query, selected: true });
        }
      }
    });
  });

  describe.each(Object.keys(SUBSCRIPTION_CASES))('subscription %s', (field) => {
    it.each(SUBSCRIPTION_CASES[field]!.map((probe, index) => [`${probe.aim} #${index + 1}`, probe] as const))(
      '%s: every role of A gets nothing of B, the overseers get B\'s change',
      async (_aim, probe) => {
        const opened = ROLES.map((role) => {
          const client = subscriptionClient(service.url, bearer(tokens.get(role)!));
          return { role, client, subscription: subscribe(client, probe.document(w)) };
        });
        try {
          await new Promise((resolve) => setTimeout(resolve, 700));
          await w.fb.must('reportMemberCount', { branchId: w.b.branchId, on: '2019-06-01', count: 10 + opened.length }, w.municipalToken);
          const overseers = opened.filter(({ role }) => SEES_EVERYTHING.includes(role));
          await eventually(
            () => overseers.every(({ subscription }) => JSON.stringify(subscription.received).includes(w.b.universityId)),
            `the overseers hear of B's change (${field})`,
            10_000,
          );
          await new Promise((resolve) => setTimeout(resolve, 500));
          for (const { role, subscription } of opened) {
            if (SEES_EVERYTHING.includes(role)) continue;
            const text = JSON.stringify(subscription.received);
            // (The token naming B's branch may hear that branch id back: the caller sent it.)
            const leaked = text.includes(w.b.universityId) || (role !== NAMES_B && text.includes(w.b.branchId));
            expect({ role, leaked }).toEqual({ role, leaked: false });
            if (probe.scoped === 'FORBIDDEN' && role !== NAMES_B) {
              const codes = [
                ...subscription.received.flatMap((message) => (message.errors ?? []).map((error) => error.extensions?.code)),
                ...(Array.isArray((subscription.ended as { error?: unknown } | undefined)?.error)
                  ? ((subscription.ended as { error: { extensions?: { code?: string } }[] }).error.map((error) => error.extensions?.code))
                  : []),
              ];
              expect({ role, codes }).toEqual({ role, codes: ['FORBIDDEN'] });
            }
          }
        } finally {
          for (const { subscription, client } of opened) {
            subscription.stop();
            await client.dispose();
          }
        }
      },
      30_000,
    );
  });

  const readRows = Object.entries(QUERY_CASES).flatMap(([field, probes]) =>
    probes.flatMap((probe, index) => ROLES.map((role) => [field, `${probe.aim} #${index + 1}`, role, probe] as const)),
  );

  describe.each(Object.keys(QUERY_CASES))('query %s', (field) => {
    it.each(readRows.filter((row) => row[0] === field).map((row) => [row[1], row[2], row[3]] as const))(
      '%s as %s',
      async (_aim, role, probe) => {
        const query = probe.query(w);
        const response = await service.graphql(query, {}, tokens.get(role));
        expect(response.status).toBeLessThan(500);
        expect((response.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
        if (SEES_EVERYTHING.includes(role)) return probe.everything(response, w, role);
        // what the caller sent: the query, and the branch its token names
        expect(foreignFragments(w, `${query} ${role === NAMES_B ? w.b.branchId : ''}`, response)).toEqual([]);
        if (role === NAMES_B && response.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return;
        probe.scoped(response, w, role);
        // an id of B answers exactly as an id that exists nowhere
        const nowhere = substituteNowhere(w, query);
        if (nowhere.text !== query) {
          const other = await service.graphql(nowhere.text, {}, tokens.get(role));
          expect(nowhere.normalize(JSON.stringify(other))).toBe(nowhere.normalizeOriginal(JSON.stringify(response)));
        }
      },
    );
  });

  describe.each(Object.keys(MUTATION_TABLE))('mutation %s', (mutation) => {
    const probes = MUTATION_TABLE[mutation]!;
    describe.each(probes.map((probe, index) => [`${probe.aim} #${index + 1}`, probe] as const))('%s', (_aim, probe) => {
      let shared: Call;
      beforeAll(async () => {
        if (!probe.perRole) shared = await probe.arrange(w);
      });

      it.each(ROLES.map((role) => [role] as const))('as %s', async (role) => {
        const outcome = probe.outcome(role);
        if (outcome === 'NOT_HERE') return;
        if (outcome === 'ALLOWED') {
          const call = await probe.arrange(w);
          const before = await storeState(service);
          const response = await service.graphql(call.document, call.variables, tokens.get(role));
          expect(response.errors).toBeUndefined();
          const after = await storeState(service);
          // an erasure blanks the registry row; every other write records events
          expect(mutation === 'erasePerson' ? after.registry : after.events).not.toEqual(mutation === 'erasePerson' ? before.registry : before.events);
          if (call.streamId && response.data![mutation]?.streamId) expect(response.data![mutation].streamId).toBe(call.streamId);
          return;
        }
        const call = probe.perRole ? await probe.arrange(w) : shared;
        const namedBranch = call.branchId ?? w.b.branchId;
        // on a fresh branch of A, "its own branch" is that branch
        const ownBranch = probe.perRole ? (call.variables.input as { branchId?: string } | undefined)?.branchId : undefined;
        const token = role === NAMES_B
          ? await service.token({ role: 'BRANCH_SECRETARY', universityId: w.a.universityId, branchId: namedBranch })
          : role === 'BRANCH_SECRETARY' && ownBranch
            ? await service.token({ role: 'BRANCH_SECRETARY', universityId: w.a.universityId, branchId: ownBranch })
            : tokens.get(role)!;
        // what the caller sent: the call, and the branch its token names
        const request = `${JSON.stringify(call)} ${role === NAMES_B ? namedBranch : ''}`;
        const before = await storeState(service);
        const response = await service.graphql(call.document, call.variables, token);
        expect(await storeState(service)).toEqual(before);
        expect(response.status).toBeLessThan(500);
        const code = response.errors?.[0]?.extensions?.code;
        if (role === NAMES_B && code === 'UNAUTHENTICATED') return;
        expect({ code, data: response.data?.[mutation] ?? null }).toEqual({ code: outcome, data: null });
        expect(foreignFragments(w, request, response)).toEqual([]);
        // the same refusal, word for word, as for ids that exist nowhere
        const nowhere = substituteNowhere(w, JSON.stringify(call));
        const other = JSON.parse(nowhere.text) as Call;
        const otherResponse = await service.graphql(other.document, other.variables, token);
        expect(await storeState(service)).toEqual(before);
        expect(nowhere.normalize(JSON.stringify(otherResponse.errors?.map((e) => [e.message, e.extensions?.code]))))
          .toBe(nowhere.normalizeOriginal(JSON.stringify(response.errors?.map((e) => [e.message, e.extensions?.code]))));
      });
    });
  });

  // ---------- the defects issue 7 found, each pinned ----------

  describe('regressions of issue 7', () => {
    const BRANCH_AS_OF = (id: string) => `{ branchAsOf(id: "${id}", asOf: "${new Date().toISOString()}") { id name officers { name } } }`;
    const errorOf = (response: GraphQLResponse) => ({ code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message });
    const messageWithout = (response: GraphQLResponse, id: string) => (response.errors?.[0]?.message ?? '').split(id).join('<id>');

    /** Makes a refused call; the store stays exactly as it was. */
    async function refusedUnchanged(call: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> {
      const before = await storeState(service);
      const response = await call();
      expect(await storeState(service)).toEqual(before);
      expect(response.status).toBeLessThan(500);
      return response;
    }

    it('defect 1: branchAsOf with a UNIT_ADMIN token of A (unit u1) answers null for B\'s branch in B\'s u1, as branch(id) does', async () => {
      const own = await service.graphql(BRANCH_AS_OF(w.a.branchId), {}, w.a.unitAdminToken);
      expect(own.data?.branchAsOf?.id).toBe(w.a.branchId);
      const foreign = await service.graphql(BRANCH_AS_OF(w.b.branchId), {}, w.a.unitAdminToken);
      expect(foreign).toEqual({ status: 200, data: { branchAsOf: null } });
      const live = await service.graphql(`{ branch(id: "${w.b.branchId}") { id } }`, {}, w.a.unitAdminToken);
      expect(live).toEqual({ status: 200, data: { branch: null } });
    });

    it('defect 4: a UNIT_ADMIN token of A naming a unit that exists only in B reads nothing of B', async () => {
      await w.fb.must('registerUnit', { universityId: w.b.universityId, unitId: 'u3', name: 'ZZBname 学院三' });
      const branchId = await w.fb.branch(w.b, { unitId: 'u3' });
      const token = await service.token({ role: 'UNIT_ADMIN', universityId: w.a.universityId, unitId: 'u3' });
      const asOf = await service.graphql(BRANCH_AS_OF(branchId), {}, token);
      expect(foreignFragments(w, BRANCH_AS_OF(branchId), asOf)).toEqual([]);
      expect(asOf.data?.branchAsOf ?? null).toBeNull();
      const list = await service.graphql('{ branches(first: 500) { edges { node { id } } } universities { id units { id name } } }', {}, token);
      expect(foreignFragments(w, '', list)).toEqual([]);
    });

    it('defect 2: holdElection naming a person registered in B is BAD_USER_INPUT, as for a person registered nowhere, and records nothing', async () => {
      const branchId = await w.fa.branch(w.a);
      const election = (personId: string) => ({ branchId, heldOn: '2018-04-01', secretary: secretaryInput(personId) });
      for (const token of [w.municipalToken, w.a.adminToken]) {
        const foreign = await refusedUnchanged(() => w.fa.call('holdElection', election(w.b.secretaryId), token));
        const nobody = `nobody-${w.fa.id('p')}`;
        const nowhere = await refusedUnchanged(() => w.fa.call('holdElection', election(nobody), token));
        expect(errorOf(foreign).code).toBe('BAD_USER_INPUT');
        expect(messageWithout(foreign, w.b.secretaryId)).toBe(messageWithout(nowhere, nobody));
        expect(foreignFragments(w, JSON.stringify(election(w.b.secretaryId)), foreign)).toEqual([]);
      }
      const branch = await service.graphql(`{ branch(id: "${branchId}") { officers { name } } }`, {}, w.a.adminToken);
      expect(foreignFragments(w, '', branch)).toEqual([]);
    });

    it('defect 2: attendance recorded by A for B\'s person does not raise B\'s training coverage', async () => {
      const coverage = `{ trainingCoverage(year: 2018, universityId: "${w.b.universityId}") { secretaries { inOffice trained } untrained { personId } } }`;
      const before = await service.graphql(coverage, {}, w.municipalToken);
      const sessionId = await w.fa.session('MUNICIPAL');
      for (const attendee of [
        { personId: w.b.secretaryId, branchId: w.a.branchId, role: 'SECRETARY' },
        { personId: w.b.secretaryId, branchId: w.b.branchId, role: 'SECRETARY' },
      ]) {
        const response = await refusedUnchanged(() => w.fa.call('recordTrainingAttendance', { sessionId, attendees: [attendee] }, w.a.adminToken));
        expect(errorOf(response).code).toBe(attendee.branchId === w.a.branchId ? 'BAD_USER_INPUT' : 'FORBIDDEN');
      }
      expect(await service.graphql(coverage, {}, w.municipalToken)).toEqual(before);
    });

    it('defect 3: a commandId B used is a different command for A; replays and conflicts stay on A\'s own stream', async () => {
      const commandId = `shared-key-${w.fa.id('k')}`;
      const meeting = (branchId: string, meetingId: string, topic = 'monthly') => ({
        commandId, branchId, meetingId, kinds: ['COMMITTEE'], heldOn: '2018-06-05', expected: 9, present: 9, topic,
      });
      const bMeeting = w.fb.id('meeting');
      const first = await w.fb.must('recordMeeting', meeting(w.b.branchId, bMeeting), w.b.adminToken);
      const aMeeting = w.fa.id('meeting');
      const before = await storeState(service);
      const own = await w.fa.must('recordMeeting', meeting(w.a.branchId, aMeeting), w.a.adminToken);
      expect(own.streamId).toBe(`branch-${w.a.branchId}`);
      expect(own.id).toBe(aMeeting);
      expect(own.positions).not.toEqual(first.positions);
      expect((await storeState(service)).events).toBe(before.events + 1);
      expect((await w.fa.eventsOfStream(`branch-${w.a.branchId}`)).some((event) => event.data.meetingId === aMeeting)).toBe(true);
      // the same key and input on the same stream: the first result, nothing recorded
      const replay = await refusedUnchanged(() => w.fa.call('recordMeeting', meeting(w.a.branchId, aMeeting), w.a.adminToken));
      expect(replay.data?.recordMeeting).toEqual(own);
      // the same key, another input, same stream: CONFLICT
      const conflict = await refusedUnchanged(() => w.fa.call('recordMeeting', meeting(w.a.branchId, aMeeting, 'another topic'), w.a.adminToken));
      expect(errorOf(conflict).code).toBe('CONFLICT');
      expect(foreignFragments(w, '', conflict)).toEqual([]);
      // the same key on another stream of A: a different command
      const elsewhere = await w.fa.must('recordMeeting', meeting(w.a.secondBranchId, w.fa.id('meeting')), w.a.adminToken);
      expect(elsewhere.streamId).toBe(`branch-${w.a.secondBranchId}`);
    });

    it.each([
      ['UNIT_ADMIN', { unitId: 'u1' }],
      ['BRANCH_SECRETARY', { branchId: 'own' }],
      ['BRANCH_SECRETARY', { branchId: 'foreign' }],
      ['PORTAL', {}],
      ['UNIVERSITY_ADMIN', {}],
    ] as const)('defect 4: a %s token without universityId (%j) is UNAUTHENTICATED on a query and a mutation', async (role, claims) => {
      const branchId = 'branchId' in claims ? (claims.branchId === 'own' ? w.a.branchId : w.b.branchId) : undefined;
      const token = await service.token({ role, ...('unitId' in claims ? { unitId: claims.unitId } : {}), ...(branchId ? { branchId } : {}) });
      const read = await service.graphql('{ universities { id name } branches { edges { node { id } } } }', {}, token);
      expect(errorOf(read).code).toBe('UNAUTHENTICATED');
      expect(read.data ?? null).toBeNull();
      const write = await refusedUnchanged(() => w.fa.call('recordMeeting', {
        branchId: w.b.branchId, kinds: ['COMMITTEE'], heldOn: '2018-06-06', expected: 9, present: 9, topic: 'planted',
      }, token));
      expect(errorOf(write).code).toBe('UNAUTHENTICATED');
    });

    it('defect 4: a secretary token of A naming B\'s branch reads nothing of B and writes none of its six kinds of record', async () => {
      const token = tokens.get(NAMES_B)!;
      const read = await service.graphql(`{ branch(id: "${w.b.branchId}") { id } universities { id } branches { edges { node { id } } } }`, {}, token);
      if (errorOf(read).code !== 'UNAUTHENTICATED') {
        expect(read.data).toEqual({ branch: null, universities: [{ id: w.a.universityId }], branches: { edges: [] } });
      }
      const branchId = w.b.branchId;
      const writes: [string, Input][] = [
        ['holdElection', { branchId, heldOn: '2018-09-01', secretary: secretaryInput(w.b.personId), deputySecretaryIds: [w.b.deputyId], committeeMemberIds: [w.b.memberId] }],
        ['recordMeeting', { branchId, kinds: ['COMMITTEE'], heldOn: '2018-06-06', expected: 9, present: 9, topic: 'planted' }],
        ['correctMeeting', { branchId, meetingId: w.b.meetingId, reason: 'planted', present: 1 }],
        ['retractMeeting', { branchId, meetingId: w.b.meetingId, reason: 'planted' }],
        ['adoptAnnualPlan', { branchId, year: 2019, months: [{ month: 1, study: 's', activity: 'a' }] }],
        ['recordRectificationStep', { branchId, caseId: w.b.caseId, on: '2018-08-01', kind: 'PROGRESS_NOTE', note: 'planted' }],
      ];
      for (const [mutation, input] of writes) {
        const response = await refusedUnchanged(() => w.fa.call(mutation, input, token));
        expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(errorOf(response).code);
        expect(foreignFragments(w, JSON.stringify(input), response)).toEqual([]);
      }
    });

    it.each([
      ['registerPerson', (w: TwoUniversities, id: string) => ({ personId: id, universityId: w.a.universityId, name: 'Alphaname 新人' }), 'personId'],
      ['establishBranch', (w: TwoUniversities, id: string) => ({
        branchId: id, universityId: w.a.universityId, unitId: 'u1', name: 'dup', kind: 'STUDENT', establishedOn: '2018-03-01', memberCount: 3,
      }), 'branchId'],
      ['holdTrainingSession', (w: TwoUniversities, id: string) => ({
        sessionId: id, organizer: 'UNIVERSITY', universityId: w.a.universityId, title: 'dup', startsOn: '2018-07-02', endsOn: '2018-07-02', hours: 2,
      }), 'sessionId'],
    ] as const)('defect 8: %s with an id taken in B is the same CONFLICT as with one taken in A, naming no university', async (mutation, input, key) => {
      const takenInB = { personId: w.b.personId, branchId: w.b.branchId, sessionId: w.b.sessionId }[key];
      const takenInA = { personId: w.a.personId, branchId: w.a.branchId, sessionId: w.a.sessionId }[key];
      const foreign = await refusedUnchanged(() => w.fa.call(mutation, input(w, takenInB), w.a.adminToken));
      const own = await refusedUnchanged(() => w.fa.call(mutation, input(w, takenInA), w.a.adminToken));
      expect(errorOf(foreign).code).toBe('CONFLICT');
      expect(messageWithout(foreign, takenInB)).toBe(messageWithout(own, takenInA));
      expect(foreignFragments(w, JSON.stringify(input(w, takenInB)), foreign)).toEqual([]);
      expect(foreign.errors?.[0]?.message).not.toContain(w.a.universityId);
    });

    it('defect 8: a write on B\'s branch and one on a branch that exists nowhere get the same FORBIDDEN, word for word', async () => {
      const nowhere = `nowhere-${w.fa.id('branch')}`;
      for (const token of [w.a.adminToken, w.a.unitAdminToken, w.a.secretaryToken]) {
        const foreign = await refusedUnchanged(() => w.fa.call('recordMeeting', {
          branchId: w.b.branchId, kinds: ['COMMITTEE'], heldOn: '2018-06-06', expected: 9, present: 9, topic: 'x',
        }, token));
        const missing = await refusedUnchanged(() => w.fa.call('recordMeeting', {
          branchId: nowhere, kinds: ['COMMITTEE'], heldOn: '2018-06-06', expected: 9, present: 9, topic: 'x',
        }, token));
        expect(errorOf(foreign).code).toBe('FORBIDDEN');
        expect(messageWithout(foreign, w.b.branchId)).toBe(messageWithout(missing, nowhere));
      }
    });
  });
});
