import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';
import { organizationProjection } from './organization-projection.js';

/** A unit as figures group by it: its id is unique only within its university. */
export interface UnitKey {
  universityId: string;
  unitId: string;
}

export const unitKey = (unit: UnitKey) => `${unit.universityId}\u0000${unit.unitId}`;

/**
 * The names of the units a figure groups by, in one statement (by the units' primary key) however
 * many there are; a unit the organization read model does not know has no entry.
 */
export async function unitNamesOf(sql: SqlExecutor, live: ReadModelTables, units: readonly UnitKey[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const organization = await live.of(organizationProjection);
  if (!organization || units.length === 0) return names;
  const { rows } = await sql.query<{ university_id: string; unit_id: string; name: string }>(
    `SELECT university_id, unit_id, name FROM ${organization.tables.units}
     WHERE (university_id, unit_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [units.map((unit) => unit.universityId), units.map((unit) => unit.unitId)],
  );
  for (const row of rows) names.set(unitKey({ universityId: row.university_id, unitId: row.unit_id }), row.name);
  return names;
}

/** Units in the order figures list them: by university, then by unit id. */
export function compareUnits(a: UnitKey, b: UnitKey): number {
  if (a.universityId !== b.universityId) return a.universityId < b.universityId ? -1 : 1;
  return a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0;
}
