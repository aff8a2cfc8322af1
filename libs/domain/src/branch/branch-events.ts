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
 * The stream of one party branch (党支部): its lifecycle, officers, meetings, plans, reviews,
 * screenings and rectification cases. Payloads hold person ids only, days as `YYYY-MM-DD`, and
 * `null` (never an absent field) for what was not given.
 */
export const branchStreamId = (branchId: string): string => `branch-${branchId}`;

// ---------- lifecycle ----------

/** 党支部成立: a branch is set up in a unit with its initial 党员人数. */
export type BranchEstablishedData = {
  branchId: string;
  universityId: string;
  unitId: string;
  name: string;
  kind: BranchKind;
  establishedOn: CalendarDate;
  /** The member count in force from `establishedOn` until the first MemberCountReported. */
  memberCount: number;
};

/** The branch takes a new name. */
export type BranchRenamedData = {
  name: string;
};

/** The branch moves from one unit to another of the same university. */
export type BranchMovedData = {
  fromUnitId: string;
  toUnitId: string;
  on: CalendarDate;
};

/** 撤销/合并: the branch is dissolved, optionally merged into another branch. Never deleted. */
export type BranchDissolvedData = {
  on: CalendarDate;
  reason: string;
  /** The branch it was merged into; null when simply dissolved. */
  mergedInto: string | null;
};

/** 党员人数 as of a day; in force from `on` until a later report. */
export type MemberCountReportedData = {
  on: CalendarDate;
  count: number;
};

// ---------- officers ----------

/** The secretary with the facts deciding 双带头人 (dual-leader) status. */
export type SecretaryFacts = {
  personId: string;
  title: ProfessionalTitle;
  /** 学术骨干 */
  academicBackbone: boolean;
};

/**
 * 换届选举: the branch elects its whole committee (replacing every officer). The committee is the
 * secretary, the deputies and the committee members; each person holds one role.
 */
export type ElectionHeldData = {
  heldOn: CalendarDate;
  termYears: number;
  /** `heldOn` + `termYears` (29 February falls back to 28 February). */
  termEndsOn: CalendarDate;
  secretary: SecretaryFacts;
  deputySecretaryIds: string[];
  committeeMemberIds: string[];
  /** 报批: the day the higher committee approved; null when not (yet) recorded. */
  approvedOn: CalendarDate | null;
};

/**
 * 调整书记: a new secretary mid-term. The new secretary leaves any other role held; the previous
 * secretary leaves office.
 */
export type SecretaryReplacedData = {
  on: CalendarDate;
  secretary: SecretaryFacts;
  /** The secretary in office before; null when the post was vacant. */
  previousSecretaryId: string | null;
  reason: string;
};

/**
 * 补选/调整委员: people added become committee members; people removed leave whatever role they held
 * (removing the secretary leaves the post vacant).
 */
export type CommitteeChangedData = {
  on: CalendarDate;
  addIds: string[];
  removeIds: string[];
  reason: string;
};

// ---------- meetings and plans ----------

/** An absentee and why; `personId` null when the record names nobody. */
export type Absentee = {
  personId: string | null;
  reason: string;
};

/** 三会一课 and other organizational life: one meeting may count for several kinds. */
export type MeetingHeldData = {
  meetingId: string;
  kinds: MeetingKind[];
  heldOn: CalendarDate;
  place: string | null;
  /** 应到 */
  expected: number;
  /** 实到 */
  present: number;
  absentees: Absentee[];
  hostPersonId: string | null;
  recorderPersonId: string | null;
  topic: string;
  resolutions: string[];
};

/**
 * A wrong meeting record corrected (never edited). Each field is the corrected value, or null when
 * that field is unchanged; at least one is non-null.
 */
export type MeetingCorrectedData = {
  meetingId: string;
  reason: string;
  kinds: MeetingKind[] | null;
  heldOn: CalendarDate | null;
  expected: number | null;
  present: number | null;
  topic: string | null;
};

/** A meeting record withdrawn: it counts for nothing from now on. */
export type MeetingRetractedData = {
  meetingId: string;
  reason: string;
};

