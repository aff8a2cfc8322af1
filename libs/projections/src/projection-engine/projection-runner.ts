import type { SqlClient } from '../../../database/src/sql-client.js';
import type { EventStore, ReadAllBatch } from '../../../event-store/src/event-store.port.js';
import { applyBatch, completeAtHead, generationKeyOf, type GenerationUnderWay } from './generation-checkpoints.js';
import { activeGenerations, dropRetired, startGeneration, switchLive, type GenerationRow } from './generations.js';
import { rebuildTogether } from './joint-rebuild.js';
import { isolatePoisonEvent } from './poison-isolation.js';
import { PolicyVersionsOfGenerations } from './policy-stream.js';
import { handles, type Projection } from './projection.js';

export type { GenerationRow, GenerationStatus } from './generations.js';

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /** Batches one generation may apply before the others get their turn. */
  batchesPerTurn?: number;
  /** How long retired tables stay for queries still reading them. */
  retiredGraceMs?: number;
  pollIntervalMs?: number;
  onProgress?: (name: string, generation: number, position: string) => void;
  onError?: (error: unknown) => void;
}

const POLICY_PUBLISHED = 'PolicyVersionPublished';

/**
 * Keeps every projection's generations up to date: this file schedules (wake-ups on appends,
 * polling, turns); generations.ts holds the generations and the switch, generation-checkpoints.ts
 * the batch and its checkpoint, poison-isolation.ts the search for a failing event, joint-rebuild.ts
 * the rebuild of several projections in one read of the log.
 *
 * Any number of runners (the API process, worker processes) may run against one database: a
 * transaction-scoped advisory lock per generation makes each batch the work of exactly one of them,
 * and the checkpoint moves by compare-and-set in the batch's transaction, so a runner killed
 * mid-batch loses nothing and applies nothing twice.
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
  /** `name:generation` of live generations whose batches left work for their steps at the head. */
  private readonly deferredToHead = new Set<string>();
  /** When each projection last checked its generations (new version wanted, retired tables to drop). */
  private readonly lastHousekeeping = new Map<string, number>();
  private readonly policies: PolicyVersionsOfGenerations;

  constructor(
    private readonly sql: SqlClient,
    private readonly store: EventStore,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 2000;
    this.policies = new PolicyVersionsOfGenerations(store);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.store.onAppended((types) => {
      for (const projection of this.projections) {
        if (!types || types.some((type) => handles(projection, type))) this.dirty.add(projection.name);
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
    const generation = (await startGeneration(this.sql, projection, await this.desiredVersion(projection)))!;
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

  /** The joint path: building generations at the same cursor read the log once (joint-rebuild.ts). */
  private async rebuildTogether(): Promise<boolean> {
    const outcome = await rebuildTogether(this.sql, this.store, this.policies, this.projections, {
      batchSize: this.batchSize,
      batchesPerTurn: this.options.batchesPerTurn ?? 20,
      onError: this.options.onError,
    });
    this.buildingMayExist = outcome.buildingExists;
    this.groupedBuilding.clear();
    for (const key of outcome.underWay) this.groupedBuilding.add(key);
    return outcome.progressed;
  }

  /** Advances one projection's generations; true when one of them has more to apply or switched. */
  private async tickProjection(projection: Projection, housekeeping = false): Promise<boolean> {
    let progressed = false;
    const now = Date.now();
    const due = housekeeping || now - (this.lastHousekeeping.get(projection.name) ?? 0) >= ProjectionRunner.HOUSEKEEPING_MS;
    if (due) {
      this.lastHousekeeping.set(projection.name, now);
      await this.ensureCurrentGeneration(projection);
      await dropRetired(this.sql, projection, this.options.retiredGraceMs ?? 5000);
    }
    const generations = await activeGenerations(this.sql, projection.name);
    if (generations.some((generation) => generation.status === 'BUILDING')) this.buildingMayExist = true;
    for (const generation of generations) {
      if (generation.error) continue;
      if (this.groupedBuilding.has(generationKeyOf(generation))) {
        progressed = true;
        continue;
      }
      const outcome = await this.advance(projection, generation);
      if (!outcome.reachedHead && outcome.applied) progressed = true;
      if (!outcome.reachedHead) continue;
      // At the head, the work deferred to it, in steps (Projection.atHead); a building generation
      // goes live once it is done. A live one's steps run when a batch deferred work to them, and at
      // the periodic check (a new day): not after every batch, which would cost a transaction of
      // its own at every write.
      const key = generationKeyOf(generation);
      if (generation.status === 'LIVE' && !due && !this.deferredToHead.has(key)) continue;
      this.deferredToHead.delete(key);
      const underWay = { name: projection.name, generation: generation.generation, projection, version: generation.version };
      const completed = await completeAtHead(this.sql, this.policies, underWay);
      if (generation.status === 'BUILDING' && completed) {
        progressed = (await switchLive(this.sql, this.store, projection, generation.generation)) || progressed;
      }
    }
    return progressed;
  }

  /**
   * Up to a turn of batches for one generation: each read through the store after the
   * generation's checkpoint (the next one while this one applies), then applied with the
   * checkpoint's move in one transaction. Stops when another process holds the generation.
   */
  private async advance(projection: Projection, row: GenerationRow): Promise<{ applied: boolean; reachedHead: boolean }> {
    const generation: GenerationUnderWay = { name: projection.name, generation: row.generation, projection, version: row.version };
    const read = (after: string) => this.store.readAll({ after, types: projection.eventTypes, limit: this.batchSize });
    let from = row.cursor;
    let applied = false;
    let next: Promise<ReadAllBatch> | undefined = read(from);
    try {
      const turns = this.options.batchesPerTurn ?? 20;
      for (let turn = 0; turn < turns && next; turn += 1) {
        const batch: ReadAllBatch = await next;
        next = undefined;
        if (batch.cursor === from) return { applied, reachedHead: batch.reachedHead };
        // No read ahead after the turn's last batch: the next turn starts from its own read.
        if (!batch.reachedHead && turn < turns - 1) next = read(batch.cursor);
        let moved: boolean;
        try {
          moved = await applyBatch(this.sql, this.policies, [generation], from, batch, this.deferredToHead);
        } catch {
          await isolatePoisonEvent(this.sql, this.store, this.policies, generation, this.options.onError);
          return { applied, reachedHead: false };
        }
        if (!moved) return { applied, reachedHead: false };
        applied = true;
        from = batch.cursor;
        this.options.onProgress?.(projection.name, row.generation, batch.position);
        if (batch.reachedHead) return { applied, reachedHead: true };
      }
      return { applied, reachedHead: false };
    } finally {
      next?.catch(() => undefined);
    }
  }

  /** Creates the generation the code and policy call for, when none is live or building at that version. */
  private async ensureCurrentGeneration(projection: Projection): Promise<void> {
    const generations = await activeGenerations(this.sql, projection.name);
    const wanted = await this.desiredVersion(projection);
    if (generations.some((generation) => generation.version === wanted.version)) return;
    await startGeneration(this.sql, projection, wanted, { unlessPresent: true });
  }

  /** A projection's version: its code's, and for one that reads rules, the policy stream's too (a publication rebuilds it). */
  private async desiredVersion(projection: Projection): Promise<{ version: string; policyVersion: string | null }> {
    if (!projection.readsPolicy) return { version: String(projection.codeVersion), policyVersion: null };
    const policy = await this.policies.current();
    return { version: `${projection.codeVersion}+policy.${policy.streamVersion}`, policyVersion: policy.latest };
  }
}

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
  constructor(readonly projection: string) {
    super(`no projection is named ${projection}`);
  }
}
