import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Runtime } from '../../../libs/runtime/src/open-runtime.js';
import { AppModule } from './app.module.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';

/** The whole service over an opened runtime; `main.ts` and the end-to-end tests both start it here. */
export async function createApp(runtime: Runtime): Promise<INestApplication> {
  const logger = pino({ level: runtime.configuration.logLevel });
  const app = await NestFactory.create(AppModule.register(runtime, logger), { logger: new PinoNestLogger(logger) });
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/health' } }));
  app.enableShutdownHooks();
  return app;
}