/** One month of the 一表: the planned study and activity. */
export type PlanMonth = {
  /** 1-12 */
  month: number;
  study: string;
  activity: string;
};

/** 一表 (党支部学习活动年度安排表) adopted for a year; a later adoption for the same year supersedes it. */
export type AnnualPlanAdoptedData = {
  year: number;
  months: PlanMonth[];
};

// ---------- other branch work ----------

/** 把好政治关、师德关: the branch took part in a hiring, promotion or award review. */
export type PersonnelReviewRecordedData = {
  on: CalendarDate;
  matter: PersonnelMatter;
  note: string | null;
};

/** 联系指导/联系帮扶: a leader liaises with the branch from a day. */
export type LiaisonAssignedData = {
  liaisonLeaderId: string;
  on: CalendarDate;
};

/** 活动经费 allocated to the branch for a year. */
export type FundsAllocatedData = {
  year: number;
  amountYuan: number;
};

/** 活动经费 spent: on a day, from the year's funds, for a purpose. */
export type FundsUsedData = {
  year: number;
  on: CalendarDate;
  amountYuan: number;
  purpose: string;
};

// ---------- reviews ----------

/** 评星定级: 1-5 stars for a year; a later rating for the same year supersedes it. */
export type BranchRatedData = {
  year: number;
  stars: number;
};

/** A finding of the health check, named by the client. */
export type HealthCheckFinding = {
  findingId: string;
  area: FiveHaves;
  description: string;
};

/** 体检: the annual check around the five haves (五有), with findings each resolved later. */
export type HealthCheckRecordedData = {
  year: number;
  on: CalendarDate;
  findings: HealthCheckFinding[];
};

/** A health-check finding put right. */
export type FindingResolvedData = {
  findingId: string;
  on: CalendarDate;
  note: string;
};

/** 述职评议考核: the secretary's review grade for a year. */
export type SecretaryReviewedData = {
  year: number;
  grade: ReviewGrade;
};

// ---------- weak and lax branches: screening and the rectification ledger ----------

/**
 * 排查: the branch screened for a year. The screening in force for a year is the one with the latest
 * `on` (the last recorded among equal days).
 */
export type BranchScreenedData = {
  year: number;
  on: CalendarDate;
  outcome: ScreeningOutcome;
  categories: WeaknessCategory[];
};

/**
 * 列入台账: a rectification case opened with its plan (一支一策). It belongs to `year` for good,
 * reopenings included.
 */
export type RectificationCaseOpenedData = {
  caseId: string;
  year: number;
  categories: WeaknessCategory[];
  problems: string[];
  causes: string[];
  measures: string[];
  /** 联系帮扶领导干部 */
  liaisonLeaderId: string | null;
  responsiblePersonId: string | null;
  deadline: CalendarDate;
  /** The day the case was recorded (the command's today). */
  openedOn: CalendarDate;
};

/** A step of the rectification (a `SECRETARY_REPLACED` step is a note, not an officer change). */
export type RectificationStepRecordedData = {
  caseId: string;
  on: CalendarDate;
  kind: RectificationStepKind;
  note: string | null;
};

/** 验收 by the university: passed or failed. */
export type RectificationAcceptedData = {
  caseId: string;
  on: CalendarDate;
  passed: boolean;
  score: number | null;
  /** The accepting body (e.g. 校党委组织部), not a person. */
  acceptedBy: string;
  note: string | null;
};

/** 销账: the case closed after a passed acceptance. */
export type RectificationCaseClosedData = {
  caseId: string;
  on: CalendarDate;
};

/** 回头看: a closed case reopened; it needs a new passed acceptance before it closes again. */
export type RectificationCaseReopenedData = {
  caseId: string;
  on: CalendarDate;
  reason: string;
};

// ---------- the union ----------

