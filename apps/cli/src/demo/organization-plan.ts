import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { BranchKind } from '../../../../libs/domain/src/vocabulary.js';
import type { Role } from '../../../../libs/identity/src/caller.js';
import {
  ACADEMIC_UNIT_NAMES,
  BEIJING_UNIVERSITIES,
  BEIJING_UNIVERSITY_COUNT,
  beijingUniversities,
  OFFICE_NAMES,
  TEACHING_AREAS,
  type UniversityEntry,
} from './beijing-universities.js';
import { addDays, day, dayBetween } from './calendar-days.js';
import { personName } from './person-names.js';
import { SeededRandom } from './seeded-random.js';

/** The data set's years (DOMAIN.md §7: 2018-2020); nothing is dated after the last day. */
export const FIRST_YEAR = 2018;
export const LAST_YEAR = 2020;
export const YEARS: readonly number[] = [2018, 2019, 2020];

/** Who records a command: the token the demo signs for it (its subject becomes the events' actor). */
export interface Actor {
  role: Role;
  subject: string;
  universityId?: string;
  unitId?: string;
  branchId?: string;
}

export interface PersonPlan {
  id: string;
  universityId: string;
  name: string;
}

export type UnitType = 'ACADEMIC' | 'OFFICES' | 'RETIREES' | 'SERVICES';

/** How a planned rectification case runs (DOMAIN.md §3, the ledger). */
export type CaseRole = 'CLOSED' | 'FAILED_THEN_PASSED' | 'REOPENED' | 'OVERDUE';

/** The rarer things that happen to a branch, planned so that the small data set surely has them. */
export interface BranchFeatures {
  /** A rectification case for that year, running as `role`. */
  plannedCase?: { year: number; role: CaseRole; outcome: 'LAGGING' | 'WEAK_LAX' };
  rename?: { on: CalendarDate; name: string };
  move?: { on: CalendarDate; toUnitId: string };
  dissolve?: { on: CalendarDate; mergedInto: string; reason: string };
  correction?: boolean;
  retraction?: boolean;
}

export interface BranchPlan {
  id: string;
  name: string;
  kind: BranchKind;
  universityId: string;
  unitId: string;
  establishedOn: CalendarDate;
  /** 党员人数 at establishment. */
  members: number;
  features: BranchFeatures;
}

export interface UnitPlan {
  id: string;
  name: string;
  universityId: string;
  type: UnitType;
  branches: BranchPlan[];
}

export interface UniversityPlan {
  id: string;
  name: string;
  units: UnitPlan[];
  /** University leaders (校领导, 组织部): liaison leaders of branches and cases. */
  leaders: PersonPlan[];
}

export interface OrganizationPlan {
  seed: string;
  universities: UniversityPlan[];
  branchCount: number;
}

export const MUNICIPAL_ADMIN: Actor = { role: 'MUNICIPAL_ADMIN', subject: 'demo-municipal-committee' };

export const universityAdmin = (universityId: string): Actor => ({
  role: 'UNIVERSITY_ADMIN',
  subject: `demo-organization-department-${universityId}`,
  universityId,
});

export const unitAdmin = (universityId: string, unitId: string): Actor => ({
  role: 'UNIT_ADMIN',
  subject: `demo-unit-committee-${unitId}`,
  universityId,
  unitId,
});

export const branchSecretary = (universityId: string, branchId: string): Actor => ({
  role: 'BRANCH_SECRETARY',
  subject: `demo-branch-secretary-${branchId}`,
  universityId,
  branchId,
});

// ---------------------------------------------------------------------------------------------
// The default demo: three universities, six units, sixty branches of the four kinds.

const DEMO_UNIVERSITIES: readonly { id: string; academicUnit: { slug: string; name: string; areas: string[] } }[] = [
  { id: '10001', academicUnit: { slug: 'phy', name: '物理学院', areas: ['凝聚态物理', '理论物理', '光学', '天文学', '技术物理'] } },
  { id: '10003', academicUnit: { slug: 'cs', name: '计算机科学与技术系', areas: ['软件研究所', '高性能计算研究所', '人工智能研究所', '网络研究所', '计算机系统结构'] } },
  { id: '10006', academicUnit: { slug: 'aero', name: '航空科学与工程学院', areas: ['飞行器设计', '流体力学', '动力学与控制', '人机环境工程', '适航技术'] } },
];

