import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { BranchKind, FiveHaves, MeetingKind, WeaknessCategory } from '../../../../libs/domain/src/vocabulary.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * The words branch records are written in: meeting topics of the time (十九大, 主题教育, 疫情防控…),
 * places, absence reasons, findings and plans. Entries with a window apply only within it.
 */
type Worded = string | { text: string; from?: CalendarDate; to?: CalendarDate };

function pickWording(random: SeededRandom, pool: readonly Worded[], on: CalendarDate): string {
  const fitting = pool.filter((entry) => typeof entry === 'string' || ((!entry.from || on >= entry.from) && (!entry.to || on <= entry.to)));
  const chosen = random.pick(fitting.length > 0 ? fitting : pool);
  return typeof chosen === 'string' ? chosen : chosen.text;
}

const STUDY: readonly Worded[] = [
  '学习习近平新时代中国特色社会主义思想',
  '学习党章党规，争做合格党员',
  { text: '学习贯彻党的十九大精神', to: '2018-12-31' },
  { text: '学习新修订的《中国共产党章程》', to: '2018-09-30' },
  { text: '学习《中华人民共和国宪法修正案》', from: '2018-03-12', to: '2018-08-31' },
  { text: '学习贯彻全国教育大会精神', from: '2018-09-11', to: '2019-06-30' },
  { text: '学习《中国共产党支部工作条例（试行）》', from: '2018-11-26' },
  { text: '学习新修订的《中国共产党纪律处分条例》', from: '2018-08-27', to: '2019-06-30' },
  { text: '学习纪念改革开放40周年大会讲话精神', from: '2018-12-18', to: '2019-03-31' },
  { text: '学习《习近平新时代中国特色社会主义思想学习纲要》', from: '2019-06-04' },
  { text: '“不忘初心、牢记使命”主题教育专题学习', from: '2019-06-01', to: '2019-12-31' },
  { text: '纪念五四运动100周年专题学习', from: '2019-04-01', to: '2019-05-31' },
  { text: '庆祝中华人民共和国成立70周年专题学习', from: '2019-09-01', to: '2019-10-31' },
  { text: '学习党的十九届四中全会精神', from: '2019-11-01', to: '2020-06-30' },
  { text: '学习关于疫情防控工作的重要讲话精神', from: '2020-02-01', to: '2020-06-30' },
  { text: '学习《习近平谈治国理政》第三卷', from: '2020-07-01' },
  { text: '学习党史、新中国史、改革开放史、社会主义发展史', from: '2020-01-01' },
  { text: '学习党的十九届五中全会精神', from: '2020-11-01' },
  { text: '学习《新时代公民道德建设实施纲要》', from: '2019-11-01' },
];

const STUDY_BY_KIND: Record<BranchKind, readonly Worded[]> = {
  TEACHER: ['师德师风专题学习', '学习《新时代高校教师职业行为十项准则》', '课程思政专题研讨'],
  STUDENT: ['学习习近平总书记给北京大学生的回信精神', '“青年马克思主义者”读书分享', '学习优秀学生党员先进事迹'],
  STAFF: ['学习“放管服”改革有关要求', '机关作风建设专题学习', '学习《党政机关厉行节约反对浪费条例》'],
  RETIREE: ['离退休党员读报学习', '学习“老有所为”先进事迹', '观看红色经典纪录片'],
};

const ACTIVITY: readonly Worded[] = [
  '“党旗耀京华”主题实践活动',
  '参观中国人民抗日战争纪念馆',
  '赴李大钊故居开展红色教育',
  '参观北京市规划展览馆',
  '赴社区开展志愿服务',
  '重温入党誓词',
  '参观中国共产党早期北京革命活动纪念馆',
  { text: '参观“伟大的变革——庆祝改革开放40周年大型展览”', from: '2018-11-13', to: '2019-03-20' },
  { text: '参观香山革命纪念地', from: '2019-09-13' },
  { text: '参观“伟大历程 辉煌成就——庆祝中华人民共和国成立70周年大型成就展”', from: '2019-09-24', to: '2020-01-05' },
  { text: '参与社区疫情防控志愿服务', from: '2020-02-01', to: '2020-06-30' },
  { text: '线上“云参观”红色教育基地', from: '2020-02-01', to: '2020-05-31' },
];

