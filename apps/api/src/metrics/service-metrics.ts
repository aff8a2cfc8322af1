import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { projectionStatuses, type ProjectionState } from '../../../../libs/projections/src/projection-engine/projection-status.js';

const PROJECTION_STATES: readonly ProjectionState[] = ['LIVE', 'CATCHING_UP', 'REBUILDING', 'FAILED'];

/** Operation names come from clients: a few hundred distinct ones at most, anything else is `other`. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;

/**
 * The service's gauges in the Prometheus format, one registry per app (tests start several in one
 * process): GraphQL operations and their latency, refusals by code, the event store's appends and
 * head, and each projection's state, lag, position and rebuild progress.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations answered, by operation name, type and outcome (ok, or error when the answer carries errors)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its answer, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'graphql_refusals_total',
    help: 'Errors served, by extensions.code (UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, CONFLICT, RULE_VIOLATED, RATE_LIMITED, NOT_YET_CONSISTENT, ...)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'event_store_appends_total',
    help: 'Appends seen by this process: recorded here (origin=this_process), or announced by another process through NOTIFY (origin=notified, one per burst)',
    labelNames: ['origin'] as const,
    registers: [this.registry],
  });

  private readonly headPosition = new Gauge({
    name: 'event_store_head_position',
    help: 'Highest global position in the event store; its rate is the append rate of the whole cluster',
    registers: [this.registry],
  });

  private readonly projectionLag = new Gauge({
    name: 'projection_lag_events',
    help: 'Events between a projection and the head of the store (0: caught up)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly projectionPosition = new Gauge({
    name: 'projection_position',
    help: 'Global position a projection has applied up to',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  private readonly projectionState = new Gauge({
    name: 'projection_state',
    help: '1 for the state a projection is in (LIVE, CATCHING_UP, REBUILDING, FAILED), 0 for the others',
    labelNames: ['projection', 'state'] as const,
    registers: [this.registry],
  });

  private readonly rebuildProgress = new Gauge({
    name: 'projection_rebuild_progress_ratio',
    help: 'Progress of a running rebuild, 0..1; present only while the projection is REBUILDING',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A bounded label for a client-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  /** Counts appends as the store announces them; returns the unsubscribe. */
  watchAppends(store: EventStore): () => void {
    return store.onAppended((types) => this.appends.inc({ origin: types ? 'this_process' : 'notified' }));
  }

  /** Reads the store's head and the projections' statuses into the gauges, just before a scrape. */
  async refreshStoreGauges(sql: SqlExecutor, store: EventStore): Promise<void> {
    const statuses = await projectionStatuses(sql, store, ALL_PROJECTIONS);
    this.headPosition.set(Number(statuses[0]?.headPosition ?? (await store.logHead()).highestPosition));
    this.rebuildProgress.reset();
    for (const status of statuses) {
      const projection = status.name;
      this.projectionLag.set({ projection }, status.lag);
      this.projectionPosition.set({ projection }, Number(status.position));
      for (const state of PROJECTION_STATES) this.projectionState.set({ projection, state }, state === status.state ? 1 : 0);
      if (status.state === 'REBUILDING' && status.progress !== null) this.rebuildProgress.set({ projection }, status.progress);
    }
  }
}
