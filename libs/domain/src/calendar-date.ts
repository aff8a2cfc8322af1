/**
 * A calendar day in Asia/Shanghai written `YYYY-MM-DD`. Events and commands carry days as these
 * strings (never `Date` objects), so payloads stay JSON-safe and hash the same everywhere.
 * Two well-formed days compare correctly as strings.
 */
export type CalendarDate = string;

/** The same day `years` later; 29 February falls back to 28 February in a common year. */
export function addYears(day: CalendarDate, years: number): CalendarDate {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const targetYear = year + years;
  const lastDayOfMonth = new Date(Date.UTC(targetYear, month, 0)).getUTCDate();
  return formatDay(targetYear, month, Math.min(date, lastDayOfMonth));
}

function formatDay(year: number, month: number, date: number): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}
