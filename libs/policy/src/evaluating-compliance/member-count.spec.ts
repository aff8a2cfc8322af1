import { memberCountOn } from './member-count.js';

describe('the member count in force', () => {
  const timeline = [
    { on: '2018-06-15', count: 8 },
    { on: '2017-09-01', count: 5 },
    { on: '2019-01-10', count: 12 },
  ];

  it('is the latest report on or before the day, in any order given', () => {
    expect(memberCountOn(timeline, '2018-06-14')).toBe(5);
    expect(memberCountOn(timeline, '2018-06-15')).toBe(8);
    expect(memberCountOn(timeline, '2020-01-01')).toBe(12);
  });

  it('is the earliest (establishment) count before any report, and null without any', () => {
    expect(memberCountOn(timeline, '2017-01-01')).toBe(5);
    expect(memberCountOn([], '2017-01-01')).toBeNull();
  });
});
