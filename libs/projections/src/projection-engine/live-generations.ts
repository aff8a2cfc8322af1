import { ReadAhead } from '../../../database/src/read-ahead.js';
import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { EventStore } from '../../../event-store/src/event-store.port.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { PolicyVersionsOfGenerations } from './policy-stream.js';
import { tableNamesFor, type Projection, type TableNames } from './projection.js';

export interface LiveGeneration<Base extends string> {
  generation: number;
  version: string;
  cursor: string;
  tables: TableNames<Base>;
  /** Stopped at an event it could not apply: its tables stand still. */
  failed?: boolean;
}

/** Where the queries find a projection's tables: the live generation, or an as-of view's. */
export interface ReadModelTables {
  of<Base extends string>(projection: Projection<Base>): Promise<LiveGeneration<Base> | null>;
  policyVersionsOf(live: LiveGeneration<string>): Promise<PolicyVersion[]>;
}

/** How long a query may keep reading a generation after another went live (retired tables stay longer). */
const CACHE_MS = 500;

/**
 * Which generation of each projection queries read. Cached briefly: a switch is seen within
 * half a second, well inside the grace before retired tables are dropped.
 */
export class LiveGenerations implements ReadModelTables {
  /** Per projection, read ahead of need (read-ahead.ts): a query does not wait for the read once queries flow. */
  private readonly cache = new Map<string, ReadAhead<LiveGeneration<string> | null>>();
  private readonly policies: PolicyVersionsOfGenerations;

  constructor(
    private readonly sql: SqlExecutor,
    /** The store the generations are built from (policy versions, stream versions). */
    readonly store: EventStore,
  ) {
    this.policies = new PolicyVersionsOfGenerations(store);
  }

  of<Base extends string>(projection: Projection<Base>): Promise<LiveGeneration<Base> | null> {
    let live = this.cache.get(projection.name);
    if (!live) {
      live = new ReadAhead(() => this.read(projection), CACHE_MS);
      this.cache.set(projection.name, live);
    }
    return live.get() as Promise<LiveGeneration<Base> | null>;
  }

  private async read(projection: Projection): Promise<LiveGeneration<string> | null> {
    const { rows } = await this.sql.query<{ generation: number; version: string; cursor: string; failed: boolean }>(
      `SELECT generation, version, cursor, error IS NOT NULL AS failed FROM projection_generations WHERE name = $1 AND status = 'LIVE'`,
      [projection.name],
    );
    const row = rows[0];
    return row
      ? {
          generation: row.generation,
          version: row.version,
          cursor: row.cursor,
          tables: tableNamesFor(projection.tables, row.generation),
          failed: row.failed,
        }
      : null;
  }

  /** Forget cached generations (after waiting for a position, or in tests after a switch). */
  forget(): void {
    for (const live of this.cache.values()) live.forget();
  }

  /** The policy versions a policy-reading generation was built under (its version names the policy stream version). */
  policyVersionsOf(live: LiveGeneration<string>): Promise<PolicyVersion[]> {
    return this.policies.of(live.version);
  }

  /**
   * The tables of exactly these generations (rows of `projection_generations` read together), for
   * an answer kept under the state they name: it must be computed from that state, not from
   * whatever this cache held a moment earlier.
   */
  pinned(rows: readonly { name: string; generation: number; version: string; cursor: string; failed?: boolean }[]): ReadModelTables {
    return {
      of: async <Base extends string>(projection: Projection<Base>) => {
        const row = rows.find((candidate) => candidate.name === projection.name);
        if (!row) return null;
        const tables = tableNamesFor(projection.tables, row.generation);
        return { generation: row.generation, version: row.version, cursor: row.cursor, tables, failed: row.failed ?? false };
      },
      policyVersionsOf: (live) => this.policyVersionsOf(live),
    };
  }
}
