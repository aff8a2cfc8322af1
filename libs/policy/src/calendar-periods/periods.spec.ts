import {
  firstDayOf,
  isDayInPeriod,
  lastDayOf,
  monthLabel,
  monthPeriod,
  monthsOf,
  monthsOfYear,
  parsePeriod,
  periodContaining,
  periodLabel,
  periodsOfYear,
  quarterLabel,
  quarterPeriod,
  yearLabel,
  yearPeriod,
} from './periods.js';

describe('periods', () => {
  it('labels the month, quarter and year of a day', () => {
    expect(monthLabel('2018-05-20')).toBe('2018-05');
    expect(quarterLabel('2018-05-20')).toBe('2018-Q2');
    expect(quarterLabel('2018-12-31')).toBe('2018-Q4');
    expect(quarterLabel('2018-01-01')).toBe('2018-Q1');
    expect(yearLabel('2018-05-20')).toBe('2018');
  });

  it('gives first and last days, leap years included', () => {
    expect(firstDayOf(monthPeriod(2020, 2))).toBe('2020-02-01');
    expect(lastDayOf(monthPeriod(2020, 2))).toBe('2020-02-29');
    expect(lastDayOf(monthPeriod(2018, 2))).toBe('2018-02-28');
    expect(firstDayOf(quarterPeriod(2018, 2))).toBe('2018-04-01');
    expect(lastDayOf(quarterPeriod(2018, 2))).toBe('2018-06-30');
    expect(firstDayOf(yearPeriod(2018))).toBe('2018-01-01');
    expect(lastDayOf(yearPeriod(2018))).toBe('2018-12-31');
  });

  it('parses labels and round-trips them', () => {
    for (const label of ['2018', '2018-Q3', '2018-07']) expect(periodLabel(parsePeriod(label)!)).toBe(label);
    expect(parsePeriod(2019)).toEqual(yearPeriod(2019));
    expect(parsePeriod('2018-Q5')).toBeNull();
    expect(parsePeriod('2018-13')).toBeNull();
    expect(parsePeriod('18')).toBeNull();
    expect(parsePeriod(2018.5)).toBeNull();
  });

  it('lists the months of a year and of a quarter', () => {
    expect(monthsOfYear(2018).map(periodLabel)).toEqual([
      '2018-01', '2018-02', '2018-03', '2018-04', '2018-05', '2018-06',
      '2018-07', '2018-08', '2018-09', '2018-10', '2018-11', '2018-12',
    ]);
    expect(monthsOf(quarterPeriod(2018, 3))).toEqual([7, 8, 9]);
    expect(periodsOfYear('QUARTER', 2018).map(periodLabel)).toEqual(['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4']);
    expect(periodsOfYear('YEAR', 2018).map(periodLabel)).toEqual(['2018']);
  });

  it('tells whether a day lies in a period', () => {
    expect(isDayInPeriod('2018-06-30', quarterPeriod(2018, 2))).toBe(true);
    expect(isDayInPeriod('2018-07-01', quarterPeriod(2018, 2))).toBe(false);
    expect(periodContaining('MONTH', '2018-07-01')).toEqual(monthPeriod(2018, 7));
  });

  it('refuses impossible periods', () => {
    expect(() => monthPeriod(2018, 13)).toThrow(RangeError);
    expect(() => quarterPeriod(2018, 0)).toThrow(RangeError);
    expect(() => yearPeriod(2018.5)).toThrow(RangeError);
  });
});
