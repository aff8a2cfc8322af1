import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../../../libs/projections/src/projection-engine/projection-runner.js';
import type {
  ProjectionThreadData,
  ProjectionThreadReply,
  ProjectionThreadRequest,
} from '../../../worker/src/projection-thread.js';
import { RUNTIME } from '../runtime.module.js';

/** The compiled thread script, beside the API's own compiled files (dist/apps/worker/src). */
const PROJECTION_THREAD = new URL('../../../worker/src/projection-thread.js', import.meta.url);
/** How long a thread that stopped by itself waits before it is started again. */
const RESTART_DELAY_MS = 1000;
/** How long shutdown waits for the thread's batch under way before it is terminated. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The projections of this process: running them on the event loop (PROJECTIONS=on, the embedded
 * mode), on a thread of their own (PROJECTIONS=thread, the default with PostgreSQL) or not at all
 * (PROJECTIONS=off), and asking for rebuilds that whichever runner runs them will carry out.
 */
@Injectable()
export class ProjectionsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  /** This process's runner: it runs only with PROJECTIONS=on, but any mode can record a rebuild with it. */
  private readonly runner: ProjectionRunner;
  private thread?: Worker;
  private stopping = false;
  private restart?: NodeJS.Timeout;
  private nextRequest = 0;
  private readonly pending = new Map<number, { resolve: (generation: number) => void; reject: (error: Error) => void }>();

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.runner = new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { onError: reportBatchFailure });
  }

  async onApplicationBootstrap(): Promise<void> {
    const mode = this.runtime.configuration.projections;
    if (mode === 'on') this.runner.start();
    if (mode === 'thread') await this.startThread();
  }

  /**
   * Starts a new generation of `name` beside the live one. With a thread, the thread's runner
   * records it, so that it starts building at once rather than at its next poll.
   */
  async requestRebuild(name: string): Promise<void> {
    const thread = this.thread;
    if (!thread) {
      await this.runner.requestRebuild(name);
      return;
    }
    const id = (this.nextRequest += 1);
    await new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      thread.postMessage({ kind: 'rebuild', id, name } satisfies ProjectionThreadRequest);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    await this.runner.stop();
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ kind: 'stop' } satisfies ProjectionThreadRequest);
    const timer = setTimeout(() => void thread.terminate(), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  private startThread(): Promise<void> {
    const data: ProjectionThreadData = {
      // The secret this process resolved: a thread must not generate one of its own.
      configuration: { ...this.runtime.configuration, jwtSecret: this.runtime.jwtSecret },
    };
    const thread = new Worker(PROJECTION_THREAD, { workerData: data });
    this.thread = thread;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      thread.on('message', (reply: ProjectionThreadReply) => {
        if (reply.kind === 'started') {
          started = true;
          resolve();
        } else if (reply.kind === 'rebuilding') {
          this.pending.get(reply.id)?.resolve(reply.generation);
          this.pending.delete(reply.id);
        } else if (reply.kind === 'refused') {
          this.pending.get(reply.id)?.reject(new Error(reply.message));
          this.pending.delete(reply.id);
        } else if (reply.kind === 'batch-failed') {
          reportBatchFailure(new Error(reply.message));
        }
      });
      thread.on('error', (error) => {
        if (!started) reject(error);
        else process.stderr.write(`projection thread failed: ${error.message}\n`);
      });
      thread.on('exit', () => {
        if (this.thread === thread) this.thread = undefined;
        for (const request of this.pending.values()) request.reject(new Error('the projection thread stopped'));
        this.pending.clear();
        if (!started || this.stopping) return;
        // The read models stay as the thread left them; a new thread takes up from their checkpoints.
        this.restart = setTimeout(() => {
          this.startThread().catch((error: unknown) =>
            process.stderr.write(`projection thread did not restart: ${error instanceof Error ? error.message : String(error)}\n`),
          );
        }, RESTART_DELAY_MS);
      });
    });
  }
}

function reportBatchFailure(error: unknown): void {
  process.stderr.write(`projection error: ${error instanceof Error ? error.message : String(error)}\n`);
}
