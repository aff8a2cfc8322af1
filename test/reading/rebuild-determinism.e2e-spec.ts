import { compareCursors } from '../../libs/event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { tableNamesFor } from '../../libs/projections/src/projection-engine/projection.js';
import type { ServiceUnderTest } from '../service-under-test.js';
import { startWithKnownHistory } from './known-history.js';

/**
 * Rebuilding every projection from scratch yields tables identical, row by row, to the ones built
 * incrementally while the history was being recorded.
 */
describe('rebuilding projections', () => {
  let service: ServiceUnderTest;
  let admin: string;

  beforeAll(async () => {
    ({ service, admin } = await startWithKnownHistory());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  /**
   * Live generations other than `notGenerations`, each caught up with the last event. (Going live
   * means reaching the head visible then; a transaction still open anywhere on the server can hold
   * that horizon back, so catching up with the last event is checked separately.)
   */
  async function waitUntilLive(names: string[], notGenerations: Map<string, number>): Promise<Map<string, number>> {
    const deadline = Date.now() + 30_000;
    const { rows: last } = await service.database.sql.query<{ cursor: string }>(
      `SELECT transaction_id::text || ':' || global_position AS cursor FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    for (;;) {
      const { rows } = await service.database.sql.query<{ name: string; generation: number; cursor: string }>(
        `SELECT name, generation, cursor FROM projection_generations WHERE status = 'LIVE'`,
      );
      const live = new Map(rows.map((row) => [row.name, row.generation]));
      const caughtUp = rows.every((row) => compareCursors(row.cursor, last[0]!.cursor) >= 0);
      if (caughtUp && names.every((name) => live.has(name) && live.get(name) !== notGenerations.get(name))) return live;
      if (Date.now() > deadline) throw new Error('the rebuild did not go live in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('yields tables identical to the incrementally built ones', async () => {
    const names = ALL_PROJECTIONS.map((projection) => projection.name);
    const incremental = await waitUntilLive(names, new Map());
    for (const name of names) {
      const response = await service.graphql(`mutation ($name: String!) { rebuildProjection(name: $name) { name state } }`, { name }, admin);
      expect(response.errors).toBeUndefined();
      expect(response.data!.rebuildProjection).toEqual({ name, state: 'REBUILDING' });
    }
    const rebuilt = await waitUntilLive(names, incremental);

    for (const projection of ALL_PROJECTIONS) {
      const before = tableNamesFor(projection.tables, incremental.get(projection.name)!);
      const after = tableNamesFor(projection.tables, rebuilt.get(projection.name)!);
      for (const table of projection.tables) {
        const count = async (name: string) =>
          Number((await service.database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`)).rows[0]!.n);
        const difference = async (a: string, b: string) =>
          Number((await service.database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) d`)).rows[0]!.n);
        expect({ table, rows: await count(after[table]) }).toEqual({ table, rows: await count(before[table]) });
        expect({ table, missing: await difference(before[table], after[table]), extra: await difference(after[table], before[table]) }).toEqual({
          table,
          missing: 0,
          extra: 0,
        });
      }
    }
    const counted = await service.database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${tableNamesFor(['meetings'], rebuilt.get('meetings')!).meetings}`);
    expect(Number(counted.rows[0]!.n)).toBe(3);
  }, 60_000);
});
