import { canonicalString } from './canonical-json.js';

/** One event of an append, given its version and hash, in the form the statements take. */
export interface ChainedEvent {
  eventId: string;
  version: number;
  type: string;
  schemaVersion: number;
  /** Canonical JSON: the text that was hashed is the text stored. */
  data: string;
  occurredAt: string;
  hash: string;
  previousHash: string | null;
}

export interface ChainedAppend {
  streamId: string;
  universityId: string | null;
  /** What every event of the append shares is sent once, not once per event. */
  metadataJson: string;
  recordedAt: string;
  events: ChainedEvent[];
  /** The head the events were chained on; absent for a stream that does not exist yet. */
  chainedOn?: { version: number; hash: string };
}

export interface AppendStatement {
  /** Prepared under this name: planning these statements costs more than running them for one event. */
  name: string;
  text: string;
  values: unknown[];
}

/** Every append statement answers with one row, whatever the number of events. */
export interface AppendedSummary {
  /** 0 when the stream was not at the head the events were chained on: nothing was written. */
  appended: number;
  /** Global positions in version order, comma-separated. */
  positions: string | null;
  transaction_id: string | null;
}

// Parameters of every statement: $1 stream, $2 version after, $3 university, $4 hash after,
// $5 metadata, $6 recorded at.

const CREATE_HEAD = `
  INSERT INTO streams (stream_id, version, university_id, last_hash) VALUES ($1, $2, $3, $4)
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id`;

// The head moves only from the version and hash the events were chained on. Matching the hash as
// well: a remembered head that was never stored (its transaction rolled back) must not let an
// event chain onto a hash the log does not hold.
function moveHead(chainedOnVersion: string, chainedOnHash: string): string {
  return `
  UPDATE streams SET version = $2, last_hash = $4
  WHERE stream_id = $1 AND version = ${chainedOnVersion} AND last_hash = ${chainedOnHash}
  RETURNING stream_id`;
}

// Many events: $7 their rows as a JSON array; for an existing stream, $8 and $9 the head.
const MANY_EVENTS = `
  SELECT e.event_id, head.stream_id, e.version, e.type, e.schema_version, e.data, $5::jsonb, e.occurred_at,
    $6::timestamptz, $3, e.hash, e.previous_hash
  FROM head, jsonb_to_recordset($7::jsonb) AS e(event_id uuid, version bigint, type text, schema_version int,
    data jsonb, occurred_at timestamptz, hash text, previous_hash text)
  ORDER BY e.version`;

// One event (most commands record one): its fields as parameters, no JSON document to take apart.
// $7 data, $8 event id, $9 type, $10 schema version, $11 occurred at; for an existing stream, $12
// and $13 the head, whose hash is the event's previous hash.
function oneEvent(previousHash: string): string {
  return `
  SELECT $8::uuid, head.stream_id, $2, $9::text, $10::int, $7::jsonb, $5::jsonb, $11::timestamptz, $6::timestamptz,
    $3, $4, ${previousHash}
  FROM head`;
}

// Nothing appended means the stream moved on. The events of an append share its transaction id.
function appendStatementText(head: string, events: string): string {
  return `
WITH head AS (${head}
), appended AS (
  INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at,
    university_id, hash, previous_hash)
  ${events}
  RETURNING global_position, transaction_id
)
SELECT count(*)::int AS appended, string_agg(global_position::text, ',' ORDER BY global_position) AS positions,
  min(transaction_id::text) AS transaction_id
FROM appended`;
}

const APPEND_MANY_TO_NEW_STREAM = appendStatementText(CREATE_HEAD, MANY_EVENTS);
const APPEND_MANY_TO_EXISTING_STREAM = appendStatementText(moveHead('$8', '$9'), MANY_EVENTS);
const APPEND_ONE_TO_NEW_STREAM = appendStatementText(CREATE_HEAD, oneEvent('NULL::text'));
const APPEND_ONE_TO_EXISTING_STREAM = appendStatementText(moveHead('$12', '$13'), oneEvent('$13'));

/** The one-round-trip conditional statement that appends these chained events. */
export function appendStatement(append: ChainedAppend): AppendStatement {
  const last = append.events[append.events.length - 1]!;
  const shared = [append.streamId, last.version, append.universityId, last.hash, append.metadataJson, append.recordedAt];
  const head = append.chainedOn ? [append.chainedOn.version, append.chainedOn.hash] : [];
  if (append.events.length === 1) {
    const own = [last.data, last.eventId, last.type, last.schemaVersion, last.occurredAt];
    return append.chainedOn
      ? { name: 'event_store_append_one_to_existing_stream', text: APPEND_ONE_TO_EXISTING_STREAM, values: [...shared, ...own, ...head] }
      : { name: 'event_store_append_one_to_new_stream', text: APPEND_ONE_TO_NEW_STREAM, values: [...shared, ...own] };
  }
  const rows = [recordsetJson(append.events), ...head];
  return append.chainedOn
    ? { name: 'event_store_append_many_to_existing_stream', text: APPEND_MANY_TO_EXISTING_STREAM, values: [...shared, ...rows] }
    : { name: 'event_store_append_many_to_new_stream', text: APPEND_MANY_TO_NEW_STREAM, values: [...shared, ...rows] };
}

/** The events as the JSON array `jsonb_to_recordset` reads. */
function recordsetJson(events: ChainedEvent[]): string {
  // Event ids are checked UUIDs, instants ISO strings and hashes hex: only the type needs quoting.
  const rows = events.map(
    (event) =>
      `{"event_id":"${event.eventId}","version":${event.version},"type":${canonicalString(event.type)},` +
      `"schema_version":${event.schemaVersion},"data":${event.data},"occurred_at":"${event.occurredAt}",` +
      `"hash":"${event.hash}","previous_hash":${event.previousHash === null ? 'null' : `"${event.previousHash}"`}}`,
  );
  // Bracketing the first and last rows lets join() produce the one flat string the driver encodes.
  rows[0] = `[${rows[0]}`;
  rows[rows.length - 1] += ']';
  return rows.join(',');
}
