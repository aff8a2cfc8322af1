import type { CalendarDate } from '../calendar-date.js';
import { addYears } from '../calendar-date.js';
import type { Decider } from '../decider.js';
import { unreachable } from '../decider.js';
import { refuseFutureDate } from '../dated-facts.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type { ScreeningOutcome } from '../vocabulary.js';
import { WEAK_SCREENING_OUTCOMES } from '../vocabulary.js';
import type {
  AcceptRectificationData,
  AdoptAnnualPlanData,
  AllocateFundsData,
  AssignLiaisonData,
  BranchCommand,
  ChangeCommitteeData,
  CloseRectificationCaseData,
  CorrectMeetingData,
  DissolveBranchData,
  EstablishBranchData,
  HoldElectionData,
  MoveBranchData,
  OpenRectificationCaseData,
  RateBranchData,
  RecordFundsUseData,
  RecordHealthCheckData,
  RecordMeetingData,
  RecordPersonnelReviewData,
  RecordRectificationStepData,
  RenameBranchData,
  ReopenRectificationCaseData,
  ReplaceSecretaryData,
  ReportMemberCountData,
  ResolveFindingData,
  RetractMeetingData,
  ReviewSecretaryData,
  ScreenBranchData,
} from './branch-commands.js';
import type { BranchEvent, CommitteeChangedData, ElectionHeldData, SecretaryReplacedData } from './branch-events.js';

// ---------- state ----------

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
  meetings: ReadonlyMap<string, MeetingRecord>;
  cases: ReadonlyMap<string, RectificationCaseRecord>;
  /** Health-check findings by id, resolved or not. */
  findings: ReadonlyMap<string, { resolved: boolean }>;
  /** Screening in force per year. */
  screenings: ReadonlyMap<number, ScreeningRecord>;
};

/** The state of `branch-<id>`: nothing before BranchEstablished. */
export type BranchState = { status: 'NOT_ESTABLISHED' } | EstablishedBranchState;

const NO_OFFICERS: BranchOfficers = { secretaryId: null, deputySecretaryIds: [], committeeMemberIds: [] };

/** The member count in force on a day: the latest report on or before it, else the establishment count. */
export function memberCountOn(state: EstablishedBranchState, day: CalendarDate): number {
  let inForce: { on: CalendarDate; count: number } | null = null;
  for (const report of state.memberCountReports) {
    if (report.on <= day && (inForce === null || report.on >= inForce.on)) inForce = report;
  }
  return inForce?.count ?? state.establishmentMemberCount;
}

function officerIds(officers: BranchOfficers): string[] {
  return [
    ...(officers.secretaryId === null ? [] : [officers.secretaryId]),
    ...officers.deputySecretaryIds,
    ...officers.committeeMemberIds,
  ];
}

function officersElected(data: ElectionHeldData): BranchOfficers {
  return {
    secretaryId: data.secretary.personId,
    deputySecretaryIds: data.deputySecretaryIds,
    committeeMemberIds: data.committeeMemberIds,
  };
}

/** The new secretary leaves any other role; the previous one leaves office. */
function officersAfterSecretaryReplaced(officers: BranchOfficers, data: SecretaryReplacedData): BranchOfficers {
  const newSecretary = data.secretary.personId;
  return {
    secretaryId: newSecretary,
    deputySecretaryIds: officers.deputySecretaryIds.filter((id) => id !== newSecretary),
    committeeMemberIds: officers.committeeMemberIds.filter((id) => id !== newSecretary),
  };
}

/** Removed people leave whatever role they held (a removed secretary leaves the post vacant); added ones become committee members. */
function officersAfterCommitteeChanged(officers: BranchOfficers, data: CommitteeChangedData): BranchOfficers {
  const removed = new Set(data.removeIds);
  return {
    secretaryId: officers.secretaryId !== null && removed.has(officers.secretaryId) ? null : officers.secretaryId,
    deputySecretaryIds: officers.deputySecretaryIds.filter((id) => !removed.has(id)),
    committeeMemberIds: [...officers.committeeMemberIds.filter((id) => !removed.has(id)), ...data.addIds],
  };
}

// ---------- shared checks ----------

function established(state: BranchState, branchId: string): EstablishedBranchState {
  if (state.status === 'NOT_ESTABLISHED') throw new NotFoundError('branch', branchId);
  return state;
}

