import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidV5 } from 'uuid';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import { AlreadyExistsError, DomainError } from '../../../../libs/domain/src/domain-errors.js';
import type { SqlClient, SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import canonicalize from 'canonicalize';
import {
  PartialDuplicateAppendError,
  StreamVersionConflictError,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type StoredEvent,
} from '../../../../libs/event-store/src/event-store.port.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { ApiError } from '../graphql/api-error.js';
import type { CommandTransactions } from '../graphql/database-share.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';
import { startOfShanghaiDay } from '../../../../libs/domain/src/shanghai-calendar.js';
import { StreamStates } from './stream-states.js';
import { recordedEventOccurredOn, type RecordedEvent } from '../../../../libs/policy/src/publishing-policy/policy-occurred-on.js';

/** The contract's CommandResult. */
export interface CommandResult {
  streamId: string;
  version: number;
  positions: string[];
  id: string | null;
}

/** Any decider event, as the recorder handles it: a type and a JSON payload. */
interface DecidedEvent {
  type: string;
  data: object;
}

export interface RecordRequest<Command, Event extends DecidedEvent, State> {
  caller: Caller;
  /** The caller's idempotency key (see {@link idempotencyNamespace}). */
  commandId?: string | null;
  /** What the caller asked, as sent: a repeated commandId with a different input is a CONFLICT. */
  input?: unknown;
  /** The version the caller saw; absent: decide on the latest state, retrying a few times on a race. */
  expectedVersion?: number | null;
  streamId: string;
  decider: Decider<Command, Event, State>;
  command: Command;
  /** The id of what the command creates, served back as CommandResult.id. */
  createdId?: string;
  /** Checks scope and cross-stream facts on the loaded state; throws to refuse. */
  authorize?: (state: State, streamExists: boolean) => void | Promise<void>;
  /**
   * For commands that create their stream under an id the caller chose: what the id names. A taken
   * id is refused with the same words whoever holds it, so the refusal tells nothing about other tenants.
   */
  creates?: string;
  /** The tenant of the stream, recorded on every event. */
  universityId: (state: State) => string | null;
  /** A write of this service's own tables that must commit or roll back with the events (the person registry). */
  alongside?: (tx: SqlExecutor) => Promise<void>;
}

/** A store that can append inside a transaction of the database it shares with this service's tables. */
interface SharesTransactions {
  inTransaction(tx: SqlExecutor): EventStore;
}

const COMMAND_EVENT_NAMESPACE = '6f1d2a52-3c1b-4b9e-9a57-1f0c8e2d7b40';
const GENERATED_ID_NAMESPACE = 'c8a3f1de-5b0e-4f57-9d2a-7e6b3c1f0a94';
const RETRIES_WITHOUT_EXPECTED_VERSION = 5;

/**
 * Whose idempotency keys these are: a commandId belongs to its caller's university and target
 * stream (DOMAIN.md §1), so the same key from another university, or on another stream, is another
 * command. The Municipal Committee and inspectors share the city-wide namespace.
 */
export function idempotencyNamespace(caller: Caller): string {
  return caller.universityId ?? '*';
}

/**
 * The id of what a command creates when the caller sent none: random, or with a commandId derived
 * from it, so that a retry of the same command names the same branch, meeting or person.
 */
export function generatedId(caller: Caller, purpose: string, commandId: string | null | undefined): string {
  if (!commandId) return randomUUID();
  return uuidV5(`${idempotencyNamespace(caller)}\u0000${purpose}\u0000${commandId}`, GENERATED_ID_NAMESPACE);
}

/**
 * The write path of every mutation: load the stream, check scope, decide, append with the loaded
 * version, and make a repeated commandId answer with what the first call recorded.
 */
@Injectable()
export class CommandRecorder {
  /** Per stream, the end of the line of this process's commands on it (see inTurn). */
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient & Partial<CommandTransactions>,
    private readonly states: StreamStates,
  ) {}

  async record<Command, Event extends DecidedEvent, State>(
    request: RecordRequest<Command, Event, State>,
  ): Promise<CommandResult> {
    return this.inTurn(request.streamId, () => this.recordInTurn(request));
  }

  /**
   * Commands on one stream in this process run one after another. They could only ever append one
   * at a time (each expects the version the last one left); racing, all but one load, decide and
   * append for nothing, look the head up again and retry, and a busy stream runs out of retries
   * (CONFLICT). Waiting for the turn costs less than losing the race. Other processes' writers
   * still race, and the retries below settle that.
   */
  private async inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const before = this.turns.get(streamId);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const last = before ? before.then(() => mine) : mine;
    this.turns.set(streamId, last);
    try {
      if (before) await before;
      return await work();
    } finally {
      done();
      // The last in line leaves no entry behind: the map holds only streams with commands in flight.
      if (this.turns.get(streamId) === last) this.turns.delete(streamId);
    }
  }

  private async recordInTurn<Command, Event extends DecidedEvent, State>(
    request: RecordRequest<Command, Event, State>,
  ): Promise<CommandResult> {
    const key = request.commandId ? commandKey(request) : undefined;
    for (let attempt = 0; ; attempt += 1) {
      // First the state this process remembers, without reading the stream: the append expects its
      // version, so if another process has written since, the append is refused (nothing stored)
      // and the next attempt reads the newer events. A refusal is never judged on it: the stream
      // may have moved on in a way that allows the command, so a refusal is checked on a fresh read.
      const remembered = attempt === 0 ? this.states.remembered(request.streamId, request.decider) : undefined;
      const { state, version: loadedVersion } = remembered ?? (await this.states.load(request.streamId, request.decider));
      const unread = remembered !== undefined;
      try {
        await request.authorize?.(state, loadedVersion > 0);
      } catch (error) {
        if (unread) continue;
        throw error;
      }
      const expected = request.expectedVersion;
      let decided: Event[];
      try {
        if (request.creates && loadedVersion > 0) {
          throw new AlreadyExistsError(`${request.creates} id ${request.createdId ?? ''} is already taken`);
        }
        if (expected !== undefined && expected !== null && loadedVersion > 0 && expected !== loadedVersion) {
          throw new StreamVersionConflictError(request.streamId, expected, loadedVersion);
        }
        decided = request.decider.decide(request.command, state);
      } catch (error) {
        if (unread) continue;
        return this.answerRepeat(key, error);
      }
      const recordedAt = new Date();
      const events: NewEvent[] = decided.map((event, index) => ({
        eventId: key?.eventId(index),
        type: event.type,
        data: event.data as JsonObject,
        occurredAt: occurredAt(event, recordedAt),
      }));
      try {
        const options = {
          expectedVersion: loadedVersion === 0 ? ('no-stream' as const) : loadedVersion,
          metadata: {
            actor: request.caller.subject,
            universityId: request.universityId(state),
            commandId: request.commandId ?? null,
            ...(key ? { commandFingerprint: key.fingerprint, commandEvents: events.length } : {}),
            ...(request.createdId ? { createdId: request.createdId } : {}),
          },
        };
        const result = request.alongside
          ? await this.commandTransaction(async (tx) => {
              await request.alongside!(tx);
              return this.storeIn(tx).append(request.streamId, events, options);
            })
          : await this.store.append(request.streamId, events, options);
        if (result.written) {
          const next = decided.reduce((current, event) => request.decider.evolve(current, event), state);
          this.states.remember(request.streamId, request.decider, result.nextVersion, next);
        } else {
          // Stored by an earlier call with this commandId: its result, if it was the same command.
          if (key) return this.answerRepeat(key, new PartialDuplicateAppendError(request.streamId, []));
        }
        return {
          streamId: request.streamId,
          version: result.nextVersion,
          positions: result.positions,
          id: request.createdId ?? null,
        };
      } catch (error) {
        // The remembered state stays: it is the fold of events stored up to its version, which a
        // lost race does not change (streams are append-only), so the retry reads only the newer
        // events. Forgetting it made every conflict re-read and re-fold the whole stream, which
        // under concurrent writers to one branch cost more than the appends themselves.
        const mayRetry = expected === undefined || expected === null;
        if (error instanceof StreamVersionConflictError && mayRetry && attempt < RETRIES_WITHOUT_EXPECTED_VERSION) continue;
        if (key && request.alongside) return this.answerRepeatAfterRollback(key, error);
        return this.answerRepeat(key, error);
      }
    }
  }

  private commandTransaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.sql.commandTransaction ? this.sql.commandTransaction(work) : this.sql.transaction(work);
  }

  private storeIn(tx: SqlExecutor): EventStore {
    const store = this.store as EventStore & Partial<SharesTransactions>;
    if (!store.inTransaction) throw new Error('this event store cannot append inside a transaction of the service database');
    return store.inTransaction(tx);
  }

  /** A duplicate event id aborts the transaction it was appended in: the earlier result is looked up after the rollback. */
  private async answerRepeatAfterRollback(key: CommandKey, error: unknown): Promise<CommandResult> {
    const earlier = await this.earlierResult(key);
    if (earlier) return earlier;
    throw error;
  }

  /**
   * A refused or conflicting call may be the repeat of a command already recorded (the state has
   * moved on since, or its events are already stored): then it answers with the first result, or
   * CONFLICT when the same key came with another input. Looked up only on these paths, so a first
   * call costs no extra round trip; only a caller who passed the scope check gets here, and only
   * within its own namespace and stream.
   */
  private async answerRepeat(key: CommandKey | undefined, error: unknown): Promise<CommandResult> {
    const mayBeRepeat =
      error instanceof DomainError || error instanceof StreamVersionConflictError || error instanceof PartialDuplicateAppendError;
    if (key && mayBeRepeat) {
      const earlier = await this.earlierResult(key);
      if (earlier) return earlier;
    }
    throw error;
  }

  /** What the command with this key recorded, if it was recorded. */
  private async earlierResult(key: CommandKey): Promise<CommandResult | null> {
    const [first] = await this.store.findEvents([key.eventId(0)]);
    if (!first || first.streamId !== key.streamId) return null;
    if (first.metadata.commandFingerprint !== key.fingerprint) {
      throw new ApiError('CONFLICT', `commandId ${key.commandId} was already used for a different command on ${key.streamId}`);
    }
    const count = typeof first.metadata.commandEvents === 'number' ? first.metadata.commandEvents : 1;
    const stored: StoredEvent[] =
      count > 1 ? await this.store.findEvents(Array.from({ length: count }, (_, index) => key.eventId(index))) : [first];
    const last = stored[stored.length - 1]!;
    const createdId = first.metadata.createdId;
    return {
      streamId: last.streamId,
      version: last.version,
      positions: stored.map((event) => event.globalPosition),
      id: typeof createdId === 'string' ? createdId : null,
    };
  }
}

