import type { CalendarDate } from '../calendar/calendar-date.js';
import { refuseFutureDate } from '../dated-facts.js';
import { InvalidInputError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type { BranchState, EstablishedBranchState } from './branch-state.js';

/** The checks every part of the branch aggregate shares before it decides. */

export function established(state: BranchState, branchId: string): EstablishedBranchState {
  if (state.status === 'NOT_ESTABLISHED') throw new NotFoundError('branch', branchId);
  return state;
}

/** BRANCH_DISSOLVED: a dissolved branch takes no command. */
export function active(state: BranchState, branchId: string): EstablishedBranchState {
  const branch = established(state, branchId);
  if (branch.status === 'DISSOLVED') {
    throw new RuleViolatedError('BRANCH_DISSOLVED', `branch ${branchId} is dissolved`);
  }
  return branch;
}

/** DATE_IN_FUTURE and BEFORE_ESTABLISHMENT: a branch fact lies between the establishment and today. */
export function refuseOutsideLife(
  branch: EstablishedBranchState,
  what: string,
  day: CalendarDate,
  today: CalendarDate,
): void {
  refuseFutureDate(what, day, today);
  if (day < branch.establishedOn) {
    throw new RuleViolatedError(
      'BEFORE_ESTABLISHMENT',
      `${what} is dated ${day}, before the branch was established (${branch.establishedOn})`,
    );
  }
}

export function refuseDuplicates(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new InvalidInputError(`${what}: ${id} is named twice`);
    seen.add(id);
  }
}
