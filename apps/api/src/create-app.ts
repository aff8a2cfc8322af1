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

/** The whole service over an opened runtime; `main.ts` and the end-to-end tests both start it here. */
export async function createApp(runtime: Runtime): Promise<NestExpressApplication> {
  const logger = pino({ level: runtime.configuration.logLevel });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(runtime, logger), { logger: new PinoNestLogger(logger) });
  allowPortalOrigins(app, runtime.configuration.corsOrigins);
  // 1,000 attendees in one call must fit; larger bodies get a clear 413, never a crash.
  app.useBodyParser('json', { limit: '2mb' });
  // Probes and scrapes come every few seconds: logging them would drown the requests that matter.
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/health' || req.url?.startsWith('/health/') === true || req.url === '/metrics' } }));
  serveConsole(app);
  app.enableShutdownHooks();
  return app;
}
