import type { SqlExecutor } from '../../../database/src/sql-client.js';

/** Column name → PostgreSQL type, in the order the rows carry them. */
export type ColumnTypes = Record<string, string>;

/**
 * Inserts many rows in one statement: the rows travel as one JSON array and are unpacked by
 * `jsonb_to_recordset`, so a batch of thousands of events costs one round trip per table.
 */
export async function insertRows(
  sql: SqlExecutor,
  table: string,
  columns: ColumnTypes,
  rows: readonly Record<string, unknown>[],
  onConflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const recordType = names.map((name) => `${name} ${columns[name]}`).join(', ');
  await sql.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordType})
     ${onConflict}`,
    [JSON.stringify(rows)],
  );
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
