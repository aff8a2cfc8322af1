import { documentRefusal } from '../graphql/request-protection.js';
import type { IncomingMessage } from 'node:http';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import type { SubscriptionConfig } from '@nestjs/graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { InvalidTokenError, verifyToken, type TokenPolicy } from '../../../../libs/identity/src/tokens.js';
import { formatErrorFor } from '../graphql/error-formatting.js';
import type { RequestContext } from '../identity/caller-context.js';

/** Where subscriptions are served: the same path as queries, upgraded to a WebSocket. */
export const SUBSCRIPTIONS_PATH = '/graphql';

/** One connection may hold this many subscriptions at once (the console needs two or three). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/** graphql-ws's `extra` on the ws server, and what this service keeps per connection. */
interface SocketExtra {
  request: IncomingMessage;
  socket: WebSocket;
  caller?: Caller;
  expiry?: NodeJS.Timeout;
}

/** setTimeout's longest delay (about 24.8 days); a 30-day token's expiry is re-armed in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Closes the socket (4401) when the token it was opened with expires: a connection is no longer-lived than its token. */
function closeWhenExpired(extra: SocketExtra, token: string): void {
  const { exp } = decodeJwt(token);
  if (typeof exp !== 'number') return;
  const arm = () => {
    const remaining = exp * 1000 - Date.now();
    if (remaining <= 0) {
      extra.socket.close(4401, 'the token has expired');
      return;
    }
    extra.expiry = setTimeout(arm, Math.min(remaining, LONGEST_TIMER_MS));
    extra.expiry.unref();
  };
  arm();
}

function bearerToken(connectionParams: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const authorization = connectionParams?.authorization ?? connectionParams?.Authorization;
  if (typeof authorization !== 'string') return undefined;
  return /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
}

/** The caller named by connectionParams.authorization ("Bearer <JWT>"); undefined when there is no valid one. */
export async function callerOfConnection(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
  jwtSecret: string,
  policy: TokenPolicy = {},
): Promise<Caller | undefined> {
  const token = bearerToken(connectionParams);
  if (!token) return undefined;
  try {
    return await verifyToken(token, jwtSecret, policy);
  } catch (error) {
    if (error instanceof InvalidTokenError) return undefined;
    throw error;
  }
}

/**
 * The GraphQLModule `subscriptions` option: graphql-ws on the HTTP server. A connection is
 * authenticated once, when it opens: without a valid token it is closed with 4403 before any
 * subscription starts, and it is closed with 4401 when its token expires. Errors reach clients with
 * the same extensions.code as over HTTP.
 */
export function webSocketSubscriptions(jwtSecret: string, logger: Logger, policy: TokenPolicy = {}): SubscriptionConfig {
  const formatError = formatErrorFor(logger);
  const formatAll = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((error) => formatError(error.toJSON(), error));
  const server: Partial<ServerOptions<Record<string, unknown>, SocketExtra>> = {
    onConnect: async (context: Context<Record<string, unknown>, SocketExtra>) => {
      const caller = await callerOfConnection(context.connectionParams, jwtSecret, policy);
      if (!caller) return false;
      context.extra.caller = caller;
      closeWhenExpired(context.extra, bearerToken(context.connectionParams)!);
      return true;
    },
    onClose: (context: Context<Record<string, unknown>, SocketExtra>) => clearTimeout(context.extra.expiry),
    onSubscribe: (context: Context<Record<string, unknown>, SocketExtra>, _id: string, payload: { query: string; variables?: Record<string, unknown> | null }) => {
      // The same limits as over HTTP: tokens, depth, aliases, storable text.
      const refusal = documentRefusal(payload.query, payload.variables);
      if (refusal) return [new GraphQLError(refusal, { extensions: { code: 'BAD_USER_INPUT' } })];
      // The subscription being started is already counted.
      if (Object.keys(context.subscriptions).length <= MAX_SUBSCRIPTIONS_PER_CONNECTION) return undefined;
      return [new GraphQLError(`at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions per connection`, { extensions: { code: 'RATE_LIMITED' } })];
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
