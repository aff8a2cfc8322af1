/**
 * The closed vocabularies of the domain (DOMAIN.md §2-3), as value lists and string-literal unions.
 * They mirror the GraphQL enums of the contract value for value; the application validates inputs
 * against these lists before a decider sees them.
 */

/** 党支部类别: teacher 教师党支部, student 学生党支部, staff 机关/管理服务, retiree 离退休. */
export const BRANCH_KINDS = ['TEACHER', 'STUDENT', 'STAFF', 'RETIREE'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

/**
 * 组织生活形式: 支部党员大会, 支部委员会, 党小组会, 党课, 主题党日, 组织生活会, 民主评议党员, 集中学习,
 * 实践活动, 谈心谈话, 系(室)务会. One meeting may count for several kinds.
 */
export const MEETING_KINDS = [
  'GENERAL_ASSEMBLY',
  'COMMITTEE',
  'PARTY_GROUP',
  'PARTY_LECTURE',
  'THEMED_PARTY_DAY',
  'ORGANIZATIONAL_LIFE',
  'DEMOCRATIC_APPRAISAL',
  'STUDY',
  'ACTIVITY',
  'HEART_TO_HEART',
  'DEPARTMENT_AFFAIRS',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** 职称, highest first: PROFESSOR > ASSOCIATE_PROFESSOR > LECTURER > OTHER. */
export const PROFESSIONAL_TITLES = ['PROFESSOR', 'ASSOCIATE_PROFESSOR', 'LECTURER', 'OTHER'] as const;
export type ProfessionalTitle = (typeof PROFESSIONAL_TITLES)[number];

/** 支部委员会职务: secretary 书记, deputy secretary 副书记, committee member 委员. */
export const OFFICER_ROLES = ['SECRETARY', 'DEPUTY_SECRETARY', 'COMMITTEE_MEMBER'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/** 五有: 有队伍, 有活动, 有阵地, 有制度, 有保障 — the areas of the annual health check. */
export const FIVE_HAVES = ['TEAM', 'ACTIVITIES', 'VENUE', 'SYSTEMS', 'SUPPORT'] as const;
export type FiveHaves = (typeof FIVE_HAVES)[number];

/** 述职评议考核 grades: 好, 较好, 一般, 差. */
export const REVIEW_GRADES = ['GOOD', 'FAIRLY_GOOD', 'AVERAGE', 'POOR'] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];

/** 排查 outcome: normal, 后进 (lagging) or 软弱涣散 (weak and lax). */
export const SCREENING_OUTCOMES = ['NORMAL', 'LAGGING', 'WEAK_LAX'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

/** The outcomes that make a branch a rectification target for the year and cap its rating. */
export const WEAK_SCREENING_OUTCOMES: readonly ScreeningOutcome[] = ['LAGGING', 'WEAK_LAX'];

/** Why a branch was screened weak (软弱涣散的情形). */
export const WEAKNESS_CATEGORIES = [
  'SECRETARY_VACANT',
  'SECRETARY_UNFIT',
  'COMMITTEE_DISUNITED',
  'TERM_OVERDUE',
  'RULES_ON_PAPER_ONLY',
  'WEAK_COHESION',
  'POOR_MEMBER_MANAGEMENT',
  'OTHER',
] as const;
export type WeaknessCategory = (typeof WEAKNESS_CATEGORIES)[number];

/**
 * 整顿措施: assign liaison, replace the secretary (选优配强, a note only: officers change through
 * SecretaryReplaced), re-select the committee, establish internal rules (健全内部管理制度), training,
 * progress note, other.
 */
export const RECTIFICATION_STEP_KINDS = [
  'LIAISON_ASSIGNED',
  'SECRETARY_REPLACED',
  'COMMITTEE_RESELECTED',
  'RULES_ESTABLISHED',
  'TRAINING',
  'PROGRESS_NOTE',
  'OTHER',
] as const;
export type RectificationStepKind = (typeof RECTIFICATION_STEP_KINDS)[number];

/** 轮训 organizer: municipal 示范培训班, university 集中轮训, or unit. */
export const TRAINING_ORGANIZERS = ['MUNICIPAL', 'UNIVERSITY', 'UNIT'] as const;
export type TrainingOrganizer = (typeof TRAINING_ORGANIZERS)[number];

/** 把好政治关、师德关: the personnel review a branch took part in — hiring, promotion or award. */
export const PERSONNEL_MATTERS = ['HIRING', 'PROMOTION', 'AWARD'] as const;
export type PersonnelMatter = (typeof PERSONNEL_MATTERS)[number];
