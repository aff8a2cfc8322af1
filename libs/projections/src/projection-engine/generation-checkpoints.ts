import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import type { CheckpointMove, CheckpointStore, ReadAllBatch } from '../../../event-store/src/event-store.port.js';
import { generationRow, tryLockGeneration } from './generations.js';
import type { PolicyVersionsOfGenerations } from './policy-stream.js';
import { applyStored, handles, tableNamesFor, type Projection } from './projection.js';

/** Which generation of which projection. */
export interface GenerationKey {
  name: string;
  generation: number;
}

/**
 * A generation's checkpoint: its cursor (and position, for lag) in `projection_generations`. Over
 * a batch's transaction, the save commits with the batch's effect. The one statement that moves a
 * generation's checkpoint.
 */
export class GenerationCheckpoints implements CheckpointStore<GenerationKey> {
  constructor(private readonly sql: SqlExecutor) {}

  async load(key: GenerationKey): Promise<string | null> {
    return (await generationRow(this.sql, key.name, key.generation))?.cursor ?? null;
  }

  /** Moves only a generation still in use and not failed; with `expected`, only from that cursor. */
  async save(key: GenerationKey, cursor: string, move: CheckpointMove = {}): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE projection_generations SET cursor = $3, position = COALESCE($4::bigint, position)
       WHERE name = $1 AND generation = $2 AND status <> 'RETIRED' AND error IS NULL AND ($5::text IS NULL OR cursor = $5)
       RETURNING 1`,
      [key.name, key.generation, cursor, move.position ?? null, move.expected ?? null],
    );
    return rows.length === 1;
  }
}

/** `name:generation`: how the engine keys a generation in its own sets. */
export function generationKeyOf(generation: GenerationKey): string {
  return `${generation.name}:${generation.generation}`;
}

/** A generation a batch is applied to, with the version that names the policy it is built under. */
export interface GenerationUnderWay extends GenerationKey {
  projection: Projection;
  version: string;
}

/**
 * Applies a batch read after `from` to one or more generations (a joint rebuild reads the log once
 * for several) and moves their checkpoints to the batch's end, in one transaction: exactly once.
 * The batch is read outside the transaction; it applies only if this process holds each
 * generation's lock and each checkpoint is still at `from`. False when not: nothing was applied.
 */
export async function applyBatch(
  sql: SqlClient,
  policies: PolicyVersionsOfGenerations,
  generations: readonly GenerationUnderWay[],
  from: string,
  batch: ReadAllBatch,
  /** Receives `name:generation` of each generation whose apply deferred work to the head. */
  deferred?: Set<string>,
): Promise<boolean> {
  // Before the transaction: on PGlite (one session) a read of the store from inside it would wait for it.
  // A projection that reads no rules is given none.
  const policyVersions = await Promise.all(
    generations.map((generation) => (generation.projection.readsPolicy ? policies.of(generation.version) : [])),
  );
  const applied = await sql.transaction(async (tx) => {
    const checkpoints = new GenerationCheckpoints(tx);
    for (const generation of generations) {
      if (!(await tryLockGeneration(tx, generation.name, generation.generation))) return false;
      // Moved first, applied after: the transaction makes the order invisible, and a batch that
      // another process has applied meanwhile costs one statement, not a rolled-back apply.
      if (!(await checkpoints.save(generation, batch.cursor, { expected: from, position: batch.position }))) return false;
    }
    for (const [index, generation] of generations.entries()) {
      const { projection } = generation;
      const mine = generations.length === 1 ? batch.events : batch.events.filter((event) => handles(projection, event.type));
      if (mine.length === 0) continue;
      await applyStored(projection, tx, mine, tableNamesFor(projection.tables, generation.generation), {
        policyVersions: policyVersions[index]!,
        deferToHead: () => deferred?.add(generationKeyOf(generation)),
      });
      await stampUniversities(tx, generation, mine);
    }
    return true;
  });
  return applied;
}

/**
 * The work a projection defers to the head ({@link Projection.atHead}), one step per transaction
 * under the generation's lock, until none remains. True when none remains; false when another
 * process holds the generation (it does the work) or the generation is failed or retired.
 */
export async function completeAtHead(sql: SqlClient, policies: PolicyVersionsOfGenerations, generation: GenerationUnderWay): Promise<boolean> {
  const { projection } = generation;
  if (!projection.atHead) return true;
  const context = { policyVersions: projection.readsPolicy ? await policies.of(generation.version) : [] };
  const tables = tableNamesFor(projection.tables, generation.generation);
  for (;;) {
    const outcome = await sql.transaction(async (tx) => {
      if (!(await tryLockGeneration(tx, generation.name, generation.generation))) return 'held';
      const row = await generationRow(tx, generation.name, generation.generation);
      if (!row || row.error || row.status === 'RETIRED') return 'held';
      return (await projection.atHead!(tx, tables, context)) ? 'more' : 'done';
    });
    if (outcome !== 'more') return outcome === 'done';
  }
}

/** Where events recorded for no university are stamped: they may change any university's rows. */
export const EVERY_UNIVERSITY = '*';

/**
 * Moves the change stamps of the universities a batch's events belong to, in the batch's
 * transaction: a stamp is never seen without the rows it stands for. An event recorded for a
 * university changes only that university's rows (a branch, its unit and people belong to one
 * university; a session shared by several is recorded for none, and stamps every university).
 */
async function stampUniversities(tx: SqlExecutor, generation: GenerationKey, events: readonly { universityId: string | null }[]): Promise<void> {
  const universities = [...new Set(events.map((event) => event.universityId ?? EVERY_UNIVERSITY))];
  await tx.query(
    `INSERT INTO projection_university_changes (name, generation, university_id, stamp)
     SELECT $1, $2, university_id, nextval('projection_change_stamps') FROM unnest($3::text[]) AS university_id
     ON CONFLICT (name, generation, university_id) DO UPDATE SET stamp = excluded.stamp`,
    [generation.name, generation.generation, universities],
  );
}
