import { isCalendarDay } from './calendar-date.js';

/** Instants (时刻): ISO-8601 strings with an offset, as clients send them and the API serves them. */

const INSTANT_PATTERN = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

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
