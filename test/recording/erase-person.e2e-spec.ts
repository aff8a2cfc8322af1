import { randomUUID } from 'node:crypto';
import { eventHash } from '../../libs/event-store/src/hash-chain.js';
import { ServiceUnderTest } from '../service-under-test.js';
import { ERASE_PERSON, OrganizationFixture, type Organization } from './organization-fixture.js';
import { expectRefused } from './refusal-expectations.js';

// registerPerson keeps the name in the registry only; erasePerson blanks it and leaves the person's
// stream, its payloads and its hashes exactly as they were.

interface RegistryRow {
  universityId: string;
  name: string | null;
  erasedAt: Date | null;
  erasedBy: string | null;
}

describe('the person registry and erasePerson over HTTP', () => {
  let service: ServiceUnderTest;
  let f: OrganizationFixture;
  let org: Organization;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    f = await OrganizationFixture.create(service);
    org = await f.university();
  });
  afterAll(async () => {
    await service?.stop();
  });

  async function registryRow(personId: string): Promise<RegistryRow | undefined> {
    const { rows } = await service.database.sql.query<RegistryRow>(
      `SELECT university_id AS "universityId", name, erased_at AS "erasedAt", erased_by AS "erasedBy"
       FROM person_registry WHERE person_id = $1`,
      [personId],
    );
    return rows[0];
  }

  function erase(personId: string, reason: string, token?: string) {
    return service.graphql<{ erasePerson: boolean }>(ERASE_PERSON, { personId, reason }, token);
  }

  /** The person's stream as stored, and whether every hash recomputes and chains. */
  async function personStream(personId: string) {
    const events = await service.runtime.eventStore.readStream(`person-${personId}`, { raw: true });
    const chainHolds = events.every(
      (event, index) =>
        event.previousHash === (index === 0 ? null : events[index - 1]!.hash) &&
        event.hash ===
          eventHash({
            previousHash: event.previousHash,
            eventId: event.eventId,
            streamId: event.streamId,
            version: event.version,
            type: event.type,
            schemaVersion: event.schemaVersion,
            data: event.data,
            occurredAt: event.occurredAt,
            recordedAt: event.recordedAt,
            actor: event.metadata.actor,
            universityId: event.universityId,
            correlationId: event.metadata.correlationId ?? null,
            causationId: event.metadata.causationId ?? null,
          }),
    );
    return { events, chainHolds };
  }

  it('keeps the name in the registry, never in the event', async () => {
    const personId = await f.person(org, '张三丰');
    const [event] = await f.eventsOfStream(`person-${personId}`);
    expect(event).toMatchObject({ type: 'PersonRegistered', data: { personId, universityId: org.universityId } });
    expect(Object.keys(event!.data).sort()).toEqual(['personId', 'universityId']);
    expect(JSON.stringify(event)).not.toContain('张三丰');
    expect(await registryRow(personId)).toEqual({ universityId: org.universityId, name: '张三丰', erasedAt: null, erasedBy: null });
  });

  it('blanks the name and leaves the person stream, its data and its hashes unchanged', async () => {
    const personId = await f.person(org, '李四光');
    const before = await personStream(personId);
    expect(before.chainHolds).toBe(true);
    const countBefore = await f.eventCount();

    const response = await erase(personId, '本人申请删除个人信息', org.adminToken);

    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ erasePerson: true });
    const row = await registryRow(personId);
    expect(row).toMatchObject({ universityId: org.universityId, name: null, erasedBy: 'test-university_admin' });
    expect(row!.erasedAt).toBeInstanceOf(Date);
    const after = await personStream(personId);
    expect(after.events).toEqual(before.events);
    expect(after.events.map((event) => [event.hash, event.previousHash, event.data])).toEqual(
      before.events.map((event) => [event.hash, event.previousHash, event.data]),
    );
    expect(after.chainHolds).toBe(true);
    expect(await f.eventCount()).toBe(countBefore);
  });

  it('answers a second erasure true and keeps the first erasure\'s record', async () => {
    const personId = await f.person(org, '王五');
    await erase(personId, 'first', f.municipalToken);
    const first = await registryRow(personId);
    const again = await erase(personId, 'second', org.adminToken);
    expect(again.data).toEqual({ erasePerson: true });
    expect(await registryRow(personId)).toEqual(first);
  });

  it('does not bring an erased name back when registerPerson is repeated with its commandId', async () => {
    const commandId = randomUUID();
    const first = await f.must('registerPerson', { commandId, universityId: org.universityId, name: '赵六' });
    await erase(first.id!, 'erase', org.adminToken);
    const again = await f.must('registerPerson', { commandId, universityId: org.universityId, name: '赵六' });
    expect(again).toEqual(first);
    expect((await registryRow(first.id!))?.name).toBeNull();
  });

  it('keeps one registry row per registration when a commandId without personId is repeated', async () => {
    const other = await f.university();
    const commandId = randomUUID();
    const first = await f.must('registerPerson', { commandId, universityId: other.universityId, name: '钱七' });
    const again = await f.must('registerPerson', { commandId, universityId: other.universityId, name: '钱七' });
    expect(again).toEqual(first);
    const { rows } = await service.database.sql.query<{ personId: string }>(
      'SELECT person_id AS "personId" FROM person_registry WHERE university_id = $1',
      [other.universityId],
    );
    expect(rows).toEqual([{ personId: first.id }]);
  });

  describe('refusals (the registry keeps the name)', () => {
    let personId: string;
    beforeAll(async () => {
      personId = await f.person(org, '孙八');
    });
    afterEach(async () => {
      expect((await registryRow(personId))?.name).toBe('孙八');
    });

    it('refuses a call without a token (UNAUTHENTICATED)', async () => {
      await expectRefused(f, () => erase(personId, 'r'), 'UNAUTHENTICATED');
    });

    it.each([
      ['the admin of another university', async () => (await f.university()).adminToken],
      ['a unit admin', async () => org.unitAdminToken],
      ['a branch secretary', async () => f.token({ role: 'BRANCH_SECRETARY', universityId: org.universityId, branchId: 'b' })],
      ['an inspector', async () => f.token({ role: 'INSPECTOR' })],
      ['the university portal', async () => f.token({ role: 'PORTAL', universityId: org.universityId })],
    ])('refuses %s (FORBIDDEN)', async (_who, token) => {
      const caller = await token();
      await expectRefused(f, () => erase(personId, 'r', caller), 'FORBIDDEN');
    });

    it('answers NOT_FOUND for a person nobody registered', async () => {
      await expectRefused(f, () => erase('no-such-person', 'r', f.municipalToken), 'NOT_FOUND');
    });

    it.each([
      ['an empty personId', () => ({ personId: '', reason: 'r' })],
      ['an empty reason', () => ({ personId, reason: '' })],
      ['a blank reason', () => ({ personId, reason: '   ' })],
      ['a 100 KB reason', () => ({ personId, reason: 'x'.repeat(100_000) })],
      ['a missing reason', () => ({ personId })],
      ['a reason that is not a string', () => ({ personId, reason: 42 })],
    ])('refuses %s (BAD_USER_INPUT)', async (_what, variables) => {
      await expectRefused(f, () => service.graphql(ERASE_PERSON, variables(), f.municipalToken), 'BAD_USER_INPUT');
    });
  });
});
