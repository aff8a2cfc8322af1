import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../../../libs/projections/src/projection-engine/projection-runner.js';
import { RUNTIME } from '../runtime.module.js';

/**
 * The projections of this process: running them when PROJECTIONS=on (the default, and the embedded
 * mode), and asking for rebuilds that whichever process runs them will carry out.
 */
@Injectable()
export class ProjectionsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.runner = new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, {
      onError: (error) => process.stderr.write(`projection error: ${error instanceof Error ? error.message : String(error)}\n`),
    });
  }

  onApplicationBootstrap(): void {
    if (this.runtime.configuration.projections === 'on') this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
