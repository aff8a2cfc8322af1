import { existsSync } from 'node:fs';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { ArchiveRefusedError, importArchive } from '../../../libs/event-store/src/verbatim-import.js';
import { archiveFileLines } from '../../../libs/inspection/src/event-archive/event-archive.js';
import { openInspectedDatabase } from './inspected-database.js';

export class ImportUsageError extends Error {}

/**
 * `import FILE`: an event archive into an empty database (migrated on the way, no baseline policy
 * seeded: the archive brings its own). Refused, with nothing written, when a chain does not verify.
 */
export async function runImport(configuration: Configuration, args: string[]): Promise<void> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new ImportUsageError('import takes one FILE (an archive written by export --format ndjson)');
  if (!existsSync(file)) throw new ImportUsageError(`no such file: ${file}`);
  const sql = await openInspectedDatabase(configuration);
  try {
    const imported = await importArchive(sql, archiveFileLines(file), {
      onProgress: (pass, events) => {
        if (process.stderr.isTTY) process.stderr.write(`\r${pass} ${events} events`);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(`imported ${imported.events} events in ${imported.streams} streams, up to position ${imported.position}; every chain verified\n`);
  } catch (error) {
    if (error instanceof ArchiveRefusedError) {
      process.stderr.write(`import refused: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await sql.close();
  }
}
