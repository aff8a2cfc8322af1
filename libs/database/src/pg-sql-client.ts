import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyFramesQuery } from './pg-copy-frames.js';
import { parseInstant } from './pg-instants.js';
import type { QueryOptions, QueryResult, SqlClient, SqlExecutor } from './sql-client.js';

// Dates and instants are handled by the domain as strings; never let pg shift them into local Date objects.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);
const defaultInstantParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ);
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (value) => parseInstant(value, defaultInstantParser));

export interface PgSqlClientOptions {
  connectionString: string;
  maxConnections?: number;
  applicationName?: string;
  /** PostgreSQL's statement_timeout for every connection of the pool, in ms (absent: the server's). */
  statementTimeoutMs?: number;
}

/** Server mode: a pooled `pg` client. */
export class PgSqlClient implements SqlClient {
  readonly backend = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(private readonly options: PgSqlClientOptions) {
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 20,
      application_name: options.applicationName ?? 'branch-ledger',
      connectionTimeoutMillis: 10_000,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
    const result = await this.pool.query(queryConfig(sql, params, options));
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // A transaction's work may ask several statements at once (Promise.all); one connection runs
      // one at a time, so they wait their turn here rather than in pg's own queue (deprecated, gone in pg 9).
      let previous: Promise<unknown> = Promise.resolve();
      const inTurn = <R>(run: () => Promise<R>): Promise<R> => {
        const next = previous.then(run, run);
        previous = next.catch(() => undefined);
        return next;
      };
      const executor: SqlExecutor = {
        query: <Row>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}) =>
          inTurn(async () => {
            const result = await client.query(queryConfig(sql, params, options));
            return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
          }),
        exec: (script: string) =>
          inTurn(async () => {
            await client.query(script);
          }),
        copyIn: (statement: string, data: string) =>
          inTurn(async () => {
            await pipeline(Readable.from([data]), client.query(copyFrom(statement)));
          }),
      };
      const value = await work(executor);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async *copyOut(statement: string): AsyncIterable<Buffer> {
    const client = await this.pool.connect();
    let finished = false;
    try {
      const stream = client.query(copyTo(statement)) as unknown as AsyncIterable<Buffer>;
      for await (const chunk of stream) yield chunk;
      finished = true;
    } finally {
      // A COPY left half read keeps the connection busy: it is closed rather than handed back.
      client.release(finished ? undefined : true);
    }
  }

  async *copyOutFrames(statement: string): AsyncIterable<Buffer[]> {
    const client = await this.pool.connect();
    let finished = false;
    try {
      yield* client.query(new CopyFramesQuery(statement)).chunks();
      finished = true;
    } finally {
      // A COPY left half read keeps the connection busy: it is closed rather than handed back.
      client.release(finished ? undefined : true);
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function queryConfig(sql: string, params: readonly unknown[], options: QueryOptions): pg.QueryConfig {
  return { text: sql, values: params as unknown[], ...(options.preparedAs ? { name: options.preparedAs } : {}) };
}
