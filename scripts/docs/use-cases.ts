import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where each GraphQL mutation and query lives: its resolver, the command or query it puts on the
 * bus, and the handler that carries it out. Read from the code (decorators and `new X(` calls),
 * so docs/USE-CASES.md cannot drift from it: a test compares the two.
 */
export interface UseCase {
  operation: 'Mutation' | 'Query';
  field: string;
  resolver: string;
  message: string;
  handler: string;
}

// Run from the project root (npm scripts and jest both are).
const ROOT = process.cwd();
const SOURCES = join(ROOT, 'apps/api/src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

export function useCases(): UseCase[] {
  const files = sourceFiles(SOURCES).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
  const handlers = new Map<string, string>();
  for (const file of files) {
    for (const match of file.text.matchAll(/@(?:Command|Query)Handler\((\w+)\)/g)) handlers.set(match[1]!, file.path);
  }
  const found: UseCase[] = [];
  for (const file of files) {
    // A method written over several lines, or on one (`@Mutation() renameBranch(…) { return …; }`).
    const methods = /@(Mutation|Query)\(\)\s*(?:async\s+)?(\w+)\((?:([^\n]*\{ [^\n]* \})\n|([\s\S]*?)\n  \})/g;
    for (const match of file.text.matchAll(methods)) {
      const body = match[3] ?? match[4]!;
      // A branch mutation names its command through the shared helper; the others build theirs here.
      const message = /new (\w+)\(/.exec(body)?.[1] ?? (/recordBranchMutation\(/.test(body) ? 'RecordBranchAction' : '(none)');
      const helperMessage = message === '(none)' ? undefined : message;
      found.push({
        operation: match[1] as UseCase['operation'],
        field: match[2]!,
        resolver: file.path,
        message: helperMessage ?? '(none)',
        handler: (helperMessage && handlers.get(helperMessage)) ?? '(resolver)',
      });
    }
  }
  return found.sort((a, b) => a.operation.localeCompare(b.operation) || a.field.localeCompare(b.field));
}

export function useCasesDocument(): string {
  const rows = useCases().map((use) => `| ${use.operation} | \`${use.field}\` | \`${use.message}\` | \`${use.handler}\` | \`${use.resolver}\` |`);
  return [
    '# Where each use case lives',
    '',
    'Generated from the code by `npm run docs:use-cases` (a test fails when this file is stale). Each GraphQL',
    'field is translated by its resolver into a command on the `CommandBus` or a query on the `QueryBus`;',
    'the handler beside it in the same use-case folder carries it out.',
    '',
    '| operation | field | command or query | handler | resolver |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(ROOT, 'docs/USE-CASES.md'), useCasesDocument());
  process.stdout.write(`docs/USE-CASES.md: ${useCases().length} operations\n`);
}
