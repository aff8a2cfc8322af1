import type { SqlClient } from '../../../libs/database/src/sql-client.js';
import { PostgresEventStore } from '../../../libs/event-store/src/postgres-event-store.js';
import type { PolicyVersion } from '../../../libs/policy/src/policy-model/policy-version.js';
import { POLICY_STREAM_ID } from '../../../libs/policy/src/publishing-policy/policy-decider.js';
import { ALL_PROJECTIONS } from '../../../libs/projections/src/all-projections.js';
import { LiveGenerations } from '../../../libs/projections/src/projection-engine/live-generations.js';
import { ProjectionRunner } from '../../../libs/projections/src/projection-engine/projection-runner.js';

/**
 * The read models caught up with the log, as the service's queries read them, and every published
 * policy version. Applying here is safe beside a running service: the runner takes the same
 * advisory lock per batch as a projection worker.
 */
export async function readModelsCaughtUp(sql: SqlClient): Promise<{ live: LiveGenerations; versions: PolicyVersion[] }> {
  const store = new PostgresEventStore(sql);
  try {
    await new ProjectionRunner(sql, store, ALL_PROJECTIONS, { batchSize: 5000 }).runUntilIdle();
    const versions = (await store.readStream(POLICY_STREAM_ID))
      .filter((event) => event.type === 'PolicyVersionPublished')
      .map((event) => event.data as unknown as PolicyVersion);
    return { live: new LiveGenerations(sql, store), versions };
  } finally {
    await store.close();
  }
}
