import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { archivedEventBatches, type ArchiveScope } from '../../../event-store/src/verbatim-export.js';
import type { ArchiveLines } from '../../../event-store/src/verbatim-import.js';

/**
 * Writes the event archive (NDJSON, one event as stored per line, in commit order) to `out`,
 * waiting for it to drain so a slow download never holds the whole store in memory.
 */
export async function writeEventArchive(
  sql: SqlExecutor,
  scope: ArchiveScope,
  out: Writable,
  onProgress?: (events: number) => void,
): Promise<{ events: number }> {
  let events = 0;
  for await (const batch of archivedEventBatches(sql, scope)) {
    let chunk = '';
    for (const event of batch) chunk += `${JSON.stringify(event)}\n`;
    events += batch.length;
    if (!out.write(chunk)) await once(out, 'drain');
    onProgress?.(events);
  }
  return { events };
}

/** The lines of an archive file, read afresh at each call. */
export function archiveFileLines(path: string): ArchiveLines {
  return () => createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
}
