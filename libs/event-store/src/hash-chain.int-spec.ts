import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { storedEventHash, verifyChains } from './chain-verification.js';
import type { AppendOptions, JsonObject } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { createThrowawayEventStore, freshStreamId, numberedEvents, type ThrowawayEventStore } from './throwaway-event-store.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };

/** An `events` row read straight from SQL, so the check owes nothing to the store's own reading code. */
interface RawEventRow {
  event_id: string;
  stream_id: string;
  version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: { actor: string; correlationId?: string | null; causationId?: string | null };
  occurred_at: Date;
  recorded_at: Date;
  university_id: string | null;
  hash: string;
  previous_hash: string | null;
}

/** DOMAIN.md §3, recomputed here with the JCS library and SHA-256 directly. */
function canonicalFieldsOf(row: RawEventRow): string {
  return canonicalize({
    previousHash: row.previous_hash,
    eventId: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    actor: row.metadata.actor,
    universityId: row.university_id,
    correlationId: row.metadata.correlationId ?? null,
    causationId: row.metadata.causationId ?? null,
  })!;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

describe.each(backendsUnderTest())('the hash chain on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = fixture.store;
  });
  afterAll(async () => {
    await fixture.drop();
  });

  async function rawRowsOf(streamIds: string[]): Promise<RawEventRow[]> {
    const { rows } = await fixture.sql.query<RawEventRow>(
      `SELECT event_id::text AS event_id, stream_id, version, type, schema_version, data, metadata, occurred_at,
              recorded_at, university_id, hash, previous_hash
       FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version`,
      [streamIds],
    );
    return rows;
  }

  /** The versions, per stream, whose stored hash or link does not match the recomputed chain. */
  async function recomputeChains(streamIds: string[]): Promise<string[]> {
    const breaks: string[] = [];
    let previous: RawEventRow | undefined;
    for (const row of await rawRowsOf(streamIds)) {
      const expectedPrevious = previous?.stream_id === row.stream_id ? previous.hash : null;
      if (row.previous_hash !== expectedPrevious) breaks.push(`${row.stream_id}@${row.version}: link`);
      if (sha256Hex(canonicalFieldsOf(row)) !== row.hash) breaks.push(`${row.stream_id}@${row.version}: hash`);
      previous = row;
    }
    return breaks;
  }

  it('is SHA-256 of exactly the canonical JSON DOMAIN.md §3 describes', async () => {
    const recordedAt = new Date('2018-05-20T08:00:00.000Z');
    const clocked = new PostgresEventStore(fixture.sql, { clock: () => recordedAt });
    const streamId = freshStreamId();
    const eventId = '0f8d6c1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
    await clocked.append(
      streamId,
      [
        {
          eventId,
          type: 'MeetingHeld',
          data: { topic: '党课', present: 12, kinds: ['PARTY_LECTURE'] },
          occurredAt: new Date('2018-05-19T06:30:00.000Z'),
        },
      ],
      { metadata: { actor: 'secretary-7', universityId: 'university-1', correlationId: 'request-1' } },
    );

    // Written out by hand: keys sorted, no whitespace, instants as served, absent values as null.
    const canonical =
      '{"actor":"secretary-7","causationId":null,"correlationId":"request-1",' +
      '"data":{"kinds":["PARTY_LECTURE"],"present":12,"topic":"党课"},' +
      `"eventId":"${eventId}","occurredAt":"2018-05-19T06:30:00.000Z","previousHash":null,` +
      `"recordedAt":"2018-05-20T08:00:00.000Z","schemaVersion":1,"streamId":"${streamId}","type":"MeetingHeld",` +
      '"universityId":"university-1","version":1}';
    const [row] = await rawRowsOf([streamId]);
    expect(canonicalFieldsOf(row!)).toBe(canonical);
    expect(row!.hash).toBe(sha256Hex(canonical));
    expect(row!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links every event to the hash of the one before it, recomputable from the stored rows', async () => {
    const streams = [freshStreamId('university'), freshStreamId('branch'), freshStreamId('policy')];
    const awkwardPayloads: JsonObject[] = [
      { 'zeta': 1, 'Alpha': 2, 'alpha': 3, '10': 'ten', '2': 'two', 'é': 'accent', '中': 'cjk', '😀': 'astral' },
      { nested: { deeper: { list: [3, 1, 2, { b: null, a: [] }] } }, empty: {}, emptyList: [] },
      { numbers: [0, -1, 1.5, 0.1, 1e21, 1e-7, 123456789012, -0.000001, 9007199254740991] },
      { text: 'quote " backslash \\ newline \n tab \t control \u0001 separator \u2028 emoji 🎉 中文' },
      { flags: [true, false, null] },
    ];
    await store.append(streams[0]!, awkwardPayloads.map((data) => ({ type: 'UnitRegistered', data })), {
      metadata: { actor: 'admin', universityId: 'university-9', correlationId: 'request-9', causationId: 'command-9' },
    });
    await store.append(streams[1]!, numberedEvents(3), { expectedVersion: 'no-stream', metadata: asSecretary });
    await store.append(streams[1]!, numberedEvents(2, { firstNumber: 4 }), { expectedVersion: 3, metadata: asSecretary });
    await store.append(streams[2]!, [{ type: 'PolicyVersionPublished', schemaVersion: 2, data: { version: '2024' } }], {
      metadata: { actor: 'admin' },
    });

    const rows = await rawRowsOf(streams);
    expect(rows).toHaveLength(11);
    expect(await recomputeChains(streams)).toEqual([]);
    const firstOfEachStream = rows.filter((row) => Number(row.version) === 1);
    expect(firstOfEachStream.map((row) => row.previous_hash)).toEqual([null, null, null]);
    // The payloads come back from jsonb exactly as hashed, however PostgreSQL reorders them inside.
    const university = rows.filter((row) => row.stream_id === streams[0]);
    expect(university.map((row) => row.data)).toEqual(awkwardPayloads);
  });

  it('reveals a row altered behind the store', async () => {
    const streamId = freshStreamId();
    await store.append(streamId, numberedEvents(4), { metadata: asSecretary });
    expect(await recomputeChains([streamId])).toEqual([]);

    await fixture.sql.query(
      `UPDATE events SET data = '{"number": 99}'::jsonb WHERE stream_id = $1 AND version = 2`,
      [streamId],
    );

    expect(await recomputeChains([streamId])).toEqual([`${streamId}@2: hash`]);
  });

  describe('verifyChains', () => {
    it('passes an intact log, counting what it checked, across batch and stream boundaries', async () => {
      const streamIds = [freshStreamId(), freshStreamId(), freshStreamId()];
      for (const [index, streamId] of streamIds.entries()) {
        await store.append(streamId, numberedEvents(index + 2), { metadata: { actor: 'admin', universityId: 'university-verified' } });
      }

      const verification = await verifyChains(fixture.sql, { universityId: 'university-verified', batchSize: 2 });

      expect(verification).toEqual({ ok: true, streamsChecked: 3, eventsChecked: 9 });
      expect(await verifyChains(fixture.sql, { streamId: streamIds[1], batchSize: 1 })).toEqual({
        ok: true,
        streamsChecked: 1,
        eventsChecked: 3,
      });
    });

    it('recomputes with the same hash the test computes independently', async () => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(2), { metadata: asSecretary });
      const [row] = await rawRowsOf([streamId]);
      const [event] = await store.readStream(streamId, { raw: true });
      expect(storedEventHash(event!)).toBe(sha256Hex(canonicalFieldsOf(row!)));
    });

    it.each([
      ['a payload', `UPDATE events SET data = jsonb_set(data, '{number}', '42') WHERE stream_id = $1 AND version = 3`, 3, 'hash-mismatch'],
      ['a stored hash', `UPDATE events SET hash = repeat('0', 64) WHERE stream_id = $1 AND version = 3`, 3, 'hash-mismatch'],
      ['a recording instant', `UPDATE events SET recorded_at = recorded_at - interval '1 day' WHERE stream_id = $1 AND version = 2`, 2, 'hash-mismatch'],
      ['the university', `UPDATE events SET university_id = 'university-2' WHERE stream_id = $1 AND version = 4`, 4, 'hash-mismatch'],
      ['the actor', `UPDATE events SET metadata = jsonb_set(metadata, '{actor}', '"someone-else"') WHERE stream_id = $1 AND version = 1`, 1, 'hash-mismatch'],
      ['a link', `UPDATE events SET previous_hash = repeat('f', 64) WHERE stream_id = $1 AND version = 2`, 2, 'previous-hash-mismatch'],
      ['a middle event, deleted', `DELETE FROM events WHERE stream_id = $1 AND version = 3`, 4, 'version-gap'],
      ['the last event, deleted', `DELETE FROM events WHERE stream_id = $1 AND version = 5`, 4, 'stream-head-mismatch'],
    ])('detects tampering with %s', async (_, tampering, brokenVersion, problem) => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(5), { metadata: asSecretary });
      expect((await verifyChains(fixture.sql, { streamId })).ok).toBe(true);

      await fixture.sql.query(tampering, [streamId]);

      const verification = await verifyChains(fixture.sql, { streamId, batchSize: 2 });
      expect(verification).toMatchObject({ ok: false, problem, brokenStreamId: streamId });
      expect(verification.firstBroken).toMatchObject({ streamId, version: brokenVersion });
    });

    it('detects a stream head left without its events', async () => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(2), { metadata: asSecretary });
      await fixture.sql.query('DELETE FROM events WHERE stream_id = $1', [streamId]);

      expect(await verifyChains(fixture.sql, { streamId })).toEqual({
        ok: false,
        streamsChecked: 0,
        eventsChecked: 0,
        problem: 'stream-head-mismatch',
        brokenStreamId: streamId,
      });
    });

    it('reports the first break of the whole log in (stream, version) order', async () => {
      // Earlier tests left tampered streams; a stream sorting before all of them breaks first.
      const first = '0-branch-first';
      await store.append(first, numberedEvents(3), { metadata: asSecretary });
      await fixture.sql.query(`UPDATE events SET type = 'MeetingRetracted' WHERE stream_id = $1 AND version = 2`, [first]);

      const verification = await verifyChains(fixture.sql, { batchSize: 50 });

      expect(verification).toMatchObject({ ok: false, problem: 'hash-mismatch', streamsChecked: 1, eventsChecked: 2 });
      expect(verification.firstBroken).toMatchObject({ streamId: first, version: 2 });
    });
  });
});
