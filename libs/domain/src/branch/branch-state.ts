import { Map as PersistentMap } from 'immutable';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { ScreeningOutcome } from '../vocabulary.js';
import { WEAK_SCREENING_OUTCOMES } from '../vocabulary.js';

/**
 * The state of `branch-<id>` that every part of the aggregate (lifecycle, officers, meetings,
 * records, rectification) reads: each part evolves its own fields from its own events.
 */

/** The officers in office (支部委员会): secretary 书记, deputies 副书记, committee members 委员. */
export type BranchOfficers = {
  /** null while the post is vacant. */
  secretaryId: string | null;
  deputySecretaryIds: readonly string[];
  committeeMemberIds: readonly string[];
};

/** What later decisions need of a meeting: its attendance (for corrections) and whether it was retracted. */
export type MeetingRecord = {
  expected: number;
  present: number;
  retracted: boolean;
};

/** A rectification case: closed or not, and whether a passed acceptance came since it was (re)opened. */
export type RectificationCaseRecord = {
  closed: boolean;
  passedAcceptanceSinceOpened: boolean;
};

/** The screening in force for a year: the latest by date (the last recorded among equal days). */
export type ScreeningRecord = {
  on: CalendarDate;
  outcome: ScreeningOutcome;
};

export type EstablishedBranchState = {
  status: 'ACTIVE' | 'DISSOLVED';
  /** The tenant, for the application's scope checks and event metadata. */
  universityId: string;
  /** The unit the branch belongs to now (after any move). */
  unitId: string;
  establishedOn: CalendarDate;
  /** The member count in force before any report. */
  establishmentMemberCount: number;
  /** 党员人数 reports in recording order. */
  memberCountReports: readonly { on: CalendarDate; count: number }[];
  officers: BranchOfficers;
  meetings: RecordsById<string, MeetingRecord>;
  cases: RecordsById<string, RectificationCaseRecord>;
  /** Health-check findings by id, resolved or not. */
  findings: RecordsById<string, { resolved: boolean }>;
  /** Screening in force per year. */
  screenings: RecordsById<number, ScreeningRecord>;
};

/** The state of `branch-<id>`: nothing before BranchEstablished. */
export type BranchState = { status: 'NOT_ESTABLISHED' } | EstablishedBranchState;

/** The member count in force on a day: the latest report on or before it, else the establishment count. */
export function memberCountOn(state: EstablishedBranchState, day: CalendarDate): number {
  let inForce: { on: CalendarDate; count: number } | null = null;
  for (const report of state.memberCountReports) {
    if (report.on <= day && (inForce === null || report.on >= inForce.on)) inForce = report;
  }
  return inForce?.count ?? state.establishmentMemberCount;
}

/** Whether the screening in force makes the branch weak (后进 or 软弱涣散) for its year. */
export function isWeak(screening: ScreeningRecord | undefined): boolean {
  return screening !== undefined && WEAK_SCREENING_OUTCOMES.includes(screening.outcome);
}

/** Applies a change to an established branch; events reach a stream only after BranchEstablished. */
export function evolveEstablished(
  state: BranchState,
  change: (branch: EstablishedBranchState) => EstablishedBranchState,
): BranchState {
  return state.status === 'NOT_ESTABLISHED' ? state : change(state);
}

/**
 * What a branch keeps by id (its meetings, cases, findings, screenings): a persistent map, so that
 * setting one entry shares the rest. A copied Map made folding a stream quadratic in its events: a
 * branch with 2,000 meetings took half a second of the event loop to load.
 */
export type RecordsById<K, V> = PersistentMap<K, V>;

/** No records yet. */
export function noRecords<K, V>(): RecordsById<K, V> {
  return PersistentMap<K, V>();
}

/** The map with one entry set; the state it came from is never changed. */
export function withEntry<K, V>(map: RecordsById<K, V>, key: K, value: V): RecordsById<K, V> {
  return map.set(key, value);
}
