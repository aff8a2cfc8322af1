/**
 * The event store port. Positions and cursors are opaque strings so that another store
 * (KurrentDB through its official client) can sit behind the same interface.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `any`: append whatever the stream's version; `no-stream`: the stream must not exist; a number: exactly that version. */
export type ExpectedVersion = 'any' | 'no-stream' | number;

export interface NewEvent {
  /** Stable id; appending an id already stored returns the stored result and writes nothing. */
  eventId?: string;
  type: string;
  schemaVersion?: number;
  data: JsonObject;
  /** When it happened in the world; defaults to when it is recorded. */
  occurredAt?: Date;
}

export interface EventMetadata {
  /** The token's subject. */
  actor: string;
  universityId?: string | null;
  correlationId?: string | null;
  causationId?: string | null;
  /** The idempotency key of the command that recorded the event. */
  commandId?: string | null;
}

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
  metadata: EventMetadata;
}

export interface StoredEvent {
  eventId: string;
  streamId: string;
  version: number;
  /** Unique, increasing within a transaction; a decimal string. */
  globalPosition: string;
  /** Opaque: read-all resumes after it. Ordered by commit safety, not by globalPosition alone. */
  cursor: string;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata & JsonObject;
  occurredAt: Date;
  recordedAt: Date;
  universityId: string | null;
  hash: string;
  previousHash: string | null;
}

export interface AppendResult {
  streamId: string;
  /** Stream version after the append. */
  nextVersion: number;
  positions: string[];
  /** Cursor after the last appended event (for read-your-writes waits). */
  lastCursor: string;
  /** False when every event id was already stored and nothing was written. */
  written: boolean;
}

export interface ReadStreamOptions {
  /** First version to read (1-based); default 1. */
  fromVersion?: number;
  /** Read only events recorded at or before this instant (as-of views). */
  recordedAtOrBefore?: Date;
  /** Serve payloads as stored, without upcasting (audit trail). */
  raw?: boolean;
  /** At most this many events (a page of the audit trail). */
  limit?: number;
  /** Last version to read; default the stream's head (the policy versions a generation was built under). */
  toVersion?: number;
}

export interface ReadAllOptions {
  /** Cursor to resume after; the start of the log when absent. */
  after?: string;
  limit?: number;
  raw?: boolean;
  /**
   * Only events of these types. The cursor still moves over the others: a read that reaches the
   * visible head resumes from the head, so a consumer of rare types does not scan the log again.
   */
  types?: readonly string[];
}

export interface ReadAllBatch {
  events: StoredEvent[];
  /**
   * Where the next read resumes: after the last event returned, or the visible head when the read
   * reached it (the `after` given when nothing lies beyond it).
   */
  cursor: string;
  /** The global position `cursor` stands at (for lag and progress). */
  position: string;
  /** True when nothing wanted is visible after `cursor` (yet). */
  reachedHead: boolean;
}

/** A read for an as-of view: the events the store had recorded by an instant. */
export interface ReadRecordedOptions {
  recordedAtOrBefore: Date;
  types?: readonly string[];
  /**
   * Only the events recorded for this university, and those of the streams every university shares
   * (named by `sharedStreamPrefixes`). Null or absent: every university's.
   */
  universityId?: string | null;
  sharedStreamPrefixes?: readonly string[];
  /** The `cursor` of the previous page; the first page when absent. */
  after?: string;
  limit?: number;
}

export interface ReadRecordedBatch {
  /** In the order they were recorded. */
  events: StoredEvent[];
  /** Resumes the read after this page (opaque, not a read-all cursor). */
  cursor: string;
  /** True when no page follows. */
  done: boolean;
}

/** How far the log goes. */
export interface LogHead {
  /** Cursor after the newest event every reader can already see. */
  cursor: string;
  /** The global position of `cursor`. */
  position: string;
  /** The highest global position committed (a later one may still be hidden behind an open transaction). */
  highestPosition: string;
}

export interface StreamHead {
  streamId: string;
  version: number;
  hash: string;
  /** The tenant the stream's events are recorded for (null: the policy stream, municipal sessions). */
  universityId: string | null;
}

/** Told of appends: their types and the cursor of the last one, when known (see EventStore.onAppended). */
export type AppendListener = (types?: readonly string[], upTo?: string) => void;

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllBatch>;
  /** A page of the events recorded at or before an instant, for as-of views. */
  readRecorded(options: ReadRecordedOptions): Promise<ReadRecordedBatch>;
  streamHead(streamId: string): Promise<StreamHead | null>;
  /** The versions of the streams that exist among these (the others are absent). */
  streamVersions(streamIds: readonly string[]): Promise<Map<string, number>>;
  /** The events already stored under these ids, in order. */
  findEvents(eventIds: readonly string[]): Promise<StoredEvent[]>;
  /** Cursor after the newest event that every reader can already see. */
  headCursor(): Promise<string>;
  logHead(): Promise<LogHead>;
  /** The cursor of the event at a global position (read-your-writes); null when none is stored there. */
  cursorAt(globalPosition: string): Promise<string | null>;
  /** Orders two cursors this store made: negative, zero or positive. Pure: no round trip. */
  compareCursors(a: string, b: string): number;
  /**
   * Calls `listener` after events may have been appended, with the types appended and the cursor
   * of the last of them: always for appends in this process, and for another process's when its
   * announcement says them (absent: anything may have been appended).
   */
  onAppended(listener: AppendListener): () => void;
  close(): Promise<void>;
}

/** How a checkpoint moves: from where the batch was read (compare-and-set), to where the batch ends. */
export interface CheckpointMove {
  /** The cursor the batch was read after; the save does nothing when the checkpoint is no longer there. */
  expected?: string | null;
  /** The global position of the new cursor (a {@link ReadAllBatch}'s `position`), for lag. */
  position?: string;
}

/**
 * Where a consumer has got to in the log. A consumer whose handling writes to the same database
 * saves its checkpoint in the handling's transaction (a checkpoint store over that transaction),
 * so the effect of a batch and the move past it commit together: exactly once.
 */
export interface CheckpointStore<Consumer = string> {
  load(consumer: Consumer): Promise<string | null>;
  /** False when `expected` was given and the checkpoint had moved from it: nothing was saved. */
  save(consumer: Consumer, cursor: string, move?: CheckpointMove): Promise<boolean>;
}

/** The stream has moved on (or does not exist, or exists) against the expectation. */
export class StreamVersionConflictError extends Error {
  override readonly name = 'StreamVersionConflictError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** Some, not all, of the event ids given to an append are already stored. */
export class PartialDuplicateAppendError extends Error {
  override readonly name = 'PartialDuplicateAppendError';
  constructor(readonly streamId: string, readonly duplicateIds: string[]) {
    super(`stream ${streamId}: events ${duplicateIds.join(', ')} are already stored with others that are not`);
  }
}

export const START_CURSOR = '0:0';
