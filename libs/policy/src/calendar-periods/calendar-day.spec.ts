import {
  addYears,
  calendarDay,
  dayParts,
  isCalendarDay,
  isInstant,
  servedInstant,
  shanghaiDayOf,
} from './calendar-day.js';

describe('calendar days', () => {
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
});
