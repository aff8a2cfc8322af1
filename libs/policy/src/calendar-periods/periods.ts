import { calendarDay, dayParts, daysInMonth } from '../../../domain/src/calendar/calendar-date.js';

/**
 * Calendar periods bucketed in Asia/Shanghai: a year ('2018'), a quarter ('2018-Q2', 季度) or a
 * month ('2018-05'). Periods are computed from the `YYYY-MM-DD` strings, which already are
 * Shanghai days, so no time zone arithmetic is involved.
 */
export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

export type Period =
  | { readonly kind: 'YEAR'; readonly year: number }
  | { readonly kind: 'QUARTER'; readonly year: number; readonly quarter: number }
  | { readonly kind: 'MONTH'; readonly year: number; readonly month: number };

const YEAR_LABEL = /^(\d{4})$/;
const QUARTER_LABEL = /^(\d{4})-Q([1-4])$/;
const MONTH_LABEL = /^(\d{4})-(0[1-9]|1[0-2])$/;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`not a year: ${year}`);
}

export function yearPeriod(year: number): Period {
  checkYear(year);
  return { kind: 'YEAR', year };
}

export function quarterPeriod(year: number, quarter: number): Period {
  checkYear(year);
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new RangeError(`not a quarter: ${quarter}`);
  return { kind: 'QUARTER', year, quarter };
}

export function monthPeriod(year: number, month: number): Period {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`not a month: ${month}`);
  return { kind: 'MONTH', year, month };
}

/** The period of a kind that contains a day. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  const { year, month } = dayParts(day);
  switch (kind) {
    case 'YEAR':
      return yearPeriod(year);
    case 'QUARTER':
      return quarterPeriod(year, Math.ceil(month / 3));
    case 'MONTH':
      return monthPeriod(year, month);
  }
}

/** The period's label: '2018', '2018-Q2' or '2018-05' (as `RuleCompliance.period`). */
export function periodLabel(period: Period): string {
  const year = String(period.year).padStart(4, '0');
  switch (period.kind) {
    case 'YEAR':
      return year;
    case 'QUARTER':
      return `${year}-Q${period.quarter}`;
    case 'MONTH':
      return `${year}-${String(period.month).padStart(2, '0')}`;
  }
}

/** Reads a period from its label ('2018', '2018-Q2', '2018-05') or a year number; null when it is none. */
export function parsePeriod(label: string | number): Period | null {
  if (typeof label === 'number') return Number.isInteger(label) && label >= 1 && label <= 9999 ? yearPeriod(label) : null;
  let match = YEAR_LABEL.exec(label);
  if (match) return Number(match[1]) >= 1 ? yearPeriod(Number(match[1])) : null;
  match = QUARTER_LABEL.exec(label);
  if (match) return Number(match[1]) >= 1 ? quarterPeriod(Number(match[1]), Number(match[2])) : null;
  match = MONTH_LABEL.exec(label);
  if (match) return Number(match[1]) >= 1 ? monthPeriod(Number(match[1]), Number(match[2])) : null;
  return null;
}

/** The month numbers (1-12) a period spans. */
export function monthsOf(period: Period): number[] {
  switch (period.kind) {
    case 'YEAR':
      return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    case 'QUARTER':
      return [period.quarter * 3 - 2, period.quarter * 3 - 1, period.quarter * 3];
    case 'MONTH':
      return [period.month];
  }
}

/** The period's first day. */
export function firstDayOf(period: Period): string {
  return calendarDay(period.year, monthsOf(period)[0]!, 1);
}

/** The period's last day. */
export function lastDayOf(period: Period): string {
  const lastMonth = monthsOf(period).at(-1)!;
  return calendarDay(period.year, lastMonth, daysInMonth(period.year, lastMonth));
}

/** True when the day lies in the period. */
export function isDayInPeriod(day: string, period: Period): boolean {
  return day >= firstDayOf(period) && day <= lastDayOf(period);
}

/** The periods of a kind in a year, in order (12 months, 4 quarters or the year itself). */
export function periodsOfYear(kind: PeriodKind, year: number): Period[] {
  switch (kind) {
    case 'YEAR':
      return [yearPeriod(year)];
    case 'QUARTER':
      return [1, 2, 3, 4].map((quarter) => quarterPeriod(year, quarter));
    case 'MONTH':
      return monthsOf(yearPeriod(year)).map((month) => monthPeriod(year, month));
  }
}

/** The twelve months of a year, January first. */
export function monthsOfYear(year: number): Period[] {
  return periodsOfYear('MONTH', year);
}

/** The month label of a day ('2018-05-20' → '2018-05'). */
export function monthLabel(day: string): string {
  return periodLabel(periodContaining('MONTH', day));
}

/** The quarter label of a day ('2018-05-20' → '2018-Q2'). */
export function quarterLabel(day: string): string {
  return periodLabel(periodContaining('QUARTER', day));
}

/** The year label of a day ('2018-05-20' → '2018'). */
export function yearLabel(day: string): string {
  return periodLabel(periodContaining('YEAR', day));
}
