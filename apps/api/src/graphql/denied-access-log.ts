import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { InvalidTokenError } from '../../../../libs/identity/src/tokens.js';
import type { RequestContext } from '../identity/caller-context.js';
import { ApiError } from './api-error.js';

/**
 * One structured line per refused access (FORBIDDEN, UNAUTHENTICATED): who asked, for which
 * operation and field, and what it named. Never the token.
 */
export function deniedAccessLog(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const code =
              original instanceof ApiError ? original.code : original instanceof InvalidTokenError ? 'UNAUTHENTICATED' : undefined;
            if (code !== 'FORBIDDEN' && code !== 'UNAUTHENTICATED') continue;
            logger.warn(
              {
                event: 'access-denied',
                code,
                subject: contextValue.caller?.subject ?? null,
                role: contextValue.caller?.role ?? null,
                operation: operationName ?? null,
                field: error.path?.join('.') ?? null,
                target: original instanceof ApiError ? (original.target ?? null) : null,
                address: contextValue.req?.ip ?? null,
              },
              'access denied',
            );
          }
        },
      };
    },
  };
}
