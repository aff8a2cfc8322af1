import type { CalendarDate } from './calendar/calendar-date.js';
import { RuleViolatedError } from './domain-errors.js';

/** DATE_IN_FUTURE: a fact (meeting, election, count, step, acceptance…) cannot be dated after today. */
export function refuseFutureDate(what: string, day: CalendarDate, today: CalendarDate): void {
  if (day > today) {
    throw new RuleViolatedError('DATE_IN_FUTURE', `${what} is dated ${day}, after today (${today})`);
  }
}
