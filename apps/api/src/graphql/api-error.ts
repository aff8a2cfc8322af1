export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE_VIOLATED'
  | 'RATE_LIMITED'
  /** Read-your-writes: the projections have not applied the position asked for within the wait (retry). */
  | 'NOT_YET_CONSISTENT';

/** A refusal decided by the API layer (authentication, scope, input shape), served with its code. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** What the refusal was about, for the log (never served). */
  target?: string;

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
/** `target` names what was refused, for the denied-access log line (never served). */
export const forbidden = (message: string, log: { target?: string } = {}) => {
  const error = new ApiError('FORBIDDEN', message);
  error.target = log.target;
  return error;
};
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new ApiError('BAD_USER_INPUT', message, details);
export const notFound = (what: string, id: string) => new ApiError('NOT_FOUND', `${what} ${id} not found`);
/**
 * A read asked to include `position` and the projections have not applied it within the wait: no
 * answer rather than an older one. Only positions are named (a position may be another
 * university's event: it is a place in the log, nothing more).
 */
export const notYetConsistent = (position: string, readModelsPosition: string, waitedMs: number) =>
  new ApiError(
    'NOT_YET_CONSISTENT',
    `the read models have not yet applied position ${position} (they are at ${readModelsPosition} after ${waitedMs} ms); retry shortly`,
    { position, readModelsPosition, retryable: true, retryAfterMs: 1000 },
  );
