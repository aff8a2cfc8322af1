import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from '../../libs/database/src/sql-client.js';

/**
 * The real SQL client of the service, counting the statements it is given while `recording`
 * (transactions included): what a request costs the database, observed, not mocked.
 */
export class CountingSqlClient implements SqlClient {
  recording = false;
  readonly statements: string[] = [];

  constructor(private readonly inner: SqlClient) {}

  get backend() {
    return this.inner.backend;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>> {
    if (this.recording) this.statements.push(sql);
    return this.inner.query<Row>(sql, params, options);
  }

  exec(script: string): Promise<void> {
    if (this.recording) this.statements.push(script);
    return this.inner.exec(script);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({
        query: (sql, params, options) => {
          if (this.recording) this.statements.push(sql);
          return tx.query(sql, params, options);
        },
        exec: (script) => tx.exec(script),
      }),
    );
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.inner.listen(channel, onNotify);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
