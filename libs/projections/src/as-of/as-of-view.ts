import { randomBytes } from 'node:crypto';
import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import type { EventStore, StoredEvent } from '../../../event-store/src/event-store.port.js';
import { publishedBy } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { LiveGeneration, ReadModelTables } from '../projection-engine/live-generations.js';
import { publishedPolicyVersions } from '../projection-engine/policy-stream.js';
import { applyStored, handles, tableNamesFor, type Projection } from '../projection-engine/projection.js';

const BATCH = 5000;
/** Streams every university's read models read (the municipal training sessions, the policy). */
const SHARED_STREAM_PREFIXES = ['training-session-', 'policy'];

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
 *
 * The events are read through the store before the transaction opens: on PGlite (one session) a
 * read from inside it would wait for the transaction it runs in.
 */
export async function withAsOfView<T>(
  sql: SqlClient,
  store: EventStore,
  projections: readonly Projection[],
  view: { asOf: Date; universityId?: string | null },
  work: (tx: SqlExecutor, tables: ReadModelTables, policyVersions: PolicyVersion[]) => Promise<T>,
): Promise<T> {
  const policyVersions = publishedBy(await publishedPolicyVersions(store, { recordedAtOrBefore: view.asOf }), view.asOf);
  const recorded = await eventsRecordedBy(store, projections, view);
  try {
    await sql.transaction(async (tx) => {
      const suffix = `asof_${randomBytes(4).toString('hex')}`;
      const generations = new Map<string, LiveGeneration<string>>();
      for (const projection of projections) {
        const tables = Object.fromEntries(
          Object.entries(tableNamesFor(projection.tables, 0)).map(([base]) => [base, `${base}_${suffix}`]),
        );
        await projection.createTables(tx, tables);
        generations.set(projection.name, { generation: 0, version: 'as-of', cursor: '0:0', tables });
      }
      for (const events of recorded) {
        for (const projection of projections) {
          const mine = events.filter((event) => handles(projection, event.type));
          if (mine.length > 0) await applyStored(projection, tx, mine, generations.get(projection.name)!.tables, { policyVersions });
        }
      }
      // As in a rebuild, the secondary indexes come once the rows are in, before the queries read them.
      for (const projection of projections) await projection.createIndexes?.(tx, generations.get(projection.name)!.tables);
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

/** The events the projections handle, recorded by the instant, in the scope asked for: in pages, as recorded. */
async function eventsRecordedBy(
  store: EventStore,
  projections: readonly Projection[],
  view: { asOf: Date; universityId?: string | null },
): Promise<StoredEvent[][]> {
  const types = [...new Set(projections.flatMap((projection) => projection.eventTypes))];
  const pages: StoredEvent[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.readRecorded({
      recordedAtOrBefore: view.asOf,
      types,
      universityId: view.universityId ?? null,
      sharedStreamPrefixes: SHARED_STREAM_PREFIXES,
      after,
      limit: BATCH,
    });
    if (page.events.length > 0) pages.push(page.events);
    if (page.done) return pages;
    after = page.cursor;
  }
}
