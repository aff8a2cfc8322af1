import { dayParts } from '../../../domain/src/calendar/calendar-date.js';
import type { Period } from '../calendar-periods/periods.js';
import { monthsOf } from '../calendar-periods/periods.js';
import type { MeetingFrequencyParams, MeetingFrequencyRule, PolicyRule } from '../policy-model/policy-version.js';
import { coveredBranchKinds } from '../policy-model/rule-identity.js';
import type { BranchKind } from '../policy-model/vocabulary.js';
import { meetingFrequencyRules } from './rules-for-university.js';

/**
 * The meeting rules (三会一课 etc.) that bind a branch of a kind and size: those whose `branchKinds`
 * include the kind (absent: every kind) and whose `minMembers`, when set, the member count reaches.
 * Pass the rules of one university (`rulesFor`) and the member count in force on the deciding day.
 */
export function meetingRulesFor(rules: readonly PolicyRule[], branchKind: BranchKind, memberCount: number): MeetingFrequencyRule[] {
  return meetingFrequencyRules(rules).filter(
    (rule) =>
      coveredBranchKinds(rule.params).includes(branchKind) &&
      (rule.params.minMembers === undefined || memberCount >= rule.params.minMembers),
  );
}

function monthNumber(month: number | string): number {
  if (typeof month === 'number') return month;
  return dayParts(/^\d{4}-\d{2}$/.test(month) ? `${month}-01` : month).month;
}

/**
 * True when a month is in the rule's `exemptMonths` (e.g. 寒暑假 for student branches). The month
 * is a number 1-12, a month label ('2018-07') or a day in it ('2018-07-15').
 */
export function isExemptMonth(params: Pick<MeetingFrequencyParams, 'exemptMonths'>, month: number | string): boolean {
  return params.exemptMonths?.includes(monthNumber(month)) ?? false;
}

/**
 * True when a rule-period is exempt: every month of the period is an exempt month. For a monthly
 * rule this is the month itself; a quarterly or yearly rule is exempt only when all of its months
 * are (`exemptMonths` means "no requirement in these months", and a longer period still has
 * months with a requirement otherwise).
 */
export function isExemptPeriod(params: Pick<MeetingFrequencyParams, 'exemptMonths'>, period: Period): boolean {
  return monthsOf(period).every((month) => isExemptMonth(params, month));
}