const DEMO_OFFICES = ['党委组织部', '人事处', '教务处', '财务处', '科学研究院', '学生工作部'];

/** The default data set: 3 universities, 6 units, 60 branches. */
export function demoOrganizationPlan(seed: string): OrganizationPlan {
  const random = SeededRandom.derived(seed, 'organizations');
  const universities: UniversityPlan[] = DEMO_UNIVERSITIES.map(({ id, academicUnit }) => {
    const entry = BEIJING_UNIVERSITIES.find((university) => university.id === id)!;
    const school: UnitPlan = { id: `${id}-${academicUnit.slug}`, name: `${academicUnit.name}党委`, universityId: id, type: 'ACADEMIC', branches: [] };
    const offices: UnitPlan = { id: `${id}-jg`, name: '机关党委', universityId: id, type: 'OFFICES', branches: [] };
    academicUnit.areas.forEach((area, index) => {
      school.branches.push(branchPlan(random, school, 'TEACHER', `t${two(index + 1)}`, `${academicUnit.name}${area}教工党支部`));
    });
    const cohorts = ['本科生第一党支部', '本科生第二党支部', '硕士研究生党支部', '博士研究生党支部'];
    cohorts.forEach((cohort, index) => {
      school.branches.push(branchPlan(random, school, 'STUDENT', `s${two(index + 1)}`, `${academicUnit.name}${cohort}`));
    });
    school.branches.push(branchPlan(random, school, 'STAFF', 'a01', `${academicUnit.name}实验中心党支部`));
    DEMO_OFFICES.forEach((office, index) => {
      offices.branches.push(branchPlan(random, offices, 'STAFF', `a${two(index + 1)}`, `${office}党支部`));
    });
    for (let index = 1; index <= 4; index += 1) {
      offices.branches.push(branchPlan(random, offices, 'RETIREE', `r${two(index)}`, `机关离退休第${chineseNumber(index)}党支部`));
    }
    return { id, name: entry.name, units: [school, offices], leaders: leadersOf(random, id, 6) };
  });

  // The rarer stories, placed so that the small set surely tells each of them.
  const [pku, thu, buaa] = universities as [UniversityPlan, UniversityPlan, UniversityPlan];
  const branch = (university: UniversityPlan, unitIndex: number, suffix: string) =>
    university.units[unitIndex]!.branches.find((candidate) => candidate.id.endsWith(`-${suffix}`))!;
  branch(pku, 0, 't01').features.rename = { on: '2019-03-15', name: '物理学院凝聚态物理与材料物理教工党支部' };
  branch(pku, 0, 'a01').features.move = { on: '2019-07-01', toUnitId: pku.units[1]!.id };
  const graduating = branch(pku, 0, 's02');
  graduating.features.dissolve = {
    on: '2020-07-10',
    mergedInto: branch(pku, 0, 's01').id,
    reason: '党员毕业离校，支部撤销，余下党员并入本科生第一党支部',
  };
  branch(pku, 0, 't02').features.correction = true;
  branch(thu, 0, 's01').features.retraction = true;
  branch(thu, 0, 't02').features.plannedCase = { year: 2018, role: 'FAILED_THEN_PASSED', outcome: 'WEAK_LAX' };
  branch(buaa, 0, 's03').features.plannedCase = { year: 2019, role: 'REOPENED', outcome: 'LAGGING' };
  branch(pku, 1, 'r02').features.plannedCase = { year: 2020, role: 'OVERDUE', outcome: 'WEAK_LAX' };
  branch(thu, 1, 'a03').features.plannedCase = { year: 2019, role: 'CLOSED', outcome: 'LAGGING' };
  branch(buaa, 0, 't04').features.plannedCase = { year: 2018, role: 'CLOSED', outcome: 'WEAK_LAX' };
  return { seed, universities, branchCount: 60 };
}

// ---------------------------------------------------------------------------------------------
// Beijing scale (DOMAIN.md §7): about 90 universities and their branches, scaled by `branches`.

/** The default Beijing-scale branch count: about 5 million events over 2018-2020. */
export const BEIJING_BRANCHES = 21_000;

