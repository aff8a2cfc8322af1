import { sqlStateOf, type SqlExecutor } from '../../database/src/sql-client.js';
import { appendStatement, type AppendedSummary, type ChainedAppend } from './append-statements.js';
import { canonicalString } from './canonical-json.js';

/**
 * Appends to several streams in one statement: one round trip, one commit, one WAL flush for all
 * of them. Each stream's append stays conditional on its own head (version and hash), exactly as
 * its statement alone would be: a stream that moved on gets nothing written, the others are
 * written all the same. Built only for appends of distinct streams (see {@link AppendBatcher}).
 *
 * $1: the appends, [{stream_id, from_version, from_hash, version, hash, university_id, metadata,
 * recorded_at}] (from_version null: a new stream); $2: their events, [{stream_id, event_id, version,
 * type, schema_version, data, occurred_at, hash, previous_hash}], in append order then version order.
 */
export const APPEND_BATCH_STATEMENT = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS a(n int, stream_id text, from_version bigint, from_hash text, version bigint,
    hash text, university_id text, metadata jsonb, recorded_at timestamptz)
), created AS (
  INSERT INTO streams (stream_id, version, university_id, last_hash)
  SELECT stream_id, version, university_id, hash FROM input WHERE from_version IS NULL
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
), moved AS (
  UPDATE streams SET version = input.version, last_hash = input.hash
  FROM input
  WHERE input.from_version IS NOT NULL AND streams.stream_id = input.stream_id
    AND streams.version = input.from_version AND streams.last_hash = input.from_hash
  RETURNING streams.stream_id
), head AS (
  SELECT stream_id FROM created UNION ALL SELECT stream_id FROM moved
), appended AS (
  INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at,
    university_id, hash, previous_hash)
  SELECT e.event_id, a.stream_id, e.version, e.type, e.schema_version, e.data, a.metadata, e.occurred_at, a.recorded_at,
    a.university_id, e.hash, e.previous_hash
  FROM head
  JOIN input a ON a.stream_id = head.stream_id
  JOIN jsonb_to_recordset($2::jsonb) AS e(stream_id text, event_id uuid, version bigint, type text, schema_version int,
    data jsonb, occurred_at timestamptz, hash text, previous_hash text) ON e.stream_id = a.stream_id
  ORDER BY a.n, e.version
  RETURNING stream_id, global_position, transaction_id
)
SELECT stream_id, count(*)::int AS appended, string_agg(global_position::text, ',' ORDER BY global_position) AS positions,
  min(transaction_id::text) AS transaction_id
