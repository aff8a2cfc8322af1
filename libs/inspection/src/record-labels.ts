/** The Chinese the university offices file their ledgers in, for the codes the records use. */
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

export const LEDGER_STATUS_LABELS: Record<string, string> = {
  OPEN: '未整改',
  IN_PROGRESS: '整改中',
  ACCEPTED: '已验收',
  CLOSED: '已销号',
  OVERDUE: '逾期',
  REOPENED: '重新整改',
};

export const STEP_LABELS: Record<string, string> = {
  LIAISON_ASSIGNED: '明确联系领导',
  SECRETARY_REPLACED: '调整书记',
  COMMITTEE_RESELECTED: '调整支委',
  RULES_ESTABLISHED: '建立制度',
  TRAINING: '培训',
  PROGRESS_NOTE: '进展',
  OTHER: '其他',
};

export const OFFICER_ROLE_LABELS: Record<string, string> = {
  SECRETARY: '书记',
  DEPUTY_SECRETARY: '副书记',
  COMMITTEE_MEMBER: '支委委员',
};

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
