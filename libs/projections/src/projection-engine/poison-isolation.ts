import type { SqlClient } from '../../../database/src/sql-client.js';
import type { EventStore } from '../../../event-store/src/event-store.port.js';
import { applyBatch, type GenerationUnderWay } from './generation-checkpoints.js';
import { generationRow, markFailed } from './generations.js';
import type { PolicyVersionsOfGenerations } from './policy-stream.js';

/**
 * A batch failed: apply its events one by one to find the event that throws, keep everything
 * before it, and stop this generation with that event's position and the error (FAILED in the
 * status). The other projections go on; so do the other generations of this one.
 */
export async function isolatePoisonEvent(
  sql: SqlClient,
  store: EventStore,
  policies: PolicyVersionsOfGenerations,
  generation: GenerationUnderWay,
  onError?: (error: unknown) => void,
): Promise<void> {
  for (;;) {
    const row = await generationRow(sql, generation.name, generation.generation);
    if (!row || row.error || row.status === 'RETIRED') return;
    const next = await store.readAll({ after: row.cursor, types: generation.projection.eventTypes, limit: 1 });
    const event = next.events[0];
    if (!event) return;
    try {
      // Another process holding the generation, or moving it meanwhile, takes over the search.
      if (!(await applyBatch(sql, policies, [generation], row.cursor, next))) return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await markFailed(sql, generation.name, generation.generation, message, event.globalPosition);
      onError?.(error);
      return;
    }
  }
}
