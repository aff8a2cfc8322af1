#!/usr/bin/env node
// Fails when code outside libs/event-store names the store's tables in SQL: only the EventStore
// port crosses into the store (docs/event-store-port.md). Specs, the end-to-end harness and the
// benchmarks (which measure the store itself) may; production code in apps/ and libs/ may not.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const ROOTS = ['apps', 'libs'];
const OWNER = `libs${path.sep}event-store${path.sep}`;
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;
/** SQL that reads or writes the store's tables (the code writes SQL keywords in capitals). */
const STORE_SQL = /\b(FROM|JOIN|INTO|UPDATE)\s+(events|streams)\b/g;
/**
 * Files still to be moved onto the port, each by the change that owns it. Remove a line when its
 * file is switched; a file named here that no longer breaks the rule fails the check too.
 */
const PENDING = new Set([]);

async function* sourceFiles(directory) {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.name.endsWith('.ts') && !TEST_FILE.test(entry.name)) yield full;
  }
}

const violations = [];
const stillPending = new Set();
for (const root of ROOTS) {
  for await (const file of sourceFiles(root)) {
    if (file.startsWith(OWNER)) continue;
    const text = await readFile(file, 'utf8');
    const name = file.split(path.sep).join('/');
    for (const match of text.matchAll(STORE_SQL)) {
      const line = text.slice(0, match.index).split('\n').length;
      if (PENDING.has(name)) stillPending.add(name);
      else violations.push(`${name}:${line}: "${match[0]}" — read the log through the EventStore port`);
    }
  }
}
const switched = [...PENDING].filter((name) => !stillPending.has(name));
for (const name of switched) violations.push(`${name}: no longer names the store's tables — remove it from PENDING in scripts/check-store-boundary.mjs`);
if (violations.length > 0) {
  process.stderr.write(`SQL on the event store's tables outside libs/event-store:\n${violations.map((v) => `  ${v}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`store boundary: no SQL on events/streams outside libs/event-store (${PENDING.size} files pending their switch)\n`);
