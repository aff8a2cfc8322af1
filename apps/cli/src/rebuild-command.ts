import { SingleBar, Presets } from 'cli-progress';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { ALL_PROJECTIONS } from '../../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../../libs/projections/src/projection-engine/projection-runner.js';
import { projectionStatuses } from '../../../libs/projections/src/projection-engine/projection-status.js';
import { openRuntime } from '../../../libs/runtime/src/open-runtime.js';

/**
 * `rebuild <name|all>`: starts a new generation of each projection named and builds it here, with
 * a progress bar, until it has caught up and gone live. Queries keep reading the old generation.
 */
export async function runRebuild(configuration: Configuration, names: string[]): Promise<void> {
  const runtime = await openRuntime(configuration, { applicationName: 'branch-ledger-cli' });
  try {
    const runner = new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { batchSize: 5000 });
    const wanted = names.length === 0 || names.includes('all') ? ALL_PROJECTIONS.map((projection) => projection.name) : names;
    for (const name of wanted) runner.projectionNamed(name);
    const started = await Promise.all(wanted.map((name) => runner.requestRebuild(name)));
    const head = Number((await runtime.eventStore.logHead()).highestPosition);
    const bar = new SingleBar({ format: 'rebuild [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left' }, Presets.shades_classic);
    bar.start(Math.max(head, 1), 0);
    const startedAt = Date.now();
    for (;;) {
      const progressed = await runner.tick();
      const statuses = await projectionStatuses(runtime.sql, runtime.eventStore, ALL_PROJECTIONS);
      const rebuilding = statuses.filter((status) => wanted.includes(status.name) && status.state === 'REBUILDING');
      const slowest = rebuilding.reduce((least, status) => Math.min(least, (status.progress ?? 1) * head), head);
      bar.update(Math.round(slowest));
      const failed = statuses.filter((status) => wanted.includes(status.name) && status.state === 'FAILED');
      if (failed.length > 0) {
        bar.stop();
        throw new Error(`projection ${failed[0]!.name} failed at position ${failed[0]!.failedPosition}: ${failed[0]!.error}`);
      }
      if (rebuilding.length === 0 && !progressed) break;
    }
    bar.update(Math.max(head, 1));
    bar.stop();
    const seconds = (Date.now() - startedAt) / 1000;
    process.stdout.write(
      `rebuilt ${started.map((generation) => `${generation.name} (generation ${generation.generation})`).join(', ')} in ${seconds.toFixed(1)} s\n`,
    );
  } finally {
    await runtime.close();
  }
}
