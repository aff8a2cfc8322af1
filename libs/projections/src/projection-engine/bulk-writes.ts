import { copyField, type SqlExecutor } from '../../../database/src/sql-client.js';

/** Column name → PostgreSQL type, in the order the rows carry them. */
export type ColumnTypes = Record<string, string>;

/**
 * Inserts many rows in one statement: the rows travel as one JSON array and are unpacked by
 * `jsonb_to_recordset`, so a batch of thousands of events costs one round trip per table.
 *
 * `unpack: 'json'` reads the array with `json_to_recordset` instead: the JSON lexer puts each field
 * straight into its column, where jsonb first builds the whole array as a document. For wide rows
 * that carry JSON text into a `text` or `json` column (kept as written, e.g. 10 KB of rule-periods)
 * that parse costs PostgreSQL more than the insert itself; for narrow rows the two cost the same.
 * The values are the same either way (`JSON.stringify` writes no duplicate keys).
 */
export async function insertRows(
  sql: SqlExecutor,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  onConflict = '',
  unpack: 'jsonb' | 'json' = 'jsonb',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await sql.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM ${unpack}_to_recordset($1::${unpack}) AS r(${recordType})
     ${onConflict}`,
    [JSON.stringify(rows)],
  );
}

/** Rows from which {@link copyRows} copies rather than inserts. */
export const COPY_FROM_ROWS = 100;

/**
 * Inserts many wide rows (no conflict expected) through `COPY … FROM STDIN` where the executor
 * offers it, else as {@link insertRows} with `json` unpacking: the same values either way. For rows
 * carrying kilobytes of JSON text, unpacking them from one JSON document cost PostgreSQL more than
 * storing them (189,000 rows of 10 KB in a rebuild: about 30 s through `json_to_recordset`).
 * Values are written by {@link copyField}: no PostgreSQL array columns.
 */
export async function copyRows(sql: SqlExecutor, table: string, columns: ColumnTypes, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  // A COPY costs a round trip more than a statement (the server's CopyInResponse first): worth it
  // for a rebuild's thousands of rows, not for the few a live write recomputes.
  if (!sql.copyIn || rows.length < COPY_FROM_ROWS) return insertRows(sql, table, columns, rows, '', 'json');
  const names = Object.keys(columns);
  let data = '';
  for (const row of rows) data += `${names.map((name) => copyField(row[name])).join('\t')}\n`;
  await sql.copyIn(`COPY ${table} (${names.join(', ')}) FROM STDIN`, data);
}

/**
 * Updates many rows in one statement; `set` is the SET list written against the alias `r`
 * (e.g. `name = COALESCE(r.name, t.name)`), `match` the join condition between `t` and `r`.
 */
export async function updateRows(
  sql: SqlExecutor,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  set: string,
  match: string,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await sql.query(
    `UPDATE ${table} AS t SET ${set}
     FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})
     WHERE ${match}`,
    [JSON.stringify(rows)],
  );
}
