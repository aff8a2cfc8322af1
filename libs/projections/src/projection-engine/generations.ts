import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import { START_CURSOR, type EventStore } from '../../../event-store/src/event-store.port.js';
import { tableNamesFor, type Projection, type TableNames } from './projection.js';

export type GenerationStatus = 'BUILDING' | 'LIVE' | 'RETIRED';

/**
 * One build of a projection into tables of its own (`<table>_g<generation>`). A projection has at
 * most one LIVE generation (the one queries read) and at most one BUILDING beside it; a building
 * generation goes live once it has caught up, and the one it replaces retires.
 */
export interface GenerationRow {
  name: string;
  generation: number;
  version: string;
  status: GenerationStatus;
  cursor: string;
  position: string;
  policy_version: string | null;
  error: string | null;
  failed_position: string | null;
  dropped_at: Date | null;
  retired_at: Date | null;
}

/** Serializes the changes to a projection's set of generations (creating one, the switch) across processes. */
export async function lockProjection(tx: SqlExecutor, name: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${name}`]);
}

/** Waits for the right to apply batches to one generation, and holds it until the transaction ends. */
export async function lockGeneration(tx: SqlExecutor, name: string, generation: number): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${name}:${generation}`]);
}

/** Takes the right to apply a batch to one generation for this transaction; false when another process holds it. */
export async function tryLockGeneration(tx: SqlExecutor, name: string, generation: number): Promise<boolean> {
  const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
    `projection:${name}:${generation}`,
  ]);
  return rows[0]?.locked === true;
}

export async function activeGenerations(sql: SqlExecutor, name: string): Promise<GenerationRow[]> {
  const { rows } = await sql.query<GenerationRow>(
    `SELECT * FROM projection_generations WHERE name = $1 AND status IN ('LIVE', 'BUILDING') ORDER BY generation`,
    [name],
  );
  return rows;
}

/** Building generations that have not failed, of every projection. */
export async function buildingGenerations(sql: SqlExecutor): Promise<GenerationRow[]> {
  const { rows } = await sql.query<GenerationRow>(
    `SELECT * FROM projection_generations WHERE status = 'BUILDING' AND error IS NULL ORDER BY name`,
  );
  return rows;
}

export async function generationRow(sql: SqlExecutor, name: string, generation: number): Promise<GenerationRow | undefined> {
  const { rows } = await sql.query<GenerationRow>('SELECT * FROM projection_generations WHERE name = $1 AND generation = $2', [
    name,
    generation,
  ]);
  return rows[0];
}

/** A new generation of `projection`, building from the start of the log into fresh tables. */
export async function createGeneration(
  tx: SqlExecutor,
  projection: Projection,
  version: string,
  policyVersion: string | null,
): Promise<GenerationRow> {
  const { rows } = await tx.query<{ next: number }>(
    'SELECT COALESCE(MAX(generation), 0) + 1 AS next FROM projection_generations WHERE name = $1',
    [projection.name],
  );
  const generation = Number(rows[0]!.next);
  await projection.createTables(tx, tableNamesFor(projection.tables, generation));
  const inserted = await tx.query<GenerationRow>(
    `INSERT INTO projection_generations (name, generation, version, status, cursor, policy_version)
     VALUES ($1, $2, $3, 'BUILDING', $4, $5) RETURNING *`,
    [projection.name, generation, version, START_CURSOR, policyVersion],
  );
  return inserted.rows[0]!;
}

/** A generation still building is abandoned when another replaces it. */
export async function retireBuilding(tx: SqlExecutor, name: string): Promise<void> {
  await tx.query(`UPDATE projection_generations SET status = 'RETIRED', retired_at = now() WHERE name = $1 AND status = 'BUILDING'`, [
    name,
  ]);
}

