import type {
  BranchWorkStudyParams,
  CommitteeTrainingParams,
  DualLeaderParams,
  LedgerConversionParams,
  MeetingFrequencyRule,
  PolicyRule,
  PolicyRuleOf,
  PolicyVersion,
  RuleParamsByCode,
  SecretaryTrainingParams,
  TermParams,
} from '../policy-model/policy-version.js';
import { ruleIdentity } from '../policy-model/rule-identity.js';

/** Each version's rules per university, as `rulesOfUniversity` gave them (versions are read-only values). */
const rulesByUniversity = new WeakMap<PolicyVersion, Map<string | null, readonly PolicyRule[]>>();

/**
 * `rulesFor(version, universityId)`, worked out once per version and university: asked for every
 * branch of a page, every branch-year of a rebuild and every secretary of a year, it sorted through
 * the version's rules each time. The answer is shared: never change it.
 */
export function rulesOfUniversity(version: PolicyVersion, universityId: string | null): readonly PolicyRule[] {
  let known = rulesByUniversity.get(version);
  if (!known) {
    known = new Map();
    rulesByUniversity.set(version, known);
  }
  let rules = known.get(universityId);
  if (!rules) {
    rules = Object.freeze(rulesFor(version, universityId));
    known.set(universityId, rules);
  }
  return rules;
}

/**
 * The rules of a version that bind one university: each city-wide rule, replaced by the university's
 * rule with the same identity when it has one (same code; for `MEETING_FREQUENCY` same kind and
 * branch-kind set), plus the university's rules that replace nothing, after them. Other
 * universities' rules are left out. `universityId` null: the city-wide rules only.
 * The replacing rule takes the city-wide rule's place, so the order is the version's.
 */
export function rulesFor(version: PolicyVersion | readonly PolicyRule[], universityId: string | null): PolicyRule[] {
  const rules: readonly PolicyRule[] = 'rules' in version ? version.rules : version;
  const own = universityId === null ? [] : rules.filter((rule) => rule.universityId === universityId);
  const ownByIdentity = new Map(own.map((rule) => [ruleIdentity(rule), rule] as const));
  const used = new Set<PolicyRule>();
  const result: PolicyRule[] = [];
  for (const rule of rules) {
    if (rule.universityId !== null) continue;
    const replacement = ownByIdentity.get(ruleIdentity(rule));
    if (replacement && !used.has(replacement)) {
      used.add(replacement);
      result.push(replacement);
    } else if (!replacement) {
      result.push(rule);
    }
  }
  result.push(...own.filter((rule) => !used.has(rule)));
  return result;
}

/** The first rule with a code, or undefined. */
export function findRule<C extends keyof RuleParamsByCode>(rules: readonly PolicyRule[], code: C): PolicyRuleOf<C> | undefined {
  return rules.find((rule) => rule.code === code) as PolicyRuleOf<C> | undefined;
}

/**
 * The params of the rule with a code. Every code but `MEETING_FREQUENCY` appears once in the rules of
 * a complete version for a university, so a missing one is a programming error (an Error is thrown).
 */
export function paramsOf<C extends Exclude<keyof RuleParamsByCode, 'MEETING_FREQUENCY'>>(rules: readonly PolicyRule[], code: C): RuleParamsByCode[C] {
  const rule = findRule(rules, code);
  if (!rule) throw new Error(`the rules hold no ${code} rule (pass rulesFor(version, universityId) of a complete version)`);
  return rule.params;
}

/** Every `MEETING_FREQUENCY` rule, in order. */
export function meetingFrequencyRules(rules: readonly PolicyRule[]): MeetingFrequencyRule[] {
  return rules.filter((rule): rule is MeetingFrequencyRule => rule.code === 'MEETING_FREQUENCY');
}

export const secretaryTrainingParams = (rules: readonly PolicyRule[]): SecretaryTrainingParams => paramsOf(rules, 'SECRETARY_TRAINING');
export const committeeTrainingParams = (rules: readonly PolicyRule[]): CommitteeTrainingParams => paramsOf(rules, 'COMMITTEE_TRAINING');
export const termParams = (rules: readonly PolicyRule[]): TermParams => paramsOf(rules, 'TERM');
export const dualLeaderParams = (rules: readonly PolicyRule[]): DualLeaderParams => paramsOf(rules, 'DUAL_LEADER');
export const ledgerConversionParams = (rules: readonly PolicyRule[]): LedgerConversionParams => paramsOf(rules, 'LEDGER_CONVERSION');
export const branchWorkStudyParams = (rules: readonly PolicyRule[]): BranchWorkStudyParams => paramsOf(rules, 'BRANCH_WORK_STUDY');
