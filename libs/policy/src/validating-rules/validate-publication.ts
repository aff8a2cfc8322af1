import { z } from 'zod';
import { isCalendarDay } from '../../../domain/src/calendar/calendar-date.js';
import { isInstant, servedInstant } from '../../../domain/src/calendar/instants.js';
import type { MeetingFrequencyRule, PolicyRule, PolicyVersion } from '../policy-model/policy-version.js';
import { coveredBranchKinds, ruleIdentity } from '../policy-model/rule-identity.js';
import { POLICY_LAYERS, RULE_CODES } from '../policy-model/vocabulary.js';
import { describeIssue, RULE_PARAMS_SCHEMAS } from './rule-params-schemas.js';

/** The outcome of a validation: the typed value, or every problem found, one readable line each. */
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] };

/** What `publishPolicy` is given (the publication instant comes from the handler, not the client). */
export interface PolicyPublication {
  readonly version: unknown;
  readonly effectiveFrom: unknown;
  readonly publishedAt: unknown;
  readonly rules: unknown;
}

/** Longest version string accepted, in characters (Unicode code points). */
export const MAX_VERSION_LENGTH = 64;

const ruleEnvelope = z.strictObject({
  code: z.string({ error: 'must be a rule code' }),
  layer: z.enum(POLICY_LAYERS, { error: `must be one of ${POLICY_LAYERS.join(', ')}` }),
  universityId: z.string({ error: 'must be a university id or null' }).min(1, { error: 'must not be empty (null: all universities)' }).nullish(),
  params: z.unknown(),
});

function isRuleCode(code: string): code is (typeof RULE_CODES)[number] {
  return (RULE_CODES as readonly string[]).includes(code);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A version string: any non-empty string of at most 64 characters. */
export function isVersionString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && [...value].length <= MAX_VERSION_LENGTH;
}

/**
 * Validates one rule (its envelope and its params); `index` names it in the messages.
 * The returned rule holds the very params object given, so it is served exactly as published.
 */
function validateRule(input: unknown, index: number): Validation<PolicyRule> {
  const at = `rules[${index}]`;
  const envelope = ruleEnvelope.safeParse(input);
  if (!envelope.success) {
    if (!isPlainObject(input)) return { ok: false, issues: [`${at}: must be an object { code, layer, universityId, params }`] };
    return { ok: false, issues: envelope.error.issues.map((issue) => describeIssue(at, issue)) };
  }
  const { code, layer, universityId } = envelope.data;
  const params = (input as { params?: unknown }).params;
  if (!isRuleCode(code)) return { ok: false, issues: [`${at}.code: unknown rule code ${JSON.stringify(code)} (one of ${RULE_CODES.join(', ')})`] };
  const named = `${at} (${code})`;
  if (!isPlainObject(params)) return { ok: false, issues: [`${named} params: must be a JSON object`] };
  const checked = RULE_PARAMS_SCHEMAS[code].safeParse(params);
  if (!checked.success) return { ok: false, issues: checked.error.issues.map((issue) => describeIssue(`${named} params`, issue)) };
  // The schema of `code` has just accepted `params`, so the pair is a well-typed rule.
  return { ok: true, value: { code, layer, universityId: universityId ?? null, params } as unknown as PolicyRule };
}

function scopeOf(rule: PolicyRule): string {
  return rule.universityId === null ? 'city-wide' : `for university ${rule.universityId}`;
}

function overlap(a: MeetingFrequencyRule, b: MeetingFrequencyRule): string[] {
  const kinds = coveredBranchKinds(b.params);
  return [...new Set(coveredBranchKinds(a.params))].filter((kind) => kinds.includes(kind));
}

/**
 * Checks a rule set as a whole:
 * - complete: every code but `MEETING_FREQUENCY` has a city-wide rule, and some `MEETING_FREQUENCY` rule exists;
 * - no two rules in one scope (city-wide, or one university) with the same identity (code; for
 *   meetings kind and branch-kind set), and no two meeting rules in one scope for the same kind
 *   whose branch kinds overlap (a branch would answer to both under one label);
 * - a university meeting rule either matches a city-wide rule of its kind (same branch-kind set,
 *   which it replaces) or shares no branch kind with any: a partial overlap would leave it unclear
 *   what it replaces.
 */
