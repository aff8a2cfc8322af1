import type { BranchKind, MeetingKind, MeetingPeriod, PolicyLayer, ProfessionalTitle } from './vocabulary.js';

/**
 * Params of `MEETING_FREQUENCY` (三会一课 and the other regular meetings): at least `min` meetings of
 * `kind` per `period`. `branchKinds` absent: every branch kind. `minMembers`: the rule applies only to
 * branches with at least that many members (e.g. 党小组会 from 7). `exemptMonths` (1-12): months in
 * which the rule is exempt (e.g. student branches in the vacation months).
 */
export interface MeetingFrequencyParams {
  readonly kind: MeetingKind;
  readonly period: MeetingPeriod;
  readonly min: number;
  readonly branchKinds?: readonly BranchKind[];
  readonly minMembers?: number;
  readonly exemptMonths?: readonly number[];
}

/** Params of `SECRETARY_TRAINING` (书记轮训): the secretary attends at least `perYear` sessions a year. */
export interface SecretaryTrainingParams {
  readonly perYear: number;
}

/** Params of `COMMITTEE_TRAINING` (支委集中培训): each committee member attends at least `perYear` sessions a year. */
export interface CommitteeTrainingParams {
  readonly perYear: number;
}

/** Params of `TERM` (按期换届): a term is overdue more than `graceYears` after it ends. */
export interface TermParams {
  readonly graceYears: number;
}

/**
 * Params of `DUAL_LEADER` (双带头人): a teacher-branch secretary qualifies when an academic backbone
 * (学术骨干) and `academicBackboneQualifies`, or when `minTitle` is set and the title is at or above it.
 * `targetRate` (0..1) is the share of teacher branches the plan aims for.
 */
export interface DualLeaderParams {
  readonly minTitle: ProfessionalTitle | null;
  readonly academicBackboneQualifies: boolean;
  readonly targetRate: number;
}

/**
 * Params of `LEDGER_CONVERSION` (整顿台账销账): at least `target` (0..1) of a year's ledger converted,
 * and everything converted by `deadline` (YYYY-MM-DD).
 */
export interface LedgerConversionParams {
  readonly target: number;
  readonly deadline: string;
}

/** Params of `BRANCH_WORK_STUDY` (专题研究党支部工作): university and unit committees study branch work `perYear` times. */
export interface BranchWorkStudyParams {
  readonly perYear: number;
}

/** The params of each rule code. */
export interface RuleParamsByCode {
  MEETING_FREQUENCY: MeetingFrequencyParams;
  SECRETARY_TRAINING: SecretaryTrainingParams;
  COMMITTEE_TRAINING: CommitteeTrainingParams;
  TERM: TermParams;
  DUAL_LEADER: DualLeaderParams;
  LEDGER_CONVERSION: LedgerConversionParams;
  BRANCH_WORK_STUDY: BranchWorkStudyParams;
}

/**
 * One rule of a policy version: its code, layer, scope (`universityId` null: all universities) and
 * params. Params are kept exactly as published: validated, never rewritten or defaulted.
 */
export type PolicyRuleOf<C extends keyof RuleParamsByCode> = {
  readonly code: C;
  readonly layer: PolicyLayer;
  readonly universityId: string | null;
  readonly params: RuleParamsByCode[C];
};

/** A policy rule (政策规则), discriminated by `code`. */
export type PolicyRule = { [C in keyof RuleParamsByCode]: PolicyRuleOf<C> }[keyof RuleParamsByCode];

export type MeetingFrequencyRule = PolicyRuleOf<'MEETING_FREQUENCY'>;

/**
 * A policy version (政策版本): a complete rule set with the day it takes effect (`effectiveFrom`,
 * YYYY-MM-DD in Asia/Shanghai) and the instant it was published (`publishedAt`, ISO-8601 UTC).
 */
export interface PolicyVersion {
  readonly version: string;
  readonly effectiveFrom: string;
  readonly publishedAt: string;
  readonly rules: readonly PolicyRule[];
}

/** A rule as a client submits it (`PolicyRuleInput`): nothing about it is trusted before validation. */
export interface PolicyRuleInput {
  readonly code: string;
  readonly layer: string;
  readonly universityId?: string | null;
  readonly params: unknown;
}
