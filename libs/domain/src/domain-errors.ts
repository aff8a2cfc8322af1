/** Why the domain refused a command. The API maps each to its GraphQL `extensions.code`. */
export abstract class DomainError extends Error {
  abstract readonly code: 'RULE_VIOLATED' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';
}

/** A domain rule was broken; `rule` names it (served as `extensions.rule`). */
export class RuleViolatedError extends DomainError {
  readonly code = 'RULE_VIOLATED' as const;
  override readonly name = 'RuleViolatedError';
  constructor(readonly rule: string, message: string) {
    super(message);
  }
}

/** An id names nothing (branch, unit, meeting, case, finding, session, person). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  override readonly name = 'NotFoundError';
  constructor(readonly what: string, readonly id: string) {
    super(`${what} ${id} not found`);
  }
}

/** The input is malformed in a way only the domain can tell (e.g. a person in two roles). */
export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
  override readonly name = 'InvalidInputError';
}

/** The thing to create exists already (a duplicate id or version string). */
export class AlreadyExistsError extends DomainError {
  readonly code = 'CONFLICT' as const;
  override readonly name = 'AlreadyExistsError';
}