const ACTIVITY_BY_KIND: Record<BranchKind, readonly Worded[]> = {
  TEACHER: ['党员教师结对帮扶青年教师', '赴合作单位开展产学研调研', '党员教师开放课堂'],
  STUDENT: ['赴京郊开展社会实践', '党员先锋岗志愿服务', '学生党员宿舍挂牌亮身份'],
  STAFF: ['机关党员进院系服务师生', '“我为师生办实事”窗口服务', '党员先锋岗创建'],
  RETIREE: ['老党员讲述入党故事', '走访慰问困难老党员', '离退休党员健身文体活动'],
};

const THEMED_DAY = [
  '主题党日：学习交流', '主题党日：党员承诺践诺', '主题党日：“先锋引领”', '主题党日：学习身边榜样',
  '主题党日：重温入党誓词', '主题党日：党员过“政治生日”', '主题党日：党性分析',
];

const COMMITTEE = [
  '研究本月主题党日安排', '讨论发展党员工作', '研究党费收缴和使用', '研究入党积极分子培养考察', '研究党员组织关系转接',
  '研究支部学习活动年度安排表', '研究支部半年工作', '研究党员教育管理工作', '研究支部阵地和制度建设',
];

const COMMITTEE_RESOLUTIONS = [
  '确定本月主题党日安排', '确定入党积极分子培养联系人', '按时足额收缴党费', '完善支部工作台账', '组织党员参加集中学习',
  '推荐优秀党员参加评优', '落实“三会一课”制度',
];

const ASSEMBLY = [
  '支部党员大会：讨论接收预备党员', '支部党员大会：预备党员转正表决', '支部党员大会：通报支部工作', '支部党员大会：半年工作总结',
  '支部党员大会：推荐评选优秀共产党员',
];

const LECTURE: readonly Worded[] = [
  '书记讲党课：新时代党支部建设', '党课：学习党的历史', '党课：坚定理想信念', '党课：做一名合格共产党员',
  { text: '书记讲党课：不忘初心、牢记使命', from: '2019-06-01', to: '2019-12-31' },
  { text: '党课：弘扬伟大抗疫精神', from: '2020-09-01' },
  { text: '党课：学习贯彻党的十九大精神', to: '2018-12-31' },
];

const GROUP = ['党小组学习讨论', '党小组交流学习心得', '党小组谈心交流', '党小组传达支部工作安排'];

const PLACES: Record<BranchKind, readonly string[]> = {
  TEACHER: ['党员之家', '学院会议室', '系会议室', '实验楼会议室'],
  STUDENT: ['党员之家', '学生活动中心', '教学楼研讨室', '学院会议室'],
  STAFF: ['机关党员活动室', '行政楼会议室', '党员之家'],
  RETIREE: ['离退休活动中心', '老干部活动室', '党员之家'],
};

const ABSENCE: Record<BranchKind, readonly string[]> = {
  TEACHER: ['出差', '病假', '事假', '出国访学', '教学任务冲突', '参加学术会议'],
  STUDENT: ['外出实习', '病假', '事假', '出国交流', '课程冲突', '参加竞赛'],
  STAFF: ['出差', '病假', '事假', '公务外出', '值班'],
  RETIREE: ['身体原因', '住院', '外地探亲', '行动不便'],
};

/** Online from the epidemic's first months. */
const ONLINE_FROM = '2020-02-01';
const ONLINE_TO = '2020-05-31';