/** Replaces whatever is building of `projection` with a new generation at `version`. */
export async function startGeneration(
  sql: SqlClient,
  projection: Projection,
  wanted: { version: string; policyVersion: string | null },
  { unlessPresent = false } = {},
): Promise<GenerationRow | undefined> {
  return sql.transaction(async (tx) => {
    await lockProjection(tx, projection.name);
    if (unlessPresent && (await activeGenerations(tx, projection.name)).some((generation) => generation.version === wanted.version)) {
      return undefined;
    }
    await retireBuilding(tx, projection.name);
    return createGeneration(tx, projection, wanted.version, wanted.policyVersion);
  });
}

/**
 * The atomic switch: the caught-up generation gets its secondary indexes and fresh statistics
 * (its tables were built without them, see `createTables`), becomes live, and the old one retires,
 * in one transaction, so no query ever reads a live generation without its indexes. Never behind
 * the generation being replaced: answers must not step back in time. The live generation's lock is
 * held from the comparison to the commit, so it cannot move ahead while the indexes build.
 */
export async function switchLive(sql: SqlClient, store: EventStore, projection: Projection, generation: number): Promise<boolean> {
  const { name } = projection;
  return sql.transaction(async (tx) => {
    await lockProjection(tx, name);
    const [replaced] = (await activeGenerations(tx, name)).filter((candidate) => candidate.status === 'LIVE');
    if (replaced) await lockGeneration(tx, name, replaced.generation);
    const row = await generationRow(tx, name, generation);
    if (!row || row.status !== 'BUILDING' || row.error) return false;
    const live = replaced && (await generationRow(tx, name, replaced.generation));
    if (live && store.compareCursors(row.cursor, live.cursor) < 0) return false;
    await prepareForQueries(tx, projection, tableNamesFor(projection.tables, generation));
    await tx.query(`UPDATE projection_generations SET status = 'RETIRED', retired_at = now() WHERE name = $1 AND status = 'LIVE'`, [name]);
    await tx.query(`UPDATE projection_generations SET status = 'LIVE', live_at = now() WHERE name = $1 AND generation = $2`, [
      name,
      generation,
    ]);
    return true;
  });
}

/**
 * What a generation's filled tables need before queries read them: the secondary indexes, built
 * once over all the rows, and statistics for the planner (tables filled in bulk have none until
 * autovacuum comes round, and the first queries would be planned as if they were empty).
 */
export async function prepareForQueries(tx: SqlExecutor, projection: Projection, tables: TableNames): Promise<void> {
  await projection.createIndexes?.(tx, tables);
  for (const table of Object.values(tables)) await tx.query(`ANALYZE ${table}`);
}

/** Drops the tables of generations retired longer ago than the grace that queries still reading them get. */
export async function dropRetired(sql: SqlClient, projection: Projection, graceMs: number): Promise<void> {
  const { rows } = await sql.query<{ generation: number }>(
    `SELECT generation FROM projection_generations
     WHERE name = $1 AND status = 'RETIRED' AND dropped_at IS NULL AND retired_at <= now() - ($2::text || ' milliseconds')::interval`,
    [projection.name, String(graceMs)],
  );
  for (const { generation } of rows) {
    await sql.transaction(async (tx) => {
      if (!(await tryLockGeneration(tx, projection.name, generation))) return;
      for (const table of Object.values(tableNamesFor(projection.tables, generation))) {
        await tx.query(`DROP TABLE IF EXISTS ${table}`);
      }
      await tx.query('DELETE FROM projection_university_changes WHERE name = $1 AND generation = $2', [projection.name, generation]);
      await tx.query('UPDATE projection_generations SET dropped_at = now() WHERE name = $1 AND generation = $2', [
        projection.name,
        generation,
      ]);
    });
  }
}

/** Stops a generation at a poison event: FAILED, with the error and the event's position, visible in the status. */
export async function markFailed(sql: SqlExecutor, name: string, generation: number, error: string, position: string | null): Promise<void> {
  await sql.query('UPDATE projection_generations SET error = $3, failed_position = $4 WHERE name = $1 AND generation = $2', [
    name,
    generation,
    error,
    position,
  ]);
}
