import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';

export const CONSOLE_PATH = '/console';

/**
 * Where `npm run build` put the console (dist/console): seen from the sources (tests) and from the
 * built service (dist/apps/api/src/console) alike.
 */
export function consoleAssetsDirectory(): string | undefined {
  const candidates = [new URL('../../../../dist/console/', import.meta.url), new URL('../../../../console/', import.meta.url)];
  return candidates.map((url) => fileURLToPath(url)).find((directory) => existsSync(`${directory}index.html`));
}

/**
 * Serves the inspection console's static files at /console. The console is a client of the public
 * GraphQL API like any other: it holds the user's token and the API decides what it may read.
 */
export function serveConsole(app: NestExpressApplication): void {
  const directory = consoleAssetsDirectory();
  if (directory) {
    app.useStaticAssets(directory, { prefix: CONSOLE_PATH, index: 'index.html', fallthrough: false, maxAge: 0 });
    return;
  }
  app.use(CONSOLE_PATH, (_request: unknown, response: { status(code: number): { type(kind: string): { send(body: string): void } } }) => {
    response.status(404).type('text/plain').send('the console is not built: run `npm run build`\n');
  });
}

/** The link the embedded start prints: the token rides in the fragment, which browsers never send. */
export function consoleLink(port: number, token: string): string {
  return `http://localhost:${port}${CONSOLE_PATH}/#token=${encodeURIComponent(token)}`;
}