/** BRANCH_DISSOLVED: a dissolved branch takes no command. */
function active(state: BranchState, branchId: string): EstablishedBranchState {
  const branch = established(state, branchId);
  if (branch.status === 'DISSOLVED') {
    throw new RuleViolatedError('BRANCH_DISSOLVED', `branch ${branchId} is dissolved`);
  }
  return branch;
}

/** DATE_IN_FUTURE and BEFORE_ESTABLISHMENT: a branch fact lies between the establishment and today. */
function refuseOutsideLife(branch: EstablishedBranchState, what: string, day: CalendarDate, today: CalendarDate): void {
  refuseFutureDate(what, day, today);
  if (day < branch.establishedOn) {
    throw new RuleViolatedError(
      'BEFORE_ESTABLISHMENT',
      `${what} is dated ${day}, before the branch was established (${branch.establishedOn})`,
    );
  }
}

function refuseDuplicates(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new InvalidInputError(`${what}: ${id} is named twice`);
    seen.add(id);
  }
}

/**
 * COMMITTEE_SIZE (条例 art. 20): with 7 members or more, the committee (secretary, deputies and
 * committee members together) numbers 3 to 7; under 7, a secretary and at most one deputy, no
 * committee members.
 */
function refuseCommitteeOutsideLimits(officers: BranchOfficers, memberCount: number, day: CalendarDate): void {
  const size = officerIds(officers).length;
  if (memberCount >= 7) {
    if (size < 3 || size > 7) {
      throw new RuleViolatedError(
        'COMMITTEE_SIZE',
        `with ${memberCount} members on ${day} the committee must number 3 to 7 people, not ${size}`,
      );
    }
  } else if (officers.deputySecretaryIds.length > 1 || officers.committeeMemberIds.length > 0) {
    throw new RuleViolatedError(
      'COMMITTEE_SIZE',
      `with ${memberCount} members on ${day} the branch has a secretary and at most one deputy, no committee members`,
    );
  }
}

function rectificationCase(branch: EstablishedBranchState, caseId: string): RectificationCaseRecord {
  const found = branch.cases.get(caseId);
  if (!found) throw new NotFoundError('case', caseId);
  return found;
}

/** CASE_CLOSED: nothing is recorded on a closed case. */
function refuseClosedCase(found: RectificationCaseRecord, caseId: string, what: string): void {
  if (found.closed) throw new RuleViolatedError('CASE_CLOSED', `case ${caseId} is closed: ${what} refused`);
}

/** ONE_OPEN_CASE_PER_BRANCH: at most one case of the branch is not closed at a time. */
function refuseAnotherOpenCase(branch: EstablishedBranchState, caseId: string): void {
  for (const [otherId, other] of branch.cases) {
    if (otherId !== caseId && !other.closed) {
      throw new RuleViolatedError('ONE_OPEN_CASE_PER_BRANCH', `case ${otherId} of the branch is not closed`);
    }
  }
}

function isWeak(screening: ScreeningRecord | undefined): boolean {
  return screening !== undefined && WEAK_SCREENING_OUTCOMES.includes(screening.outcome);
}

// ---------- lifecycle ----------

/** 党支部成立 */
function establishBranch(data: EstablishBranchData, state: BranchState): BranchEvent[] {
  if (state.status !== 'NOT_ESTABLISHED') throw new AlreadyExistsError(`branch ${data.branchId} exists already`);
  refuseFutureDate('the establishment', data.establishedOn, data.today);
  return [
    {
      type: 'BranchEstablished',
      data: {
        branchId: data.branchId,
        universityId: data.universityId,
        unitId: data.unitId,
        name: data.name,
        kind: data.kind,
        establishedOn: data.establishedOn,
        memberCount: data.memberCount,
      },
    },
  ];
}

function renameBranch(data: RenameBranchData, state: BranchState): BranchEvent[] {
  active(state, data.branchId);
  return [{ type: 'BranchRenamed', data: { name: data.name } }];
}

function moveBranch(data: MoveBranchData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  if (data.unitId === branch.unitId) throw new InvalidInputError(`branch ${data.branchId} is in unit ${data.unitId} already`);
  refuseOutsideLife(branch, 'the move', data.on, data.today);
  return [{ type: 'BranchMoved', data: { fromUnitId: branch.unitId, toUnitId: data.unitId, on: data.on } }];
}

