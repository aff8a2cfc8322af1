import { parseArgs } from 'node:util';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { countEventsInScope } from '../../../libs/event-store/src/chain-rows.js';
import { inspectChains } from '../../../libs/event-store/src/chain-verification.js';
import { openInspectedDatabase, partsFor, progressBar } from './inspected-database.js';

/**
 * `verify [--university ID]`: recomputes every chain (the verifier behind GraphQL
 * `verifyIntegrity`), prints one line per break, and exits 1 when anything is broken.
 */
export async function runVerify(configuration: Configuration, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { university: { type: 'string' } } });
  const scope = { universityId: values.university };
  const sql = await openInspectedDatabase(configuration);
  try {
    const bar = progressBar('verify', await countEventsInScope(sql, scope));
    const inspection = await inspectChains(sql, scope, { parallelism: partsFor(sql), onProgress: (checked) => bar.update(checked) }).finally(() => bar.stop());
    for (const found of inspection.breaks) process.stdout.write(`BROKEN ${found.problem} ${found.description}\n`);
    const brokenStreams = new Set(inspection.breaks.map((found) => found.streamId)).size;
    const checked = `${inspection.eventsChecked} events in ${inspection.streamsChecked} streams`;
    process.stdout.write(
      inspection.ok
        ? `ok: ${checked} verified${values.university ? ` (university ${values.university})` : ''}\n`
        : `BROKEN: ${inspection.breaks.length} problem(s) in ${brokenStreams} stream(s); ${checked} checked\n`,
    );
    if (!inspection.ok) process.exitCode = 1;
  } finally {
    await sql.close();
  }
}
