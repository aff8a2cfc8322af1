import { InvalidInputError } from '../../../domain/src/domain-errors.js';
import { quarterPeriod } from '../calendar-periods/periods.js';
import { decidingDay } from './deciding-day.js';

describe('the deciding day', () => {
  it('is the onDate asked, whatever the period', () => {
    expect(decidingDay(2018, '2018-06-30', '2020-01-01')).toBe('2018-06-30');
    expect(decidingDay(2018, '2019-03-01', '2020-01-01')).toBe('2019-03-01');
    expect(decidingDay('2018-Q2', '2030-01-01', '2020-01-01')).toBe('2030-01-01');
  });

  it('is otherwise the period’s last day', () => {
    expect(decidingDay(2018, undefined, '2020-01-01')).toBe('2018-12-31');
    expect(decidingDay('2018', null, '2020-01-01')).toBe('2018-12-31');
    expect(decidingDay('2018-Q2', null, '2020-01-01')).toBe('2018-06-30');
    expect(decidingDay('2020-02', null, '2020-03-01')).toBe('2020-02-29');
    expect(decidingDay(quarterPeriod(2018, 4), null, '2020-01-01')).toBe('2018-12-31');
  });

  it('capped at today', () => {
    expect(decidingDay(2018, null, '2018-05-20')).toBe('2018-05-20');
    expect(decidingDay('2018-05', null, '2018-05-20')).toBe('2018-05-20');
    expect(decidingDay('2018-05', null, '2018-05-31')).toBe('2018-05-31');
    expect(decidingDay(2019, null, '2018-05-20')).toBe('2018-05-20');
  });

  it('refuses a malformed period or day as bad input', () => {
    expect(() => decidingDay('2018-Q7', null, '2018-05-20')).toThrow(InvalidInputError);
    expect(() => decidingDay(2018, '2018-02-30', '2018-05-20')).toThrow(InvalidInputError);
    expect(() => decidingDay(2018, null, 'today')).toThrow(InvalidInputError);
  });
});
