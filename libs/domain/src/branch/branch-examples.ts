import { stateFrom } from '../decider.js';
import { deciderSpecification } from '../decider-specification.js';
import type {
  BranchCommand,
  ChangeCommitteeData,
  CorrectMeetingData,
  HoldElectionData,
  OpenRectificationCaseData,
  RecordMeetingData,
} from './branch-commands.js';
import type { EstablishedBranchState } from './branch-decider.js';
import { branchDecider } from './branch-decider.js';
import type { BranchEstablishedData, BranchEvent, ElectionHeldData, MeetingHeldData, RectificationCaseOpenedData } from './branch-events.js';

/** The histories and sample commands the branch decider's specs share (test data only). */

export const spec = deciderSpecification(branchDecider);

export const branchId = 'b1';
export const today = '2018-06-30';

// ---------- given events ----------

export const establishedData: BranchEstablishedData = {
  branchId,
  universityId: '10001',
  unitId: 'physics',
  name: '物理学院教工第一党支部',
  kind: 'TEACHER',
  establishedOn: '2018-01-10',
  memberCount: 12,
};
export const established: BranchEvent = { type: 'BranchEstablished', data: establishedData };
export const smallBranch: BranchEvent = { type: 'BranchEstablished', data: { ...establishedData, memberCount: 5 } };
export const dissolved: BranchEvent = { type: 'BranchDissolved', data: { on: '2018-05-01', reason: '撤销', mergedInto: null } };
export const memberCount = (on: string, count: number): BranchEvent => ({ type: 'MemberCountReported', data: { on, count } });

export const electionData: ElectionHeldData = {
  heldOn: '2018-03-01',
  termYears: 3,
  termEndsOn: '2021-03-01',
  secretary: { personId: 'sec', title: 'PROFESSOR', academicBackbone: true },
  deputySecretaryIds: ['dep'],
  committeeMemberIds: ['m1', 'm2', 'm3'],
  approvedOn: '2018-03-10',
};
export const elected: BranchEvent = { type: 'ElectionHeld', data: electionData };
export const electedSmall: BranchEvent = {
  type: 'ElectionHeld',
  data: { ...electionData, deputySecretaryIds: ['dep'], committeeMemberIds: [] },
};

