import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { EventStore } from '../../../event-store/src/event-store.port.js';
import type { GenerationRow } from './projection-runner.js';
import type { Projection } from './projection.js';

export type ProjectionState = 'LIVE' | 'CATCHING_UP' | 'REBUILDING' | 'FAILED';

/** The contract's ProjectionStatus. */
export interface ProjectionStatus {
  name: string;
  version: string;
  state: ProjectionState;
  position: string;
  headPosition: string;
  lag: number;
  progress: number | null;
  policyVersion: string | null;
  /** Beyond the contract: why a FAILED projection stopped, and at which event. */
  error: string | null;
  failedPosition: string | null;
}

/** State, position, head, lag and rebuild progress of each projection, from its generations. */
export async function projectionStatuses(
  sql: SqlExecutor,
  store: EventStore,
  projections: readonly Projection[],
): Promise<ProjectionStatus[]> {
  const [{ rows: generations }, head] = await Promise.all([
    sql.query<GenerationRow>(`SELECT * FROM projection_generations WHERE status IN ('LIVE', 'BUILDING') ORDER BY name, generation`),
    store.logHead(),
  ]);
  const headPosition = BigInt(head.highestPosition);
  // The last event in read order: concurrent writers can commit positions out of order, so the
  // highest position need not be the last event a reader reaches.
  const headCursor = head.cursor;
  const lagOf = (generation: GenerationRow | undefined): number => {
    if (!generation) return Number(headPosition);
    if (store.compareCursors(generation.cursor, headCursor) >= 0) return 0;
    const position = BigInt(generation.position);
    return Math.max(1, Number(headPosition > position ? headPosition - position : 0n));
  };
  return projections.map((projection) => {
    const mine = generations.filter((generation) => generation.name === projection.name);
    const live = mine.find((generation) => generation.status === 'LIVE');
    const building = mine.find((generation) => generation.status === 'BUILDING');
    const failed = mine.find((generation) => generation.error !== null);
    const shown = live ?? building;
    const position = BigInt(shown?.position ?? '0');
    const lag = lagOf(shown);
    let state: ProjectionState;
    if (failed) state = 'FAILED';
    else if (building) state = 'REBUILDING';
    else if (!live || lag > 0) state = 'CATCHING_UP';
    else state = 'LIVE';
    const progress = !building
      ? null
      : lagOf(building) === 0 || headPosition === 0n
        ? 1
        : Math.min(0.99, Number(BigInt(building.position)) / Number(headPosition));
    return {
      name: projection.name,
      version: (building ?? live)?.version ?? String(projection.codeVersion),
      state,
      position: position.toString(),
      headPosition: headPosition.toString(),
      lag,
      progress,
      policyVersion: (live ?? building)?.policy_version ?? null,
      error: failed?.error ?? null,
      failedPosition: failed?.failed_position ?? null,
    };
  });
}
