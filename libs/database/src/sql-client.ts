/**
 * The one seam between our SQL and the two PostgreSQL backends (a `pg` pool for server mode,
 * PGlite for the embedded mode). Everything above it writes plain PostgreSQL.
 */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Keeps the statement parsed and planned on each connection under this name, for hot statements
   * whose planning costs more than their execution. One name, one SQL text. PGlite ignores it.
   */
  preparedAs?: string;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
  /** Runs several statements separated by semicolons (migrations, DDL). */
  exec(script: string): Promise<void>;
  /**
   * Streams the output of a `COPY (…) TO STDOUT` statement, as the server sends it (a chunk a
   * socket read), on a connection of its own; leaving the loop early ends the statement. Only the
   * `pg` backend offers it: PGlite copies to a blob, not a stream, and callers keep a path of
   * queries for it. COPY takes no parameters: inline values with {@link sqlLiteral}.
   */
  copyOut?(statement: string): AsyncIterable<Buffer>;
  /**
   * The same statement's output as the protocol's bytes: the server's messages (CopyOutResponse,
   * then a CopyData a row, perhaps a notice between) as the socket delivers them, batched as they
   * wait when the loop asks, up to and without the CopyDone; an ErrorResponse is thrown. The reader
   * delimits the messages itself (log-order-hashing.ts): nothing is parsed or copied on the way, so
   * it costs the thread that owns the connection next to nothing. `pg` backend only, as `copyOut`.
   */
  copyOutFrames?(statement: string): AsyncIterable<Buffer[]>;
  /**
   * Runs a `COPY … FROM STDIN` statement with `data` (COPY's text format, a line a row), in turn
   * with the executor's other statements. Offered by the `pg` backend's transactions: a bulk write
   * of wide rows (10 KB of JSON text a row) costs PostgreSQL a fraction of unpacking them from one
   * JSON document. Callers keep a path of queries for executors without it (PGlite).
   */
  copyIn?(statement: string, data: string): Promise<void>;
}

/**
 * A value as a field of COPY's text format: `\N` for null, text with its backslashes, tabs and
 * line breaks escaped; objects and arrays as their JSON text (for json, jsonb and text columns, not
 * for PostgreSQL arrays).
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // As JSON would have it: a number that is not finite is null.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]!) : text;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A string as an SQL literal (what `pg`'s escapeLiteral writes), for statements that take no parameters. */
export function sqlLiteral(value: string): string {
  const quoted = `'${value.replace(/'/g, "''")}'`;
  return value.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

export interface SqlClient extends SqlExecutor {
  readonly backend: 'postgres' | 'pglite';
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` when `channel` is notified. On PostgreSQL this is LISTEN/NOTIFY on a dedicated
   * connection; PGlite notifies within its own process.
   */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PostgreSQL SQLSTATE codes the store and the projections react to. */
export const SqlState = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function constraintOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const constraint = (error as { constraint: unknown }).constraint;
    return typeof constraint === 'string' ? constraint : undefined;
  }
  return undefined;
}