interface CommandKey {
  commandId: string;
  streamId: string;
  /** SHA-256 of what the caller asked (canonical JSON of the mutation's input, without commandId and expectedVersion). */
  fingerprint: string;
  eventId(index: number): string;
}

function commandKey<Command, Event extends DecidedEvent, State>(request: RecordRequest<Command, Event, State>): CommandKey {
  const commandId = request.commandId!;
  const namespace = idempotencyNamespace(request.caller);
  const asked = withoutEnvelope(request.input ?? request.command);
  const fingerprint = createHash('sha256').update(canonicalize(asked) ?? 'null').digest('hex');
  return {
    commandId,
    streamId: request.streamId,
    fingerprint,
    eventId: (index) => uuidV5(`${namespace}\u0000${request.streamId}\u0000${commandId}\u0000${index}`, COMMAND_EVENT_NAMESPACE),
  };
}

/** The input as the caller meant it: without the envelope and without the nulls GraphQL sends for absent fields. */
function withoutEnvelope(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input ?? null;
  return Object.fromEntries(
    Object.entries(input as Record<string, unknown>).filter(
      ([name, value]) => name !== 'commandId' && name !== 'expectedVersion' && value !== null && value !== undefined,
    ),
  );
}

/** When it happened in the world, as each event defines it in the domain: the start of that Shanghai day, else now. */
function occurredAt(event: DecidedEvent, recordedAt: Date): Date {
  const day = recordedEventOccurredOn(event as RecordedEvent);
  return day === null ? recordedAt : startOfShanghaiDay(day);
}
