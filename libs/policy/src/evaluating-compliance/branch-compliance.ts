import { earlierDay } from '../../../domain/src/calendar/calendar-date.js';
import type { Period, PeriodKind } from '../calendar-periods/periods.js';
import { firstDayOf, lastDayOf, periodLabel, periodsOfYear, yearPeriod } from '../calendar-periods/periods.js';
import { isElectionOverdue } from '../checking-term/term-overdue.js';
import { decidingDay } from '../choosing-version/deciding-day.js';
import { versionFor } from '../choosing-version/version-for.js';
import type { MeetingFrequencyRule, PolicyRule, PolicyVersion } from '../policy-model/policy-version.js';
import type { BranchKind, MeetingKind, ProfessionalTitle } from '../policy-model/vocabulary.js';
import { qualifiesAsDualLeader } from '../qualifying-dual-leader/dual-leader.js';
import { isExemptPeriod, meetingRulesFor } from '../selecting-rules/meeting-rules.js';
import {
  committeeTrainingParams,
  dualLeaderParams,
  rulesOfUniversity,
  secretaryTrainingParams,
  termParams,
} from '../selecting-rules/rules-for-university.js';
import type { MemberCountTimeline } from './member-count.js';
import { memberCountOn } from './member-count.js';

/** A meeting as it counts: after corrections, retracted ones left out. It counts for every kind it lists. */
export interface EffectiveMeeting {
  readonly heldOn: string;
  readonly kinds: readonly MeetingKind[];
}

/** The secretary (书记) in office on the year's deciding day. */
export interface SecretaryFacts {
  readonly title: ProfessionalTitle;
  /** 学术骨干 */
  readonly academicBackbone: boolean;
  /** Training sessions attended that end in the year (any role named). */
  readonly sessionsAttended: number;
}

/** Everything the compliance of one branch for one year depends on; the caller reads it as of its view. */
export interface BranchComplianceInput {
  readonly year: number;
  /** Today in Asia/Shanghai (YYYY-MM-DD). */
  readonly today: string;
  /** The world date asked; default: the year's last day capped at today. */
  readonly onDate?: string | null;
  /** The policy versions, in stream order: those published as of the view, or all with `asOf`. */
  readonly versions: readonly PolicyVersion[];
  /** Recorded-time instant of the view: versions published after it are ignored (default: none are). */
  readonly asOf?: string | Date | null;
  readonly universityId: string;
  readonly branchKind: BranchKind;
  readonly establishedOn: string;
  /** The member count in force: a constant, a timeline of reports, or a function of the day. */
  readonly memberCount: number | MemberCountTimeline | ((day: string) => number);
  /** Whether the branch is active (not dissolved): a constant or a function of the day. */
  readonly active: boolean | ((day: string) => boolean);
  readonly meetings: readonly EffectiveMeeting[];
  /** The secretary in office on the year's deciding day, or null when the post is vacant. */
  readonly secretary: SecretaryFacts | null;
  /**
   * One entry per committee member (deputies and committee members, not the secretary) in office on
   * the year's deciding day: the training sessions each attended that end in the year.
   */
  readonly committeeMemberSessions: readonly number[];
  /** `termEndsOn` of the latest election on or before the year's deciding day; null before any. */
  readonly termEndsOn: string | null;
}

/** One rule-period's figure (`RuleCompliance`). */
export interface RuleCompliance {
  /** `MEETING_FREQUENCY:<KIND>`, `SECRETARY_TRAINING`, `COMMITTEE_TRAINING`, `TERM` or `DUAL_LEADER`. */
  readonly rule: string;
  /** '2018', '2018-Q2' or '2018-05'. */
  readonly period: string;
  readonly required: number;
  readonly held: number;
  readonly met: boolean;
  readonly exempt: boolean;
  readonly policyVersion: string;
}

/** A branch's compliance for a year (`BranchCompliance` without the branch id). */
export interface BranchComplianceResult {
  readonly year: number;
  /** The year's deciding day. */
  readonly decidingDay: string;
  readonly rules: readonly RuleCompliance[];
  /** Met / non-exempt rule-periods, 0..1; null when there is no non-exempt rule-period. */
  readonly score: number | null;
  /** The version applying to the year's deciding day. */
  readonly policyVersion: string;
}

/** No policy version is published as of the view, so there is nothing to measure against. */
export class NoPolicyVersionError extends Error {
  override readonly name = 'NoPolicyVersionError';
  constructor(day: string) {
    super(`no policy version is published to measure ${day} against`);
  }
}

/**
 * What the evaluation asks of the versions again and again (a rebuild evaluates some 190,000
 * branch-years, each asking for 17 periods), remembered per versions list and per version: both are
 * read-only values (`PolicyVersion`'s fields are readonly), so the answers cannot go stale.
 */
