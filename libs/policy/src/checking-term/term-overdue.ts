import { addYears } from '../../../domain/src/calendar/calendar-date.js';
import type { TermParams } from '../policy-model/policy-version.js';

/** The default term (任期) of a branch committee, in years (条例 art. 21). */
export const DEFAULT_TERM_YEARS = 3;

/** The term facts of a branch on a day. */
export interface TermFacts {
  /** `termEndsOn` of the latest election (换届选举) on or before the day; null before any election. */
  readonly termEndsOn: string | null;
  /** The day the branch was established. */
  readonly establishedOn: string;
}

/** Election day + term years (29 February falls back to 28 February). */
export function termEndsOn(electedOn: string, termYears: number = DEFAULT_TERM_YEARS): string {
  return addYears(electedOn, termYears);
}

/**
 * The last day a branch is not yet overdue: `graceYears` after the term ends. A branch that has
 * held no election yet is measured as if elected on its establishment day for a default 3-year
 * term (a new branch elects its first committee when it is set up; the establishment starts the
 * clock), so it becomes overdue establishment + 3 + graceYears years on.
 */
export function lastDayBeforeOverdue(facts: TermFacts, params: TermParams): string {
  const ends = facts.termEndsOn ?? termEndsOn(facts.establishedOn, DEFAULT_TERM_YEARS);
  return addYears(ends, params.graceYears);
}

/**
 * Election overdue (换届超期, `electionOverdue`): the day is more than `graceYears` past `termEndsOn`
 * with no newer election (pass the latest election's term as of that day).
 */
export function isElectionOverdue(facts: TermFacts, day: string, params: TermParams): boolean {
  return day > lastDayBeforeOverdue(facts, params);
}
