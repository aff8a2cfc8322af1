/**
 * Calendar days (日期) are `YYYY-MM-DD` strings meaning a day in Asia/Shanghai. They compare as
 * strings, so most of this module is arithmetic on the three numbers; nothing here reads a clock.
 */

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

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
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The parts of a calendar day; throws a RangeError for anything that is not one. */
export function dayParts(day: string): DayParts {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

/** Writes a calendar day from its parts (no range check beyond the day existing). */
export function calendarDay(year: number, month: number, day: number): string {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCalendarDay(text)) throw new RangeError(`no such day: ${text}`);
  return text;
}

/** The earlier of two calendar days. */
export function earlierDay(a: string, b: string): string {
  return a <= b ? a : b;
}

/** The later of two calendar days. */
export function laterDay(a: string, b: string): string {
  return a >= b ? a : b;
}

/**
 * The same day `years` later; 29 February becomes 28 February in a year without it
 * (e.g. `termEndsOn` = election day + term years).
 */
export function addYears(day: string, years: number): string {
  const { year, month, day: dayOfMonth } = dayParts(day);
  const target = year + years;
  return calendarDay(target, month, Math.min(dayOfMonth, daysInMonth(target, month)));
}

/** True for an ISO-8601 instant with a date, a time and an offset (`Z` or `±hh:mm`). */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT_PATTERN.exec(value);
  return match !== null && isCalendarDay(match[1]) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since the epoch of an instant (an ISO-8601 string or a Date). */
export function instantMillis(instant: string | Date): number {
  const millis = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`not an instant: ${String(instant)}`);
  return millis;
}

/** An instant as served: ISO-8601 in UTC with milliseconds (`2018-05-20T08:00:00.000Z`). */
export function servedInstant(instant: string | Date): string {
  return new Date(instantMillis(instant)).toISOString();
}

/** The Asia/Shanghai calendar day an instant falls on (e.g. the handler's `today`). */
export function shanghaiDayOf(instant: string | Date): string {
  return new Date(instantMillis(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