const versionsByDay = new WeakMap<readonly PolicyVersion[], Map<string, PolicyVersion | null>>();
const meetingRulesByBranch = new WeakMap<readonly PolicyRule[], Map<string, MeetingFrequencyRule[]>>();

function versionOn(input: BranchComplianceInput, day: string): PolicyVersion | null {
  if (input.asOf !== null && input.asOf !== undefined) return versionFor(input.versions, day, input.asOf);
  let known = versionsByDay.get(input.versions);
  if (!known) {
    known = new Map();
    versionsByDay.set(input.versions, known);
  }
  let version = known.get(day);
  if (version === undefined) {
    version = versionFor(input.versions, day);
    known.set(day, version);
  }
  return version;
}

function applicableVersion(input: BranchComplianceInput, day: string): PolicyVersion {
  const version = versionOn(input, day);
  if (version === null) throw new NoPolicyVersionError(day);
  return version;
}

/** `meetingRulesFor(rules, kind, memberCount)`, computed once per rules, kind and count. */
function branchMeetingRules(rules: readonly PolicyRule[], branchKind: BranchKind, memberCount: number): readonly MeetingFrequencyRule[] {
  let known = meetingRulesByBranch.get(rules);
  if (!known) {
    known = new Map();
    meetingRulesByBranch.set(rules, known);
  }
  const key = `${branchKind}:${memberCount}`;
  let found = known.get(key);
  if (!found) {
    found = meetingRulesFor(rules, branchKind, memberCount);
    known.set(key, found);
  }
  return found;
}

function memberCountFor(input: BranchComplianceInput, day: string): number {
  const { memberCount } = input;
  if (typeof memberCount === 'number') return memberCount;
  if (typeof memberCount === 'function') return memberCount(day);
  return memberCountOn(memberCount, day) ?? 0;
}

function isActiveOn(input: BranchComplianceInput, day: string): boolean {
  if (day < input.establishedOn) return false;
  return typeof input.active === 'function' ? input.active(day) : input.active;
}

/** Each kind's meeting days, sorted, per list of meetings (an evaluation asks a count per rule and period). */
const meetingDaysByKind = new WeakMap<readonly EffectiveMeeting[], Map<MeetingKind, string[]>>();

/**
 * How many meetings of a kind were held from one day to another, both included: two binary
 * searches in the kind's sorted days, where filtering every meeting for each of some sixty
 * rule-periods made a branch-year's evaluation grow with the branch's whole history.
 */
function meetingsHeld(meetings: readonly EffectiveMeeting[], kind: MeetingKind, from: string, to: string): number {
  let byKind = meetingDaysByKind.get(meetings);
  if (!byKind) {
    byKind = new Map();
    for (const meeting of meetings) {
      for (const held of new Set(meeting.kinds)) {
        const days = byKind.get(held);
        if (days) days.push(meeting.heldOn);
        else byKind.set(held, [meeting.heldOn]);
      }
    }
    for (const days of byKind.values()) days.sort();
    meetingDaysByKind.set(meetings, byKind);
  }
  const days = byKind.get(kind);
  return days ? daysBefore(days, to, true) - daysBefore(days, from, false) : 0;
}

/** How many of the sorted days come before `day` (`orOn`: or fall on it). */
function daysBefore(days: readonly string[], day: string, orOn: boolean): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (days[middle]! < day || (orOn && days[middle] === day)) low = middle + 1;
    else high = middle;
  }
  return low;
}

const PERIOD_KINDS: readonly PeriodKind[] = ['MONTH', 'QUARTER', 'YEAR'];

/** A period of a year with its first and last days and its label. */
interface YearPeriod {
  readonly kind: PeriodKind;
  readonly period: Period;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly label: string;
}

const periodsByYear = new Map<number, readonly YearPeriod[]>();

/** The months, then the quarters, then the year, each with its days and label (the same for every branch). */
function yearPeriods(year: number): readonly YearPeriod[] {
  let periods = periodsByYear.get(year);
  if (!periods) {
    periods = PERIOD_KINDS.flatMap((kind) =>
      periodsOfYear(kind, year).map((period) => ({ kind, period, firstDay: firstDayOf(period), lastDay: lastDayOf(period), label: periodLabel(period) })),
    );
    periodsByYear.set(year, periods);
  }
  return periods;
}

function meetingCompliance(rule: MeetingFrequencyRule, period: YearPeriod, countUntil: string, input: BranchComplianceInput, version: string): RuleCompliance {
  const held = meetingsHeld(input.meetings, rule.params.kind, period.firstDay, countUntil);
  return {
    rule: `MEETING_FREQUENCY:${rule.params.kind}`,
    period: period.label,
    required: rule.params.min,
    held,
    met: held >= rule.params.min,
    exempt: isExemptPeriod(rule.params, period.period),
    policyVersion: version,
  };
}

