import type { CalendarDate } from '../calendar/calendar-date.js';
import type {
  BranchKind,
  FiveHaves,
  MeetingKind,
  PersonnelMatter,
  ProfessionalTitle,
  RectificationStepKind,
  ReviewGrade,
  ScreeningOutcome,
  WeaknessCategory,
} from '../vocabulary.js';

/**
 * Commands on `branch-<id>`: each mirrors the GraphQL input of its mutation minus `commandId` and
 * `expectedVersion`. Ids the command creates are required (the application generates missing ones);
 * `today` (Asia/Shanghai) is set by the application wherever a date must not lie in the future.
 */

type Today = {
  /** Today in Asia/Shanghai, set by the application. */
  today: CalendarDate;
};

export type EstablishBranchData = Today & {
  branchId: string;
  universityId: string;
  unitId: string;
  name: string;
  kind: BranchKind;
  establishedOn: CalendarDate;
  memberCount: number;
};

export type RenameBranchData = {
  branchId: string;
  name: string;
};

/** `unitId`: the unit the branch moves to. */
export type MoveBranchData = Today & {
  branchId: string;
  unitId: string;
  on: CalendarDate;
};

export type DissolveBranchData = Today & {
  branchId: string;
  on: CalendarDate;
  reason: string;
  mergedInto?: string | null;
};

export type ReportMemberCountData = Today & {
  branchId: string;
  on: CalendarDate;
  count: number;
};

export type SecretaryInput = {
  personId: string;
  title: ProfessionalTitle;
  academicBackbone: boolean;
};

/** `termYears`: the application applies the default 3 when absent. */
export type HoldElectionData = Today & {
  branchId: string;
  heldOn: CalendarDate;
  termYears: number;
  secretary: SecretaryInput;
  deputySecretaryIds?: readonly string[] | null;
  committeeMemberIds?: readonly string[] | null;
  approvedOn?: CalendarDate | null;
};

export type ReplaceSecretaryData = Today & {
  branchId: string;
  on: CalendarDate;
  secretary: SecretaryInput;
  reason: string;
};

export type ChangeCommitteeData = Today & {
  branchId: string;
  on: CalendarDate;
  addIds?: readonly string[] | null;
  removeIds?: readonly string[] | null;
  reason: string;
};

export type AbsenteeInput = {
  personId?: string | null;
  reason: string;
};

export type RecordMeetingData = Today & {
  branchId: string;
  meetingId: string;
  kinds: readonly MeetingKind[];
  heldOn: CalendarDate;
  place?: string | null;
  expected: number;
  present: number;
  absentees?: readonly AbsenteeInput[] | null;
  hostPersonId?: string | null;
  recorderPersonId?: string | null;
  topic: string;
  resolutions?: readonly string[] | null;
};

/** The fields given are the corrected values; at least one must be given. */
export type CorrectMeetingData = Today & {
  branchId: string;
  meetingId: string;
  reason: string;
  kinds?: readonly MeetingKind[] | null;
  heldOn?: CalendarDate | null;
  expected?: number | null;
  present?: number | null;
  topic?: string | null;
};

export type RetractMeetingData = {
  branchId: string;
  meetingId: string;
  reason: string;
};

export type PlanMonthInput = {
  month: number;
  study: string;
  activity: string;
};

export type AdoptAnnualPlanData = {
  branchId: string;
  year: number;
  months: readonly PlanMonthInput[];
};

export type RateBranchData = {
  branchId: string;
  year: number;
  stars: number;
};

export type FindingInput = {
  findingId: string;
  area: FiveHaves;
  description: string;
};

export type RecordHealthCheckData = Today & {
  branchId: string;
  year: number;
  on: CalendarDate;
  findings: readonly FindingInput[];
};

export type ResolveFindingData = Today & {
  branchId: string;
  findingId: string;
  on: CalendarDate;
  note: string;
};

export type ReviewSecretaryData = {
  branchId: string;
  year: number;
  grade: ReviewGrade;
};

export type ScreenBranchData = Today & {
  branchId: string;
  year: number;
  on: CalendarDate;
  outcome: ScreeningOutcome;
  categories?: readonly WeaknessCategory[] | null;
};

/** The case is opened today: `openedOn` = `today`. */
export type OpenRectificationCaseData = Today & {
  branchId: string;
  caseId: string;
  year: number;
  categories: readonly WeaknessCategory[];
  problems: readonly string[];
  causes?: readonly string[] | null;
  measures: readonly string[];
  liaisonLeaderId?: string | null;
  responsiblePersonId?: string | null;
  deadline: CalendarDate;
};

