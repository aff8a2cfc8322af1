import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { CatchUpSubscription, type CheckpointStore } from '../../../../libs/event-store/src/catch-up-subscription.js';
import type { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';
import { ANSWER_POSITION_FRESHNESS_MS } from '../reading/read-models.js';
import { BranchUnits } from './branch-units.js';
import { mayWatchEvent, needsBranchUnits, type RecordedEvent } from './live-scope.js';
import { SubscriberQueue } from './subscriber-queue.js';

/** "The figures of this university-year may have changed": the live projections have applied new events. */
export interface FiguresChanged {
  universityId: string;
  year: number;
  /** Global position of the newest event of the university the live projections now include. */
  position: string;
}

interface EventWatcher {
  caller: Caller;
  queue: SubscriberQueue<RecordedEvent>;
}

interface FigureWatcher {
  universityId: string;
  year: number;
  queue: SubscriberQueue<FiguresChanged>;
}

/** What must be applied before a university's figures are announced: projection → cursor, and the position. */
interface PendingFigures {
  cursors: Map<string, string>;
  position: string;
  /** When the live checkpoints were first seen past every cursor. */
  appliedAt?: number;
}

const FIGURES_POLL_MS = 50;
/** NOTIFY or an append here wakes the feed at once; this only covers a lost notification. */
const SAFETY_POLL_MS = 1000;
const RESTART_AFTER_FAILURE_MS = 1000;
/** Events of no university (a policy published, a municipal session) may change every university's figures. */
const EVERY_UNIVERSITY = '*';

/**
 * Live updates for every subscriber of this process, from the event store alone: a catch-up
 * subscription from the head at start-up, woken by the store's onAppended (appends here, or
 * PostgreSQL NOTIFY from any other process), reads the new events through the port and hands each
 * subscriber what its scope allows. Figure
 * changes wait until every live projection that handles the event has moved its checkpoint past
 * it, which holds whether the projections run here or in worker processes.
 */
@Injectable()
export class LiveEventFeed implements OnModuleInit, OnApplicationShutdown {
  private readonly eventWatchers = new Set<EventWatcher>();
  private readonly figureWatchers = new Set<FigureWatcher>();
  private readonly pendingFigures = new Map<string, PendingFigures>();
  private readonly branchUnits: BranchUnits;
  private subscription?: CatchUpSubscription;
  private figuresTimer?: NodeJS.Timeout;
  private restartTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {
    this.branchUnits = new BranchUnits(store);
  }

  async onModuleInit(): Promise<void> {
    await this.startFromHead();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.figuresTimer);
    for (const watcher of [...this.eventWatchers, ...this.figureWatchers]) await watcher.queue.return();
    await this.subscription?.stop();
  }

  /** Live only: what was recorded before this process started is history, read with queries. */
  private async startFromHead(): Promise<void> {
    const head = await this.store.headCursor();
    const checkpoint: CheckpointStore = { load: async () => head, save: async () => true };
    this.subscription = new CatchUpSubscription(this.store, checkpoint, {
      consumer: 'live-updates',
      pollIntervalMs: SAFETY_POLL_MS,
      handle: (events) => this.dispatchAll(events),
      onError: () => {
        // A database hiccup stops a catch-up subscription: start again from the head shortly.
        if (!this.closed) this.restartTimer = setTimeout(() => void this.startFromHead().catch(() => undefined), RESTART_AFTER_FAILURE_MS);
      },
    });
    await this.subscription.start();
  }

  watchEvents(caller: Caller): SubscriberQueue<RecordedEvent> {
    const watcher: EventWatcher = { caller, queue: new SubscriberQueue(() => this.eventWatchers.delete(watcher)) };
    this.eventWatchers.add(watcher);
    return watcher.queue;
  }

  watchFigures(universityId: string, year: number): SubscriberQueue<FiguresChanged> {
    const watcher: FigureWatcher = { universityId, year, queue: new SubscriberQueue(() => this.figureWatchers.delete(watcher)) };
    this.figureWatchers.add(watcher);
    return watcher.queue;
  }

  private async dispatchAll(events: readonly StoredEvent[]): Promise<void> {
    if (this.eventWatchers.size === 0 && this.figureWatchers.size === 0) {
      for (const event of events) this.branchUnits.observe(event);
      return;
    }
    for (const event of events) await this.dispatch(event);
  }

  private async dispatch(event: StoredEvent): Promise<void> {
    this.branchUnits.observe(event);
    const recorded: RecordedEvent = {
      type: event.type,
      streamId: event.streamId,
      position: event.globalPosition,
      universityId: event.universityId,
      recordedAt: event.recordedAt,
    };
    let unitId: string | undefined;
    let unitLooked = false;
    for (const watcher of this.eventWatchers) {
      if (needsBranchUnits(watcher.caller) && !unitLooked) {
        unitId = await this.branchUnits.unitOf(event.streamId);
        unitLooked = true;
      }
      if (mayWatchEvent(watcher.caller, recorded, unitId)) watcher.queue.push(recorded);
    }
    if (this.figureWatchers.size > 0) this.awaitProjections(event);
  }

  /** Notes which live checkpoints must pass this event before its university's figures are announced. */
  private awaitProjections(event: StoredEvent): void {
    const handlers = ALL_PROJECTIONS.filter((projection) => (projection.eventTypes as readonly string[]).includes(event.type));
    if (handlers.length === 0) return;
    const key = event.universityId ?? EVERY_UNIVERSITY;
    const pending = this.pendingFigures.get(key) ?? { cursors: new Map<string, string>(), position: event.globalPosition };
    for (const projection of handlers) pending.cursors.set(projection.name, event.cursor);
    pending.position = event.globalPosition;
    this.pendingFigures.set(key, pending);
    this.figuresTimer ??= setTimeout(() => void this.announceAppliedFigures(), FIGURES_POLL_MS);
  }

  private async announceAppliedFigures(): Promise<void> {
    try {
      const { rows } = await this.sql.query<{ name: string; cursor: string }>(`SELECT name, cursor FROM projection_generations WHERE status = 'LIVE'`);
      const live = new Map(rows.map((row) => [row.name, row.cursor]));
      for (const [key, pending] of this.pendingFigures) {
        const applied = [...pending.cursors].every(([name, cursor]) => live.has(name) && this.store.compareCursors(live.get(name)!, cursor) >= 0);
        if (!applied) continue;
        // A plain read may still be served from an answer keyed by the position read just before:
        // announce once those answers have aged out, so that the change is what a client then reads.
        pending.appliedAt ??= Date.now();
        if (Date.now() - pending.appliedAt < ANSWER_POSITION_FRESHNESS_MS) continue;
        this.pendingFigures.delete(key);
        for (const watcher of this.figureWatchers) {
          if (key === EVERY_UNIVERSITY || key === watcher.universityId) {
            watcher.queue.push({ universityId: watcher.universityId, year: watcher.year, position: pending.position });
          }
        }
      }
    } catch {
      // Closing, or the database is busy: try again below while anything is pending.
    } finally {
      this.figuresTimer = undefined;
      if (!this.closed && this.pendingFigures.size > 0) this.figuresTimer = setTimeout(() => void this.announceAppliedFigures(), FIGURES_POLL_MS);
    }
  }
}
