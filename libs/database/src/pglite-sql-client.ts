import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import type { QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

// PGlite speaks the same types as `pg`; serve them the same way (dates as text, int8 as text).
const parsers = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => value,
};

/**
 * Embedded mode: PostgreSQL compiled to WASM, in this process. PGlite is a single session,
 * so statements and transactions are serialized by PGlite itself.
 */
export class PgliteSqlClient implements SqlClient {
  readonly backend = 'pglite' as const;

  private constructor(private readonly db: PGlite) {}

  /** `dataDir` undefined keeps the database in memory (tests). */
  static async open(dataDir?: string): Promise<PgliteSqlClient> {
    const db = await PGlite.create({ dataDir, parsers });
    return new PgliteSqlClient(db);
  }

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.db.query<Row>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx: Transaction) => {
      const executor: SqlExecutor = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          const result = await tx.query<Row>(sql, params as unknown[]);
          return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
        },
        exec: async (script: string) => {
          await tx.exec(script);
        },
      };
      return work(executor);
    });
  }

  async exec(script: string): Promise<void> {
    await this.db.exec(script);
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const unlisten = await this.db.listen(channel, onNotify);
    return async () => {
      await unlisten();
    };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
