/**
 * Policy (政策): the B + T + X rule versions, which version applies to a day, the rules binding a
 * university and a branch, and the definitions behind the compliance figures. Pure TypeScript: no
 * framework, no I/O, no clock (days and instants are passed in).
 */
export * from './policy-model/vocabulary.js';
export * from './policy-model/policy-version.js';
export * from './policy-model/rule-identity.js';
export * from './calendar-periods/periods.js';
export * from './validating-rules/validate-publication.js';
export { RULE_PARAMS_SCHEMAS } from './validating-rules/rule-params-schemas.js';
export * from './baseline-policy/baseline-2018-1.js';
export * from './publishing-policy/policy-decider.js';
export * from './publishing-policy/policy-occurred-on.js';
export * from './choosing-version/deciding-day.js';
export * from './choosing-version/version-for.js';
export * from './selecting-rules/rules-for-university.js';
export * from './selecting-rules/meeting-rules.js';
export * from './qualifying-dual-leader/dual-leader.js';
export * from './checking-term/term-overdue.js';
export * from './evaluating-compliance/member-count.js';
export * from './evaluating-compliance/branch-compliance.js';
export * from './evaluating-compliance/compliance-summary.js';