/** 撤销/合并: whether `mergedInto` exists and is active is the application's check. */
function dissolveBranch(data: DissolveBranchData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const mergedInto = data.mergedInto ?? null;
  if (mergedInto === data.branchId) throw new InvalidInputError('a branch cannot be merged into itself');
  refuseOutsideLife(branch, 'the dissolution', data.on, data.today);
  return [{ type: 'BranchDissolved', data: { on: data.on, reason: data.reason, mergedInto } }];
}

function reportMemberCount(data: ReportMemberCountData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the member count', data.on, data.today);
  return [{ type: 'MemberCountReported', data: { on: data.on, count: data.count } }];
}

// ---------- officers ----------

/** 换届选举: TERM_YEARS, COMMITTEE_SIZE; one role per person. */
function holdElection(data: HoldElectionData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const deputySecretaryIds = [...(data.deputySecretaryIds ?? [])];
  const committeeMemberIds = [...(data.committeeMemberIds ?? [])];
  refuseDuplicates([data.secretary.personId, ...deputySecretaryIds, ...committeeMemberIds], 'a person holds one role');
  if (!Number.isInteger(data.termYears) || data.termYears < 1 || data.termYears > 5) {
    throw new RuleViolatedError('TERM_YEARS', `a term lasts 1 to 5 years, not ${data.termYears}`);
  }
  refuseOutsideLife(branch, 'the election', data.heldOn, data.today);
  const approvedOn = data.approvedOn ?? null;
  if (approvedOn !== null) refuseFutureDate('the approval', approvedOn, data.today);
  const elected: ElectionHeldData = {
    heldOn: data.heldOn,
    termYears: data.termYears,
    termEndsOn: addYears(data.heldOn, data.termYears),
    secretary: {
      personId: data.secretary.personId,
      title: data.secretary.title,
      academicBackbone: data.secretary.academicBackbone,
    },
    deputySecretaryIds,
    committeeMemberIds,
    approvedOn,
  };
  refuseCommitteeOutsideLimits(officersElected(elected), memberCountOn(branch, data.heldOn), data.heldOn);
  return [{ type: 'ElectionHeld', data: elected }];
}

/** 调整书记: OFFICER_CHANGE when the new secretary is the sitting one. */
function replaceSecretary(data: ReplaceSecretaryData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the replacement', data.on, data.today);
  const previousSecretaryId = branch.officers.secretaryId;
  if (data.secretary.personId === previousSecretaryId) {
    throw new RuleViolatedError('OFFICER_CHANGE', `person ${previousSecretaryId} is the sitting secretary`);
  }
  return [
    {
      type: 'SecretaryReplaced',
      data: {
        on: data.on,
        secretary: {
          personId: data.secretary.personId,
          title: data.secretary.title,
          academicBackbone: data.secretary.academicBackbone,
        },
        previousSecretaryId,
        reason: data.reason,
      },
    },
  ];
}

/** 补选/调整委员: OFFICER_CHANGE for removing someone not in office or adding someone in office; COMMITTEE_SIZE after the change. */
function changeCommittee(data: ChangeCommitteeData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const addIds = [...(data.addIds ?? [])];
  const removeIds = [...(data.removeIds ?? [])];
  if (addIds.length === 0 && removeIds.length === 0) throw new InvalidInputError('the change adds and removes nobody');
  refuseDuplicates([...addIds, ...removeIds], 'a person is added or removed once');
  refuseOutsideLife(branch, 'the committee change', data.on, data.today);
  const inOffice = new Set(officerIds(branch.officers));
  for (const id of removeIds) {
    if (!inOffice.has(id)) throw new RuleViolatedError('OFFICER_CHANGE', `person ${id} is not in office`);
  }
  for (const id of addIds) {
    if (inOffice.has(id)) throw new RuleViolatedError('OFFICER_CHANGE', `person ${id} is in office already`);
  }
  const changed: CommitteeChangedData = { on: data.on, addIds, removeIds, reason: data.reason };
  refuseCommitteeOutsideLimits(
    officersAfterCommitteeChanged(branch.officers, changed),
    memberCountOn(branch, data.on),
    data.on,
  );
  return [{ type: 'CommitteeChanged', data: changed }];
}

// ---------- meetings and plans ----------

