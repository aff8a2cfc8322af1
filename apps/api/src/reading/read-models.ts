import { Inject, Injectable } from '@nestjs/common';
import { ReadAhead } from '../../../../libs/database/src/read-ahead.js';
import type { SqlClient, SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { ALL_PROJECTIONS, FACT_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { withAsOfView } from '../../../../libs/projections/src/as-of/as-of-view.js';
import type { BranchScope } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { Projection } from '../../../../libs/projections/src/projection-engine/projection.js';
import {
  LiveGenerations,
  type ReadModelTables,
} from '../../../../libs/projections/src/projection-engine/live-generations.js';
import { figureSource, type FigureSource } from '../../../../libs/projections/src/ready-figures/ready-figures-query.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { EVERY_UNIVERSITY } from '../../../../libs/projections/src/projection-engine/generation-checkpoints.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { badInput, notYetConsistent } from '../graphql/api-error.js';
import { PersonRegistry } from '../people/person-registry.js';
import { EVENT_STORE, RUNTIME, SQL_CLIENT } from '../runtime.module.js';
import { checkPosition } from './reading-arguments.js';

/** How long a read with `atLeastPosition` waits when the configuration does not say (READ_YOUR_WRITES_TIMEOUT_MS). */
const READ_YOUR_WRITES_TIMEOUT_MS = 5000;
/** Answers kept for repeated dashboard questions; each is valid only for the data it was computed on. */
const ANSWER_CAPACITY = 1000;
/** How long the read models' position is taken as known before it is read again. */
export const ANSWER_POSITION_FRESHNESS_MS = 100;

interface LiveRow {
  name: string;
  generation: number;
  version: string;
  cursor: string;
  failed: boolean;
}

interface ReadModelsState {
  /** Every live generation with its checkpoint, and the last erasure: moves with any write anywhere. */
  token: string;
  /** Every live generation (and whether it failed), and the last erasure: moves with rebuilds, switches and erasures only. */
  generations: string;
  /** Each university's change stamps across the live generations ('*': events recorded for no university). */
  stamps: Record<string, string>;
  tables: ReadModelTables;
}

/** The live read-model tables, and waiting for them to include a write (read-your-writes). */
@Injectable()
export class ReadModels {
  readonly live: LiveGenerations;

  private readonly answers = new Map<string, Promise<unknown>>();
  /** The state answers are keyed by, read ahead (read-ahead.ts): never older than ANSWER_POSITION_FRESHNESS_MS. */
  private readonly state = new ReadAhead(() => this.readState(), ANSWER_POSITION_FRESHNESS_MS);

  private readonly readYourWritesTimeoutMs: number;

  constructor(
    @Inject(SQL_CLIENT) readonly sql: SqlClient,
    @Inject(EVENT_STORE) readonly store: EventStore,
    @Inject(RUNTIME) runtime: Runtime,
    registry: PersonRegistry,
  ) {
    this.live = new LiveGenerations(sql, store);
    // Answers carry names: an erasure made here is part of the very next key (one made by another
    // process, within ANSWER_POSITION_FRESHNESS_MS).
    registry.onErased(() => this.state.forget());
    this.readYourWritesTimeoutMs = runtime.configuration.readYourWritesTimeoutMs ?? READ_YOUR_WRITES_TIMEOUT_MS;
  }

  /**
   * The same question on the same data gets the same answer: a figure is computed once per state
   * of the data it reads, and shared by every caller asking it meanwhile. Any switch, publication
   * or erasure makes a new key, and so does a new day in Shanghai (the year under way is decided
   * on today). A question about one university (`universityId`) is keyed by that university's
   * change stamps (migration 007): a write elsewhere leaves its answers standing, a write to it
   * (or one recorded for no university) makes a new key. A question about all of Beijing is keyed
   * by every live checkpoint: any write anywhere makes a new key.
   *
   * `compute` gets the tables of the very generations the key names. It once read them through
   * the live-generation cache (500 ms) while the key was read afresh: just after a rebuild's
   * switch, an answer from the retired generation was kept under the new generation's key, and
   * served until anything else moved (issue 9: the default deciding day kept the old policy
   * version while the same day asked with onDate had the new one).
   *
   * The state and the stamps are read in one statement, ahead of need (read-ahead.ts: no request
   * waits for the read once requests flow), and never used once ANSWER_POSITION_FRESHNESS_MS old,
   * before the answer is computed: an answer is never older than its key, and at most that much
   * older than the last write (read-your-writes, `waitFor`, reads them afresh).
   */
  async answer<T>(
    question: unknown,
    policyVersions: readonly unknown[],
    compute: (tables: ReadModelTables) => Promise<T>,
    universityId?: string | null,
  ): Promise<T> {
    const state = await this.readModelsState();
    const data = universityId
      ? `${state.generations}|${state.stamps[universityId] ?? ''}|${state.stamps[EVERY_UNIVERSITY] ?? ''}`
      : state.token;
    const key = `${JSON.stringify(question)}|${policyVersions.length}|${shanghaiToday()}|${data}`;
    const known = this.answers.get(key) as Promise<T> | undefined;
    if (known) {
      // Most recently used last: the capacity evicts what no one has asked for longest.
      this.answers.delete(key);
      this.answers.set(key, known);
      return known;
    }
    const computing = compute(state.tables);
    this.answers.set(key, computing);
    computing.catch(() => this.answers.delete(key));
    if (this.answers.size > ANSWER_CAPACITY) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return computing;
  }

  /** Nothing shared any more: the next answers are computed afresh (what a request costs cold, measured in tests). */
  forgetAnswers(): void {
    this.answers.clear();
    this.state.forget();
  }

  /**
   * Where this moment's figures come from (the figures kept ready, or the fact read models), from
   * the generations an answer read now would be kept under.
   */
  async figureSource(published: PolicyVersion[]): Promise<FigureSource> {
    return figureSource((await this.readModelsState()).tables, published);
  }

  /** The live generations and the last erasure, read in one statement: the key of an answer and what it is computed from. */
  private readModelsState(): Promise<ReadModelsState> {
    return this.state.get();
  }

  private readState(): Promise<ReadModelsState> {
    return this.sql
      .query<{ live: LiveRow[] | null; erased: string | null; stamps: Record<string, string> | null }>(
        `SELECT (SELECT json_agg(json_build_object('name', name, 'generation', generation, 'version', version, 'cursor', cursor,
                                                   'failed', error IS NOT NULL) ORDER BY name)
                 FROM projection_generations WHERE status = 'LIVE') AS live,
                (SELECT erasures::text FROM person_erasures) AS erased,
                (SELECT json_object_agg(university_id, stamps) FROM (
                   SELECT c.university_id, string_agg(c.name || '@' || c.generation || '=' || c.stamp, ',' ORDER BY c.name) AS stamps
                   FROM projection_university_changes c
                   JOIN projection_generations g ON g.name = c.name AND g.generation = c.generation AND g.status = 'LIVE'
                   GROUP BY c.university_id) AS per_university) AS stamps`,
      )
      .then(({ rows }) => {
        const live = rows[0]?.live ?? [];
        const erased = rows[0]?.erased ?? '';
        const token = `${live.map((row) => `${row.name}@${row.generation}:${row.cursor}`).join(',')}|${erased}`;
        const generations = `${live.map((row) => `${row.name}@${row.generation}${row.failed ? '!' : ''}`).join(',')}|${erased}`;
        return { token, generations, stamps: rows[0]?.stamps ?? {}, tables: this.live.pinned(live) };
      });
  }

  /**
   * A figure: from the live tables (the fact read models, or the figures kept ready's own facts:
   * {@link figureSource}), shared per state of the read models ({@link answer}), or with `asOf` from
   * an as-of view computed for this request.
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
    reads: readonly Projection[] = FACT_PROJECTIONS,
  ): Promise<U> {
    const compute = async (tables: ReadModelTables) => {
      const source = await figureSource(tables, versions);
      return finish(await this.view(asOf, scope, source.versions, query, source.tables, reads));
    };
    return asOf ? compute(this.live) : this.answer(question, versions, compute, scope.universityId);
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
    /** The live tables to read (those an answer is kept for); the current ones by default. */
    live: ReadModelTables = this.live,
    reads: readonly Projection[] = FACT_PROJECTIONS,
  ): Promise<T> {
    if (!asOf) return query(this.sql, live, versions);
    return withAsOfView(this.sql, this.store, reads, { asOf, universityId: scope.universityId }, query);
  }

  /**
   * Read-your-writes: waits until every live projection has applied the event at `position` (a
   * CommandResult position), up to READ_YOUR_WRITES_TIMEOUT_MS. Never serves older figures instead:
   * a position not reached in time is NOT_YET_CONSISTENT (retry), one beyond anything recorded is
   * BAD_USER_INPUT (no write gave it out, so waiting would only delay the same refusal), a
   * malformed one BAD_USER_INPUT. A position is a place in the one log: another university's is
   * waited for like any other and the refusals name positions only.
   */
  async waitFor(position: string | null | undefined): Promise<void> {
    if (position === null || position === undefined) return;
    checkPosition(position);
    if (BigInt(position) === 0n) return;
    let target = await this.store.cursorAt(position);
    if (!target) {
      const head = await this.store.logHead();
      if (BigInt(position) > BigInt(head.highestPosition)) {
        throw badInput(`atLeastPosition ${position} is beyond the newest recorded position: pass a position a CommandResult gave out`);
      }
      // A gap in the positions (a rolled-back append): everything recorded by now covers it.
      target = head.cursor;
    }
    const started = Date.now();
    for (;;) {
      const { rows: generations } = await this.sql.query<{ name: string; cursor: string; failed: boolean }>(
        `SELECT name, cursor, error IS NOT NULL AS failed FROM projection_generations WHERE status = 'LIVE'`,
      );
      // Every projection must have a live generation: one still on its first build has applied nothing
      // a reader could be served. A failed one is left out: it will not move until an operator acts.
      const applying = generations.filter((generation) => !generation.failed);
      const live = new Set(generations.map((generation) => generation.name));
      const allLive = ALL_PROJECTIONS.every((projection) => live.has(projection.name));
      if (
        allLive &&
        applying.every((generation) => this.store.compareCursors(generation.cursor, target) >= 0)
      ) {
        // What is served next must be computed on the state just reached, not on one read before it.
        this.live.forget();
        this.state.forget();
        return;
      }
      if (Date.now() - started >= this.readYourWritesTimeoutMs) {
        throw notYetConsistent(position, allLive ? this.positionOf(applying) : '0', this.readYourWritesTimeoutMs);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The global position every live projection has applied (the least of their checkpoints). */
  private positionOf(generations: readonly { cursor: string }[]): string {
    if (generations.length === 0) return '0';
    const least = generations.reduce((a, b) => (this.store.compareCursors(a.cursor, b.cursor) <= 0 ? a : b));
    return least.cursor.split(':')[1] ?? '0';
  }
}
