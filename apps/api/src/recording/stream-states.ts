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
  private readonly remembered = new Map<string, Remembered>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>): Promise<{ state: State; version: number }> {
    const known = this.remembered.get(streamId);
    const start = known && known.decider === decider ? known : undefined;
    const newer = await this.store.readStream(streamId, { fromVersion: (start?.version ?? 0) + 1 });
    let state = (start?.state as State | undefined) ?? decider.initialState();
    for (const event of newer) state = decider.evolve(state, { type: event.type, data: event.data } as unknown as Event);
    const version = newer.length > 0 ? newer[newer.length - 1]!.version : (start?.version ?? 0);
    if (version > 0) this.remember(streamId, decider, version, state);
    return { state, version };
  }

  remember<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>, version: number, state: State): void {
    this.remembered.delete(streamId);
    this.remembered.set(streamId, { decider: decider as Decider<unknown, unknown, unknown>, version, state });
    if (this.remembered.size > CAPACITY) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }

  forget(streamId: string): void {
    this.remembered.delete(streamId);
  }
}