FROM appended
GROUP BY stream_id`;

/** The parameters of {@link APPEND_BATCH_STATEMENT} for these appends (of distinct streams). */
export function appendBatchValues(appends: readonly ChainedAppend[]): [string, string] {
  const heads: string[] = [];
  const events: string[] = [];
  appends.forEach((append, n) => {
    const last = append.events[append.events.length - 1]!;
    const stream = canonicalString(append.streamId);
    // Event ids are checked UUIDs, instants ISO strings and hashes hex: only ids, types and the
    // university need quoting; payloads and metadata are JSON texts already.
    heads.push(
      `{"n":${n},"stream_id":${stream},"from_version":${append.chainedOn ? append.chainedOn.version : 'null'},` +
        `"from_hash":${append.chainedOn ? `"${append.chainedOn.hash}"` : 'null'},"version":${last.version},"hash":"${last.hash}",` +
        `"university_id":${append.universityId === null ? 'null' : canonicalString(append.universityId)},` +
        `"metadata":${append.metadataJson},"recorded_at":"${append.recordedAt}"}`,
    );
    for (const event of append.events) {
      events.push(
        `{"stream_id":${stream},"event_id":"${event.eventId}","version":${event.version},"type":${canonicalString(event.type)},` +
          `"schema_version":${event.schemaVersion},"data":${event.data},"occurred_at":"${event.occurredAt}",` +
          `"hash":"${event.hash}","previous_hash":${event.previousHash === null ? 'null' : `"${event.previousHash}"`}}`,
      );
    }
  });
  return [`[${heads.join(',')}]`, `[${events.join(',')}]`];
}

export interface AppendBatchingLimits {
  /** Append statements of this store in flight at once; more appends wait and go together. */
  statementsInFlight: number;
  /** Appends in one statement at most. */
  appendsPerStatement: number;
  /** An append of more events than this goes in a statement of its own (bulk appends gain nothing). */
  eventsPerBatchedAppend: number;
}

export const DEFAULT_APPEND_BATCHING: AppendBatchingLimits = { statementsInFlight: 4, appendsPerStatement: 64, eventsPerBatchedAppend: 16 };

interface Waiting {
  append: ChainedAppend;
  resolve: (summary: AppendedSummary | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for appends outside a transaction. While fewer than `statementsInFlight` append
 * statements run, an append is sent at once, alone, in the statement it would have had anyway (no
 * wait at low load). When they are all busy, the appends that arrive wait; the next free slot sends
 * every waiting append of a distinct stream in one statement. Under 32 concurrent writers this
 * turns ~32 statements and commits into a few, on the database's side and in this process's
 * socket writes alike.
 *
 * An append answers with its own statement's summary (appended 0: its stream was not at the head
 * it was chained on). A grouped statement the server refused (a duplicate event id aborts it for
 * everybody in it) answers each of its appends with null: send it alone, so each gets exactly the
 * outcome it would have had by itself. An error that is not the server's (a lost connection, where
 * the statement may or may not have committed) is every append's error, as it would have been.
 */
export class AppendBatcher {
  private inFlight = 0;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly sql: SqlExecutor,
    private readonly limits: AppendBatchingLimits = DEFAULT_APPEND_BATCHING,
  ) {}

  append(append: ChainedAppend): Promise<AppendedSummary | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      this.sendWhatFits();
    });
  }

  private sendWhatFits(): void {
    while (this.inFlight < this.limits.statementsInFlight && this.waiting.length > 0) {
      const batch = this.nextBatch();
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.sendWhatFits();
      });
    }
  }

  /** The oldest waiting append and, unless it is a bulk one, the next waiting appends of other streams. */
  private nextBatch(): Waiting[] {
    const first = this.waiting.shift()!;
    const batch = [first];
    if (first.append.events.length > this.limits.eventsPerBatchedAppend) return batch;
    const streams = new Set([first.append.streamId]);
    for (let index = 0; index < this.waiting.length && batch.length < this.limits.appendsPerStatement; ) {
      const candidate = this.waiting[index]!;
      // A second append of a stream in the batch waits for the next statement: it is chained on a head the first one moves.
      if (candidate.append.events.length <= this.limits.eventsPerBatchedAppend && !streams.has(candidate.append.streamId)) {
        streams.add(candidate.append.streamId);
        batch.push(candidate);
        this.waiting.splice(index, 1);
      } else {
        index += 1;
      }
    }
    return batch;
  }

  private async send(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      const statement = appendStatement(only.append);
      try {
        const { rows } = await this.sql.query<AppendedSummary>(statement.text, statement.values, { preparedAs: statement.name });
        only.resolve(rows[0]!);
      } catch (error) {
        only.reject(error);
      }
      return;
    }
    try {
      const { rows } = await this.sql.query<AppendedSummary & { stream_id: string }>(
        APPEND_BATCH_STATEMENT,
        appendBatchValues(batch.map((waiting) => waiting.append)),
        { preparedAs: 'event_store_append_batch' },
      );
      const byStream = new Map(rows.map((row) => [row.stream_id, row]));
      for (const waiting of batch) {
        const row = byStream.get(waiting.append.streamId);
        waiting.resolve(row ? { appended: row.appended, positions: row.positions, transaction_id: row.transaction_id } : NOTHING_APPENDED);
      }
    } catch (error) {
      const refusedByServer = isServerError(error);
      for (const waiting of batch) {
        if (refusedByServer) waiting.resolve(null);
        else waiting.reject(error);
      }
    }
  }
}

const NOTHING_APPENDED: AppendedSummary = { appended: 0, positions: null, transaction_id: null };

/** An error the server answered with: the statement failed, so nothing of it was written. */
function isServerError(error: unknown): boolean {
  return sqlStateOf(error) !== undefined && typeof (error as { severity?: unknown }).severity === 'string';
}