function recordMeeting(data: RecordMeetingData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  if (branch.meetings.has(data.meetingId)) throw new AlreadyExistsError(`meeting ${data.meetingId} is recorded already`);
  if (data.present > data.expected) {
    throw new InvalidInputError(`present (${data.present}) exceeds expected (${data.expected})`);
  }
  refuseOutsideLife(branch, 'the meeting', data.heldOn, data.today);
  return [
    {
      type: 'MeetingHeld',
      data: {
        meetingId: data.meetingId,
        kinds: [...data.kinds],
        heldOn: data.heldOn,
        place: data.place ?? null,
        expected: data.expected,
        present: data.present,
        absentees: (data.absentees ?? []).map((a) => ({ personId: a.personId ?? null, reason: a.reason })),
        hostPersonId: data.hostPersonId ?? null,
        recorderPersonId: data.recorderPersonId ?? null,
        topic: data.topic,
        resolutions: [...(data.resolutions ?? [])],
      },
    },
  ];
}

function meeting(branch: EstablishedBranchState, meetingId: string): MeetingRecord {
  const found = branch.meetings.get(meetingId);
  if (!found) throw new NotFoundError('meeting', meetingId);
  if (found.retracted) throw new RuleViolatedError('MEETING_RETRACTED', `meeting ${meetingId} is retracted`);
  return found;
}

/** A wrong record is corrected, never edited: the corrected values must still hold together. */
function correctMeeting(data: CorrectMeetingData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const current = meeting(branch, data.meetingId);
  const kinds = data.kinds ? [...data.kinds] : null;
  const heldOn = data.heldOn ?? null;
  const expected = data.expected ?? null;
  const present = data.present ?? null;
  const topic = data.topic ?? null;
  if (kinds === null && heldOn === null && expected === null && present === null && topic === null) {
    throw new InvalidInputError('the correction changes nothing');
  }
  const correctedExpected = expected ?? current.expected;
  const correctedPresent = present ?? current.present;
  if (correctedPresent > correctedExpected) {
    throw new InvalidInputError(`present (${correctedPresent}) would exceed expected (${correctedExpected})`);
  }
  if (heldOn !== null) refuseOutsideLife(branch, 'the meeting', heldOn, data.today);
  return [
    { type: 'MeetingCorrected', data: { meetingId: data.meetingId, reason: data.reason, kinds, heldOn, expected, present, topic } },
  ];
}

function retractMeeting(data: RetractMeetingData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  meeting(branch, data.meetingId);
  return [{ type: 'MeetingRetracted', data: { meetingId: data.meetingId, reason: data.reason } }];
}

/** 一表: each month planned once. */
function adoptAnnualPlan(data: AdoptAnnualPlanData, state: BranchState): BranchEvent[] {
  active(state, data.branchId);
  refuseDuplicates(data.months.map((m) => String(m.month)), 'a month is planned once');
  return [
    {
      type: 'AnnualPlanAdopted',
      data: {
        year: data.year,
        months: data.months.map(({ month, study, activity }) => ({ month, study, activity })),
      },
    },
  ];
}

// ---------- other branch work ----------

function recordPersonnelReview(data: RecordPersonnelReviewData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the personnel review', data.on, data.today);
  return [{ type: 'PersonnelReviewRecorded', data: { on: data.on, matter: data.matter, note: data.note ?? null } }];
}

function assignLiaison(data: AssignLiaisonData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the liaison', data.on, data.today);
  return [{ type: 'LiaisonAssigned', data: { liaisonLeaderId: data.liaisonLeaderId, on: data.on } }];
}

function allocateFunds(data: AllocateFundsData, state: BranchState): BranchEvent[] {
  active(state, data.branchId);
  return [{ type: 'FundsAllocated', data: { year: data.year, amountYuan: data.amountYuan } }];
}

function recordFundsUse(data: RecordFundsUseData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the spending', data.on, data.today);
  return [
    { type: 'FundsUsed', data: { year: data.year, on: data.on, amountYuan: data.amountYuan, purpose: data.purpose } },
  ];
}

// ---------- reviews ----------

