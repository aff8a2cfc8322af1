import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient, SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import { badInput } from '../graphql/api-error.js';
import { SQL_CLIENT } from '../runtime.module.js';

export interface RegisteredPerson {
  id: string;
  universityId: string;
  name: string | null;
  erased: boolean;
}

/** The only place a person's name is kept (the person registry table). */
@Injectable()
export class PersonRegistry {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** Within the transaction that records the PersonRegistered event: both commit, or neither. */
  async remember(tx: SqlExecutor, personId: string, universityId: string, name: string): Promise<void> {
    await tx.query(
      `INSERT INTO person_registry (person_id, university_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (person_id) DO NOTHING`,
      [personId, universityId, name],
    );
  }

  async find(personId: string): Promise<RegisteredPerson | null> {
    const found = await this.findMany([personId]);
    return found.get(personId) ?? null;
  }

  async findMany(personIds: readonly string[]): Promise<Map<string, RegisteredPerson>> {
    const { rows } = await this.sql.query<{ person_id: string; university_id: string; name: string | null; erased_at: Date | null }>(
      'SELECT person_id, university_id, name, erased_at FROM person_registry WHERE person_id = ANY($1::text[])',
      [[...new Set(personIds)]],
    );
    return new Map(
      rows.map((row) => [
        row.person_id,
        { id: row.person_id, universityId: row.university_id, name: row.name, erased: row.erased_at !== null },
      ]),
    );
  }

  /**
   * BAD_USER_INPUT unless every person is registered in the university (an erased person still is).
   * The same answer whether an id is registered elsewhere or nowhere.
   */
  async requireRegisteredIn(universityId: string, personIds: readonly string[]): Promise<void> {
    if (personIds.length === 0) return;
    const found = await this.findMany(personIds);
    const unknown = [...new Set(personIds)].filter((id) => found.get(id)?.universityId !== universityId);
    if (unknown.length > 0) {
      throw badInput(`not registered in university ${universityId}: ${unknown.map((id) => `person ${id}`).join(', ')}`, {
        fields: ['personId'],
      });
    }
  }

  /**
   * Erases the name and counts the erasure in one statement (migration 009: the count keys every
   * answer that carries names); this process's next answers see it at once ({@link onErased}).
   */
  async erase(personId: string, erasedBy: string): Promise<void> {
    await this.sql.query(
      `WITH erased AS (
         UPDATE person_registry SET name = NULL, erased_at = COALESCE(erased_at, now()), erased_by = COALESCE(erased_by, $2)
         WHERE person_id = $1 RETURNING 1)
       UPDATE person_erasures SET erasures = erasures + 1 WHERE EXISTS (SELECT 1 FROM erased)`,
      [personId, erasedBy],
    );
    for (const listener of this.erasureListeners) listener();
  }

  /** Called after each erasure this process makes (the answers kept for names forget their key). */
  onErased(listener: () => void): void {
    this.erasureListeners.add(listener);
  }

  private readonly erasureListeners = new Set<() => void>();
}