/** Universities of the Beijing-scale set with their units and branches (no events: those stream later). */
export function beijingOrganizationPlan(seed: string, branches: number = BEIJING_BRANCHES): OrganizationPlan {
  const random = SeededRandom.derived(seed, 'organizations');
  const universityCount = Math.max(1, Math.min(BEIJING_UNIVERSITY_COUNT, Math.round(branches / 170)));
  const entries = beijingUniversities(universityCount);
  const shares = apportion(branches, entries.map((entry) => entry.weight));
  const universities = entries.map((entry, index) => beijingUniversity(random, entry, shares[index]!));
  return { seed, universities, branchCount: branches };
}

function beijingUniversity(random: SeededRandom, entry: UniversityEntry, branchCount: number): UniversityPlan {
  const id = entry.id;
  const large = branchCount >= 40;
  const officeShare = large ? Math.max(1, Math.round(branchCount * 0.1)) : Math.max(1, Math.round(branchCount * 0.2));
  const retireeShare = large ? Math.max(1, Math.round(branchCount * 0.06)) : 0;
  const serviceShare = large ? Math.max(1, Math.round(branchCount * 0.04)) : 0;
  const academicShare = Math.max(1, branchCount - officeShare - retireeShare - serviceShare);
  const academicUnits = Math.max(1, Math.round(academicShare / 9));
  const units: UnitPlan[] = [];
  const schoolNames = random.sample(ACADEMIC_UNIT_NAMES, academicUnits);
  const perSchool = apportion(academicShare, schoolNames.map(() => 0.6 + random.next()));
  schoolNames.forEach((schoolName, index) => {
    const unit: UnitPlan = { id: `${id}-u${two(index + 1)}`, name: `${schoolName}党委`, universityId: id, type: 'ACADEMIC', branches: [] };
    let teachers = 0;
    let students = 0;
    for (let number = 1; number <= perSchool[index]!; number += 1) {
      const kind = random.weighted<BranchKind>([['TEACHER', 0.4], ['STUDENT', 0.55], ['STAFF', 0.05]]);
      const name =
        kind === 'TEACHER'
          ? `${schoolName}${random.pick(TEACHING_AREAS)}教工第${chineseNumber((teachers += 1))}党支部`
          : kind === 'STUDENT'
            ? `${schoolName}${random.pick(['本科生', '硕士研究生', '博士研究生'])}第${chineseNumber((students += 1))}党支部`
            : `${schoolName}行政教辅党支部`;
      unit.branches.push(branchPlan(random, unit, kind, `b${three(number)}`, name));
    }
    units.push(unit);
  });
  const offices: UnitPlan = { id: `${id}-jg`, name: '机关党委', universityId: id, type: 'OFFICES', branches: [] };
  for (let number = 1; number <= officeShare; number += 1) {
    const retirees = !large && random.chance(0.2);
    const name = retirees ? `机关离退休第${chineseNumber(number)}党支部` : `${OFFICE_NAMES[(number - 1) % OFFICE_NAMES.length]}${number > OFFICE_NAMES.length ? `第${chineseNumber(Math.ceil(number / OFFICE_NAMES.length))}` : ''}党支部`;
    offices.branches.push(branchPlan(random, offices, retirees ? 'RETIREE' : 'STAFF', `b${three(number)}`, name));
  }
  units.push(offices);
  if (retireeShare > 0) {
    const retirees: UnitPlan = { id: `${id}-ltx`, name: '离退休工作党委', universityId: id, type: 'RETIREES', branches: [] };
    for (let number = 1; number <= retireeShare; number += 1) {
      retirees.branches.push(branchPlan(random, retirees, 'RETIREE', `b${three(number)}`, `离退休第${chineseNumber(number)}党支部`));
    }
    units.push(retirees);
  }
  if (serviceShare > 0) {
    const services: UnitPlan = { id: `${id}-hq`, name: '后勤党委', universityId: id, type: 'SERVICES', branches: [] };
    for (let number = 1; number <= serviceShare; number += 1) {
      services.branches.push(branchPlan(random, services, 'STAFF', `b${three(number)}`, `后勤第${chineseNumber(number)}党支部`));
    }
    units.push(services);
  }
  placeRareStories(random, units);
  return { id, name: entry.name, units, leaders: leadersOf(random, id, 4 + Math.ceil(units.length / 4)) };
}

