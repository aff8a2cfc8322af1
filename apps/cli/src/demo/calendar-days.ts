import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { SeededRandom } from './seeded-random.js';

/** Day arithmetic on `YYYY-MM-DD` calendar days (Asia/Shanghai days, computed as plain dates). */

export function day(year: number, month: number, date: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: CalendarDate): number {
  return Number(date.slice(5, 7));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  const moved = new Date(Date.UTC(year, month - 1, dayOfMonth + days));
  return day(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: CalendarDate): number {
  return weekdayOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** Sakamoto's method: 0 Sunday … 6 Saturday. */
function weekdayOf(year: number, month: number, date: number): number {
  const offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
  const y = month < 3 ? year - 1 : year;
  return (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) + offsets[month - 1]! + date) % 7;
}

/** The day itself on a weekday, else the following Monday. */
export function weekdayOnOrAfter(date: CalendarDate): CalendarDate {
  const dayOfWeek = weekday(date);
  return dayOfWeek === 6 ? addDays(date, 2) : dayOfWeek === 0 ? addDays(date, 1) : date;
}

export function laterOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a > b ? a : b;
}

export function earlierOf(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a < b ? a : b;
}

/**
 * A random working day of the month between `fromDate` and `toDate` of the month (both included),
 * and within [notBefore, notAfter]; null when no working day fits.
 */
export function workingDayIn(
  random: SeededRandom,
  year: number,
  month: number,
  window: { fromDate?: number; toDate?: number; notBefore?: CalendarDate; notAfter?: CalendarDate } = {},
): CalendarDate | null {
  const last = daysInMonth(year, month);
  const from = Math.max(1, window.fromDate ?? 1);
  const to = Math.min(last, window.toDate ?? last);
  const candidates: CalendarDate[] = [];
  for (let date = from; date <= to; date += 1) {
    const dayOfWeek = weekdayOf(year, month, date);
    if (dayOfWeek === 0 || dayOfWeek === 6) continue;
    const candidate = day(year, month, date);
    if (window.notBefore && candidate < window.notBefore) continue;
    if (window.notAfter && candidate > window.notAfter) continue;
    candidates.push(candidate);
  }
  return candidates.length === 0 ? null : random.pick(candidates);
}

/** A random day in [from, to]; `to` when the window is empty. */
export function dayBetween(random: SeededRandom, from: CalendarDate, to: CalendarDate): CalendarDate {
  const span = daysBetween(from, to);
  return span <= 0 ? to : addDays(from, random.int(0, span));
}
