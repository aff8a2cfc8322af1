import { addYears, calendarDay, dayParts, isCalendarDay } from './calendar-date.js';
import { isInstant, servedInstant } from './instants.js';
import { shanghaiDayOf, shanghaiToday, startOfShanghaiDay } from './shanghai-calendar.js';

describe('the calendar', () => {
  it('accepts only real days written YYYY-MM-DD', () => {
    expect(isCalendarDay('2018-01-18')).toBe(true);
    expect(isCalendarDay('2020-02-29')).toBe(true);
    expect(isCalendarDay('2018-02-29')).toBe(false);
    expect(isCalendarDay('2018-04-31')).toBe(false);
    expect(isCalendarDay('2018-13-01')).toBe(false);
    expect(isCalendarDay('2018-1-18')).toBe(false);
    expect(isCalendarDay('2018-01-18T00:00:00Z')).toBe(false);
    expect(isCalendarDay(20180118)).toBe(false);
  });

  it('splits and writes days', () => {
    expect(dayParts('2018-05-20')).toEqual({ year: 2018, month: 5, day: 20 });
    expect(calendarDay(2018, 5, 2)).toBe('2018-05-02');
    expect(() => dayParts('2018-02-30')).toThrow(RangeError);
    expect(() => calendarDay(2018, 2, 29)).toThrow(RangeError);
  });

  it('adds years, 29 February falling back to 28 February', () => {
    expect(addYears('2018-05-20', 3)).toBe('2021-05-20');
    expect(addYears('2016-02-29', 3)).toBe('2019-02-28');
    expect(addYears('2016-02-29', 4)).toBe('2020-02-29');
  });

  it('recognizes instants with an offset and serves them in UTC with milliseconds', () => {
    expect(isInstant('2018-05-20T08:00:00.000Z')).toBe(true);
    expect(isInstant('2018-05-20T16:00:00+08:00')).toBe(true);
    expect(isInstant('2018-05-20T16:00:00')).toBe(false);
    expect(isInstant('2018-05-20')).toBe(false);
    expect(isInstant('2018-02-30T00:00:00Z')).toBe(false);
    expect(servedInstant('2018-05-20T16:00:00+08:00')).toBe('2018-05-20T08:00:00.000Z');
  });

  it('finds the Asia/Shanghai day of an instant', () => {
    expect(shanghaiDayOf('2018-05-20T15:59:59.999Z')).toBe('2018-05-20');
    expect(shanghaiDayOf('2018-05-20T16:00:00.000Z')).toBe('2018-05-21');
    expect(shanghaiDayOf(new Date('2018-12-31T16:30:00Z'))).toBe('2019-01-01');
  });

  it('names today in Asia/Shanghai the way Intl does, at both ends of the UTC day', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (const instant of ['2018-05-20T15:59:59.999Z', '2018-05-20T16:00:00.000Z', '2024-02-28T23:59:59.000Z', '2024-12-31T16:00:00.000Z']) {
      const now = new Date(instant);
      expect(shanghaiToday(now)).toBe(intl.format(now));
    }
  });

  it('starts a Shanghai day at 16:00 UTC the day before', () => {
    expect(startOfShanghaiDay('2018-05-20').toISOString()).toBe('2018-05-19T16:00:00.000Z');
    expect(shanghaiDayOf(startOfShanghaiDay('2019-01-01'))).toBe('2019-01-01');
    expect(shanghaiDayOf(new Date(startOfShanghaiDay('2019-01-01').getTime() - 1))).toBe('2018-12-31');
  });

  it('refuses something that is not a day when adding years', () => {
    expect(() => addYears('2018-02-30', 1)).toThrow(RangeError);
  });
});
