import { randomUUID } from 'node:crypto';
import { PgSqlClient } from '../../database/src/pg-sql-client.js';
import type { SqlClient } from '../../database/src/sql-client.js';
import { createThrowawayDatabase, type Backend } from '../../database/src/throwaway-database.js';
import type { EventStore, NewEvent } from './event-store.port.js';
import { compareCursors, PostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.js';

/** A fresh migrated database with a store over it, for one test file and one backend. */
export interface ThrowawayEventStore {
  backend: Backend;
  sql: SqlClient;
  store: PostgresEventStore;
  /**
   * Another store over the same database with a head cache of its own. On PostgreSQL it also has a
   * pool of its own, as a second process would.
   */
  openAnotherStore(options?: PostgresEventStoreOptions): Promise<PostgresEventStore>;
  /** A separate pool on the same PostgreSQL database (the same client on PGlite, which is one session). */
  openAnotherClient(): SqlClient;
  drop(): Promise<void>;
}

export async function createThrowawayEventStore(backend: Backend): Promise<ThrowawayEventStore> {
  const database = await createThrowawayDatabase(backend);
  const store = new PostgresEventStore(database.sql);
  const opened: { close(): Promise<void> }[] = [];
  const openAnotherClient = (): SqlClient => {
    if (!database.url) return database.sql;
    const client = new PgSqlClient({ connectionString: database.url, maxConnections: 20, applicationName: 'another-store' });
    opened.push(client);
    return client;
  };
  return {
    backend,
    sql: database.sql,
    store,
    openAnotherClient,
    openAnotherStore: async (options) => {
      const another = new PostgresEventStore(openAnotherClient(), options);
      opened.push(another);
      return another;
    },
    drop: async () => {
      // Stores first (they hold LISTEN connections), then their pools, then the database.
      for (const resource of opened.reverse()) await resource.close();
      await store.close();
      await database.drop();
    },
  };
}

/** A stream id no other test uses. */
export function freshStreamId(kind = 'branch'): string {
  return `${kind}-${randomUUID()}`;
}

/** `count` distinct events with known ids, numbered in their `data` from `firstNumber`. */
export function numberedEvents(count: number, { type = 'MeetingHeld', firstNumber = 1 } = {}): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: randomUUID(),
    type,
    data: { number: firstNumber + index },
  }));
}

/** Resolves once `condition` holds; fails with `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Resolves once readers can see the log up to `cursor`. A transaction still open anywhere on the
 * PostgreSQL cluster (another test file, another database) holds back what readAll serves, by design.
 */
export async function untilReadable(store: EventStore, cursor: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (compareCursors(await store.headCursor(), cursor) < 0) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${cursor} to become readable`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
