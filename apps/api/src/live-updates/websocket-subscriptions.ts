import type { IncomingMessage } from 'node:http';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { SubscriptionConfig } from '@nestjs/graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { InvalidTokenError, verifyToken } from '../../../../libs/identity/src/tokens.js';
import { formatErrorFor } from '../graphql/error-formatting.js';
import type { RequestContext } from '../identity/caller-context.js';

/** Where subscriptions are served: the same path as queries, upgraded to a WebSocket. */
export const SUBSCRIPTIONS_PATH = '/graphql';

interface SocketExtra {
  request: IncomingMessage;
  caller?: Caller;
}

/** The caller named by connectionParams.authorization ("Bearer <JWT>"); undefined when there is no valid one. */
export async function callerOfConnection(connectionParams: Readonly<Record<string, unknown>> | undefined, jwtSecret: string): Promise<Caller | undefined> {
  const authorization = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return undefined;
  try {
    return await verifyToken(match[1]!, jwtSecret);
  } catch (error) {
    if (error instanceof InvalidTokenError) return undefined;
    throw error;
  }
}

/**
 * The GraphQLModule `subscriptions` option: graphql-ws on the HTTP server. A connection is
 * authenticated once, when it opens: without a valid token it is closed with 4403 before any
 * subscription starts. Errors reach clients with the same extensions.code as over HTTP.
 */
export function webSocketSubscriptions(jwtSecret: string, logger: Logger): SubscriptionConfig {
  const formatError = formatErrorFor(logger);
  const formatAll = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((error) => formatError(error.toJSON(), error));
  const server: Partial<ServerOptions<Record<string, unknown>, SocketExtra>> = {
    onConnect: async (context: Context<Record<string, unknown>, SocketExtra>) => {
      const caller = await callerOfConnection(context.connectionParams, jwtSecret);
      if (!caller) return false;
      context.extra.caller = caller;
      return true;
    },
    context: (context: Context<Record<string, unknown>, SocketExtra>): RequestContext => ({
      req: context.extra.request as RequestContext['req'],
      caller: context.extra.caller,
    }),
    onNext: (_context, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatAll(result.errors) } : undefined),
    onError: (_context, _id, _payload, errors) => formatAll(errors),
  };
  // Nest types a subset of graphql-ws's options but hands all of them to useServer, after its own
  // `context` (the HTTP one, which has no request here): ours replace it.
  return { 'graphql-ws': { path: SUBSCRIPTIONS_PATH, ...(server as object) } };
}