export type RecordRectificationStepData = Today & {
  branchId: string;
  caseId: string;
  on: CalendarDate;
  kind: RectificationStepKind;
  note?: string | null;
};

export type AcceptRectificationData = Today & {
  branchId: string;
  caseId: string;
  on: CalendarDate;
  passed: boolean;
  score?: number | null;
  acceptedBy: string;
  note?: string | null;
};

export type CloseRectificationCaseData = Today & {
  branchId: string;
  caseId: string;
  on: CalendarDate;
};

export type ReopenRectificationCaseData = Today & {
  branchId: string;
  caseId: string;
  on: CalendarDate;
  reason: string;
};

export type AssignLiaisonData = Today & {
  branchId: string;
  liaisonLeaderId: string;
  on: CalendarDate;
};

export type RecordPersonnelReviewData = Today & {
  branchId: string;
  on: CalendarDate;
  matter: PersonnelMatter;
  note?: string | null;
};

export type AllocateFundsData = {
  branchId: string;
  year: number;
  amountYuan: number;
};

export type RecordFundsUseData = Today & {
  branchId: string;
  year: number;
  on: CalendarDate;
  amountYuan: number;
  purpose: string;
};

export type EstablishBranch = { type: 'EstablishBranch'; data: EstablishBranchData };
export type RenameBranch = { type: 'RenameBranch'; data: RenameBranchData };
export type MoveBranch = { type: 'MoveBranch'; data: MoveBranchData };
export type DissolveBranch = { type: 'DissolveBranch'; data: DissolveBranchData };
export type ReportMemberCount = { type: 'ReportMemberCount'; data: ReportMemberCountData };
export type HoldElection = { type: 'HoldElection'; data: HoldElectionData };
export type ReplaceSecretary = { type: 'ReplaceSecretary'; data: ReplaceSecretaryData };
export type ChangeCommittee = { type: 'ChangeCommittee'; data: ChangeCommitteeData };
export type RecordMeeting = { type: 'RecordMeeting'; data: RecordMeetingData };
export type CorrectMeeting = { type: 'CorrectMeeting'; data: CorrectMeetingData };
export type RetractMeeting = { type: 'RetractMeeting'; data: RetractMeetingData };
export type AdoptAnnualPlan = { type: 'AdoptAnnualPlan'; data: AdoptAnnualPlanData };
export type RateBranch = { type: 'RateBranch'; data: RateBranchData };
export type RecordHealthCheck = { type: 'RecordHealthCheck'; data: RecordHealthCheckData };
export type ResolveFinding = { type: 'ResolveFinding'; data: ResolveFindingData };
export type ReviewSecretary = { type: 'ReviewSecretary'; data: ReviewSecretaryData };
export type ScreenBranch = { type: 'ScreenBranch'; data: ScreenBranchData };
export type OpenRectificationCase = { type: 'OpenRectificationCase'; data: OpenRectificationCaseData };
export type RecordRectificationStep = { type: 'RecordRectificationStep'; data: RecordRectificationStepData };
export type AcceptRectification = { type: 'AcceptRectification'; data: AcceptRectificationData };
export type CloseRectificationCase = { type: 'CloseRectificationCase'; data: CloseRectificationCaseData };
export type ReopenRectificationCase = { type: 'ReopenRectificationCase'; data: ReopenRectificationCaseData };
export type AssignLiaison = { type: 'AssignLiaison'; data: AssignLiaisonData };
export type RecordPersonnelReview = { type: 'RecordPersonnelReview'; data: RecordPersonnelReviewData };
export type AllocateFunds = { type: 'AllocateFunds'; data: AllocateFundsData };
export type RecordFundsUse = { type: 'RecordFundsUse'; data: RecordFundsUseData };

/** Every command decided on `branch-<id>`. */
export type BranchCommand =
  | EstablishBranch
  | RenameBranch
  | MoveBranch
  | DissolveBranch
  | ReportMemberCount
  | HoldElection
  | ReplaceSecretary
  | ChangeCommittee
  | RecordMeeting
  | CorrectMeeting
  | RetractMeeting
  | AdoptAnnualPlan
  | RateBranch
  | RecordHealthCheck
  | ResolveFinding
  | ReviewSecretary
  | ScreenBranch
  | OpenRectificationCase
  | RecordRectificationStep
  | AcceptRectification
  | CloseRectificationCase
  | ReopenRectificationCase
  | AssignLiaison
  | RecordPersonnelReview
  | AllocateFunds
  | RecordFundsUse;
