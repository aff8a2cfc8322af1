import { z } from 'zod';
import { isCalendarDay } from '../../../domain/src/calendar/calendar-date.js';
import type { RuleParamsByCode } from '../policy-model/policy-version.js';
import type { RuleCode } from '../policy-model/vocabulary.js';
import { BRANCH_KINDS, MEETING_KINDS, MEETING_PERIODS, PROFESSIONAL_TITLES } from '../policy-model/vocabulary.js';

/**
 * Strict zod schemas of each rule code's params (DOMAIN.md §4): unknown keys are refused, counts
 * are non-negative integers, rates lie in 0..1, months in 1-12, kinds are contract enum values and
 * dates are real days. The schemas only check: callers keep the params object exactly as given.
 */

/** The message for a value of the wrong type, or `is required` when the key is missing. */
function expected(text: string) {
  return (issue: { readonly input?: unknown }) => (issue.input === undefined ? 'is required' : text);
}

const count = z.int({ error: expected('must be an integer') }).min(0, { error: 'must be 0 or more' });
const rate = z
  .number({ error: expected('must be a number') })
  .min(0, { error: 'must be between 0 and 1' })
  .max(1, { error: 'must be between 0 and 1' });
const day = z.string({ error: expected('must be a date YYYY-MM-DD') }).refine(isCalendarDay, { error: 'must be a real date YYYY-MM-DD' });

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: expected(`must be one of ${values.join(', ')}`) });
}

function distinct<T>(list: readonly T[]): boolean {
  return new Set(list).size === list.length;
}

const meetingFrequency = z.strictObject({
  kind: oneOf(MEETING_KINDS),
  period: oneOf(MEETING_PERIODS),
  min: count,
  branchKinds: z
    .array(oneOf(BRANCH_KINDS), { error: 'must be a list of branch kinds' })
    .min(1, { error: 'must name at least one branch kind (leave it out for all kinds)' })
    .refine(distinct, { error: 'must not name a branch kind twice' })
    .optional(),
  minMembers: z.int({ error: expected('must be an integer') }).min(1, { error: 'must be 1 or more' }).optional(),
  exemptMonths: z
    .array(
      z.int({ error: expected('must be a month number 1-12') }).min(1, { error: 'must be a month number 1-12' }).max(12, { error: 'must be a month number 1-12' }),
      { error: 'must be a list of month numbers 1-12' },
    )
    .refine(distinct, { error: 'must not name a month twice' })
    .optional(),
});

const perYear = z.strictObject({ perYear: count });

/** The params schema of each rule code. */
export const RULE_PARAMS_SCHEMAS: { readonly [C in RuleCode]: z.ZodType<RuleParamsByCode[C]> } = {
  MEETING_FREQUENCY: meetingFrequency,
  SECRETARY_TRAINING: perYear,
  COMMITTEE_TRAINING: perYear,
  TERM: z.strictObject({ graceYears: count }),
  DUAL_LEADER: z.strictObject({
    minTitle: oneOf(PROFESSIONAL_TITLES).nullable(),
    academicBackboneQualifies: z.boolean({ error: expected('must be true or false') }),
    targetRate: rate,
  }),
  LEDGER_CONVERSION: z.strictObject({ target: rate, deadline: day }),
  BRANCH_WORK_STUDY: perYear,
};

/** A zod issue as one readable line: `params.exemptMonths[1]: must be a month number 1-12`. */
export function describeIssue(prefix: string, issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`),
    prefix,
  );
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  }
  return `${path}: ${issue.message}`;
}
