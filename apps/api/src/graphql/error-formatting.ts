import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { DomainError, RuleViolatedError } from '../../../../libs/domain/src/domain-errors.js';
import { StreamVersionConflictError } from '../../../../libs/event-store/src/event-store.port.js';
import { InvalidTokenError } from '../../../../libs/identity/src/tokens.js';
import { ApiError } from './api-error.js';

/** Apollo's own codes for a request that names unknown fields, wrong types or bad enum literals. */
const INPUT_CODES = new Set(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'BAD_USER_INPUT']);

/**
 * The one place where failures become the contract's `extensions.code`: domain refusals,
 * optimistic-concurrency conflicts, token problems; request shape errors become BAD_USER_INPUT;
 * anything unexpected is logged and served without its internals.
 */
export function formatErrorFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof ApiError) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof RuleViolatedError) {
      return { ...base, message: original.message, extensions: { code: original.code, rule: original.rule } };
    }
    if (original instanceof DomainError) {
      return { ...base, message: original.message, extensions: { code: original.code } };
    }
    if (original instanceof StreamVersionConflictError) {
      return {
        ...base,
        message: `${original.streamId} is at version ${original.actual}, not ${String(original.expected)}`,
        extensions: { code: 'CONFLICT', actualVersion: original.actual },
      };
    }
    if (original instanceof InvalidTokenError) {
      return { ...base, message: original.message, extensions: { code: 'UNAUTHENTICATED' } };
    }
    const code = formatted.extensions?.code;
    // graphql-js's own request errors (e.g. "Too many errors processing variables") carry no code,
    // no path and no cause: the request was malformed, nothing in the service failed.
    const requestLevel = !formatted.path && error instanceof GraphQLError && !error.originalError;
    if (requestLevel && (code === undefined || code === 'INTERNAL_SERVER_ERROR')) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_REQUEST' } };
    }
    if (typeof code === 'string' && INPUT_CODES.has(code)) {
      return { ...base, extensions: { code: 'BAD_USER_INPUT', reason: code } };
    }
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: original, path: formatted.path }, 'unexpected error while serving GraphQL');
    return { ...base, message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
