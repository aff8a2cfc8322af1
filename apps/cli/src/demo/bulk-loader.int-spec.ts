import { createThrowawayDatabase, preferredBackend, type ThrowawayDatabase } from '../../../../libs/database/src/throwaway-database.js';
import { loadBeijingScale } from './bulk-loader.js';

describe('the Beijing-scale bulk path', () => {
  let database: ThrowawayDatabase;

  beforeAll(async () => {
    database = await createThrowawayDatabase(preferredBackend());
  }, 60_000);

  afterAll(async () => {
    await database.drop();
  });

  it('leaves the planner statistics of what it loaded behind (ANALYZE), so the command path is planned on real sizes', async () => {
    const report = await loadBeijingScale({ sql: database.sql }, { seed: 'analyze', branches: 24, appenders: 2, today: '2026-12-01', progress: false });
    expect(report.events).toBeGreaterThan(0);
    const { rows } = await database.sql.query<{ relname: string; reltuples: number }>(
      `SELECT relname, reltuples FROM pg_class WHERE relname IN ('events', 'streams', 'person_registry') AND relkind = 'r' ORDER BY relname`,
    );
    // reltuples is -1 until a table is first analyzed (or vacuumed).
    expect(rows.map((row) => [row.relname, Number(row.reltuples) > 0])).toEqual([
      ['events', true],
      ['person_registry', true],
      ['streams', true],
    ]);
    if (preferredBackend() === 'postgres') {
      const analyzed = await database.sql.query<{ relname: string }>(
        `SELECT relname FROM pg_stat_user_tables WHERE relname IN ('events', 'streams', 'person_registry') AND last_analyze IS NOT NULL ORDER BY relname`,
      );
      expect(analyzed.rows.map((row) => row.relname)).toEqual(['events', 'person_registry', 'streams']);
    }
  }, 120_000);
});
