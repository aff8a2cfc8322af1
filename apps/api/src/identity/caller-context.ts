import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { InvalidTokenError, verifyToken } from '../../../../libs/identity/src/tokens.js';
import { unauthenticated } from '../graphql/api-error.js';

/** What every resolver sees: the verified caller, or why there is none. */
export interface RequestContext {
  req: Request;
  caller?: Caller;
  tokenError?: InvalidTokenError;
}

export async function buildRequestContext(req: Request, jwtSecret: string): Promise<RequestContext> {
  const header = req.headers.authorization;
  if (!header) return { req };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return { req, tokenError: new InvalidTokenError('the Authorization header must be "Bearer <JWT>"') };
  try {
    return { req, caller: await verifyToken(match[1]!, jwtSecret) };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { req, tokenError: error };
    throw error;
  }
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
