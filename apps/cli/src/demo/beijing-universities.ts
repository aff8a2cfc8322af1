/**
 * Beijing's universities by national school code (学校代码), with a weight for their relative size
 * (how many party branches they have). The Beijing-scale data set tops the list up with clearly
 * labelled example institutions to reach about ninety.
 */
export interface UniversityEntry {
  id: string;
  name: string;
  /** Relative size: 1 is an average Beijing university. */
  weight: number;
}

export const BEIJING_UNIVERSITIES: readonly UniversityEntry[] = [
  { id: '10001', name: '北京大学', weight: 5 },
  { id: '10003', name: '清华大学', weight: 5 },
  { id: '10006', name: '北京航空航天大学', weight: 3 },
  { id: '10002', name: '中国人民大学', weight: 3 },
  { id: '10027', name: '北京师范大学', weight: 3 },
  { id: '10007', name: '北京理工大学', weight: 3 },
  { id: '10004', name: '北京交通大学', weight: 2.5 },
  { id: '10019', name: '中国农业大学', weight: 2.5 },
  { id: '10025', name: '首都医科大学', weight: 3 },
  { id: '14430', name: '中国科学院大学', weight: 2.5 },
  { id: '10008', name: '北京科技大学', weight: 2.5 },
  { id: '10013', name: '北京邮电大学', weight: 2.5 },
  { id: '10005', name: '北京工业大学', weight: 2.5 },
  { id: '10028', name: '首都师范大学', weight: 2.5 },
  { id: '11417', name: '北京联合大学', weight: 2.5 },
  { id: '10010', name: '北京化工大学', weight: 2 },
  { id: '10022', name: '北京林业大学', weight: 2 },
  { id: '10054', name: '华北电力大学', weight: 2 },
  { id: '10052', name: '中央民族大学', weight: 2 },
  { id: '10026', name: '北京中医药大学', weight: 2 },
  { id: '10053', name: '中国政法大学', weight: 1.5 },
  { id: '10030', name: '北京外国语大学', weight: 1.5 },
  { id: '10033', name: '中国传媒大学', weight: 1.5 },
  { id: '10034', name: '中央财经大学', weight: 1.5 },
  { id: '10036', name: '对外经济贸易大学', weight: 1.5 },
  { id: '10038', name: '首都经济贸易大学', weight: 1.5 },
  { id: '11413', name: '中国矿业大学（北京）', weight: 1.5 },
  { id: '11414', name: '中国石油大学（北京）', weight: 1.5 },
  { id: '11415', name: '中国地质大学（北京）', weight: 1.5 },
  { id: '10016', name: '北京建筑大学', weight: 1.2 },
  { id: '11232', name: '北京信息科技大学', weight: 1.2 },
  { id: '10011', name: '北京工商大学', weight: 1.2 },
  { id: '10009', name: '北方工业大学', weight: 1 },
  { id: '10032', name: '北京语言大学', weight: 1 },
  { id: '10043', name: '北京体育大学', weight: 1 },
  { id: '10031', name: '北京第二外国语学院', weight: 1 },
  { id: '10020', name: '北京农学院', weight: 0.8 },
  { id: '10017', name: '北京石油化工学院', weight: 0.8 },
  { id: '10015', name: '北京印刷学院', weight: 0.7 },
  { id: '10012', name: '北京服装学院', weight: 0.7 },
  { id: '10037', name: '北京物资学院', weight: 0.7 },
  { id: '10041', name: '中国人民公安大学', weight: 1 },
  { id: '11418', name: '北京城市学院', weight: 1 },
  { id: '11625', name: '中国青年政治学院', weight: 0.6 },
  { id: '10029', name: '首都体育学院', weight: 0.5 },
  { id: '10040', name: '外交学院', weight: 0.5 },
  { id: '10042', name: '国际关系学院', weight: 0.5 },
  { id: '10018', name: '北京电子科技学院', weight: 0.5 },
  { id: '10853', name: '中华女子学院', weight: 0.5 },
  { id: '10045', name: '中央音乐学院', weight: 0.5 },
  { id: '10046', name: '中国音乐学院', weight: 0.4 },
  { id: '10047', name: '中央美术学院', weight: 0.5 },
  { id: '10048', name: '中央戏剧学院', weight: 0.4 },
  { id: '10049', name: '中国戏曲学院', weight: 0.4 },
  { id: '10050', name: '北京电影学院', weight: 0.5 },
  { id: '10051', name: '北京舞蹈学院', weight: 0.4 },
];

/** How many universities the Beijing-scale set has (DOMAIN.md §7: about 90). */
export const BEIJING_UNIVERSITY_COUNT = 90;

/** The list topped up with example institutions (示例高校, ids 9xxxx) to `count` entries. */
export function beijingUniversities(count: number): UniversityEntry[] {
  const real = BEIJING_UNIVERSITIES.slice(0, count);
  const examples: UniversityEntry[] = [];
  for (let index = real.length; index < count; index += 1) {
    const number = index - BEIJING_UNIVERSITIES.length + 1;
    examples.push({
      id: String(90000 + number),
      name: `北京示例高等职业学院${String(number).padStart(2, '0')}（示例）`,
      weight: 0.6,
    });
  }
  return [...real, ...examples];
}

/** Schools and departments (院系) whose committees are units (二级党组织). */
export const ACADEMIC_UNIT_NAMES: readonly string[] = [
  '数学科学学院', '物理学院', '化学学院', '生命科学学院', '计算机学院', '信息与通信工程学院', '电子工程学院',
  '自动化学院', '机械工程学院', '材料科学与工程学院', '土木工程学院', '环境学院', '经济管理学院', '马克思主义学院',
  '外国语学院', '人文学院', '法学院', '新闻与传播学院', '公共管理学院', '艺术与设计学院', '建筑学院',
  '能源与动力工程学院', '软件学院', '理学院', '医学院', '药学院', '护理学院', '社会学院', '历史学院', '哲学学院',
  '心理学院', '教育学院', '统计学院', '国际关系学院', '交通运输学院', '航空航天学院', '光电学院', '网络空间安全学院',
  '人工智能学院', '地球科学学院', '农学院', '动物科技学院', '食品科学与营养工程学院', '体育学院', '音乐学院',
];

/** Research areas that name teacher branches (教工党支部). */
export const TEACHING_AREAS: readonly string[] = [
  '基础理论', '应用技术', '实验教学中心', '第一教研室', '第二教研室', '第三教研室', '研究所', '重点实验室',
  '公共课教学部', '学科建设办公室', '青年教师', '高端人才',
];

/** Offices of the administration (机关) whose staff form branches (机关党支部). */
export const OFFICE_NAMES: readonly string[] = [
  '党委办公室校长办公室', '党委组织部', '党委宣传部', '人事处', '教务处', '科学研究院', '财务处', '学生工作部',
  '研究生院', '国际合作部', '资产管理处', '保卫部', '审计处', '发展规划处', '招生就业处', '纪委办公室', '工会',
  '校团委', '图书馆', '档案馆', '信息化中心', '基建处',
];
