import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidV5 } from 'uuid';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import { DomainError } from '../../../../libs/domain/src/domain-errors.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import {
  PartialDuplicateAppendError,
  StreamVersionConflictError,
  type EventStore,
  type JsonObject,
  type NewEvent,
} from '../../../../libs/event-store/src/event-store.port.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';
import { startOfShanghaiDay } from '../../../../libs/domain/src/shanghai-calendar.js';
import { StreamStates } from './stream-states.js';

/** The contract's CommandResult. */
export interface CommandResult {
  streamId: string;
  version: number;
  positions: string[];
  id: string | null;
}

/** Any decider event: a type and a JSON payload. */
export interface DomainEvent {
  type: string;
  data: object;
}

export interface RecordRequest<Command, Event extends DomainEvent, State> {
  caller: Caller;
  commandId?: string | null;
  /** The version the caller saw; absent: decide on the latest state, retrying a few times on a race. */
  expectedVersion?: number | null;
  streamId: string;
  decider: Decider<Command, Event, State>;
  command: Command;
  /** The id of what the command creates, served back as CommandResult.id. */
  createdId?: string;
  /** Checks scope and cross-stream facts on the loaded state; throws to refuse. */
  authorize?: (state: State, streamExists: boolean) => void | Promise<void>;
  /** The tenant of the stream, recorded on every event. */
  universityId: (state: State) => string | null;
}

const COMMAND_EVENT_NAMESPACE = '6f1d2a52-3c1b-4b9e-9a57-1f0c8e2d7b40';
const RETRIES_WITHOUT_EXPECTED_VERSION = 5;
const WORLD_DATE_FIELDS = ['heldOn', 'on', 'establishedOn', 'startsOn'] as const;

/**
 * The write path of every mutation: load the stream, check scope, decide, append with the loaded
 * version, and make a repeated commandId answer with what the first call recorded.
 */
@Injectable()
export class CommandRecorder {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly states: StreamStates,
  ) {}

  async record<Command, Event extends DomainEvent, State>(
    request: RecordRequest<Command, Event, State>,
  ): Promise<CommandResult> {
    for (let attempt = 0; ; attempt += 1) {
      const { state, version: loadedVersion } = await this.states.load(request.streamId, request.decider);
      await request.authorize?.(state, loadedVersion > 0);
      const expected = request.expectedVersion;
      let decided: Event[];
      try {
        if (expected !== undefined && expected !== null && loadedVersion > 0 && expected !== loadedVersion) {
          throw new StreamVersionConflictError(request.streamId, expected, loadedVersion);
        }
        decided = request.decider.decide(request.command, state);
      } catch (error) {
        return this.answerRepeat(request.commandId, error);
      }
      const recordedAt = new Date();
      const events: NewEvent[] = decided.map((event, index) => ({
        eventId: request.commandId ? uuidV5(`${request.commandId}/${index}`, COMMAND_EVENT_NAMESPACE) : undefined,
        type: event.type,
        data: event.data as JsonObject,
        occurredAt: occurredAt(event.data, recordedAt),
      }));
      try {
        const result = await this.store.append(request.streamId, events, {
          expectedVersion: loadedVersion === 0 ? 'no-stream' : loadedVersion,
          metadata: {
            actor: request.caller.subject,
            universityId: request.universityId(state),
            commandId: request.commandId ?? null,
            ...(request.createdId ? { createdId: request.createdId } : {}),
          },
        });
        if (result.written) {
          const next = decided.reduce((current, event) => request.decider.evolve(current, event), state);
          this.states.remember(request.streamId, request.decider, result.nextVersion, next);
        } else {
          this.states.forget(request.streamId);
          // Written by a concurrent repeat of the command: its result, with the id it created.
          if (request.commandId) {
            const earlier = await this.earlierResult(request.commandId);
            if (earlier) return earlier;
          }
        }
        return {
          streamId: request.streamId,
          version: result.nextVersion,
          positions: result.positions,
          id: request.createdId ?? null,
        };
      } catch (error) {
        this.states.forget(request.streamId);
        const mayRetry = expected === undefined || expected === null;
        if (error instanceof StreamVersionConflictError && mayRetry && attempt < RETRIES_WITHOUT_EXPECTED_VERSION) continue;
        return this.answerRepeat(request.commandId, error);
      }
    }
  }

  /**
   * A refused or conflicting call may be the repeat of a command already recorded (the state has
   * moved on since, or its events are already stored): then it answers with the first result.
   * Looked up only on these paths, so a first call costs no extra round trip; only a caller who
   * passed the scope check gets here.
   */
  private async answerRepeat(commandId: string | null | undefined, error: unknown): Promise<CommandResult> {
    const mayBeRepeat =
      error instanceof DomainError || error instanceof StreamVersionConflictError || error instanceof PartialDuplicateAppendError;
    if (commandId && mayBeRepeat) {
      const earlier = await this.earlierResult(commandId);
      if (earlier) return earlier;
    }
    throw error;
  }

  /** What a command with this id recorded, if it was recorded. */
  private async earlierResult(commandId: string): Promise<CommandResult | null> {
    const { rows } = await this.sql.query<{ stream_id: string; version: string; global_position: string; created_id: string | null }>(
      `SELECT stream_id, version, global_position, metadata->>'createdId' AS created_id
       FROM events WHERE metadata ? 'commandId' AND metadata->>'commandId' = $1
       ORDER BY global_position`,
      [commandId],
    );
    if (rows.length === 0) return null;
    const last = rows[rows.length - 1]!;
    return {
      streamId: last.stream_id,
      version: Number(last.version),
      positions: rows.map((row) => String(row.global_position)),
      id: last.created_id,
    };
  }
}

/** When it happened in the world: the day the payload names (start of that Shanghai day), else now. */
function occurredAt(data: object, recordedAt: Date): Date {
  const fields = data as Record<string, unknown>;
  for (const field of WORLD_DATE_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return startOfShanghaiDay(value);
  }
  return recordedAt;
}
