import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { StoredEvent } from '../../../event-store/src/event-store.port.js';
import type { BranchEvent } from '../../../domain/src/branch/branch-events.js';
import type { PersonEvent } from '../../../domain/src/person/person-events.js';
import type { TrainingSessionEvent } from '../../../domain/src/training-session/training-session-events.js';
import type { UniversityEvent } from '../../../domain/src/university/university-events.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { PolicyEvent } from '../../../policy/src/publishing-policy/policy-decider.js';

/** Every event the domain records, by its type. */
export type DomainEvent = BranchEvent | UniversityEvent | TrainingSessionEvent | PersonEvent | PolicyEvent;

/**
 * A stored event whose type and payload are those of one of the domain's events: a `switch` on
 * `type` narrows `data` to that event's payload.
 */
export type RecordedEvent<Event extends DomainEvent = DomainEvent> = Event extends DomainEvent
  ? Omit<StoredEvent, 'type' | 'data'> & { readonly type: Event['type']; readonly data: Event['data'] }
  : never;

/** The real names of a generation's tables: base name → `<base>_g<generation>`. */
export type TableNames<Base extends string = string> = Record<Base, string>;

export function tableNamesFor<Base extends string>(bases: readonly Base[], generation: number): TableNames<Base> {
  return Object.fromEntries(bases.map((base) => [base, `${base}_g${generation}`])) as TableNames<Base>;
}

/** What a projection may need besides the events: the policy versions its generation was built under. */
export interface ProjectionContext {
  policyVersions: readonly PolicyVersion[];
  /**
   * Called by `apply` when it leaves work for the head ({@link Projection.atHead}): the runner then
   * gives the generation its steps right after the batch. Without the call, a live generation's
   * steps run at its periodic check (about a second: a new day), not after every batch.
   */
  deferToHead?: () => void;
}

/**
 * A read model kept up to date from the log. Its tables belong to one generation; applying a batch
 * and moving the generation's checkpoint happen in one transaction.
 */
export interface Projection<Base extends string = string, Event extends DomainEvent = DomainEvent> {
  readonly name: string;
  /** Bump when the code changes what the tables hold: a new generation is built and switched in. */
  readonly codeVersion: number;
  /** Stored values depend on policy rules: a publication builds a new generation. */
  readonly readsPolicy: boolean;
  /** The domain's event types it handles (checked by the compiler against its `apply`). */
  readonly eventTypes: readonly Event['type'][];
  readonly tables: readonly Base[];
  /**
   * The tables with their primary keys (upserts' ON CONFLICT needs them from the first batch) and
   * nothing else: a rebuild inserts millions of rows, and maintaining secondary indexes row by row
   * costs more than building them once over the finished tables.
   */
  createTables(sql: SqlExecutor, tables: TableNames<Base>): Promise<void>;
  /**
   * The secondary indexes the queries need, added once the generation has caught up and before it
   * goes live (generations.ts `switchLive`), so a live generation always has them. Absent when the
   * primary keys serve every query.
   */
  createIndexes?(sql: SqlExecutor, tables: TableNames<Base>): Promise<void>;
  apply(sql: SqlExecutor, events: readonly RecordedEvent<Event>[], tables: TableNames<Base>, context: ProjectionContext): Promise<void>;
  /**
   * Work deferred while catching up, done once the generation has reached the head of the log:
   * one step per call, each in a transaction of its own under the generation's lock
   * (generation-checkpoints.ts `completeAtHead`); true while steps remain. A generation goes live
   * only once none remains; a live one is given its steps after a batch whose `apply` deferred
   * work to them (`ProjectionContext.deferToHead`) and at its periodic check, so a new day is seen
   * without an event.
   *
   * Why steps: the store serves only events below the oldest open transaction that has written
   * anything, on the whole server (gap safety); one transaction writing for minutes would hold back
   * every reader of the log, live projections and read-your-writes included. A step writes at its
   * end, after reading and computing, so it holds a transaction id only while it writes.
   */
  atHead?(sql: SqlExecutor, tables: TableNames<Base>, context: ProjectionContext): Promise<boolean>;
}

const typeSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Whether the projection handles events of this type (asked per event of every batch: a set, kept per type list). */
export function handles(projection: Projection, type: string): boolean {
  let types = typeSets.get(projection.eventTypes);
  if (!types) {
    types = new Set(projection.eventTypes);
    typeSets.set(projection.eventTypes, types);
  }
  return types.has(type);
}

/**
 * Hands stored events to a projection. The engine reads only the projection's `eventTypes`, and
 * the store serves each payload upcast to the schema the domain's event of that type describes
 * (the deciders wrote them), so the stored event is that domain event: the one place this is asserted.
 */
export function applyStored(
  projection: Projection,
  sql: SqlExecutor,
  events: readonly StoredEvent[],
  tables: TableNames,
  context: ProjectionContext,
): Promise<void> {
  return projection.apply(sql, events as readonly RecordedEvent[], tables, context);
}

/** Fails to compile when a `switch` over an event union leaves a type out. */
export function unhandled(event: never): never {
  throw new Error(`no case for event ${(event as { type?: string }).type}`);
}
