import { badInput } from '../graphql/api-error.js';

/** The largest global position PostgreSQL's bigint holds. */
const MAX_POSITION = 2n ** 63n - 1n;

/** `atLeastPosition` is a CommandResult position: a decimal global position within bigint. */
export function checkPosition(position: string | null | undefined): void {
  if (position === null || position === undefined) return;
  if (!/^\d{1,19}$/.test(position) || BigInt(position) > MAX_POSITION) {
    throw badInput('atLeastPosition must be a global position a CommandResult gave out (a decimal integer)');
  }
}

/**
 * An as-of view needs a policy recorded by then: before the first publication was recorded there is
 * nothing to compute figures under, so the answer names the earliest instant that has one.
 */
export function checkAsOf(asOf: Date, earliest: Date | null): void {
  if (earliest && asOf.getTime() >= earliest.getTime()) return;
  const named = earliest ? earliest.toISOString() : null;
  throw badInput(
    named ? `asOf must be at or after ${named}, when the first policy version was recorded` : 'no policy version is recorded yet',
    { earliestAsOf: named },
  );
}
