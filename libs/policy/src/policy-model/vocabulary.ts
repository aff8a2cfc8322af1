/**
 * The enumerations the policy rules speak in, spelled exactly as the GraphQL contract's enums.
 * Branch kinds, meeting kinds and professional titles are the domain's own (libs/domain vocabulary,
 * titles highest first); layers, rule codes and meeting periods belong to the policy.
 */

export { BRANCH_KINDS, MEETING_KINDS, PROFESSIONAL_TITLES } from '../../../domain/src/vocabulary.js';
export type { BranchKind, MeetingKind, ProfessionalTitle } from '../../../domain/src/vocabulary.js';

/**
 * The B + T + X content system (B+T+X 内容体系): `B` city-wide baseline, `T` education-system
 * specifics, `X` practices from universities (promoted X → T → B).
 */
export const POLICY_LAYERS = ['B', 'T', 'X'] as const;
export type PolicyLayer = (typeof POLICY_LAYERS)[number];

/** The rule codes of a policy version (DOMAIN.md §4, the contract of `publishPolicy`). */
export const RULE_CODES = [
  'MEETING_FREQUENCY',
  'SECRETARY_TRAINING',
  'COMMITTEE_TRAINING',
  'TERM',
  'DUAL_LEADER',
  'LEDGER_CONVERSION',
  'BRANCH_WORK_STUDY',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** The period a meeting-frequency rule counts over. */
export const MEETING_PERIODS = ['MONTH', 'QUARTER', 'YEAR'] as const;
export type MeetingPeriod = (typeof MEETING_PERIODS)[number];
