import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Runtime } from '../../../libs/runtime/src/open-runtime.js';
import { AppModule } from './app.module.js';
import { serveConsole } from './console/console-assets.js';
import { allowPortalOrigins } from './cross-origin/portal-origins.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';
import { authenticationMiddleware } from './identity/caller-context.js';
import { tokenPolicyOf } from './identity/token-policy.js';
import { batchLimit, rateLimit } from './graphql/http-guards.js';
import { databaseShare } from './graphql/database-share.js';

/** Header values that must never reach a log line. */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]', 'res.headers["set-cookie"]'];

export interface AppOptions {
  /** Where the JSON log lines go (standard output by default; tests read them). */
  logDestination?: NodeJS.WritableStream;
}

/** The whole service over an opened runtime; `main.ts` and the end-to-end tests both start it here. */
export async function createApp(runtime: Runtime, options: AppOptions = {}): Promise<NestExpressApplication> {
  const settings = { level: runtime.configuration.logLevel, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
  const logger = options.logDestination ? pino(settings, options.logDestination) : pino(settings);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime, logger), { logger: new PinoNestLogger(logger) });
  allowPortalOrigins(app, runtime.configuration.corsOrigins);
  // 1,000 attendees in one call must fit; larger bodies get a clear 413, never a crash.
  app.useBodyParser('json', { limit: '2mb' });
  // Probes and scrapes come every few seconds: logging them would drown the requests that matter.
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/health' || req.url?.startsWith('/health/') === true || req.url === '/metrics' } }));
  serveConsole(app);
  // Downloads authenticate and count like GraphQL requests.
  app.use(['/graphql', '/exports'], authenticationMiddleware(runtime.jwtSecret, tokenPolicyOf(runtime.configuration)));
  app.use(['/graphql', '/exports'], rateLimit(runtime.configuration.rateLimitPerMinute ?? 0));
  app.use('/graphql', batchLimit());
  app.use(databaseShare());
  app.enableShutdownHooks();
  return app;
}