export function meetingTopic(random: SeededRandom, kinds: readonly MeetingKind[], branchKind: BranchKind, on: CalendarDate): string {
  const [first] = kinds;
  switch (first) {
    case 'COMMITTEE':
      return random.pick(COMMITTEE);
    case 'PARTY_GROUP':
      return random.pick(GROUP);
    case 'THEMED_PARTY_DAY': {
      const theme = random.pick(THEMED_DAY);
      if (kinds.includes('STUDY')) return `${theme}（${studyTopic(random, branchKind, on)}）`;
      if (kinds.includes('ACTIVITY')) return `${theme}（${activityTopic(random, branchKind, on)}）`;
      if (kinds.includes('PARTY_LECTURE')) return `${theme}（${pickWording(random, LECTURE, on)}）`;
      return theme;
    }
    case 'STUDY':
      return studyTopic(random, branchKind, on);
    case 'ACTIVITY':
      return activityTopic(random, branchKind, on);
    case 'GENERAL_ASSEMBLY':
      return kinds.includes('PARTY_LECTURE') ? `${random.pick(ASSEMBLY)}；${pickWording(random, LECTURE, on)}` : random.pick(ASSEMBLY);
    case 'PARTY_LECTURE':
      return pickWording(random, LECTURE, on);
    case 'ORGANIZATIONAL_LIFE':
      return on >= '2019-06-01' && on <= '2020-01-31'
        ? '“不忘初心、牢记使命”专题组织生活会'
        : `${on.slice(0, 4)}年度组织生活会${kinds.includes('DEMOCRATIC_APPRAISAL') ? '和民主评议党员' : ''}`;
    case 'DEMOCRATIC_APPRAISAL':
      return `${on.slice(0, 4)}年度民主评议党员`;
    case 'HEART_TO_HEART':
      return '支部书记与党员谈心谈话';
    case 'DEPARTMENT_AFFAIRS':
      return random.pick(['系务会：研究教学科研重要事项', '室务会：讨论人才引进', '系务会：研究职称评审推荐']);
    default:
      return '支部会议';
  }
}

export function studyTopic(random: SeededRandom, branchKind: BranchKind, on: CalendarDate): string {
  return random.chance(0.25) ? pickWording(random, STUDY_BY_KIND[branchKind], on) : pickWording(random, STUDY, on);
}

export function activityTopic(random: SeededRandom, branchKind: BranchKind, on: CalendarDate): string {
  return random.chance(0.35) ? pickWording(random, ACTIVITY_BY_KIND[branchKind], on) : pickWording(random, ACTIVITY, on);
}

export function meetingPlace(random: SeededRandom, kinds: readonly MeetingKind[], branchKind: BranchKind, on: CalendarDate): string {
  if (on >= ONLINE_FROM && on <= ONLINE_TO) return '线上（腾讯会议）';
  if (kinds[0] === 'COMMITTEE') return '党支部办公室';
  if (kinds.includes('ACTIVITY')) return random.chance(0.5) ? '校外实践基地' : random.pick(PLACES[branchKind]);
  return random.pick(PLACES[branchKind]);
}

export function absenceReason(random: SeededRandom, branchKind: BranchKind): string {
  return random.pick(ABSENCE[branchKind]);
}

export function committeeResolutions(random: SeededRandom): string[] {
  return random.sample(COMMITTEE_RESOLUTIONS, random.int(1, 2));
}

const FINDINGS: Record<FiveHaves, readonly string[]> = {
  TEAM: ['支委会成员配备不齐', '党小组划分不合理', '支部委员分工不明确'],
  ACTIVITIES: ['主题党日形式单一', '集中学习次数不足', '组织生活会批评与自我批评不够深入'],
  VENUE: ['缺少固定活动场所', '党员活动室设施陈旧', '宣传栏内容更新不及时'],
  SYSTEMS: ['“三会一课”记录不规范', '发展党员材料不完整', '党费收缴台账不清'],
  SUPPORT: ['活动经费使用台账不完整', '支部书记培训保障不足', '活动经费未及时拨付'],
};

export function findingDescription(random: SeededRandom, area: FiveHaves): string {
  return random.pick(FINDINGS[area]);
}

export const FINDING_RESOLUTIONS = ['已完成整改', '已补齐材料并建立台账', '已落实活动场所', '已调整支委分工', '已纳入年度计划并落实'];

