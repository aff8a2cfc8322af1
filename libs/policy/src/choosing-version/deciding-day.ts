import { InvalidInputError } from '../../../domain/src/domain-errors.js';
import { earlierDay, isCalendarDay } from '../../../domain/src/calendar/calendar-date.js';
import type { Period } from '../calendar-periods/periods.js';
import { lastDayOf, parsePeriod } from '../calendar-periods/periods.js';

/**
 * The deciding day (判定日) of a figure (DOMAIN.md §4): the `onDate` asked, or else the period's last
 * day capped at today. `period` is a year number, a label ('2018', '2018-Q2', '2018-05') or a Period.
 * The onDate is taken as asked, even past the period or in the future. Without it, a period that has
 * not begun yet gets today, which lies before the period. A malformed period or day is
 * `InvalidInputError` (they come from queries).
 */
export function decidingDay(period: number | string | Period, onDate: string | null | undefined, today: string): string {
  const resolved = typeof period === 'object' ? period : parsePeriod(period);
  if (resolved === null) throw new InvalidInputError(`not a year or period label: ${JSON.stringify(period)}`);
  if (onDate !== null && onDate !== undefined) {
    if (!isCalendarDay(onDate)) throw new InvalidInputError(`onDate must be a real date YYYY-MM-DD: ${JSON.stringify(onDate)}`);
    return onDate;
  }
  if (!isCalendarDay(today)) throw new InvalidInputError(`today must be a real date YYYY-MM-DD: ${JSON.stringify(today)}`);
  return earlierDay(lastDayOf(resolved), today);
}