/** 评星定级: RATING_CAPPED_BY_SCREENING. */
function rateBranch(data: RateBranchData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const screening = branch.screenings.get(data.year);
  if (data.stars >= 3 && isWeak(screening)) {
    throw new RuleViolatedError(
      'RATING_CAPPED_BY_SCREENING',
      `the branch is screened ${screening?.outcome} for ${data.year}: at most 2 stars`,
    );
  }
  return [{ type: 'BranchRated', data: { year: data.year, stars: data.stars } }];
}

/** 体检: finding ids are the client's and unique within the branch. */
function recordHealthCheck(data: RecordHealthCheckData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  for (const { findingId } of data.findings) {
    if (branch.findings.has(findingId)) throw new AlreadyExistsError(`finding ${findingId} is recorded already`);
  }
  refuseDuplicates(data.findings.map((f) => f.findingId), 'a finding is recorded once');
  refuseOutsideLife(branch, 'the health check', data.on, data.today);
  return [
    {
      type: 'HealthCheckRecorded',
      data: {
        year: data.year,
        on: data.on,
        findings: data.findings.map(({ findingId, area, description }) => ({ findingId, area, description })),
      },
    },
  ];
}

/** FINDING_ALREADY_RESOLVED */
function resolveFinding(data: ResolveFindingData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const finding = branch.findings.get(data.findingId);
  if (!finding) throw new NotFoundError('finding', data.findingId);
  if (finding.resolved) {
    throw new RuleViolatedError('FINDING_ALREADY_RESOLVED', `finding ${data.findingId} is resolved already`);
  }
  refuseOutsideLife(branch, 'the resolution', data.on, data.today);
  return [{ type: 'FindingResolved', data: { findingId: data.findingId, on: data.on, note: data.note } }];
}

function reviewSecretary(data: ReviewSecretaryData, state: BranchState): BranchEvent[] {
  active(state, data.branchId);
  return [{ type: 'SecretaryReviewed', data: { year: data.year, grade: data.grade } }];
}

// ---------- screening and the rectification ledger ----------

/** 排查 */
function screenBranch(data: ScreenBranchData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the screening', data.on, data.today);
  return [
    {
      type: 'BranchScreened',
      data: { year: data.year, on: data.on, outcome: data.outcome, categories: [...(data.categories ?? [])] },
    },
  ];
}

/** 列入台账: CASE_REQUIRES_WEAK_SCREENING, ONE_OPEN_CASE_PER_BRANCH; opened today. */
function openRectificationCase(data: OpenRectificationCaseData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  if (branch.cases.has(data.caseId)) throw new AlreadyExistsError(`case ${data.caseId} exists already`);
  const screening = branch.screenings.get(data.year);
  if (!isWeak(screening)) {
    throw new RuleViolatedError(
      'CASE_REQUIRES_WEAK_SCREENING',
      screening
        ? `the branch is screened ${screening.outcome} for ${data.year}`
        : `the branch is not screened for ${data.year}`,
    );
  }
  refuseAnotherOpenCase(branch, data.caseId);
  return [
    {
      type: 'RectificationCaseOpened',
      data: {
        caseId: data.caseId,
        year: data.year,
        categories: [...data.categories],
        problems: [...data.problems],
        causes: [...(data.causes ?? [])],
        measures: [...data.measures],
        liaisonLeaderId: data.liaisonLeaderId ?? null,
        responsiblePersonId: data.responsiblePersonId ?? null,
        deadline: data.deadline,
        openedOn: data.today,
      },
    },
  ];
}

function recordRectificationStep(data: RecordRectificationStepData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseClosedCase(rectificationCase(branch, data.caseId), data.caseId, 'a step');
  refuseOutsideLife(branch, 'the step', data.on, data.today);
  return [
    {
      type: 'RectificationStepRecorded',
      data: { caseId: data.caseId, on: data.on, kind: data.kind, note: data.note ?? null },
    },
  ];
}

/** 验收 */
function acceptRectification(data: AcceptRectificationData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  refuseClosedCase(rectificationCase(branch, data.caseId), data.caseId, 'an acceptance');
  refuseOutsideLife(branch, 'the acceptance', data.on, data.today);
  return [
    {
      type: 'RectificationAccepted',
      data: {
        caseId: data.caseId,
        on: data.on,
        passed: data.passed,
        score: data.score ?? null,
        acceptedBy: data.acceptedBy,
        note: data.note ?? null,
      },
    },
  ];
}

