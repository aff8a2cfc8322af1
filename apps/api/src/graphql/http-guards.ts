import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { authenticationOf } from '../identity/caller-context.js';
import { REQUEST_LIMITS } from './request-protection.js';

function refuse(res: Response, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/** Operations in the body: a batched request (a JSON array) counts each one. */
function operationsIn(req: Request): number {
  return Array.isArray(req.body) ? req.body.length : 1;
}

/** A batched request of more operations than the limit is refused whole, before any of them runs. */
export function batchLimit() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (Array.isArray(req.body) && req.body.length > REQUEST_LIMITS.batch) {
      return refuse(res, 400, 'BAD_USER_INPUT', `a batch may hold at most ${REQUEST_LIMITS.batch} operations (got ${req.body.length})`);
    }
    if (Array.isArray(req.body) && req.body.length === 0) return refuse(res, 400, 'BAD_USER_INPUT', 'an empty batch');
    next();
  };
}

/**
 * Requests per minute per token subject, and per client address for calls without a valid token
 * (RATE_LIMIT_PER_MINUTE; 0 turns it off). Beyond it: HTTP 429 with RATE_LIMITED and Retry-After.
 */
export function rateLimit(perMinute: number) {
  if (perMinute <= 0) return (_req: Request, _res: Response, next: NextFunction) => next();
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    const caller = authenticationOf(req)?.caller;
    const key = caller ? `subject:${caller.subject}` : `address:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
    limiter.consume(key, operationsIn(req)).then(
      () => next(),
      (rejection: unknown) => {
        if (!(rejection instanceof RateLimiterRes)) return next(rejection);
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        res.setHeader('Retry-After', String(retryAfterSeconds));
        refuse(res, 429, 'RATE_LIMITED', `more than ${perMinute} requests a minute; retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
      },
    );
  };
}
