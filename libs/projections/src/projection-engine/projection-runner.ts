import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import type { EventStore } from '../../../event-store/src/event-store.port.js';
import { START_CURSOR } from '../../../event-store/src/event-store.port.js';
import type { UpcasterRegistry } from '../../../event-store/src/upcasters.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { compareCursor, readFeed, type FeedBatch } from './event-feed.js';
import { tableNamesFor, type Projection } from './projection.js';

export type GenerationStatus = 'BUILDING' | 'LIVE' | 'RETIRED';

export interface GenerationRow {
  name: string;
  generation: number;
  version: string;
  status: GenerationStatus;
  cursor: string;
  position: string;
  policy_version: string | null;
  error: string | null;
  failed_position: string | null;
  dropped_at: Date | null;
  retired_at: Date | null;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** Batches one generation may apply before the others get their turn. */
  batchesPerTurn?: number;
  /** How long retired tables stay for queries still reading them. */
  retiredGraceMs?: number;
  pollIntervalMs?: number;
  upcasters?: UpcasterRegistry;
  onProgress?: (name: string, generation: number, position: string) => void;
  onError?: (error: unknown) => void;
}

const POLICY_STREAM = 'policy';
const POLICY_PUBLISHED = 'PolicyVersionPublished';

/**
 * Keeps every projection's generations up to date. Any number of runners (the API process, worker
 * processes) may run against one database: a transaction-scoped advisory lock per generation makes
 * each batch the work of exactly one of them, and the checkpoint moves in the batch's transaction,
 * so a runner killed mid-batch loses nothing and applies nothing twice.
 */
export class ProjectionRunner {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private unsubscribe?: () => void;
  private readonly batchSize: number;
  /** Projections that may have work: those whose event types were appended, all after a poll. */
  private readonly dirty = new Set<string>();
  /**
   * Whether a building generation may exist (another process may start one; a housekeeping round
   * or a poll finds it): the joint rebuild path is not queried on every append otherwise.
   */
  private buildingMayExist = true;
  /** Building generations advanced together this round and not yet at the head: left alone by the single path. */
  private readonly groupedBuilding = new Set<string>();
  /** When each projection last checked its generations (new version wanted, retired tables to drop). */
  private readonly lastHousekeeping = new Map<string, number>();

  constructor(
    private readonly sql: SqlClient,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended((types) => {
      for (const projection of this.projections) {
        if (!types || types.some((type) => projection.eventTypes.includes(type))) this.dirty.add(projection.name);
        if (projection.readsPolicy && types?.includes(POLICY_PUBLISHED)) {
          // A new policy version: this projection wants a new generation now, not at its next check.
          this.lastHousekeeping.delete(projection.name);
          this.dirty.add(projection.name);
        }
      }
      if (this.dirty.size > 0) this.wake?.();
    });
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
  }

  /** Runs until every generation has caught up with the head (tests, the CLI rebuild). */
  async runUntilIdle(): Promise<void> {
    while (await this.tick()) {
      /* keep going */
    }
  }

  /** How long a wake-up waits for more appends to join it, so a burst costs one round. */
  private static readonly COALESCE_MS = 10;
  /** Generations are checked (new version wanted, tables to drop) at most this often per projection. */
  private static readonly HOUSEKEEPING_MS = 1000;

