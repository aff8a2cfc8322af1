import type { SqlClient } from '../../../database/src/sql-client.js';
import type { EventStore, ReadAllBatch } from '../../../event-store/src/event-store.port.js';
import { applyBatch, generationKeyOf, type GenerationUnderWay } from './generation-checkpoints.js';
import { buildingGenerations } from './generations.js';
import type { PolicyVersionsOfGenerations } from './policy-stream.js';
import { handles, type Projection } from './projection.js';

export interface JointRebuildOutcome {
  /** Some group applied a batch. */
  progressed: boolean;
  /** Whether any building generation exists (the joint path need not look again until one may). */
  buildingExists: boolean;
  /** `name:generation` of the generations advanced together and not yet at the head: the single path leaves them alone this round. */
  underWay: Set<string>;
}

/**
 * Generations being built from the same point of the log (a rebuild of several projections)
 * read it once: one read of all their event types, each projection applying its own batch in its
 * own transaction, side by side. Each would otherwise scan the whole log on its own.
 */
export async function rebuildTogether(
  sql: SqlClient,
  store: EventStore,
  policies: PolicyVersionsOfGenerations,
  projections: readonly Projection[],
  options: { batchSize: number; batchesPerTurn: number; onError?: (error: unknown) => void },
): Promise<JointRebuildOutcome> {
  const rows = await buildingGenerations(sql);
  const byCursor = new Map<string, GenerationUnderWay[]>();
  for (const row of rows) {
    const projection = projections.find((candidate) => candidate.name === row.name);
    if (!projection) continue;
    const generation = { name: row.name, generation: row.generation, projection, version: row.version };
    byCursor.set(row.cursor, [...(byCursor.get(row.cursor) ?? []), generation]);
  }
  let progressed = false;
  const underWay = new Set<string>();
  for (const [cursor, group] of byCursor) {
    if (group.length < 2) continue;
    const types = [...new Set(group.flatMap(({ projection }) => projection.eventTypes))];
    const read = (after: string) => store.readAll({ after, types, limit: options.batchSize });
    let at = cursor;
    let advancing = group;
    let reachedHead = false;
    // Pipelined: the next batch is read and parsed while PostgreSQL applies this one; not after
    // the turn's last batch, whose read the next turn would throw away (a whole batch's read and
    // parse, once a turn).
    let next: Promise<ReadAllBatch> = read(at);
    for (let turn = 0; turn < options.batchesPerTurn; turn += 1) {
      const batch = await next;
      const last = turn === options.batchesPerTurn - 1;
      if (!batch.reachedHead && !last) next = read(batch.cursor);
      // Each generation in a transaction of its own, side by side on connections of their own:
      // PostgreSQL applies one projection's rows while this process builds another's (in one
      // transaction they took turns, and either side sat idle half the time). A generation's
      // checkpoint still moves with its own rows only.
      const outcomes = await Promise.all(
        advancing.map((generation) =>
          applyBatch(sql, policies, [generation], at, ownEvents(batch, generation.projection)).catch((error: unknown) => {
            // A failing event stops only its own projection: let it find the event on its own path.
            options.onError?.(error);
            return false;
          }),
        ),
      );
      const moved = advancing.filter((_, index) => outcomes[index]);
      if (moved.length > 0) progressed = true;
      if (moved.length < advancing.length || batch.reachedHead) {
        next.catch(() => undefined);
        advancing = moved;
        reachedHead = batch.reachedHead;
        break;
      }
      at = batch.cursor;
    }
    // Those still reading together and not at the head are left alone by the single path this round.
    if (progressed && !reachedHead) for (const generation of advancing) underWay.add(generationKeyOf(generation));
  }
  return { progressed, buildingExists: rows.length > 0, underWay };
}

/** The batch as its own read would have given it to one projection: its event types only. */
function ownEvents(batch: ReadAllBatch, projection: Projection): ReadAllBatch {
  return { ...batch, events: batch.events.filter((event) => handles(projection, event.type)) };
}
