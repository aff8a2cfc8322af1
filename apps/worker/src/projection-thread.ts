import { parentPort, workerData } from 'node:worker_threads';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { startProjectionWorker } from './projection-worker.js';

/** What the API process hands its projection thread. */
export interface ProjectionThreadData {
  /** The API's configuration, with the secret it resolved (the thread never generates one). */
  configuration: Configuration;
}

/** Asked of the thread by the API process. */
export type ProjectionThreadRequest = { kind: 'rebuild'; id: number; name: string } | { kind: 'stop' };

/** What the thread tells the API process. */
export type ProjectionThreadReply =
  | { kind: 'started' }
  | { kind: 'rebuilding'; id: number; generation: number }
  | { kind: 'refused'; id: number; message: string }
  | { kind: 'batch-failed'; message: string };

/**
 * PROJECTIONS=thread: the API process's projections on a thread of their own, with connections of
 * their own, so that applying a write's events never holds up the event loop that answers portals
 * (a branch's figures recomputed after each write took 10-90 ms of it). It is a worker of the
 * cluster like any other: batches, checkpoints and rebuilds go through the database.
 */
async function main(): Promise<void> {
  const port = parentPort!;
  const { configuration } = workerData as ProjectionThreadData;
  const post = (reply: ProjectionThreadReply) => port.postMessage(reply);
  const worker = await startProjectionWorker(configuration, {
    applicationName: `branch-ledger-projections ${process.pid}`,
    migrate: false,
    onError: (error) => post({ kind: 'batch-failed', message: error instanceof Error ? error.message : String(error) }),
  });
  port.on('message', (request: ProjectionThreadRequest) => {
    if (request.kind === 'rebuild') {
      worker.runner.requestRebuild(request.name).then(
        (generation) => post({ kind: 'rebuilding', id: request.id, generation: generation.generation }),
        (error: unknown) => post({ kind: 'refused', id: request.id, message: error instanceof Error ? error.message : String(error) }),
      );
    } else {
      // The batch under way finishes; the thread then ends (the API process waits for its exit).
      void worker.stop().finally(() => port.close());
    }
  });
  post({ kind: 'started' });
}

void main();
