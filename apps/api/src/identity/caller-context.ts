import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { NextFunction, Request, Response } from 'express';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { InvalidTokenError, verifyToken, type TokenPolicy } from '../../../../libs/identity/src/tokens.js';
import { unauthenticated } from '../graphql/api-error.js';

/** What every resolver sees: the verified caller, or why there is none. */
export interface RequestContext {
  req: Request;
  caller?: Caller;
  tokenError?: InvalidTokenError;
}

export interface Authentication {
  caller?: Caller;
  tokenError?: InvalidTokenError;
}

const AUTHENTICATION = Symbol('authentication');
type AuthenticatedRequest = Request & { [AUTHENTICATION]?: Authentication };

/** Reads the bearer token of an Authorization header (absent header: no caller, no error). */
export async function authenticate(header: string | undefined, jwtSecret: string, policy: TokenPolicy): Promise<Authentication> {
  if (!header) return {};
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { tokenError: new InvalidTokenError('the Authorization header must be "Bearer <JWT>"') };
  try {
    return { caller: await verifyToken(match[1]!, jwtSecret, policy) };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { tokenError: error };
    throw error;
  }
}

/** Express middleware: verifies the token once per request, before rate limiting and GraphQL. */
export function authenticationMiddleware(jwtSecret: string, policy: TokenPolicy) {
  return (req: Request, _res: Response, next: NextFunction) => {
    authenticate(req.headers.authorization, jwtSecret, policy).then(
      (authentication) => {
        (req as AuthenticatedRequest)[AUTHENTICATION] = authentication;
        next();
      },
      next,
    );
  };
}

export function authenticationOf(req: Request): Authentication | undefined {
  return (req as AuthenticatedRequest)[AUTHENTICATION];
}

export async function buildRequestContext(req: Request, jwtSecret: string, policy: TokenPolicy = {}): Promise<RequestContext> {
  const authentication = authenticationOf(req) ?? (await authenticate(req.headers.authorization, jwtSecret, policy));
  return { req, ...authentication };
}

export function callerOf(context: RequestContext): Caller {
  if (context.caller) return context.caller;
  throw context.tokenError ?? unauthenticated();
}

/** The authenticated caller of a GraphQL operation; UNAUTHENTICATED without a valid token. */
export const CurrentCaller = createParamDecorator((_: unknown, execution: ExecutionContext): Caller => {
  const context = GqlExecutionContext.create(execution).getContext<RequestContext>();
  return callerOf(context);
});
