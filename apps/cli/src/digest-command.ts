import { parseArgs } from 'node:util';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { countEventsInScope } from '../../../libs/event-store/src/chain-rows.js';
import { storeDigest, visibleHeadPosition } from '../../../libs/event-store/src/store-digest.js';
import { openInspectedDatabase, partsFor, progressBar } from './inspected-database.js';

/** `digest [--at POSITION]`: its last line is `<64-hex digest> <position> <events>`. */
export async function runDigest(configuration: Configuration, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { at: { type: 'string' } } });
  const sql = await openInspectedDatabase(configuration);
  try {
    const upTo = values.at ?? (await visibleHeadPosition(sql));
    const bar = progressBar('digest', /^\d{1,19}$/.test(upTo) ? await countEventsInScope(sql, { upToPosition: upTo }) : 0);
    const digest = await storeDigest(sql, { at: upTo, parallelism: partsFor(sql), onProgress: (events) => bar.update(events) }).finally(() => bar.stop());
    process.stdout.write(`${digest.streams} streams, ${digest.events} events at or below position ${digest.position}\n`);
    process.stdout.write(`${digest.digest} ${digest.position} ${digest.events}\n`);
  } finally {
    await sql.close();
  }
}
