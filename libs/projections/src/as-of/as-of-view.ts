import { randomBytes } from 'node:crypto';
import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import type { StoredEvent } from '../../../event-store/src/event-store.port.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '../../../event-store/src/stored-event-rows.js';
import type { UpcasterRegistry } from '../../../event-store/src/upcasters.js';
import { publishedBy } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { LiveGeneration, ReadModelTables } from '../projection-engine/live-generations.js';
import { tableNamesFor, type Projection } from '../projection-engine/projection.js';

const BATCH = 5000;

/** Carries the answer out of the transaction that is rolled back on purpose. */
class Answer<T> extends Error {
  constructor(readonly value: T) {
    super('as-of view answered');
  }
}

/**
 * A read model as the system knew it at a recorded instant: the projections replay the events
 * recorded at or before `asOf` — only the university asked for, with the training sessions and the
 * policy — into tables of their own inside one transaction, the queries run on them, and the
 * transaction is rolled back, so nothing of the view outlives the answer.
 */
export async function withAsOfView<T>(
  sql: SqlClient,
  projections: readonly Projection[],
  view: { asOf: Date; universityId?: string | null; upcasters?: UpcasterRegistry },
  work: (tx: SqlExecutor, tables: ReadModelTables, policyVersions: PolicyVersion[]) => Promise<T>,
): Promise<T> {
  try {
    await sql.transaction(async (tx) => {
      const suffix = `asof_${randomBytes(4).toString('hex')}`;
      const { rows: policyRows } = await tx.query<{ data: PolicyVersion }>(
        `SELECT data FROM events WHERE stream_id = 'policy' AND type = 'PolicyVersionPublished' AND recorded_at <= $1 ORDER BY version`,
        [view.asOf.toISOString()],
      );
      const policyVersions = publishedBy(policyRows.map((row) => row.data), view.asOf);
      const generations = new Map<string, LiveGeneration<string>>();
      for (const projection of projections) {
        const tables = Object.fromEntries(
          Object.entries(tableNamesFor(projection.tables, 0)).map(([base]) => [base, `${base}_${suffix}`]),
        );
        await projection.createTables(tx, tables);
        generations.set(projection.name, { generation: 0, version: 'as-of', cursor: '0:0', tables });
      }
      const wanted = new Set(projections.flatMap((projection) => projection.eventTypes));
      let after = 0;
      for (;;) {
        const { rows } = await tx.query<EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events
           WHERE recorded_at <= $1 AND global_position > $2 AND type = ANY($3::text[])
             AND ($4::text IS NULL OR university_id = $4 OR stream_id LIKE 'training-session-%')
           ORDER BY global_position LIMIT ${BATCH}`,
          [view.asOf.toISOString(), after, [...wanted], view.universityId ?? null],
        );
        if (rows.length === 0) break;
        const events: StoredEvent[] = rows.map((row) => {
          const event = toStoredEvent(row);
          return view.upcasters ? view.upcasters.upcast(event) : event;
        });
        after = Number(events[events.length - 1]!.globalPosition);
        for (const projection of projections) {
          const mine = events.filter((event) => projection.eventTypes.includes(event.type));
          if (mine.length > 0) await projection.apply(tx, mine, generations.get(projection.name)!.tables, { policyVersions });
        }
      }
      const tables: ReadModelTables = {
        of: async <Base extends string>(projection: Projection<Base>) =>
          (generations.get(projection.name) as LiveGeneration<Base> | undefined) ?? null,
        policyVersionsOf: async () => policyVersions,
      };
      throw new Answer(await work(tx, tables, policyVersions));
    });
  } catch (error) {
    if (error instanceof Answer) return error.value as T;
    throw error;
  }
  throw new Error('the as-of view gave no answer');
}