/** Renamings, moves and merged graduating branches, at the rates a large set shows them. */
function placeRareStories(random: SeededRandom, units: UnitPlan[]): void {
  const offices = units.find((unit) => unit.type === 'OFFICES');
  for (const unit of units) {
    const students = unit.branches.filter((branch) => branch.kind === 'STUDENT');
    for (const branch of unit.branches) {
      if (random.chance(0.005)) branch.features.rename = { on: day(2019, random.int(2, 11), random.int(1, 28)), name: `${branch.name}（调整）` };
      if (unit.type === 'ACADEMIC' && branch.kind === 'STAFF' && offices && random.chance(0.1)) {
        branch.features.move = { on: day(random.pick([2019, 2020]), random.int(1, 11), random.int(1, 28)), toUnitId: offices.id };
      }
      if (branch.kind === 'STUDENT' && students.length > 2 && random.chance(0.02) && branch.establishedOn < '2018-01-01') {
        const target = students.find((other) => other !== branch && !other.features.dissolve);
        if (target && !students.some((other) => other.features.dissolve?.mergedInto === branch.id)) {
          branch.features.dissolve = {
            on: day(random.pick([2019, 2020]), 7, random.int(1, 20)),
            mergedInto: target.id,
            reason: '党员毕业离校，支部撤销并入',
          };
        }
      }
      if (random.chance(0.02)) branch.features.correction = true;
    }
  }
}

// ---------------------------------------------------------------------------------------------

function branchPlan(random: SeededRandom, unit: UnitPlan, kind: BranchKind, suffix: string, name: string): BranchPlan {
  // Most branches predate 2018; some student branches are founded for new cohorts during the period.
  const founded =
    kind === 'STUDENT' && random.chance(0.15)
      ? dayBetween(random, '2018-03-01', '2020-10-31')
      : dayBetween(random, kind === 'RETIREE' ? '2000-01-01' : '2005-01-01', '2017-06-30');
  const small = random.chance(kind === 'RETIREE' ? 0.05 : 0.1);
  const members = small
    ? random.int(3, 6)
    : kind === 'TEACHER'
      ? random.int(8, 32)
      : kind === 'STUDENT'
        ? random.int(8, 40)
        : kind === 'STAFF'
          ? random.int(7, 25)
          : random.int(12, 40);
  return {
    id: `${unit.id}-${suffix}`,
    name,
    kind,
    universityId: unit.universityId,
    unitId: unit.id,
    establishedOn: founded,
    members,
    features: {},
  };
}

const LEADER_POSTS = ['校党委书记', '校长', '校党委副书记', '校党委常委、组织部部长', '副校长', '校党委常委、宣传部部长', '纪委书记', '副校长'];

function leadersOf(random: SeededRandom, universityId: string, count: number): PersonPlan[] {
  return Array.from({ length: Math.min(count, LEADER_POSTS.length) }, (_, index) => ({
    id: `${universityId}-leader-${index + 1}`,
    universityId,
    name: personName(random),
  }));
}

/** Splits `total` in proportion to `weights` (largest remainder), each share at least 1 when total allows. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((accumulated, weight) => accumulated + weight, 0);
  const exact = weights.map((weight) => (weight / sum) * total);
  const shares = exact.map((value) => Math.floor(value));
  let left = total - shares.reduce((accumulated, share) => accumulated + share, 0);
  const order = exact.map((value, index) => [value - Math.floor(value), index] as const).sort((a, b) => b[0] - a[0]);
  for (const [, index] of order) {
    if (left <= 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  for (let index = 0; index < shares.length; index += 1) {
    if (shares[index] === 0) {
      const donor = shares.indexOf(Math.max(...shares));
      if (shares[donor]! > 1) {
        shares[donor]! -= 1;
        shares[index] = 1;
      }
    }
  }
  return shares;
}

const two = (value: number) => String(value).padStart(2, '0');
const three = (value: number) => String(value).padStart(3, '0');

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 35 → 三十五 (up to 99; larger numbers as digits). */
export function chineseNumber(value: number): string {
  if (value < 10) return DIGITS[value]!;
  if (value >= 100) return String(value);
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** The last day a fact may be dated: the data set's last day, never after today. */
export function lastDayOfDataSet(today: CalendarDate): CalendarDate {
  const last = day(LAST_YEAR, 12, 31);
  return today < last ? addDays(today, 0) : last;
}