export type BranchEstablished = { type: 'BranchEstablished'; data: BranchEstablishedData };
export type BranchRenamed = { type: 'BranchRenamed'; data: BranchRenamedData };
export type BranchMoved = { type: 'BranchMoved'; data: BranchMovedData };
export type BranchDissolved = { type: 'BranchDissolved'; data: BranchDissolvedData };
export type MemberCountReported = { type: 'MemberCountReported'; data: MemberCountReportedData };
export type ElectionHeld = { type: 'ElectionHeld'; data: ElectionHeldData };
export type SecretaryReplaced = { type: 'SecretaryReplaced'; data: SecretaryReplacedData };
export type CommitteeChanged = { type: 'CommitteeChanged'; data: CommitteeChangedData };
export type MeetingHeld = { type: 'MeetingHeld'; data: MeetingHeldData };
export type MeetingCorrected = { type: 'MeetingCorrected'; data: MeetingCorrectedData };
export type MeetingRetracted = { type: 'MeetingRetracted'; data: MeetingRetractedData };
export type AnnualPlanAdopted = { type: 'AnnualPlanAdopted'; data: AnnualPlanAdoptedData };
export type PersonnelReviewRecorded = { type: 'PersonnelReviewRecorded'; data: PersonnelReviewRecordedData };
export type LiaisonAssigned = { type: 'LiaisonAssigned'; data: LiaisonAssignedData };
export type FundsAllocated = { type: 'FundsAllocated'; data: FundsAllocatedData };
export type FundsUsed = { type: 'FundsUsed'; data: FundsUsedData };
export type BranchRated = { type: 'BranchRated'; data: BranchRatedData };
export type HealthCheckRecorded = { type: 'HealthCheckRecorded'; data: HealthCheckRecordedData };
export type FindingResolved = { type: 'FindingResolved'; data: FindingResolvedData };
export type SecretaryReviewed = { type: 'SecretaryReviewed'; data: SecretaryReviewedData };
export type BranchScreened = { type: 'BranchScreened'; data: BranchScreenedData };
export type RectificationCaseOpened = { type: 'RectificationCaseOpened'; data: RectificationCaseOpenedData };
export type RectificationStepRecorded = { type: 'RectificationStepRecorded'; data: RectificationStepRecordedData };
export type RectificationAccepted = { type: 'RectificationAccepted'; data: RectificationAcceptedData };
export type RectificationCaseClosed = { type: 'RectificationCaseClosed'; data: RectificationCaseClosedData };
export type RectificationCaseReopened = { type: 'RectificationCaseReopened'; data: RectificationCaseReopenedData };

/** Everything recorded on `branch-<id>`. */
export type BranchEvent =
  | BranchEstablished
  | BranchRenamed
  | BranchMoved
  | BranchDissolved
  | MemberCountReported
  | ElectionHeld
  | SecretaryReplaced
  | CommitteeChanged
  | MeetingHeld
  | MeetingCorrected
  | MeetingRetracted
  | AnnualPlanAdopted
  | PersonnelReviewRecorded
  | LiaisonAssigned
  | FundsAllocated
  | FundsUsed
  | BranchRated
  | HealthCheckRecorded
  | FindingResolved
  | SecretaryReviewed
  | BranchScreened
  | RectificationCaseOpened
  | RectificationStepRecorded
  | RectificationAccepted
  | RectificationCaseClosed
  | RectificationCaseReopened;

export type BranchEventType = BranchEvent['type'];

/** Every event type of the stream, e.g. for a projection's subscription. */
export const BRANCH_EVENT_TYPES = [
  'BranchEstablished',
  'BranchRenamed',
  'BranchMoved',
  'BranchDissolved',
  'MemberCountReported',
  'ElectionHeld',
  'SecretaryReplaced',
  'CommitteeChanged',
  'MeetingHeld',
  'MeetingCorrected',
  'MeetingRetracted',
  'AnnualPlanAdopted',
  'PersonnelReviewRecorded',
  'LiaisonAssigned',
  'FundsAllocated',
  'FundsUsed',
  'BranchRated',
  'HealthCheckRecorded',
  'FindingResolved',
  'SecretaryReviewed',
  'BranchScreened',
  'RectificationCaseOpened',
  'RectificationStepRecorded',
  'RectificationAccepted',
  'RectificationCaseClosed',
  'RectificationCaseReopened',
] as const satisfies readonly BranchEventType[];
