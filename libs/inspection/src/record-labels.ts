/**
 * The one vocabulary of the records in Chinese, in DOMAIN.md's words (整顿一个销账一个, 回头看,
 * 联系帮扶领导, 选优配强, 健全内部管理制度): the console, the ledger workbook and the work manual
 * all label codes from here, so an inspector reads the same word on the screen and on paper.
 * Plain data, no imports: the console's bundle takes it as it is.
 */
export const LEDGER_STATUS_LABELS: Record<string, string> = {
  OPEN: '已列入台账',
  IN_PROGRESS: '整顿中',
  ACCEPTED: '已验收',
  CLOSED: '已销账',
  OVERDUE: '逾期',
  REOPENED: '回头看',
};

export const CATEGORY_LABELS: Record<string, string> = {
  SECRETARY_VACANT: '书记空缺',
  SECRETARY_UNFIT: '书记不胜任',
  COMMITTEE_DISUNITED: '班子不团结',
  TERM_OVERDUE: '换届逾期',
  RULES_ON_PAPER_ONLY: '制度空转',
  WEAK_COHESION: '凝聚力弱',
  POOR_MEMBER_MANAGEMENT: '党员管理松散',
  OTHER: '其他',
};

export const STEP_LABELS: Record<string, string> = {
  LIAISON_ASSIGNED: '明确联系帮扶领导',
  SECRETARY_REPLACED: '选优配强书记',
  COMMITTEE_RESELECTED: '调整支委班子',
  RULES_ESTABLISHED: '健全内部管理制度',
  TRAINING: '培训',
  PROGRESS_NOTE: '进展记录',
  OTHER: '其他',
};

export const OFFICER_ROLE_LABELS: Record<string, string> = {
  SECRETARY: '书记',
  DEPUTY_SECRETARY: '副书记',
  COMMITTEE_MEMBER: '支委委员',
};

export const TITLE_LABELS: Record<string, string> = {
  PROFESSOR: '教授',
  ASSOCIATE_PROFESSOR: '副教授',
  LECTURER: '讲师',
  OTHER: '其他',
};

export const BRANCH_KIND_LABELS: Record<string, string> = { TEACHER: '教工党支部', STUDENT: '学生党支部', STAFF: '机关党支部', RETIREE: '离退休党支部' };

export const BRANCH_STATUS_LABELS: Record<string, string> = { ACTIVE: '正常', DISSOLVED: '已撤销' };

export const ROLE_LABELS: Record<string, string> = {
  MUNICIPAL_ADMIN: '市委教工委',
  INSPECTOR: '督查',
  UNIVERSITY_ADMIN: '高校党委组织部',
  UNIT_ADMIN: '院系党委',
  BRANCH_SECRETARY: '党支部书记',
  PORTAL: '高校门户',
};

/** Event types in the words of the domain; unknown ones show as recorded. */
export const EVENT_TYPE_LABELS: Record<string, string> = {
  BranchEstablished: '成立党支部',
  BranchRenamed: '支部更名',
  BranchMoved: '调整隶属',
  BranchDissolved: '撤销支部',
  CommitteeChanged: '支委调整',
  MemberCountReported: '报告党员人数',
  ElectionHeld: '换届选举',
  SecretaryReplaced: '更换书记',
  SecretaryReviewed: '书记述职评议',
  MeetingHeld: '组织生活会议',
  LiaisonAssigned: '明确联系帮扶领导',
  FundsAllocated: '拨付经费',
  FundsUsed: '使用经费',
  FindingResolved: '问题整改完成',
  PersonnelReviewRecorded: '把好政治关、师德关',
  MeetingCorrected: '更正会议记录',
  MeetingRetracted: '撤回会议记录',
  AnnualPlanAdopted: '制定年度计划',
  BranchRated: '星级评定',
  HealthCheckRecorded: '“五有”检查',
  BranchScreened: '排查',
  RectificationCaseOpened: '列入整顿台账',
  RectificationStepRecorded: '整顿措施',
  RectificationAccepted: '验收',
  RectificationCaseClosed: '销账',
  RectificationCaseReopened: '回头看',
};

export const CHAIN_MARK_LABELS: Record<string, string> = { VALID: '哈希链完整', HASH_MISMATCH: '哈希不符（已被篡改）', LINK_BROKEN: '链接断裂' };

export const MEETING_KIND_LABELS: Record<string, string> = {
  GENERAL_ASSEMBLY: '支部党员大会',
  COMMITTEE: '支部委员会',
  PARTY_GROUP: '党小组会',
  PARTY_LECTURE: '党课',
  THEMED_PARTY_DAY: '主题党日',
  ORGANIZATIONAL_LIFE: '组织生活会',
  DEMOCRATIC_APPRAISAL: '民主评议党员',
  STUDY: '集中学习',
  ACTIVITY: '支部活动',
  HEART_TO_HEART: '谈心谈话',
  DEPARTMENT_AFFAIRS: '院系事务',
};

export function labelOf(labels: Record<string, string>, code: string): string {
  return labels[code] ?? code;
}

/** An instant as Beijing time (UTC+8, no daylight saving), e.g. 2019-09-01 08:00:00. */
export function beijingTime(instant: Date): string {
  return new Date(instant.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/** A rate as a percentage with one decimal, or a dash when there is none. */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