const PROBLEMS: Record<WeaknessCategory, string> = {
  SECRETARY_VACANT: '支部书记长期空缺',
  SECRETARY_UNFIT: '支部书记履职能力不强、作用发挥不明显',
  COMMITTEE_DISUNITED: '支委班子不团结、工作推不动',
  TERM_OVERDUE: '支部委员会任期届满未按期换届',
  RULES_ON_PAPER_ONLY: '“三会一课”等制度落实不到位，停留在纸面',
  WEAK_COHESION: '组织涣散、党员参加组织生活不积极',
  POOR_MEMBER_MANAGEMENT: '党员教育管理松散，党费收缴不及时',
  OTHER: '支部工作与业务工作结合不紧密',
};

const CAUSES: Record<WeaknessCategory, string> = {
  SECRETARY_VACANT: '原书记调离后未及时选配',
  SECRETARY_UNFIT: '书记业务工作繁重，党建精力投入不足',
  COMMITTEE_DISUNITED: '支委之间沟通不畅，分工不明确',
  TERM_OVERDUE: '对按期换届重视不够',
  RULES_ON_PAPER_ONLY: '对组织生活制度学习不够，缺少计划',
  WEAK_COHESION: '党员流动性大，组织生活吸引力不强',
  POOR_MEMBER_MANAGEMENT: '党员管理台账不健全',
  OTHER: '对党建与业务融合认识不足',
};

const MEASURES: Record<WeaknessCategory, string> = {
  SECRETARY_VACANT: '选优配强支部书记',
  SECRETARY_UNFIT: '调整充实支部书记，开展专题培训',
  COMMITTEE_DISUNITED: '召开专题组织生活会，重新明确支委分工',
  TERM_OVERDUE: '按程序组织换届选举',
  RULES_ON_PAPER_ONLY: '制定学习活动年度安排表并逐月落实“三会一课”',
  WEAK_COHESION: '丰富主题党日形式，开展谈心谈话全覆盖',
  POOR_MEMBER_MANAGEMENT: '健全党员管理台账，规范党费收缴',
  OTHER: '推动党建与业务工作深度融合',
};

export function rectificationPlan(categories: readonly WeaknessCategory[]) {
  return {
    problems: categories.map((category) => PROBLEMS[category]),
    causes: categories.map((category) => CAUSES[category]),
    measures: [...categories.map((category) => MEASURES[category]), '校领导联系帮扶，定期听取整顿进展'],
  };
}

export const PLAN_STUDIES = [
  '学习党章党规', '学习习近平新时代中国特色社会主义思想', '学习党的创新理论', '学习《中国共产党支部工作条例（试行）》',
  '学习全国教育大会精神', '学习先进典型事迹', '学习党史国史', '专题研讨学习',
];

export const PLAN_ACTIVITIES = [
  '主题党日', '“党旗耀京华”实践活动', '红色教育基地参观', '志愿服务', '党员承诺践诺', '重温入党誓词', '谈心谈话', '组织生活会',
];

export const FUNDS_PURPOSES = [
  '购买学习资料', '主题党日参观交通费', '党员之家设施购置', '红色教育基地门票', '慰问困难党员', '支部宣传栏制作', '线上学习平台服务费',
];

export const STUDY_TOPICS_FOR_COMMITTEES: readonly Worded[] = [
  '专题研究党支部标准化规范化建设',
  '专题研究软弱涣散党支部整顿工作',
  '专题研究教师党支部书记“双带头人”培育工程',
  '专题研究党支部书记轮训工作',
  '专题研究基层党组织建设质量提升',
  { text: '专题研究落实《中国共产党支部工作条例（试行）》', from: '2018-11-26' },
  { text: '专题研究“不忘初心、牢记使命”主题教育中的党支部工作', from: '2019-06-01', to: '2019-12-31' },
  { text: '专题研究疫情防控期间党支部工作', from: '2020-02-01', to: '2020-07-31' },
];

export function committeeStudyTopic(random: SeededRandom, on: CalendarDate): string {
  return pickWording(random, STUDY_TOPICS_FOR_COMMITTEES, on);
}