/** 销账 (整顿一个销账一个): CLOSE_REQUIRES_PASSED_ACCEPTANCE since opened or last reopened. */
function closeRectificationCase(data: CloseRectificationCaseData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const found = rectificationCase(branch, data.caseId);
  refuseClosedCase(found, data.caseId, 'closing');
  if (!found.passedAcceptanceSinceOpened) {
    throw new RuleViolatedError(
      'CLOSE_REQUIRES_PASSED_ACCEPTANCE',
      `case ${data.caseId} has no passed acceptance since it was opened or last reopened`,
    );
  }
  refuseOutsideLife(branch, 'the closing', data.on, data.today);
  return [{ type: 'RectificationCaseClosed', data: { caseId: data.caseId, on: data.on } }];
}

/** 回头看: REOPEN_REQUIRES_CLOSED_CASE, and the reopened case is the branch's one open case. */
function reopenRectificationCase(data: ReopenRectificationCaseData, state: BranchState): BranchEvent[] {
  const branch = active(state, data.branchId);
  const found = rectificationCase(branch, data.caseId);
  if (!found.closed) {
    throw new RuleViolatedError('REOPEN_REQUIRES_CLOSED_CASE', `case ${data.caseId} is not closed`);
  }
  refuseAnotherOpenCase(branch, data.caseId);
  refuseOutsideLife(branch, 'the reopening', data.on, data.today);
  return [{ type: 'RectificationCaseReopened', data: { caseId: data.caseId, on: data.on, reason: data.reason } }];
}

// ---------- evolve ----------

function evolveEstablished(
  state: BranchState,
  change: (branch: EstablishedBranchState) => EstablishedBranchState,
): BranchState {
  return state.status === 'NOT_ESTABLISHED' ? state : change(state);
}

function withMap<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  return new Map(map).set(key, value);
}

function updateCase(
  branch: EstablishedBranchState,
  caseId: string,
  change: (found: RectificationCaseRecord) => RectificationCaseRecord,
): EstablishedBranchState {
  const found = branch.cases.get(caseId);
  return found ? { ...branch, cases: withMap(branch.cases, caseId, change(found)) } : branch;
}

function evolve(state: BranchState, event: BranchEvent): BranchState {
  switch (event.type) {
    case 'BranchEstablished':
      return {
        status: 'ACTIVE',
        universityId: event.data.universityId,
        unitId: event.data.unitId,
        establishedOn: event.data.establishedOn,
        establishmentMemberCount: event.data.memberCount,
        memberCountReports: [],
        officers: NO_OFFICERS,
        meetings: new Map(),
        cases: new Map(),
        findings: new Map(),
        screenings: new Map(),
      };
    case 'BranchMoved':
      return evolveEstablished(state, (branch) => ({ ...branch, unitId: event.data.toUnitId }));
    case 'BranchDissolved':
      return evolveEstablished(state, (branch) => ({ ...branch, status: 'DISSOLVED' }));
    case 'MemberCountReported':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        memberCountReports: [...branch.memberCountReports, { on: event.data.on, count: event.data.count }],
      }));
    case 'ElectionHeld':
      return evolveEstablished(state, (branch) => ({ ...branch, officers: officersElected(event.data) }));
    case 'SecretaryReplaced':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        officers: officersAfterSecretaryReplaced(branch.officers, event.data),
      }));
    case 'CommitteeChanged':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        officers: officersAfterCommitteeChanged(branch.officers, event.data),
      }));
    case 'MeetingHeld':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        meetings: withMap(branch.meetings, event.data.meetingId, {
          expected: event.data.expected,
          present: event.data.present,
          retracted: false,
        }),
      }));
    case 'MeetingCorrected':
      return evolveEstablished(state, (branch) => {
        const found = branch.meetings.get(event.data.meetingId);
        if (!found) return branch;
        return {
          ...branch,
          meetings: withMap(branch.meetings, event.data.meetingId, {
            ...found,
            expected: event.data.expected ?? found.expected,
            present: event.data.present ?? found.present,
          }),
        };
      });
    case 'MeetingRetracted':
      return evolveEstablished(state, (branch) => {
        const found = branch.meetings.get(event.data.meetingId);
        if (!found) return branch;
        return { ...branch, meetings: withMap(branch.meetings, event.data.meetingId, { ...found, retracted: true }) };
      });
    case 'HealthCheckRecorded':
      return evolveEstablished(state, (branch) => {
        const findings = new Map(branch.findings);
        for (const { findingId } of event.data.findings) findings.set(findingId, { resolved: false });
        return { ...branch, findings };
      });
    case 'FindingResolved':
      return evolveEstablished(state, (branch) =>
        branch.findings.has(event.data.findingId)
          ? { ...branch, findings: withMap(branch.findings, event.data.findingId, { resolved: true }) }
          : branch,
      );
    case 'BranchScreened':
      return evolveEstablished(state, (branch) => {
        const inForce = branch.screenings.get(event.data.year);
        if (inForce && inForce.on > event.data.on) return branch;
        return {
          ...branch,
          screenings: withMap(branch.screenings, event.data.year, { on: event.data.on, outcome: event.data.outcome }),
        };
      });
    case 'RectificationCaseOpened':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        cases: withMap(branch.cases, event.data.caseId, { closed: false, passedAcceptanceSinceOpened: false }),
      }));
    case 'RectificationAccepted':
      return evolveEstablished(state, (branch) =>
        event.data.passed
          ? updateCase(branch, event.data.caseId, (found) => ({ ...found, passedAcceptanceSinceOpened: true }))
          : branch,
      );
    case 'RectificationCaseClosed':
      return evolveEstablished(state, (branch) =>
        updateCase(branch, event.data.caseId, (found) => ({ ...found, closed: true })),
      );
    case 'RectificationCaseReopened':
      return evolveEstablished(state, (branch) =>
        updateCase(branch, event.data.caseId, () => ({ closed: false, passedAcceptanceSinceOpened: false })),
      );
    case 'BranchRenamed':
    case 'AnnualPlanAdopted':
    case 'PersonnelReviewRecorded':
    case 'LiaisonAssigned':
    case 'FundsAllocated':
    case 'FundsUsed':
    case 'BranchRated':
    case 'SecretaryReviewed':
    case 'RectificationStepRecorded':
      return state;
    default:
      return unreachable(event);
  }
}