  /** Starts a new generation of `name` beside the live one; it goes live once it has caught up. */
  async requestRebuild(name: string): Promise<GenerationRow> {
    const projection = this.projectionNamed(name);
    const generation = await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${name}`]);
      const version = await this.desiredVersion(tx, projection);
      await this.retireBuilding(tx, name);
      return this.createGeneration(tx, projection, version.version, version.policyVersion);
    });
    this.dirty.add(name);
    this.buildingMayExist = true;
    this.wake?.();
    return generation;
  }

  projectionNamed(name: string): Projection {
    const projection = this.projections.find((candidate) => candidate.name === name);
    if (!projection) throw new UnknownProjectionError(name);
    return projection;
  }

  private async run(): Promise<void> {
    for (const projection of this.projections) this.dirty.add(projection.name);
    while (this.running) {
      const due = this.projections.filter((projection) => this.dirty.has(projection.name));
      this.dirty.clear();
      try {
        if (this.buildingMayExist && (await this.rebuildTogether())) {
          for (const projection of this.projections) this.dirty.add(projection.name);
        }
        const outcomes = await Promise.all(due.map((projection) => this.tickProjection(projection)));
        // A projection that applied a full turn may have more: look again at once.
        due.forEach((projection, index) => outcomes[index] && this.dirty.add(projection.name));
      } catch (error) {
        for (const projection of due) this.dirty.add(projection.name);
        this.options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs ?? 500));
      }
      if (this.dirty.size > 0 || !this.running) continue;
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.options.pollIntervalMs ?? 500);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = undefined;
      if (woken) await new Promise((resolve) => setTimeout(resolve, ProjectionRunner.COALESCE_MS));
      // Nothing said in this process: another one may have appended, or asked for a rebuild.
      else {
        this.buildingMayExist = true;
        for (const projection of this.projections) this.dirty.add(projection.name);
      }
    }
  }

  /** One round over every projection; true when some generation applied events or switched. */
  async tick(): Promise<boolean> {
    const together = await this.rebuildTogether();
    // Projections are independent (their own tables and locks): advance them side by side, so
    // PostgreSQL works on several while this process parses the next batches.
    const outcomes = await Promise.all(this.projections.map((projection) => this.tickProjection(projection, true)));
    return together || outcomes.some(Boolean);
  }

  /**
   * Generations being built from the same point of the log (a rebuild of several projections)
   * read it once: one feed of all their event types, each projection applying its own, every
   * checkpoint moved in the same transaction. Each would otherwise scan the whole log on its own.
   */
  private async rebuildTogether(): Promise<boolean> {
    const { rows } = await this.sql.query<GenerationRow>(
      `SELECT * FROM projection_generations WHERE status = 'BUILDING' AND error IS NULL ORDER BY name`,
    );
    this.buildingMayExist = rows.length > 0;
    const byCursor = new Map<string, { projection: Projection; generation: number }[]>();
    for (const row of rows) {
      const projection = this.projections.find((candidate) => candidate.name === row.name);
      if (!projection) continue;
      byCursor.set(row.cursor, [...(byCursor.get(row.cursor) ?? []), { projection, generation: row.generation }]);
    }
    let progressed = false;
    this.groupedBuilding.clear();
    for (const [cursor, group] of byCursor) {
      if (group.length < 2) continue;
      const types = [...new Set(group.flatMap(({ projection }) => projection.eventTypes))];
      const read = (after: string) => readFeed(this.sql, { after, types, limit: this.batchSize, upcasters: this.options.upcasters });
      let at = cursor;
      let reachedHead = false;
      // Pipelined: the next batch is read and parsed while PostgreSQL applies this one.
      let next = read(at);
      for (let turn = 0; turn < (this.options.batchesPerTurn ?? 20); turn += 1) {
        const batch = await next;
        if (!batch.reachedHead) next = read(batch.cursor);
        const outcome = await this.applyGroupBatch(group, at, batch).catch((error: unknown) => {
          // A failing event stops only its own projection: let each find it on its own path.
          this.options.onError?.(error);
          return 'apart' as const;
        });
        if (outcome === 'apart' || batch.reachedHead) {
          next.catch(() => undefined);
          reachedHead = outcome !== 'apart' && batch.reachedHead;
          if (outcome !== 'apart') progressed = true;
          break;
        }
        progressed = true;
        at = batch.cursor;
      }
      if (progressed && !reachedHead) for (const { projection, generation } of group) this.groupedBuilding.add(`${projection.name}:${generation}`);
    }
    return progressed;
  }

  private async applyGroupBatch(
    group: readonly { projection: Projection; generation: number }[],
    cursor: string,
    batch: FeedBatch,
  ): Promise<'apart' | 'applied'> {
    return this.sql.transaction(async (tx) => {
      for (const { projection, generation } of group) {
        const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
          `projection:${projection.name}:${generation}`,
        ]);
        if (!locked.rows[0]?.locked) return 'apart' as const;
        // The batch was read from `cursor`: it applies only to generations still exactly there.
        const row = await this.generationRow(tx, projection.name, generation);
        if (!row || row.status !== 'BUILDING' || row.error || row.cursor !== cursor) return 'apart' as const;
      }
      for (const { projection, generation } of group) {
        const mine = batch.events.filter((event) => projection.eventTypes.includes(event.type));
        if (mine.length > 0) {
          const row = (await this.generationRow(tx, projection.name, generation))!;
          const context = { policyVersions: await this.policyVersionsAsOf(tx, row) };
          await projection.apply(tx, mine, tableNamesFor(projection.tables, generation), context);
        }
        await tx.query('UPDATE projection_generations SET cursor = $3, position = $4 WHERE name = $1 AND generation = $2', [
          projection.name,
          generation,
          batch.cursor,
          batch.position,
        ]);
      }
      return 'applied' as const;
    });
  }

  /** Advances one projection's generations; true when one of them has more to apply or switched. */
  private async tickProjection(projection: Projection, housekeeping = false): Promise<boolean> {
    let progressed = false;
    const now = Date.now();
    const due = housekeeping || now - (this.lastHousekeeping.get(projection.name) ?? 0) >= ProjectionRunner.HOUSEKEEPING_MS;
    if (due) {
      this.lastHousekeeping.set(projection.name, now);
      await this.ensureCurrentGeneration(projection);
      await this.dropRetired(projection);
    }
    const generations = await this.activeGenerations(projection.name);
    if (generations.some((generation) => generation.status === 'BUILDING')) this.buildingMayExist = true;
    for (const generation of generations) {
      if (generation.error) continue;
      if (this.groupedBuilding.has(`${projection.name}:${generation.generation}`)) {
        progressed = true;
        continue;
      }
      const outcome = await this.advance(projection, generation);
      if (!outcome.reachedHead && outcome.applied) progressed = true;
      if (generation.status === 'BUILDING' && outcome.reachedHead) {
        progressed = (await this.switchLive(projection.name, generation.generation)) || progressed;
      }
    }
    return progressed;
  }

  private async advance(projection: Projection, generation: GenerationRow): Promise<{ applied: boolean; reachedHead: boolean }> {
    let applied = false;
    const turns = this.options.batchesPerTurn ?? 20;
    for (let turn = 0; turn < turns; turn += 1) {
      const outcome = await this.applyBatch(projection, generation.generation);
      if (outcome === 'busy') return { applied, reachedHead: false };
      applied ||= outcome.applied > 0 || outcome.moved;
      if (outcome.reachedHead) return { applied, reachedHead: true };
    }
    return { applied, reachedHead: false };
  }

  private async applyBatch(
    projection: Projection,
    generation: number,
  ): Promise<'busy' | { applied: number; moved: boolean; reachedHead: boolean }> {
    try {
      return await this.sql.transaction(async (tx) => {
        const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
          `projection:${projection.name}:${generation}`,
        ]);
        if (!locked.rows[0]?.locked) return 'busy' as const;
        const row = await this.generationRow(tx, projection.name, generation);
        if (!row || row.status === 'RETIRED' || row.error) return 'busy' as const;
        const batch = await readFeed(tx, {
          after: row.cursor,
          types: projection.eventTypes,
          limit: this.batchSize,
          upcasters: this.options.upcasters,
        });
        const moved = batch.cursor !== row.cursor;
        if (batch.events.length > 0) {
          const context = { policyVersions: await this.policyVersionsAsOf(tx, row) };
          await projection.apply(tx, batch.events, tableNamesFor(projection.tables, generation), context);
        }
        if (moved) {
          await tx.query('UPDATE projection_generations SET cursor = $3, position = $4 WHERE name = $1 AND generation = $2', [
            projection.name,
            generation,
            batch.cursor,
            batch.position,
          ]);
          this.options.onProgress?.(projection.name, generation, batch.position);
        }
        return { applied: batch.events.length, moved, reachedHead: batch.reachedHead };
      });
    } catch (error) {
      await this.isolatePoisonEvent(projection, generation, error);
      return { applied: 0, moved: false, reachedHead: false };
    }
  }

  /**
   * A batch failed: apply its events one by one to find the event that throws, keep everything
   * before it, and stop this generation with that event's position and the error.
   */
  private async isolatePoisonEvent(projection: Projection, generation: number, batchError: unknown): Promise<void> {
    for (;;) {
      const outcome = await this.sql
        .transaction(async (tx) => {
          const row = await this.generationRow(tx, projection.name, generation);
          if (!row || row.error) return 'stopped' as const;
          const batch = await readFeed(tx, { after: row.cursor, types: projection.eventTypes, limit: 1, upcasters: this.options.upcasters });
          const event = batch.events[0];
          if (!event) return 'stopped' as const;
          const context = { policyVersions: await this.policyVersionsAsOf(tx, row) };
          await projection.apply(tx, [event], tableNamesFor(projection.tables, generation), context);
          await tx.query('UPDATE projection_generations SET cursor = $3, position = $4 WHERE name = $1 AND generation = $2', [
            projection.name,
            generation,
            event.cursor,
            event.globalPosition,
          ]);
          return 'applied' as const;
        })
        .catch(async (error: unknown) => {
          const row = await this.generationRow(this.sql, projection.name, generation);
          const next = row ? await readFeed(this.sql, { after: row.cursor, types: projection.eventTypes, limit: 1 }) : undefined;
          const message = error instanceof Error ? error.message : String(error ?? batchError);
          await this.sql.query(
            'UPDATE projection_generations SET error = $3, failed_position = $4 WHERE name = $1 AND generation = $2',
            [projection.name, generation, message, next?.events[0]?.globalPosition ?? null],
          );
          this.options.onError?.(error);
          return 'stopped' as const;
        });
      if (outcome === 'stopped') return;
    }
  }

  /** Creates the generation the code and policy call for, when none is live or building at that version. */
  private async ensureCurrentGeneration(projection: Projection): Promise<void> {
    const generations = await this.activeGenerations(projection.name);
    const wanted = await this.desiredVersion(this.sql, projection);
    if (generations.some((generation) => generation.version === wanted.version)) return;
    await this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${projection.name}`]);
      const current = await this.activeGenerationsIn(tx, projection.name);
      if (current.some((generation) => generation.version === wanted.version)) return;
      await this.retireBuilding(tx, projection.name);
      await this.createGeneration(tx, projection, wanted.version, wanted.policyVersion);
    });
  }

  private async createGeneration(
    tx: SqlExecutor,
    projection: Projection,
    version: string,
    policyVersion: string | null,
  ): Promise<GenerationRow> {
    const { rows } = await tx.query<{ next: number }>(
      'SELECT COALESCE(MAX(generation), 0) + 1 AS next FROM projection_generations WHERE name = $1',
      [projection.name],
    );
    const generation = Number(rows[0]!.next);
    await projection.createTables(tx, tableNamesFor(projection.tables, generation));
    const inserted = await tx.query<GenerationRow>(
      `INSERT INTO projection_generations (name, generation, version, status, cursor, policy_version)
       VALUES ($1, $2, $3, 'BUILDING', $4, $5) RETURNING *`,
      [projection.name, generation, version, START_CURSOR, policyVersion],
    );
    return inserted.rows[0]!;
  }

  private async retireBuilding(tx: SqlExecutor, name: string): Promise<void> {
    await tx.query(
      `UPDATE projection_generations SET status = 'RETIRED', retired_at = now() WHERE name = $1 AND status = 'BUILDING'`,
      [name],
    );
  }

  /** The atomic switch: the caught-up generation becomes live, the old one retires. */
  private async switchLive(name: string, generation: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`projection:${name}`]);
      const row = await this.generationRow(tx, name, generation);
      if (!row || row.status !== 'BUILDING' || row.error) return false;
      // Never go live behind the generation being replaced: answers must not step back in time.
      const [live] = (await this.activeGenerationsIn(tx, name)).filter((candidate) => candidate.status === 'LIVE');
      if (live && compareCursor(row.cursor, live.cursor) < 0) return false;
      await tx.query(
        `UPDATE projection_generations SET status = 'RETIRED', retired_at = now() WHERE name = $1 AND status = 'LIVE'`,
        [name],
      );
      await tx.query(
        `UPDATE projection_generations SET status = 'LIVE', live_at = now() WHERE name = $1 AND generation = $2`,
        [name, generation],
      );
      return true;
    });
  }

  private async dropRetired(projection: Projection): Promise<void> {
    const grace = this.options.retiredGraceMs ?? 5000;
    const { rows } = await this.sql.query<{ generation: number }>(
      `SELECT generation FROM projection_generations
       WHERE name = $1 AND status = 'RETIRED' AND dropped_at IS NULL AND retired_at <= now() - ($2::text || ' milliseconds')::interval`,
      [projection.name, String(grace)],
    );
    for (const { generation } of rows) {
      await this.sql.transaction(async (tx) => {
        const locked = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
          `projection:${projection.name}:${generation}`,
        ]);
        if (!locked.rows[0]?.locked) return;
        for (const table of Object.values(tableNamesFor(projection.tables, generation))) {
          await tx.query(`DROP TABLE IF EXISTS ${table}`);
        }
        await tx.query('UPDATE projection_generations SET dropped_at = now() WHERE name = $1 AND generation = $2', [
          projection.name,
          generation,
        ]);
      });
    }
  }

  private async desiredVersion(sql: SqlExecutor, projection: Projection): Promise<{ version: string; policyVersion: string | null }> {
    if (!projection.readsPolicy) return { version: String(projection.codeVersion), policyVersion: null };
    const { rows } = await sql.query<{ version: string | null; latest: string | null }>(
      `SELECT (SELECT version FROM streams WHERE stream_id = $1) AS version,
              (SELECT data->>'version' FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1) AS latest`,
      [POLICY_STREAM],
    );
    const policyStreamVersion = rows[0]?.version ?? '0';
    return { version: `${projection.codeVersion}+policy.${policyStreamVersion}`, policyVersion: rows[0]?.latest ?? null };
  }

  /** The policy versions a generation is built under: those published when it was created. */
  private async policyVersionsAsOf(sql: SqlExecutor, row: GenerationRow): Promise<PolicyVersion[]> {
    const match = /\+policy\.(\d+)$/.exec(row.version);
    const upTo = match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
    const cached = this.policyCache.get(upTo);
    if (cached) return cached;
    const { rows } = await sql.query<{ data: PolicyVersion }>(
      `SELECT data FROM events WHERE stream_id = $1 AND type = 'PolicyVersionPublished' AND version <= $2 ORDER BY version`,
      [POLICY_STREAM, upTo],
    );
    const versions = rows.map((r) => r.data);
    if (match) this.policyCache.set(upTo, versions);
    return versions;
  }

  private readonly policyCache = new Map<number, PolicyVersion[]>();

  private async activeGenerations(name: string): Promise<GenerationRow[]> {
    return this.activeGenerationsIn(this.sql, name);
  }

  private async activeGenerationsIn(sql: SqlExecutor, name: string): Promise<GenerationRow[]> {
    const { rows } = await sql.query<GenerationRow>(
      `SELECT * FROM projection_generations WHERE name = $1 AND status IN ('LIVE', 'BUILDING') ORDER BY generation`,
      [name],
    );
    return rows;
  }

  private async generationRow(sql: SqlExecutor, name: string, generation: number): Promise<GenerationRow | undefined> {
    const { rows } = await sql.query<GenerationRow>('SELECT * FROM projection_generations WHERE name = $1 AND generation = $2', [
      name,
      generation,
    ]);
    return rows[0];
  }
}

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
  constructor(readonly projection: string) {
    super(`no projection is named ${projection}`);
  }
}
