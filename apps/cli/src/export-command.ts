import { archivedEventCount } from '../../../libs/event-store/src/verbatim-export.js';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { shanghaiToday } from '../../../libs/domain/src/shanghai-calendar.js';
import { writeEventArchive } from '../../../libs/inspection/src/event-archive/event-archive.js';
import { ledgerWorkbook } from '../../../libs/inspection/src/ledger-workbook/ledger-workbook.js';
import { workbookFigures } from '../../../libs/inspection/src/ledger-workbook/workbook-figures.js';
import { writeFile } from 'node:fs/promises';
import { readModelsCaughtUp } from './read-models-caught-up.js';
import { PostgresEventStore } from '../../../libs/event-store/src/postgres-event-store.js';
import { workManualContents, workManualDocument } from '../../../libs/inspection/src/work-manual/work-manual.js';
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
        const bar = progressBar('export', await archivedEventCount(sql, { universityId: values.university }));
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
    case 'xlsx': {
      if (!values.university) throw new ExportUsageError('export --format xlsx needs --university ID');
      const year = yearOf(values.year);
      const sql = await openInspectedDatabase(configuration);
      try {
        const { live, versions } = await readModelsCaughtUp(sql);
        const figures = await workbookFigures(sql, live.store, live, versions, { universityId: values.university, year, today: shanghaiToday() });
        await writeFile(out, await ledgerWorkbook(figures));
        process.stdout.write(`wrote ${out}: ${figures.ledger.entries.length} ledger rows, policy ${figures.ledger.policyVersion}, as of ${figures.asOf.toISOString()}\n`);
      } finally {
        await sql.close();
      }
      return;
    }
    case 'docx': {
      if (!values.branch) throw new ExportUsageError('export --format docx needs --branch ID');
      const year = yearOf(values.year);
      const sql = await openInspectedDatabase(configuration);
      const store = new PostgresEventStore(sql);
      try {
        const { live } = await readModelsCaughtUp(sql);
        const contents = await workManualContents(sql, store, live, { branchId: values.branch, year });
        await writeFile(out, await workManualDocument(contents));
        process.stdout.write(`wrote ${out}: the ${year} work manual of ${contents.record.name}\n`);
      } finally {
        await store.close();
        await sql.close();
      }
      return;
    }
    default:
      throw new ExportUsageError('--format must be ndjson, xlsx or docx');
  }
}

function yearOf(text: string | undefined): number {
  const year = text !== undefined && /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= 1921 && year <= 2100)) throw new ExportUsageError('--year must be a year between 1921 and 2100');
  return year;
}
