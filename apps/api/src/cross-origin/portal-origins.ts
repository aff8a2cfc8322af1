import type { NestExpressApplication } from '@nestjs/platform-express';

/**
 * CORS for the portals of CORS_ORIGINS only: a listed origin gets the headers (and its preflight),
 * any other origin none, so browsers keep it out. Tokens travel in the Authorization header, never
 * in cookies, so credentials stay off.
 */
export function allowPortalOrigins(app: NestExpressApplication, origins: readonly string[] | undefined): void {
  if (!origins || origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization'],
    credentials: false,
    maxAge: 600,
  });
}
