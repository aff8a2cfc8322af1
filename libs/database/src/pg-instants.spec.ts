import pg from 'pg';
import { parseInstant } from './pg-instants.js';

// The parser pg ships, as the reference: the fast path must give the same instant for every form.
const reference = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;
const parse = (text: string) => parseInstant(text, reference);

describe('reading timestamptz text into a Date', () => {
  it.each([
    '2019-03-01 10:00:00+08',
    '2019-03-01 02:00:00+00',
    '2019-03-01 02:00:00.1+00',
    '2019-03-01 02:00:00.12+00',
    '2019-03-01 02:00:00.123+00',
    '2019-03-01 02:00:00.123456+00',
    '2019-03-01 02:00:00.999999-05',
    '2020-02-29 23:59:59.5+05:30',
    '1999-12-31 23:59:59-09:30',
    '2026-12-01 12:51:50.004+00',
  ])('%s as pg reads it', (text) => {
    expect((parse(text) as Date).toISOString()).toBe(reference(text).toISOString());
  });

  it('gives every millisecond of a second exactly', () => {
    for (let ms = 0; ms < 1000; ms += 1) {
      const text = `2021-06-15 08:30:45.${String(ms).padStart(3, '0')}+08`;
      expect((parse(text) as Date).getTime()).toBe(Date.UTC(2021, 5, 15, 0, 30, 45, ms));
    }
  });

  it('leaves the rare forms to pg', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '1900-01-01 00:00:00+00:19:32', '12019-01-01 00:00:00+00']) {
      expect(String(parse(text))).toBe(String(reference(text)));
    }
  });
});