export const meetingData: MeetingHeldData = {
  meetingId: 'mt1',
  kinds: ['THEMED_PARTY_DAY', 'PARTY_LECTURE'],
  heldOn: '2018-05-20',
  place: '物理楼 101',
  expected: 12,
  present: 10,
  absentees: [
    { personId: 'p7', reason: '出差' },
    { personId: null, reason: '病假' },
  ],
  hostPersonId: 'sec',
  recorderPersonId: 'm1',
  topic: '学习党章',
  resolutions: ['按月开展主题党日'],
};
export const meetingHeld: BranchEvent = { type: 'MeetingHeld', data: meetingData };
export const meetingRetracted: BranchEvent = { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复录入' } };

export const screened = (year: number, outcome: 'NORMAL' | 'LAGGING' | 'WEAK_LAX', on = `${year}-04-01`): BranchEvent => ({
  type: 'BranchScreened',
  data: { year, on, outcome, categories: outcome === 'NORMAL' ? [] : ['RULES_ON_PAPER_ONLY'] },
});

export const caseData: RectificationCaseOpenedData = {
  caseId: 'c1',
  year: 2018,
  categories: ['RULES_ON_PAPER_ONLY'],
  problems: ['三会一课不规范'],
  causes: ['书记精力不足'],
  measures: ['建立月度提醒'],
  liaisonLeaderId: 'leader',
  responsiblePersonId: 'sec',
  deadline: '2018-12-31',
  openedOn: '2018-04-10',
};
export const caseOpened = (caseId = 'c1'): BranchEvent => ({ type: 'RectificationCaseOpened', data: { ...caseData, caseId } });
export const accepted = (caseId = 'c1', passed = true): BranchEvent => ({
  type: 'RectificationAccepted',
  data: { caseId, on: '2018-05-10', passed, score: passed ? 92 : 55, acceptedBy: '校党委组织部', note: null },
});
export const caseClosed = (caseId = 'c1'): BranchEvent => ({ type: 'RectificationCaseClosed', data: { caseId, on: '2018-05-15' } });
export const caseReopened = (caseId = 'c1'): BranchEvent => ({
  type: 'RectificationCaseReopened',
  data: { caseId, on: '2018-06-01', reason: '回头看发现反弹' },
});
export const healthChecked: BranchEvent = {
  type: 'HealthCheckRecorded',
  data: {
    year: 2018,
    on: '2018-04-20',
    findings: [
      { findingId: 'f1', area: 'VENUE', description: '缺少活动场所' },
      { findingId: 'f2', area: 'SYSTEMS', description: '制度不全' },
    ],
  },
};
export const findingResolved: BranchEvent = {
  type: 'FindingResolved',
  data: { findingId: 'f1', on: '2018-05-01', note: '启用党员之家' },
};

// ---------- commands ----------

export const holdElection = (data: Partial<HoldElectionData> = {}): BranchCommand => ({
  type: 'HoldElection',
  data: {
    branchId,
    heldOn: '2018-03-01',
    termYears: 3,
    secretary: { personId: 'sec', title: 'PROFESSOR', academicBackbone: true },
    deputySecretaryIds: ['dep'],
    committeeMemberIds: ['m1', 'm2', 'm3'],
    approvedOn: '2018-03-10',
    today,
    ...data,
  },
});
export const changeCommittee = (data: Partial<ChangeCommitteeData>): BranchCommand => ({
  type: 'ChangeCommittee',
  data: { branchId, on: '2018-04-01', reason: '补选', today, ...data },
});
export const recordMeeting = (data: Partial<RecordMeetingData> = {}): BranchCommand => ({
  type: 'RecordMeeting',
  data: {
    branchId,
    meetingId: 'mt1',
    kinds: ['THEMED_PARTY_DAY', 'PARTY_LECTURE'],
    heldOn: '2018-05-20',
    place: '物理楼 101',
    expected: 12,
    present: 10,
    absentees: [{ personId: 'p7', reason: '出差' }, { reason: '病假' }],
    hostPersonId: 'sec',
    recorderPersonId: 'm1',
    topic: '学习党章',
    resolutions: ['按月开展主题党日'],
    today,
    ...data,
  },
});
export const correctMeeting = (data: Partial<CorrectMeetingData>): BranchCommand => ({
  type: 'CorrectMeeting',
  data: { branchId, meetingId: 'mt1', reason: '人数录错', today, ...data },
});
export const openCase = (data: Partial<OpenRectificationCaseData> = {}): BranchCommand => ({
  type: 'OpenRectificationCase',
  data: {
    branchId,
    caseId: 'c1',
    year: 2018,
    categories: ['RULES_ON_PAPER_ONLY'],
    problems: ['三会一课不规范'],
    causes: ['书记精力不足'],
    measures: ['建立月度提醒'],
    liaisonLeaderId: 'leader',
    responsiblePersonId: 'sec',
    deadline: '2018-12-31',
    today: '2018-04-10',
    ...data,
  },
});
export const rate = (stars: number, year = 2018): BranchCommand => ({ type: 'RateBranch', data: { branchId, year, stars } });
export const closeCase = (caseId = 'c1'): BranchCommand => ({
  type: 'CloseRectificationCase',
  data: { branchId, caseId, on: '2018-06-20', today },
});
export const reopenCase = (caseId = 'c1'): BranchCommand => ({
  type: 'ReopenRectificationCase',
  data: { branchId, caseId, on: '2018-06-25', reason: '回头看', today },
});

/** One valid command of each kind on an active branch, for the checks every command shares. */
export const everyCommand: { [T in Exclude<BranchCommand['type'], 'EstablishBranch'>]: Extract<BranchCommand, { type: T }> } = {
  RenameBranch: { type: 'RenameBranch', data: { branchId, name: '新名称' } },
  MoveBranch: { type: 'MoveBranch', data: { branchId, unitId: 'chemistry', on: '2018-06-01', today } },
  DissolveBranch: { type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '撤销', today } },
  ReportMemberCount: { type: 'ReportMemberCount', data: { branchId, on: '2018-06-01', count: 13, today } },
  HoldElection: holdElection() as Extract<BranchCommand, { type: 'HoldElection' }>,
  ReplaceSecretary: {
    type: 'ReplaceSecretary',
    data: { branchId, on: '2018-06-01', secretary: { personId: 'x', title: 'LECTURER', academicBackbone: false }, reason: '调离', today },
  },
  ChangeCommittee: changeCommittee({ addIds: ['x'] }) as Extract<BranchCommand, { type: 'ChangeCommittee' }>,
  RecordMeeting: recordMeeting() as Extract<BranchCommand, { type: 'RecordMeeting' }>,
  CorrectMeeting: correctMeeting({ present: 9 }) as Extract<BranchCommand, { type: 'CorrectMeeting' }>,
  RetractMeeting: { type: 'RetractMeeting', data: { branchId, meetingId: 'mt1', reason: '重复' } },
  AdoptAnnualPlan: {
    type: 'AdoptAnnualPlan',
    data: { branchId, year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] },
  },
  RateBranch: { type: 'RateBranch', data: { branchId, year: 2018, stars: 4 } },
  RecordHealthCheck: {
    type: 'RecordHealthCheck',
    data: { branchId, year: 2018, on: '2018-06-01', findings: [], today },
  },
  ResolveFinding: { type: 'ResolveFinding', data: { branchId, findingId: 'f1', on: '2018-06-01', note: '整改', today } },
  ReviewSecretary: { type: 'ReviewSecretary', data: { branchId, year: 2018, grade: 'GOOD' } },
  ScreenBranch: { type: 'ScreenBranch', data: { branchId, year: 2018, on: '2018-06-01', outcome: 'NORMAL', today } },
  OpenRectificationCase: openCase() as Extract<BranchCommand, { type: 'OpenRectificationCase' }>,
  RecordRectificationStep: {
    type: 'RecordRectificationStep',
    data: { branchId, caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', today },
  },
  AcceptRectification: {
    type: 'AcceptRectification',
    data: { branchId, caseId: 'c1', on: '2018-06-01', passed: true, acceptedBy: '校党委组织部', today },
  },
  CloseRectificationCase: closeCase() as Extract<BranchCommand, { type: 'CloseRectificationCase' }>,
  ReopenRectificationCase: reopenCase() as Extract<BranchCommand, { type: 'ReopenRectificationCase' }>,
  AssignLiaison: { type: 'AssignLiaison', data: { branchId, liaisonLeaderId: 'leader', on: '2018-06-01', today } },
  RecordPersonnelReview: {
    type: 'RecordPersonnelReview',
    data: { branchId, on: '2018-06-01', matter: 'PROMOTION', today },
  },
  AllocateFunds: { type: 'AllocateFunds', data: { branchId, year: 2018, amountYuan: 5000 } },
  RecordFundsUse: {
    type: 'RecordFundsUse',
    data: { branchId, year: 2018, on: '2018-06-01', amountYuan: 800, purpose: '购买学习资料', today },
  },
};

