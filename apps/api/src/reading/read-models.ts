import { Inject, Injectable } from '@nestjs/common';
import type { SqlClient, SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { withAsOfView } from '../../../../libs/projections/src/as-of/as-of-view.js';
import type { BranchScope } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { Projection } from '../../../../libs/projections/src/projection-engine/projection.js';
import {
  LiveGenerations,
  type ReadModelTables,
} from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';

const READ_YOUR_WRITES_TIMEOUT_MS = 5000;
/** Answers kept for repeated dashboard questions; each is valid only for the data it was computed on. */
const ANSWER_CAPACITY = 1000;
/** How long the read models' position is taken as known before it is read again. */
export const ANSWER_POSITION_FRESHNESS_MS = 100;

/** The live read-model tables, and waiting for them to include a write (read-your-writes). */
@Injectable()
export class ReadModels {
  readonly live: LiveGenerations;

  private readonly answers = new Map<string, Promise<unknown>>();
  private position?: { at: number; token: Promise<string> };

  constructor(
    @Inject(SQL_CLIENT) readonly sql: SqlClient,
    @Inject(EVENT_STORE) readonly store: EventStore,
  ) {
    this.live = new LiveGenerations(sql, store);
  }

  /**
   * The same question on the same data gets the same answer: a figure is computed once per state
   * of the live read models (their generations and checkpoints), policy and person registry (an
   * erasure must show at once), and shared by every caller asking it meanwhile. Any event applied,
   * switch, publication or erasure makes a new key.
   */
  async answer<T>(question: unknown, policyVersions: readonly unknown[], compute: () => Promise<T>): Promise<T> {
    const key = `${JSON.stringify(question)}|${policyVersions.length}|${await this.readModelsPosition()}`;
    const known = this.answers.get(key) as Promise<T> | undefined;
    if (known) return known;
    const computing = compute();
    this.answers.set(key, computing);
    computing.catch(() => this.answers.delete(key));
    if (this.answers.size > ANSWER_CAPACITY) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return computing;
  }

  private readModelsPosition(): Promise<string> {
    if (this.position && Date.now() - this.position.at < ANSWER_POSITION_FRESHNESS_MS) return this.position.token;
    const token = this.sql
      .query<{ token: string | null }>(
        `SELECT string_agg(name || '@' || generation || ':' || cursor, ',' ORDER BY name)
                || '|' || COALESCE((SELECT max(erased_at)::text FROM person_registry), '') AS token
         FROM projection_generations WHERE status = 'LIVE'`,
      )
      .then(({ rows }) => rows[0]?.token ?? '');
    this.position = { at: Date.now(), token };
    return token;
  }

  /**
   * A figure: from the live tables, shared per state of the read models ({@link answer}), or with
   * `asOf` from an as-of view computed for this request.
   */
  async figure<T, U = T>(
    question: unknown[],
    asOf: Date | null | undefined,
    scope: BranchScope,
    versions: PolicyVersion[],
    query: (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) => Promise<T>,
    /** Work on the answer outside the view's transaction (PGlite has one session: no other query may wait inside it). */
    finish: (answer: T) => Promise<U> = async (answer) => answer as unknown as U,
    /** The read models `query` reads: all an as-of view replays (every one when absent). */
    reads: readonly Projection[] = ALL_PROJECTIONS,
  ): Promise<U> {
    const compute = async () => finish(await this.view(asOf, scope, versions, query, reads));
    return asOf ? compute() : this.answer(question, versions, compute);
  }

  /**
   * Runs a figure's query on the live tables, or, with `asOf`, on an as-of view replayed from the
   * events recorded by then (scoped to the university asked for) under the policy published by then.
   */
  async view<T>(
    asOf: Date | null | undefined,
    scope: BranchScope,
    versions: PolicyVersion[],
    query: (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) => Promise<T>,
    reads: readonly Projection[] = ALL_PROJECTIONS,
  ): Promise<T> {
    if (!asOf) return query(this.sql, this.live, versions);
    return withAsOfView(this.sql, this.store, reads, { asOf, universityId: scope.universityId }, query);
  }

  /**
   * Waits (up to 5 s) until every live projection has applied the event at `position` (a
   * CommandResult position). Returns whether it got there; answers are served either way.
   */
  async waitFor(position: string | null | undefined): Promise<boolean> {
    if (!position || !/^\d+$/.test(position)) return true;
    const target = await this.store.cursorAt(position);
    if (!target) return true;
    const deadline = Date.now() + READ_YOUR_WRITES_TIMEOUT_MS;
    for (;;) {
      const { rows: generations } = await this.sql.query<{ cursor: string }>(
        `SELECT cursor FROM projection_generations WHERE status = 'LIVE' AND error IS NULL`,
      );
      if (generations.length > 0 && generations.every((generation) => this.store.compareCursors(generation.cursor, target) >= 0)) {
        this.live.forget();
        return true;
      }
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
