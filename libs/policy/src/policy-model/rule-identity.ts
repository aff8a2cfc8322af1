import type { MeetingFrequencyParams, PolicyRule } from './policy-version.js';
import type { BranchKind } from './vocabulary.js';
import { BRANCH_KINDS } from './vocabulary.js';

/** The branch kinds a meeting rule covers: its `branchKinds`, or every kind when absent. */
export function coveredBranchKinds(params: Pick<MeetingFrequencyParams, 'branchKinds'>): readonly BranchKind[] {
  return params.branchKinds ?? BRANCH_KINDS;
}

/**
 * What a university rule must share with a city-wide rule to replace it (DOMAIN.md §4): the code,
 * and for `MEETING_FREQUENCY` also the kind and the set of branch kinds (absent = all four, so an
 * absent list and the full list are the same set). The period is not part of it.
 */
export function ruleIdentity(rule: PolicyRule): string {
  if (rule.code !== 'MEETING_FREQUENCY') return rule.code;
  const kinds = [...new Set(coveredBranchKinds(rule.params))].sort();
  return `MEETING_FREQUENCY:${rule.params.kind}:${kinds.join(',')}`;
}
