import type { CalendarDate } from './calendar-date.js';
import { instantMillis } from './instants.js';

/**
 * Where calendar days meet instants (DOMAIN.md: every date is a Shanghai calendar day). Asia/Shanghai
 * has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for this ledger.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day an instant falls on (e.g. the handler's `today`). */
export function shanghaiDayOf(instant: string | Date): CalendarDate {
  return new Date(instantMillis(instant) + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(now: Date = new Date()): CalendarDate {
  return shanghaiDayOf(now);
}

/** The instant a Shanghai calendar day begins (China keeps UTC+8 all year). */
export function startOfShanghaiDay(day: CalendarDate): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
