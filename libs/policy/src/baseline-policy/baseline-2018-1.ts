import type { MeetingFrequencyParams, PolicyRule, PolicyVersion } from '../policy-model/policy-version.js';
import type { MeetingKind, PolicyLayer } from '../policy-model/vocabulary.js';
import type { PublishPolicy } from '../publishing-policy/policy-decider.js';

/** Student vacation months (寒暑假): January, February, July, August. */
export const STUDENT_VACATION_MONTHS: readonly number[] = Object.freeze([1, 2, 7, 8]);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function meetingRule(layer: PolicyLayer, params: MeetingFrequencyParams): PolicyRule {
  return { code: 'MEETING_FREQUENCY', layer, universityId: null, params };
}

/**
 * A monthly meeting rule as two rules: one for teacher, staff and retiree branches, and one for
 * student branches carrying the vacation exemption. Splitting keeps each params object a plain
 * statement of the published requirement (no hidden per-kind defaults), and lets a later version
 * drop or change the exemption by republishing only the student rules. The student rules are in
 * layer T: the vacation exemption is an education-system specific, not part of 条例.
 */
function monthlyRules(kind: MeetingKind, layer: PolicyLayer, extra: Partial<MeetingFrequencyParams> = {}): PolicyRule[] {
  return [
    meetingRule(layer, { kind, period: 'MONTH', min: 1, branchKinds: ['TEACHER', 'STAFF', 'RETIREE'], ...extra }),
    meetingRule('T', { kind, period: 'MONTH', min: 1, branchKinds: ['STUDENT'], ...extra, exemptMonths: [...STUDENT_VACATION_MONTHS] }),
  ];
}

/**
 * The baseline policy `2018.1` (基础版本), effective 2018-01-18, recorded on the first start
 * (DOMAIN.md §4). Layers follow the table's source column: rules from 条例 and the 2018 plan are `B`;
 * the party lecture (a common local rule), the dual-leader criteria and the student vacation
 * exemption are `T`. Meeting rules:
 * - monthly, split by branch kind (see `monthlyRules`): COMMITTEE 支委会, PARTY_GROUP 党小组会
 *   (branches of 7 members or more), THEMED_PARTY_DAY 主题党日, STUDY 集中学习, ACTIVITY 实践活动;
 * - quarterly for every branch kind: GENERAL_ASSEMBLY 党员大会 (B), PARTY_LECTURE 党课 (T);
 * - yearly for every branch kind: ORGANIZATIONAL_LIFE 组织生活会, DEMOCRATIC_APPRAISAL 民主评议.
 * It has no `publishedAt`: that is the instant it is recorded (see `baselinePublication`).
 * Deeply frozen: its params objects are served as they stand.
 */
export const BASELINE_POLICY_2018_1: Omit<PolicyVersion, 'publishedAt'> = deepFreeze({
  version: '2018.1',
  effectiveFrom: '2018-01-18',
  rules: [
    ...monthlyRules('COMMITTEE', 'B'),
    ...monthlyRules('PARTY_GROUP', 'B', { minMembers: 7 }),
    ...monthlyRules('THEMED_PARTY_DAY', 'B'),
    ...monthlyRules('STUDY', 'B'),
    ...monthlyRules('ACTIVITY', 'B'),
    meetingRule('B', { kind: 'GENERAL_ASSEMBLY', period: 'QUARTER', min: 1 }),
    meetingRule('T', { kind: 'PARTY_LECTURE', period: 'QUARTER', min: 1 }),
    meetingRule('B', { kind: 'ORGANIZATIONAL_LIFE', period: 'YEAR', min: 1 }),
    meetingRule('B', { kind: 'DEMOCRATIC_APPRAISAL', period: 'YEAR', min: 1 }),
    { code: 'SECRETARY_TRAINING', layer: 'B', universityId: null, params: { perYear: 1 } },
    { code: 'COMMITTEE_TRAINING', layer: 'B', universityId: null, params: { perYear: 1 } },
    { code: 'TERM', layer: 'B', universityId: null, params: { graceYears: 1 } },
    {
      code: 'DUAL_LEADER',
      layer: 'T',
      universityId: null,
      params: { minTitle: 'ASSOCIATE_PROFESSOR', academicBackboneQualifies: true, targetRate: 0.9 },
    },
    { code: 'LEDGER_CONVERSION', layer: 'B', universityId: null, params: { target: 0.9, deadline: '2020-12-31' } },
    { code: 'BRANCH_WORK_STUDY', layer: 'B', universityId: null, params: { perYear: 1 } },
  ],
});

/** The command that records the baseline on the first start, published at `publishedAt`. */
export function baselinePublication(publishedAt: string): PublishPolicy {
  return { type: 'PublishPolicy', data: { ...BASELINE_POLICY_2018_1, publishedAt } };
}
