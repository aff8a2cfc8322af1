/**
 * Calendar days (日期): every date of the domain is a day in Asia/Shanghai written `YYYY-MM-DD`.
 * Events and commands carry days as these strings (never `Date` objects), so payloads stay
 * JSON-safe and hash the same everywhere; two well-formed days compare correctly as strings. Most
 * of this module is arithmetic on the three numbers; nothing here reads a clock.
 */
export type CalendarDate = string;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DayParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar day written `YYYY-MM-DD` (2018-02-29 and 2018-04-31 are not). */
export function isCalendarDay(value: unknown): value is CalendarDate {
  if (typeof value !== 'string') return false;
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The parts of a calendar day; throws a RangeError for anything that is not one. */
export function dayParts(day: CalendarDate): DayParts {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

/** Writes a calendar day from its parts (no range check beyond the day existing). */
export function calendarDay(year: number, month: number, day: number): CalendarDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCalendarDay(text)) throw new RangeError(`no such day: ${text}`);
  return text;
}

/** The earlier of two calendar days. */
export function earlierDay(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

/** The later of two calendar days. */
export function laterDay(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a >= b ? a : b;
}

/**
 * The same day `years` later; 29 February becomes 28 February in a year without it
 * (e.g. `termEndsOn` = election day + term years).
 */
export function addYears(day: CalendarDate, years: number): CalendarDate {
  const { year, month, day: dayOfMonth } = dayParts(day);
  const target = year + years;
  return calendarDay(target, month, Math.min(dayOfMonth, daysInMonth(target, month)));
}
