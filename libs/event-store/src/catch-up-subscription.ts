import type { SqlExecutor } from '../../database/src/sql-client.js';
import { START_CURSOR, type CheckpointMove, type CheckpointStore, type EventStore, type ReadAllBatch, type StoredEvent } from './event-store.port.js';

export type { CheckpointMove, CheckpointStore } from './event-store.port.js';

/** Checkpoints in the store's `checkpoints` table. */
export class SqlCheckpointStore implements CheckpointStore {
  constructor(private readonly sql: SqlExecutor) {}

  async load(consumer: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ position: string }>('SELECT position FROM checkpoints WHERE consumer = $1', [
      consumer,
    ]);
    return rows[0]?.position ?? null;
  }

  async save(consumer: string, cursor: string, move: CheckpointMove = {}): Promise<boolean> {
    if (move.expected === undefined) {
      await this.sql.query(
        `INSERT INTO checkpoints (consumer, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
        [consumer, cursor],
      );
      return true;
    }
    const { rows } = await this.sql.query(
      move.expected === null
        ? `INSERT INTO checkpoints (consumer, position, updated_at) VALUES ($1, $2, now()) ON CONFLICT (consumer) DO NOTHING RETURNING 1`
        : `UPDATE checkpoints SET position = $2, updated_at = now() WHERE consumer = $1 AND position = $3 RETURNING 1`,
      move.expected === null ? [consumer, cursor] : [consumer, cursor, move.expected],
    );
    return rows.length === 1;
  }
}

export interface CatchUpSubscriptionOptions {
  consumer: string;
  /** Only events of these types (the cursor still moves over the others). */
  types?: readonly string[];
  handle: (events: StoredEvent[]) => Promise<void>;
  batchSize?: number;
  /** How long to wait for a wake-up before looking again (PGlite has no cross-process wake-up). */
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

const FIRST_RETRY_AFTER_ANNOUNCEMENT_MS = 2;

/**
 * Reads the log from the consumer's checkpoint to the head, then stays live: it wakes on appends
 * (in process, or through NOTIFY on PostgreSQL) and polls as a fallback. The checkpoint moves only
 * after `handle` has returned, so a crash replays the last batch rather than losing it.
 */
export class CatchUpSubscription {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** How soon to look again after finding nothing though an append was announced; 0 when none is pending. */
  private announcedRetryMs = 0;
  /** The last cursor announced and not yet read (appends that say where they end). */
  private awaitedCursor?: string;
  /** An append was announced without its cursor (an older process): looked for until the back-off runs out. */
  private unplacedAnnouncement = false;
  private failure?: unknown;
  private unsubscribe?: () => void;
  private cursor = START_CURSOR;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: CatchUpSubscriptionOptions,
  ) {}

  get position(): string {
    return this.cursor;
  }

  /** The error that stopped the subscription, if one did. */
  get error(): unknown {
    return this.failure;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.failure = undefined;
    this.cursor = (await this.checkpoints.load(this.options.consumer)) ?? START_CURSOR;
    this.running = true;
    this.unsubscribe = this.store.onAppended((_types, upTo) => {
      if (upTo === undefined) this.unplacedAnnouncement = true;
      else if (this.awaitedCursor === undefined || this.store.compareCursors(upTo, this.awaitedCursor) > 0) this.awaitedCursor = upTo;
      this.announcedRetryMs = FIRST_RETRY_AFTER_ANNOUNCEMENT_MS;
      this.wake?.();
    });
    this.loop = this.run().catch((error: unknown) => {
      this.running = false;
      this.unsubscribe?.();
      this.failure = error;
      this.options.onError?.(error);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const pollIntervalMs = this.options.pollIntervalMs ?? 250;
    while (this.running) {
      const from = this.cursor;
      const batch: ReadAllBatch = await this.store.readAll({ after: from, limit: batchSize, types: this.options.types });
      if (batch.events.length > 0) await this.options.handle(batch.events);
      if (batch.cursor !== from) {
        // The consumer's checkpoint is its own: the move from where this batch was read cannot fail.
        await this.checkpoints.save(this.options.consumer, batch.cursor, { position: batch.position });
        this.cursor = batch.cursor;
      }
      if (!batch.reachedHead) continue;
      // Every announced append this read reached is delivered: nothing more to look for until the next.
      if (this.awaitedCursor !== undefined && this.store.compareCursors(batch.cursor, this.awaitedCursor) >= 0) this.awaitedCursor = undefined;
      if (this.awaitedCursor === undefined && !this.unplacedAnnouncement) this.announcedRetryMs = 0;
      // An announced append that no read shows yet is committed but hidden behind an older open
      // transaction (readers see the log only below the oldest one); it shows as soon as that one
      // ends, which need not announce anything, so look again soon, backing off towards the poll.
      let delayMs = pollIntervalMs;
      if (this.announcedRetryMs > 0) {
        delayMs = Math.min(this.announcedRetryMs, pollIntervalMs);
        this.announcedRetryMs = this.announcedRetryMs * 2 < pollIntervalMs ? this.announcedRetryMs * 2 : 0;
        if (this.announcedRetryMs === 0) this.unplacedAnnouncement = false;
      }
      // stop() may have been called while this turn read: its wake-up found no one waiting.
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