function ruleSetIssues(rules: readonly PolicyRule[]): string[] {
  const issues: string[] = [];
  for (const code of RULE_CODES) {
    if (code === 'MEETING_FREQUENCY') {
      if (!rules.some((rule) => rule.code === code)) issues.push('rules: no MEETING_FREQUENCY rule (a complete rule set has at least one)');
    } else if (!rules.some((rule) => rule.code === code && rule.universityId === null)) {
      issues.push(`rules: no city-wide ${code} rule (a complete rule set has every code city-wide)`);
    }
  }
  rules.forEach((rule, index) => {
    for (let earlier = 0; earlier < index; earlier += 1) {
      const other = rules[earlier]!;
      if (other.universityId !== rule.universityId || other.code !== rule.code) continue;
      if (ruleIdentity(other) === ruleIdentity(rule)) {
        const what = rule.code === 'MEETING_FREQUENCY'
          ? `same kind ${rule.params.kind} and branch kinds ${coveredBranchKinds(rule.params).join(', ')}`
          : 'same code';
        issues.push(`rules[${index}] (${rule.code}): duplicates rules[${earlier}] ${scopeOf(rule)} (${what})`);
      } else if (rule.code === 'MEETING_FREQUENCY' && other.code === 'MEETING_FREQUENCY' && other.params.kind === rule.params.kind) {
        const shared = overlap(rule, other);
        if (shared.length > 0) {
          issues.push(`rules[${index}] (MEETING_FREQUENCY): branch kinds ${shared.join(', ')} also covered by rules[${earlier}] ${scopeOf(rule)} for kind ${rule.params.kind}`);
        }
      }
    }
    if (rule.code === 'MEETING_FREQUENCY' && rule.universityId !== null) {
      rules.forEach((other, otherIndex) => {
        if (other.code !== 'MEETING_FREQUENCY' || other.universityId !== null || other.params.kind !== rule.params.kind) return;
        if (ruleIdentity(other) === ruleIdentity(rule)) return;
        const shared = overlap(rule, other);
        if (shared.length > 0) {
          issues.push(`rules[${index}] (MEETING_FREQUENCY) for university ${rule.universityId}: branch kinds overlap city-wide rules[${otherIndex}] for kind ${rule.params.kind} (${shared.join(', ')}) without matching its set, so it is unclear which rule it replaces`);
        }
      });
    }
  });
  return issues;
}

/** Validates a list of rules: each rule strictly, then the set as a whole (complete, no duplicates). */
export function validatePolicyRules(rules: unknown): Validation<PolicyRule[]> {
  if (!Array.isArray(rules)) return { ok: false, issues: ['rules: must be a list of rules'] };
  const issues: string[] = [];
  const valid: PolicyRule[] = [];
  rules.forEach((input, index) => {
    const result = validateRule(input, index);
    if (result.ok) valid.push(result.value);
    else issues.push(...result.issues);
  });
  if (issues.length > 0) return { ok: false, issues };
  const setIssues = ruleSetIssues(valid);
  return setIssues.length > 0 ? { ok: false, issues: setIssues } : { ok: true, value: valid };
}

/**
 * Validates a whole publication. Any invalid rule makes the whole publication invalid. The value
 * carries the rules with their params objects as given and `publishedAt` in its served form (UTC
 * with milliseconds).
 */
export function validatePublication(input: PolicyPublication): Validation<PolicyVersion> {
  const issues: string[] = [];
  if (!isVersionString(input.version)) issues.push(`version: must be a non-empty string of at most ${MAX_VERSION_LENGTH} characters`);
  if (!isCalendarDay(input.effectiveFrom)) issues.push('effectiveFrom: must be a real date YYYY-MM-DD');
  if (!isInstant(input.publishedAt)) issues.push('publishedAt: must be an ISO-8601 instant with an offset');
  const rules = validatePolicyRules(input.rules);
  if (!rules.ok) issues.push(...rules.issues);
  if (issues.length > 0 || !rules.ok) return { ok: false, issues };
  return {
    ok: true,
    value: {
      version: input.version as string,
      effectiveFrom: input.effectiveFrom as string,
      publishedAt: servedInstant(input.publishedAt as string),
      rules: rules.value,
    },
  };
}
