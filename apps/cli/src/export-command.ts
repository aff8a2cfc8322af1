import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { countEventsInScope } from '../../../libs/event-store/src/chain-rows.js';
import { writeEventArchive } from '../../../libs/inspection/src/event-archive/event-archive.js';
import { openInspectedDatabase, progressBar } from './inspected-database.js';

export class ExportUsageError extends Error {}

/**
 * `export --format ndjson|xlsx|docx … --out FILE`: the event archive, the university's ledger
 * workbook, or a branch's work manual.
 */
export async function runExport(configuration: Configuration, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      format: { type: 'string' },
      university: { type: 'string' },
      branch: { type: 'string' },
      year: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.out) throw new ExportUsageError('export needs --out FILE');
  const out = values.out;
  switch (values.format) {
    case 'ndjson': {
      const sql = await openInspectedDatabase(configuration);
      try {
        const bar = progressBar('export', await countEventsInScope(sql, {}));
        const file = createWriteStream(out);
        const written = await writeEventArchive(sql, { universityId: values.university }, file, (events) => bar.update(events)).finally(() => bar.stop());
        file.end();
        await finished(file);
        process.stdout.write(`wrote ${written.events} events to ${out}\n`);
      } finally {
        await sql.close();
      }
      return;
    }
    default:
      throw new ExportUsageError('--format must be ndjson, xlsx or docx');
  }
}