function decide(command: BranchCommand, state: BranchState): BranchEvent[] {
  switch (command.type) {
    case 'EstablishBranch':
      return establishBranch(command.data, state);
    case 'RenameBranch':
      return renameBranch(command.data, state);
    case 'MoveBranch':
      return moveBranch(command.data, state);
    case 'DissolveBranch':
      return dissolveBranch(command.data, state);
    case 'ReportMemberCount':
      return reportMemberCount(command.data, state);
    case 'HoldElection':
      return holdElection(command.data, state);
    case 'ReplaceSecretary':
      return replaceSecretary(command.data, state);
    case 'ChangeCommittee':
      return changeCommittee(command.data, state);
    case 'RecordMeeting':
      return recordMeeting(command.data, state);
    case 'CorrectMeeting':
      return correctMeeting(command.data, state);
    case 'RetractMeeting':
      return retractMeeting(command.data, state);
    case 'AdoptAnnualPlan':
      return adoptAnnualPlan(command.data, state);
    case 'RateBranch':
      return rateBranch(command.data, state);
    case 'RecordHealthCheck':
      return recordHealthCheck(command.data, state);
    case 'ResolveFinding':
      return resolveFinding(command.data, state);
    case 'ReviewSecretary':
      return reviewSecretary(command.data, state);
    case 'ScreenBranch':
      return screenBranch(command.data, state);
    case 'OpenRectificationCase':
      return openRectificationCase(command.data, state);
    case 'RecordRectificationStep':
      return recordRectificationStep(command.data, state);
    case 'AcceptRectification':
      return acceptRectification(command.data, state);
    case 'CloseRectificationCase':
      return closeRectificationCase(command.data, state);
    case 'ReopenRectificationCase':
      return reopenRectificationCase(command.data, state);
    case 'AssignLiaison':
      return assignLiaison(command.data, state);
    case 'RecordPersonnelReview':
      return recordPersonnelReview(command.data, state);
    case 'AllocateFunds':
      return allocateFunds(command.data, state);
    case 'RecordFundsUse':
      return recordFundsUse(command.data, state);
    default:
      return unreachable(command);
  }
}

/** The decider of `branch-<id>` (党支部). */
export const branchDecider: Decider<BranchCommand, BranchEvent, BranchState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'NOT_ESTABLISHED' }),
};