function yearRulesCompliance(rules: readonly PolicyRule[], input: BranchComplianceInput, day: string, version: string): RuleCompliance[] {
  const period = String(input.year);
  const figure = (rule: string, required: number, held: number, met: boolean): RuleCompliance => ({
    rule,
    period,
    required,
    held,
    met,
    exempt: false,
    policyVersion: version,
  });
  const secretaryTraining = secretaryTrainingParams(rules);
  const secretarySessions = input.secretary?.sessionsAttended ?? 0;
  const committeeTraining = committeeTrainingParams(rules);
  const trained = input.committeeMemberSessions.filter((sessions) => sessions >= committeeTraining.perYear).length;
  const inOffice = input.committeeMemberSessions.length;
  const termMet = !isElectionOverdue({ termEndsOn: input.termEndsOn, establishedOn: input.establishedOn }, day, termParams(rules));
  const figures = [
    figure('SECRETARY_TRAINING', secretaryTraining.perYear, secretarySessions, secretarySessions >= secretaryTraining.perYear),
    figure('COMMITTEE_TRAINING', inOffice, trained, trained === inOffice),
    figure('TERM', 1, termMet ? 1 : 0, termMet),
  ];
  if (input.branchKind === 'TEACHER') {
    const dualLeader = input.secretary !== null && qualifiesAsDualLeader(input.secretary, dualLeaderParams(rules));
    figures.push(figure('DUAL_LEADER', 1, dualLeader ? 1 : 0, dualLeader));
  }
  return figures;
}


/**
 * A branch's compliance (规范化达标) for a year (DOMAIN.md §5), one figure per rule-period that
 * applies to the branch's kind and size:
 *
 * - The year's deciding day D is `onDate`, else 31 December capped at today. Only periods that have
 *   begun by D count. A month's or quarter's own deciding day is its last day capped at D; the
 *   year's is D. Each period uses the version applying to its own deciding day (a retroactive or
 *   later version can change single months). Meetings count from the period's first day to its last
 *   day capped at D, so a period still running on D is measured on what was held so far and may
 *   show unmet until the meeting is held.
 * - A period counts only when the branch is established and active on the period's deciding day
 *   (a branch set up in May has no figures for January-April; one dissolved in October has none from
 *   October and no yearly ones).
 * - Meeting rules: those of the period's kind from `meetingRulesFor(rulesFor(version, university),
 *   kind, member count on the period's deciding day)`. Required = `min`, held = effective meetings
 *   dated from the period's first day to its deciding day listing the kind; met = held ≥ required.
 *   `exempt` when every month of the period is in `exemptMonths`; `met` is still reported as held,
 *   and exempt figures are left out of the score.
 * - Yearly, under the version of D: SECRETARY_TRAINING (required `perYear`, held the secretary's
 *   sessions; a vacant post holds 0); COMMITTEE_TRAINING (required the committee members in office,
 *   held those with at least `perYear` sessions; met when all are trained, so met with nobody in
 *   office); TERM (1/1 when not overdue on D, else 1/0; a branch with no election yet is measured
 *   from its establishment with a 3-year term, see `lastDayBeforeOverdue`); DUAL_LEADER for teacher
 *   branches only (1/1 when the secretary on D qualifies, else 1/0; a vacant post does not).
 * - Order: the months, then the quarters, then the year; within a period, the rules' order in the
 *   version.
 *
 * Throws `NoPolicyVersionError` when no version is published as of the view. Days before every
 * version's `effectiveFrom` are measured by the earliest-effective one (see `versionFor`).
 */
export function evaluateBranchCompliance(input: BranchComplianceInput): BranchComplianceResult {
  const day = decidingDay(input.year, input.onDate, input.today);
  const yearVersion = applicableVersion(input, day);
  const figures: RuleCompliance[] = [];
  if (firstDayOf(yearPeriod(input.year)) <= day) {
    for (const period of yearPeriods(input.year)) {
      const { kind } = period;
      if (period.firstDay > day) continue;
      // Meetings count up to the period's end capped at D; the year's own deciding day is D itself.
      const countUntil = earlierDay(period.lastDay, day);
      const periodDay = kind === 'YEAR' ? day : countUntil;
      if (!isActiveOn(input, periodDay)) continue;
      const version = applicableVersion(input, periodDay);
      const rules = rulesOfUniversity(version, input.universityId);
      for (const rule of branchMeetingRules(rules, input.branchKind, memberCountFor(input, periodDay))) {
        if (rule.params.period === kind) figures.push(meetingCompliance(rule, period, countUntil, input, version.version));
      }
      if (kind === 'YEAR') figures.push(...yearRulesCompliance(rules, input, periodDay, version.version));
    }
  }
  const counted = figures.filter((figure) => !figure.exempt);
  return {
    year: input.year,
    decidingDay: day,
    rules: figures,
    score: counted.length === 0 ? null : counted.filter((figure) => figure.met).length / counted.length,
    policyVersion: yearVersion.version,
  };
}
