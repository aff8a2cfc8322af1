import { Inject, Injectable } from '@nestjs/common';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { EVENT_STORE } from '../runtime.module.js';

/** Streams whose folded state this process keeps; a branch's is a few kilobytes. */
const CAPACITY = 5000;

interface Remembered {
  decider: Decider<unknown, unknown, unknown>;
  version: number;
  state: unknown;
}

/**
 * The decided state of recently used streams, so a command reads and folds only the events recorded
 * since (streams are append-only: what was folded stays true). Another process's appends are simply
 * the newer events of the next read.
 */
@Injectable()
export class StreamStates {
  private readonly folded = new Map<string, Remembered>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>): Promise<{ state: State; version: number }> {
    const known = this.folded.get(streamId);
    const start = known && known.decider === decider ? known : undefined;
    const newer = await this.store.readStream(streamId, { fromVersion: (start?.version ?? 0) + 1 });
    let state = (start?.state as State | undefined) ?? decider.initialState();
    for (const event of newer) state = decider.evolve(state, { type: event.type, data: event.data } as unknown as Event);
    const version = newer.length > 0 ? newer[newer.length - 1]!.version : (start?.version ?? 0);
    if (version > 0) this.remember(streamId, decider, version, state);
    return { state, version };
  }

  /** The remembered state and its version, not read again (absent: none, or folded by another decider). */
  remembered<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>): { state: State; version: number } | undefined {
    const known = this.folded.get(streamId);
    if (!known || known.decider !== decider) return undefined;
    // Used again: keep it among the most recent.
    this.folded.delete(streamId);
    this.folded.set(streamId, known);
    return { state: known.state as State, version: known.version };
  }

  remember<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>, version: number, state: State): void {
    this.folded.delete(streamId);
    this.folded.set(streamId, { decider: decider as Decider<unknown, unknown, unknown>, version, state });
    if (this.folded.size > CAPACITY) {
      const oldest = this.folded.keys().next().value;
      if (oldest !== undefined) this.folded.delete(oldest);
    }
  }

  forget(streamId: string): void {
    this.folded.delete(streamId);
  }
}
