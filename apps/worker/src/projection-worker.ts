import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { ALL_PROJECTIONS } from '../../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../../libs/projections/src/projection-engine/projection-runner.js';
import { openRuntime } from '../../../libs/runtime/src/open-runtime.js';

/** Every projection kept up to date by this worker, on connections of its own. */
export interface ProjectionWorker {
  readonly runner: ProjectionRunner;
  /** Lets the batch under way finish, then closes the connections. */
  stop(): Promise<void>;
}

/**
 * Opens a runtime of its own and runs every projection on it: the body of a projection worker
 * process (cluster mode) and of the API's projection thread (PROJECTIONS=thread). It never
 * migrates or seeds: whoever started the cluster (the migrate job, the API process) did.
 */
export async function startProjectionWorker(
  configuration: Configuration,
  options: { applicationName: string; migrate: boolean; onError: (error: unknown) => void },
): Promise<ProjectionWorker> {
  const runtime = await openRuntime(configuration, { applicationName: options.applicationName, migrate: options.migrate });
  const runner = new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { onError: options.onError });
  runner.start();
  return {
    runner,
    stop: async () => {
      await runner.stop();
      await runtime.close();
    },
  };
}
