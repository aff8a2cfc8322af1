/**
 * PostgreSQL's text form of a `timestamptz` (DateStyle ISO) read into a Date. The parser `pg`
 * ships (postgres-date) runs a regular expression per value; reading the log parses two instants
 * per event, and in a rebuild of millions of events that was the largest item of the read after
 * the rows and the JSON themselves. The common form is taken apart by position; anything else
 * (years before 100 or beyond 9999, BC, infinity, offsets with seconds) goes to `fallback`.
 */
export function parseInstant(text: string, fallback: (text: string) => Date | string | number): Date | string | number {
  // 2019-03-01 10:00:00[.ffffff]+08[:30]
  const length = text.length;
  if (length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58) return fallback(text);
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 46) {
    at += 1;
    let scale = 100;
    for (; at < length; at += 1) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      // Sub-millisecond digits are dropped, as a Date cannot hold them.
      millis += digit * scale;
      scale /= 10;
      if (scale < 1) scale = 0;
    }
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return fallback(text);
  const rest = length - at;
  if (rest !== 3 && !(rest === 6 && text.charCodeAt(at + 3) === 58)) return fallback(text);
  const offsetMinutes = number(text, at + 1, at + 3) * 60 + (rest === 6 ? number(text, at + 4, at + 6) : 0);
  const year = number(text, 0, 4);
  const month = number(text, 5, 7);
  const day = number(text, 8, 10);
  const hour = number(text, 11, 13);
  const minute = number(text, 14, 16);
  const second = number(text, 17, 19);
  // Years 0-99 (Date.UTC reads them as 1900-1999) are left to the fallback too.
  if (Number.isNaN(month + day + hour + minute + second + offsetMinutes) || !(year >= 100)) return fallback(text);
  const offsetMillis = (sign === 43 ? 1 : -1) * offsetMinutes * 60_000;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMillis);
}

function number(text: string, from: number, to: number): number {
  let value = 0;
  for (let index = from; index < to; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}
