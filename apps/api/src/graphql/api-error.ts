export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE_VIOLATED'
  | 'RATE_LIMITED';

/** A refusal decided by the API layer (authentication, scope, input shape), served with its code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const unauthenticated = () =>
  new ApiError('UNAUTHENTICATED', 'a bearer token is required (Authorization: Bearer <JWT>)');
export const forbidden = (message: string) => new ApiError('FORBIDDEN', message);
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new ApiError('BAD_USER_INPUT', message, details);
export const notFound = (what: string, id: string) => new ApiError('NOT_FOUND', `${what} ${id} not found`);
