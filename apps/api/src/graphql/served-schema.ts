import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The served SDL: the portal contract plus additive extensions (never a breaking change). */
export const servedSchemaPath = fileURLToPath(new URL('./schema.graphql', import.meta.url));

export function servedSchemaSource(): string {
  return readFileSync(servedSchemaPath, 'utf8');
}
