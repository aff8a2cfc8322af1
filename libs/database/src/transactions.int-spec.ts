import pg from 'pg';
import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database.js';

describe.each(backendsUnderTest())('a transaction on %s', (backend) => {
  let database: ThrowawayDatabase;
  /** Statements handed to a pg connection while another waited in its queue (what pg 9 refuses). */
  let queuedInPg = 0;
  const query = pg.Client.prototype.query;

  beforeAll(async () => {
    database = await createThrowawayDatabase(backend, { migrated: false });
    await database.sql.exec('CREATE TABLE numbers (n int PRIMARY KEY)');
    pg.Client.prototype.query = function (this: pg.Client & { _queryQueue?: unknown[] }, ...args: unknown[]) {
      if ((this._queryQueue?.length ?? 0) > 0) queuedInPg += 1;
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });

  afterAll(async () => {
    pg.Client.prototype.query = query;
    await database.drop();
  });

  it('runs statements asked at once one after another, in the order asked, without pg queueing them', async () => {
    const seen = await database.sql.transaction(async (tx) => {
      await Promise.all([1, 2, 3, 4].map((n) => tx.query('INSERT INTO numbers VALUES ($1)', [n])));
      return Promise.all([
        tx.query<{ n: number }>('SELECT n FROM numbers ORDER BY n'),
        tx.query<{ count: string }>('SELECT count(*) AS count FROM numbers'),
      ]);
    });
    expect(seen[0].rows.map((row) => row.n)).toEqual([1, 2, 3, 4]);
    expect(Number(seen[1].rows[0]!.count)).toBe(4);
    expect(queuedInPg).toBe(0);
  });

  it('writes nothing when one of the statements asked at once fails', async () => {
    await expect(
      database.sql.transaction(async (tx) => {
        await Promise.all([tx.query('INSERT INTO numbers VALUES (10)'), tx.query('INSERT INTO numbers VALUES (1)'), tx.query('INSERT INTO numbers VALUES (11)')]);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await database.sql.query<{ n: number }>('SELECT n FROM numbers WHERE n >= 10');
    expect(rows).toEqual([]);
  });
});
