import type { SqlExecutor } from '../../database/src/sql-client.js';

/** How an erased person (DOMAIN.md: the registry row blanked) appears in what is printed. */
export const ERASED_NAME = '「已删除」';

/**
 * Names from the person registry, the only place they are kept: an erased person's entry reads
 * 「已删除」, an id the registry does not know is printed as the id itself.
 */
export async function registeredNames(sql: SqlExecutor, personIds: readonly (string | null)[]): Promise<(personId: string | null) => string> {
  const ids = [...new Set(personIds.filter((id): id is string => id !== null))];
  const { rows } = ids.length
    ? await sql.query<{ person_id: string; name: string | null; erased_at: Date | null }>(
        'SELECT person_id, name, erased_at FROM person_registry WHERE person_id = ANY($1::text[])',
        [ids],
      )
    : { rows: [] };
  const names = new Map(rows.map((row) => [row.person_id, row.erased_at !== null || row.name === null ? ERASED_NAME : row.name]));
  return (personId) => (personId === null ? '' : (names.get(personId) ?? personId));
}