/** The day `years` later, for the plain days of these examples (none is 29 February). */
const yearsAfter = (on: string, years: number): string => `${Number(on.slice(0, 4)) + years}${on.slice(4)}`;

/**
 * Commands dated by a field: the same command moved after today and before the establishment, the
 * history it needs, and the one event (type and full payload) it records on a day within the branch's life.
 */
export const datedCommands: [string, (on: string) => BranchCommand, BranchEvent[], (on: string) => BranchEvent][] = [
  [
    'MoveBranch',
    (on) => ({ type: 'MoveBranch', data: { branchId, unitId: 'chemistry', on, today } }),
    [],
    (on) => ({ type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on } }),
  ],
  [
    'DissolveBranch',
    (on) => ({ type: 'DissolveBranch', data: { branchId, on, reason: '撤销', today } }),
    [],
    (on) => ({ type: 'BranchDissolved', data: { on, reason: '撤销', mergedInto: null } }),
  ],
  [
    'ReportMemberCount',
    (on) => ({ type: 'ReportMemberCount', data: { branchId, on, count: 13, today } }),
    [],
    (on) => ({ type: 'MemberCountReported', data: { on, count: 13 } }),
  ],
  [
    'HoldElection',
    (on) => holdElection({ heldOn: on, approvedOn: null }),
    [],
    (on) => ({ type: 'ElectionHeld', data: { ...electionData, heldOn: on, termEndsOn: yearsAfter(on, 3), approvedOn: null } }),
  ],
  [
    'ReplaceSecretary',
    (on) => ({
      type: 'ReplaceSecretary',
      data: { branchId, on, secretary: { personId: 'x', title: 'OTHER', academicBackbone: false }, reason: '调离', today },
    }),
    [elected],
    (on) => ({
      type: 'SecretaryReplaced',
      data: { on, secretary: { personId: 'x', title: 'OTHER', academicBackbone: false }, previousSecretaryId: 'sec', reason: '调离' },
    }),
  ],
  [
    'ChangeCommittee',
    (on) => changeCommittee({ on, addIds: ['x'] }),
    [elected],
    (on) => ({ type: 'CommitteeChanged', data: { on, addIds: ['x'], removeIds: [], reason: '补选' } }),
  ],
  [
    'RecordMeeting',
    (on) => recordMeeting({ heldOn: on }),
    [],
    (on) => ({ type: 'MeetingHeld', data: { ...meetingData, heldOn: on } }),
  ],
  [
    'CorrectMeeting',
    (on) => correctMeeting({ heldOn: on }),
    [meetingHeld],
    (on) => ({
      type: 'MeetingCorrected',
      data: { meetingId: 'mt1', reason: '人数录错', kinds: null, heldOn: on, expected: null, present: null, topic: null },
    }),
  ],
  [
    'RecordHealthCheck',
    (on) => ({ type: 'RecordHealthCheck', data: { branchId, year: 2018, on, findings: [], today } }),
    [],
    (on) => ({ type: 'HealthCheckRecorded', data: { year: 2018, on, findings: [] } }),
  ],
  [
    'ResolveFinding',
    (on) => ({ type: 'ResolveFinding', data: { branchId, findingId: 'f1', on, note: '整改', today } }),
    [healthChecked],
    (on) => ({ type: 'FindingResolved', data: { findingId: 'f1', on, note: '整改' } }),
  ],
  [
    'ScreenBranch',
    (on) => ({ type: 'ScreenBranch', data: { branchId, year: 2018, on, outcome: 'WEAK_LAX', today } }),
    [],
    (on) => ({ type: 'BranchScreened', data: { year: 2018, on, outcome: 'WEAK_LAX', categories: [] } }),
  ],
  [
    'RecordRectificationStep',
    (on) => ({ type: 'RecordRectificationStep', data: { branchId, caseId: 'c1', on, kind: 'TRAINING', today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened()],
    (on) => ({ type: 'RectificationStepRecorded', data: { caseId: 'c1', on, kind: 'TRAINING', note: null } }),
  ],
  [
    'AcceptRectification',
    (on) => ({
      type: 'AcceptRectification',
      data: { branchId, caseId: 'c1', on, passed: true, acceptedBy: '校党委组织部', today },
    }),
    [screened(2018, 'WEAK_LAX'), caseOpened()],
    (on) => ({
      type: 'RectificationAccepted',
      data: { caseId: 'c1', on, passed: true, score: null, acceptedBy: '校党委组织部', note: null },
    }),
  ],
  [
    'CloseRectificationCase',
    (on) => ({ type: 'CloseRectificationCase', data: { branchId, caseId: 'c1', on, today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened(), accepted()],
    (on) => ({ type: 'RectificationCaseClosed', data: { caseId: 'c1', on } }),
  ],
  [
    'ReopenRectificationCase',
    (on) => ({ type: 'ReopenRectificationCase', data: { branchId, caseId: 'c1', on, reason: '回头看', today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened(), accepted(), caseClosed()],
    (on) => ({ type: 'RectificationCaseReopened', data: { caseId: 'c1', on, reason: '回头看' } }),
  ],
  [
    'AssignLiaison',
    (on) => ({ type: 'AssignLiaison', data: { branchId, liaisonLeaderId: 'leader', on, today } }),
    [],
    (on) => ({ type: 'LiaisonAssigned', data: { liaisonLeaderId: 'leader', on } }),
  ],
  [
    'RecordPersonnelReview',
    (on) => ({ type: 'RecordPersonnelReview', data: { branchId, on, matter: 'HIRING', today } }),
    [],
    (on) => ({ type: 'PersonnelReviewRecorded', data: { on, matter: 'HIRING', note: null } }),
  ],
  [
    'RecordFundsUse',
    (on) => ({ type: 'RecordFundsUse', data: { branchId, year: 2018, on, amountYuan: 100, purpose: '资料', today } }),
    [],
    (on) => ({ type: 'FundsUsed', data: { year: 2018, on, amountYuan: 100, purpose: '资料' } }),
  ],
];

export const officersOf = (events: BranchEvent[]) => (stateFrom(branchDecider, events) as EstablishedBranchState).officers;
