import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import { monthPeriod, quarterPeriod, yearPeriod } from '../calendar-periods/periods.js';
import { isExemptMonth, isExemptPeriod, meetingRulesFor } from './meeting-rules.js';

const rules = BASELINE_POLICY_2018_1.rules;
const summary = (kind: Parameters<typeof meetingRulesFor>[1], members: number) =>
  meetingRulesFor(rules, kind, members).map((rule) => `${rule.params.kind}/${rule.params.period}${rule.params.exemptMonths ? '*' : ''}`);

describe('the meeting rules for a branch', () => {
  it('gives a teacher branch of 7 or more every meeting rule without exemption', () => {
    expect(summary('TEACHER', 7)).toEqual([
      'COMMITTEE/MONTH',
      'PARTY_GROUP/MONTH',
      'THEMED_PARTY_DAY/MONTH',
      'STUDY/MONTH',
      'ACTIVITY/MONTH',
      'GENERAL_ASSEMBLY/QUARTER',
      'PARTY_LECTURE/QUARTER',
      'ORGANIZATIONAL_LIFE/YEAR',
      'DEMOCRATIC_APPRAISAL/YEAR',
    ]);
  });

  it('drops the party-group rule under 7 members', () => {
    expect(summary('STAFF', 6)).not.toContain('PARTY_GROUP/MONTH');
    expect(summary('STAFF', 6)).toHaveLength(8);
  });

  it('gives a student branch the exempting monthly rules', () => {
    expect(summary('STUDENT', 30)).toEqual([
      'COMMITTEE/MONTH*',
      'PARTY_GROUP/MONTH*',
      'THEMED_PARTY_DAY/MONTH*',
      'STUDY/MONTH*',
      'ACTIVITY/MONTH*',
      'GENERAL_ASSEMBLY/QUARTER',
      'PARTY_LECTURE/QUARTER',
      'ORGANIZATIONAL_LIFE/YEAR',
      'DEMOCRATIC_APPRAISAL/YEAR',
    ]);
  });
});

describe('exempt months', () => {
  const student = { exemptMonths: [1, 2, 7, 8] };

  it('are read from a number, a month label or a day', () => {
    expect(isExemptMonth(student, 7)).toBe(true);
    expect(isExemptMonth(student, '2018-08')).toBe(true);
    expect(isExemptMonth(student, '2018-02-15')).toBe(true);
    expect(isExemptMonth(student, '2018-03')).toBe(false);
    expect(isExemptMonth({}, 7)).toBe(false);
  });

  it('exempt a longer period only when all its months are exempt', () => {
    expect(isExemptPeriod(student, monthPeriod(2018, 7))).toBe(true);
    expect(isExemptPeriod(student, quarterPeriod(2018, 3))).toBe(false);
    expect(isExemptPeriod({ exemptMonths: [7, 8, 9] }, quarterPeriod(2018, 3))).toBe(true);
    expect(isExemptPeriod(student, yearPeriod(2018))).toBe(false);
  });
});
