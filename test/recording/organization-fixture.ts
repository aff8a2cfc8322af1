import { randomUUID } from 'node:crypto';
import type { TokenRequest } from '../../libs/identity/src/tokens.js';
import type { GraphQLResponse, ServiceUnderTest } from '../service-under-test.js';

/** The contract's CommandResult, as every mutation but erasePerson answers. */
export interface CommandResult {
  streamId: string;
  version: number;
  positions: string[];
  id: string | null;
}

/** A university set up through the API: two units, and the tokens of its admins. */
export interface Organization {
  universityId: string;
  /** The unit most scenarios write to. */
  unitId: string;
  /** A second unit of the same university (another unit admin's scope, a move target). */
  otherUnitId: string;
  /** UNIVERSITY_ADMIN of this university. */
  adminToken: string;
  /** UNIT_ADMIN of `unitId`. */
  unitAdminToken: string;
}

export interface BranchOptions {
  unitId?: string;
  kind?: 'TEACHER' | 'STUDENT' | 'STAFF' | 'RETIREE';
  memberCount?: number;
  establishedOn?: string;
}

const RESULT_FIELDS = 'streamId version positions id';

/** The GraphQL input type of a mutation: registerUnit -> RegisterUnitInput. */
export function inputTypeOf(mutation: string): string {
  return `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
}

/** `mutation($input: XInput!) { x(input: $input) { streamId version positions id } }` */
export function mutationDocument(mutation: string): string {
  return `mutation Write($input: ${inputTypeOf(mutation)}!) { ${mutation}(input: $input) { ${RESULT_FIELDS} } }`;
}

export const ERASE_PERSON = 'mutation Erase($personId: ID!, $reason: String!) { erasePerson(personId: $personId, reason: $reason) }';

/** The first error's extensions.code (and rule), or undefined when the call succeeded. */
export function refusalOf(response: GraphQLResponse): { code?: string; rule?: string } | undefined {
  const error = response.errors?.[0];
  if (!error) return undefined;
  return { code: error.extensions?.code, ...(error.extensions?.rule ? { rule: error.extensions.rule } : {}) };
}

/**
 * Sets up universities, units, branches, people and the records later commands need, through the
 * API as the municipal admin; every id is unique to the test run, so tests sharing one service
 * never meet each other's data.
 */
export class OrganizationFixture {
  private counter = 0;
  private readonly run = randomUUID().slice(0, 8);

  private constructor(
    readonly service: ServiceUnderTest,
    readonly municipalToken: string,
  ) {}

  static async create(service: ServiceUnderTest): Promise<OrganizationFixture> {
    return new OrganizationFixture(service, await service.token({ role: 'MUNICIPAL_ADMIN' }));
  }

  /** A fresh id: `<prefix>-<run>-<n>`. */
  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.run}-${this.counter}`;
  }

  token(request: Partial<TokenRequest> & Pick<TokenRequest, 'role'>): Promise<string> {
    return this.service.token(request);
  }

  /** Calls a mutation taking `input`; the CommandResult, or the response when `token` is given and it fails. */
  async call(mutation: string, input: Record<string, unknown>, token?: string): Promise<GraphQLResponse<Record<string, CommandResult>>> {
    return this.service.graphql<Record<string, CommandResult>>(mutationDocument(mutation), { input }, token);
  }

  /** Calls a mutation as the municipal admin and insists it succeeds. */
  async must(mutation: string, input: Record<string, unknown>, token = this.municipalToken): Promise<CommandResult> {
    const response = await this.call(mutation, input, token);
    if (response.errors || !response.data?.[mutation]) {
      throw new Error(`${mutation} failed during set-up: ${JSON.stringify(response.errors ?? response)}`);
    }
    return response.data[mutation]!;
  }

  async university(): Promise<Organization> {
    const universityId = this.id('uni');
    await this.must('registerUniversity', { id: universityId, name: `University ${universityId}` });
    const unitId = this.id('unit');
    const otherUnitId = this.id('unit');
    await this.must('registerUnit', { universityId, unitId, name: `School ${unitId}` });
    await this.must('registerUnit', { universityId, unitId: otherUnitId, name: `School ${otherUnitId}` });
    return {
      universityId,
      unitId,
      otherUnitId,
      adminToken: await this.token({ role: 'UNIVERSITY_ADMIN', universityId }),
      unitAdminToken: await this.token({ role: 'UNIT_ADMIN', universityId, unitId }),
    };
  }

  async branch(org: Organization, options: BranchOptions = {}): Promise<string> {
    const branchId = this.id('branch');
    await this.must('establishBranch', {
      branchId,
      universityId: org.universityId,
      unitId: options.unitId ?? org.unitId,
      name: `Branch ${branchId}`,
      kind: options.kind ?? 'TEACHER',
      establishedOn: options.establishedOn ?? '2018-03-01',
      memberCount: options.memberCount ?? 5,
    });
    return branchId;
  }

  async person(org: Organization, name = 'Zhang San'): Promise<string> {
    const personId = this.id('person');
    await this.must('registerPerson', { personId, universityId: org.universityId, name });
    return personId;
  }

  async dissolvedBranch(org: Organization): Promise<string> {
    const branchId = await this.branch(org);
    await this.must('dissolveBranch', { branchId, on: '2018-06-01', reason: 'merged away' });
    return branchId;
  }

  async meeting(branchId: string): Promise<string> {
    const meetingId = this.id('meeting');
    await this.must('recordMeeting', {
      branchId, meetingId, kinds: ['COMMITTEE'], heldOn: '2018-05-10', expected: 5, present: 5, topic: 'monthly committee',
    });
    return meetingId;
  }

  /** A secretary (and, when given, a deputy) elected on 2018-04-01. */
  async election(branchId: string, secretaryId: string, deputyId?: string): Promise<void> {
    await this.must('holdElection', {
      branchId,
      heldOn: '2018-04-01',
      secretary: { personId: secretaryId, title: 'LECTURER', academicBackbone: false },
      ...(deputyId ? { deputySecretaryIds: [deputyId] } : {}),
    });
  }

  async screening(branchId: string, year: number, outcome: 'NORMAL' | 'LAGGING' | 'WEAK_LAX'): Promise<void> {
    await this.must('screenBranch', {
      branchId, year, on: `${year}-03-15`, outcome, categories: outcome === 'NORMAL' ? [] : ['RULES_ON_PAPER_ONLY'],
    });
  }

  /** A branch screened WEAK_LAX for 2018 with a case opened on it. */
  async openCase(branchId: string, year = 2018): Promise<string> {
    await this.screening(branchId, year, 'WEAK_LAX');
    const caseId = this.id('case');
    await this.must('openRectificationCase', {
      branchId, caseId, year, categories: ['RULES_ON_PAPER_ONLY'], problems: ['三会一课 not held'],
      measures: ['monthly supervision'], deadline: `${year}-12-31`,
    });
    return caseId;
  }

  async acceptance(branchId: string, caseId: string, passed = true): Promise<void> {
    await this.must('acceptRectification', {
      branchId, caseId, on: '2018-11-01', passed, score: passed ? 90 : 40, acceptedBy: '校党委组织部',
    });
  }

  async closedCase(branchId: string): Promise<string> {
    const caseId = await this.openCase(branchId);
    await this.acceptance(branchId, caseId);
    await this.must('closeRectificationCase', { branchId, caseId, on: '2018-11-15' });
    return caseId;
  }

  async finding(branchId: string): Promise<string> {
    const findingId = this.id('finding');
    await this.must('recordHealthCheck', {
      branchId, year: 2018, on: '2018-09-01', findings: [{ findingId, area: 'VENUE', description: 'no activity room' }],
    });
    return findingId;
  }

  async session(organizer: 'MUNICIPAL' | 'UNIVERSITY' | 'UNIT', org?: Organization): Promise<string> {
    const sessionId = this.id('session');
    await this.must('holdTrainingSession', {
      sessionId,
      organizer,
      ...(organizer !== 'MUNICIPAL' ? { universityId: org!.universityId } : {}),
      ...(organizer === 'UNIT' ? { unitId: org!.unitId } : {}),
      title: `${organizer} rotation training`,
      startsOn: '2018-07-02',
      endsOn: '2018-07-04',
      hours: 16,
    });
    return sessionId;
  }

  // ---------- inspecting the store ----------

  async eventCount(): Promise<number> {
    const { rows } = await this.service.database.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM events');
    return rows[0]!.count;
  }

  async eventsOfCommand(commandId: string): Promise<StoredRow[]> {
    const { rows } = await this.service.database.sql.query<StoredRow>(
      `${STORED_ROW} WHERE metadata->>'commandId' = $1 ORDER BY global_position`,
      [commandId],
    );
    return rows;
  }

  async eventsOfStream(streamId: string): Promise<StoredRow[]> {
    const { rows } = await this.service.database.sql.query<StoredRow>(`${STORED_ROW} WHERE stream_id = $1 ORDER BY version`, [streamId]);
    return rows;
  }

  /** The stream's version (0 when it does not exist). */
  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.service.database.sql.query<{ version: number }>(
      'SELECT version::int AS version FROM streams WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }
}

export interface StoredRow {
  position: string;
  streamId: string;
  version: number;
  type: string;
  data: Record<string, any>;
  metadata: Record<string, any>;
  hash: string;
  previousHash: string | null;
}

const STORED_ROW = `SELECT global_position::text AS "position", stream_id AS "streamId", version::int AS version, type, data,
  metadata, hash, previous_hash AS "previousHash" FROM events`;
