import type {
  BranchCommand,
  RecordMeetingData,
  SecretaryInput,
} from '../../../../libs/domain/src/branch/branch-commands.js';
import { addYears, type CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import {
  FIVE_HAVES,
  type MeetingKind,
  type OfficerRole,
  type ProfessionalTitle,
  type RectificationStepKind,
  type ReviewGrade,
  type ScreeningOutcome,
  type WeaknessCategory,
} from '../../../../libs/domain/src/vocabulary.js';
import { addDays, day, dayBetween, daysBetween, daysInMonth, earlierOf, laterOf, monthOf, weekday, workingDayIn } from './calendar-days.js';
import {
  branchSecretary,
  unitAdmin,
  universityAdmin,
  YEARS,
  type Actor,
  type BranchPlan,
  type CaseRole,
  type PersonPlan,
} from './organization-plan.js';
import { personName } from './person-names.js';
import {
  absenceReason,
  committeeResolutions,
  findingDescription,
  FINDING_RESOLUTIONS,
  FUNDS_PURPOSES,
  meetingPlace,
  meetingTopic,
  PLAN_ACTIVITIES,
  PLAN_STUDIES,
  rectificationPlan,
} from './record-wording.js';
import { SeededRandom } from './seeded-random.js';
import type { SessionPlan } from './training-plan.js';

/** A command as the demo records it: on which stream, by whom, on which day (its place in the history). */
export interface PlannedCommand<Command extends { type: string; data: object } = { type: string; data: object }> {
  streamId: string;
  actor: Actor;
  /** The day it is recorded (for undated commands, when it would be); orders a stream's commands. */
  recordedOn: CalendarDate;
  command: Command;
}

/** One attendance at a training session, for the branch and role the officer held that day. */
export interface AttendancePlan {
  sessionId: string;
  personId: string;
  branchId: string;
  role: OfficerRole;
}

export interface BranchScenario {
  branch: BranchPlan;
  /** Everyone who holds office in the branch at some point (registered before the branch's history). */
  people: PersonPlan[];
  /** The branch's history in recording order, EstablishBranch first. */
  commands: PlannedCommand<BranchCommand>[];
  attendance: AttendancePlan[];
}

export interface BranchScenarioContext {
  seed: string;
  /** Today (Asia/Shanghai): the `today` every command carries. */
  today: CalendarDate;
  /** No fact is dated after this day. */
  lastDay: CalendarDate;
  /** Liaison leaders of the university. */
  leaders: readonly string[];
  /** Sessions whose audience may include this branch's officers. */
  sessions: readonly SessionPlan[];
  /**
   * Each 党小组 (about eight members) holds its own monthly meeting, as DOMAIN.md §7's planning
   * figure assumes; otherwise the groups of a branch meet together once a month.
   */
  partyGroupsMeetSeparately?: boolean;
}

type Officers = {
  secretary: SecretaryInput | null;
  deputies: string[];
  members: string[];
};

const STUDENT_VACATION = [1, 2, 7, 8];

// Same-day order: lifecycle first, then member counts (elections read them), elections, other changes, the rest.
const PRIORITY = { establish: 0, lifecycle: 1, count: 2, election: 3, officers: 4, other: 5, dissolve: 9 } as const;

/** A branch's whole history 2018-2020 (and the election that put its officers in office before). */
export function branchScenario(branch: BranchPlan, context: BranchScenarioContext): BranchScenario {
  return new BranchStory(branch, context).tell();
}

interface Entry {
  planned: PlannedCommand<BranchCommand>;
  priority: number;
  sequence: number;
}

interface MeetingRecord {
  id: string;
  data: Omit<RecordMeetingData, 'today'>;
  /** Secretaries enter a month's meeting records at its end. */
  recordedOn: CalendarDate;
}

class BranchStory {
  private readonly random: SeededRandom;
  private readonly entries: Entry[] = [];
  private readonly people: PersonPlan[] = [];
  private readonly attendance: AttendancePlan[] = [];
  private readonly streamId: string;
  private readonly secretaryActor: Actor;
  private readonly universityActor: Actor;
  private readonly countReports: { on: CalendarDate; count: number }[] = [];
  private readonly officerTimeline: { on: CalendarDate; officers: Officers }[] = [];
  private readonly screenings = new Map<number, ScreeningOutcome>();
  private readonly meetings: MeetingRecord[] = [];
  /** The last day anything may be dated: the data set's last day, or the day before the dissolution. */
  private readonly lastDay: CalendarDate;
  private readonly firstDay: CalendarDate;
  private readonly diligence: number;
  /** A model branch (标杆党支部): every meeting held, every officer trained, elections on time. */
  private readonly exemplary: boolean;
  private readonly themedDay: number;
  private sequence = 0;
  private personCount = 0;
  private meetingCount = 0;
  private caseOpen = false;

  constructor(
    private readonly branch: BranchPlan,
    private readonly context: BranchScenarioContext,
  ) {
    this.random = SeededRandom.derived(context.seed, `branch/${branch.id}`);
    this.streamId = `branch-${branch.id}`;
    this.secretaryActor = branchSecretary(branch.universityId, branch.id);
    this.universityActor = universityAdmin(branch.universityId);
    const dissolvedOn = branch.features.dissolve?.on;
    this.lastDay = dissolvedOn ? earlierOf(addDays(dissolvedOn, -1), context.lastDay) : context.lastDay;
    this.firstDay = addDays(branch.establishedOn, 1);
    this.exemplary = !branch.features.plannedCase && !branch.features.dissolve && this.random.chance(0.12);
    this.diligence = this.exemplary ? 1 : 0.86 + this.random.next() * 0.12;
    this.themedDay = this.random.int(10, 25);
  }

  tell(): BranchScenario {
    const { branch } = this;
    this.add(this.unitActorOn(branch.establishedOn), branch.establishedOn, PRIORITY.establish, {
      type: 'EstablishBranch',
      data: {
        branchId: branch.id,
        universityId: branch.universityId,
        unitId: branch.unitId,
        name: branch.name,
        kind: branch.kind,
        establishedOn: branch.establishedOn,
        memberCount: branch.members,
        today: this.context.today,
      },
    });
    this.memberCounts();
    this.officersScreeningsAndCases();
    this.monthlyMeetings();
    this.correctionsAndRetractions();
    this.yearlyRecords();
    this.lifecycle();
    this.trainingAttendance();
    return { branch, people: this.people, commands: this.ordered(), attendance: this.attendance };
  }

  // ---------- recording ----------

  private add(actor: Actor, recordedOn: CalendarDate, priority: number, command: BranchCommand): void {
    this.entries.push({ planned: { streamId: this.streamId, actor, recordedOn, command }, priority, sequence: (this.sequence += 1) });
  }

  private ordered(): PlannedCommand<BranchCommand>[] {
    const dissolvedOn = this.branch.features.dissolve?.on;
    return this.entries
      .filter((entry) => !dissolvedOn || entry.planned.recordedOn < dissolvedOn || entry.priority === PRIORITY.dissolve)
      .sort((a, b) =>
        a.planned.recordedOn < b.planned.recordedOn ? -1 : a.planned.recordedOn > b.planned.recordedOn ? 1 : a.priority - b.priority || a.sequence - b.sequence,
      )
      .map((entry) => entry.planned);
  }

  /** The unit committee that administers the branch that day (a moved branch changes committee). */
  private unitActorOn(on: CalendarDate): Actor {
    const move = this.branch.features.move;
    return unitAdmin(this.branch.universityId, move && on >= move.on ? move.toUnitId : this.branch.unitId);
  }

  private newPerson(): string {
    this.personCount += 1;
    const id = `${this.branch.id}-p${String(this.personCount).padStart(2, '0')}`;
    this.people.push({ id, universityId: this.branch.universityId, name: personName(this.random) });
    return id;
  }

  private get today(): CalendarDate {
    return this.context.today;
  }

  private inLife(on: CalendarDate): boolean {
    return on >= this.firstDay && on <= this.lastDay;
  }

  // ---------- 党员人数 ----------

  private memberCounts(): void {
    const { branch } = this;
    let count = branch.members;
    const report = (on: CalendarDate, next: number) => {
      if (!this.inLife(on) || daysBetween(branch.establishedOn, on) < 30) return;
      count = next;
      this.countReports.push({ on, count });
      this.add(this.unitActorOn(on), on, PRIORITY.count, { type: 'ReportMemberCount', data: { branchId: branch.id, on, count, today: this.today } });
    };
    for (const year of YEARS) {
      if (branch.kind === 'STUDENT') {
        // Graduates leave in July; new members join in the autumn term.
        report(day(year, 7, this.random.int(5, 15)), Math.max(3, Math.round(count * (0.55 + this.random.next() * 0.3))));
        report(day(year, 11, this.random.int(15, 30)), Math.min(45, count + this.random.int(3, 12)));
      } else {
        const change = branch.kind === 'RETIREE' ? this.random.int(-3, 2) : this.random.int(-2, 3);
        report(day(year, 12, 31), Math.max(3, count + change));
      }
    }
  }

  private countOn(on: CalendarDate): number {
    let inForce: { on: CalendarDate; count: number } | null = null;
    for (const report of this.countReports) if (report.on <= on && (!inForce || report.on >= inForce.on)) inForce = report;
    return inForce?.count ?? this.branch.members;
  }

  // ---------- officers, screenings and the rectification ledger ----------

  private officersOn(on: CalendarDate): Officers | null {
    if (on > this.lastDay) return null;
    let found: Officers | null = null;
    for (const entry of this.officerTimeline) {
      if (entry.on > on) break;
      found = entry.officers;
    }
    return found;
  }

  private officersNow(): Officers | null {
    return this.officerTimeline[this.officerTimeline.length - 1]?.officers ?? null;
  }

  /**
   * Runs the branch's officer changes, screenings and cases in date order (an agenda), so that every
   * election sees the officers and member count of its day and every case step its case's state.
   */
  private officersScreeningsAndCases(): void {
    const { branch, random } = this;
    type Item = { on: CalendarDate; run: () => void; order: number };
    const agenda: Item[] = [];
    let order = 0;
    const schedule = (on: CalendarDate, run: () => void) => agenda.push({ on, run, order: (order += 1) });
    let lastElection: { heldOn: CalendarDate; termEndsOn: CalendarDate } | null = null;
    let regularDue: { on: CalendarDate; token: number } | null = null;
    let token = 0;

    const holdElection = (heldOn: CalendarDate, forced: boolean) => {
      const termYears = forced || heldOn >= '2018-01-01' ? (branch.kind === 'STUDENT' && random.chance(0.3) ? 2 : 3) : branch.kind === 'STUDENT' ? 2 : 3;
      const officers = this.electedOfficers(heldOn, forced);
      const approvedOn = random.chance(0.85) ? earlierOf(addDays(heldOn, random.int(5, 25)), earlierOf(this.context.lastDay, this.today)) : null;
      this.add(this.secretaryActor, heldOn, PRIORITY.election, {
        type: 'HoldElection',
        data: {
          branchId: branch.id,
          heldOn,
          termYears,
          secretary: officers.secretary!,
          deputySecretaryIds: officers.deputies,
          committeeMemberIds: officers.members,
          approvedOn,
          today: this.today,
        },
      });
      this.officerTimeline.push({ on: heldOn, officers });
      lastElection = { heldOn, termEndsOn: addYears(heldOn, termYears) };
      // The next regular election: mostly on time, sometimes late, now and then not at all.
      const behaviour = this.exemplary ? 'ON_TIME' : random.weighted([['ON_TIME', 0.72], ['LATE', 0.18], ['SKIPPED', 0.1]] as const);
      token += 1;
      regularDue = null;
      if (behaviour !== 'SKIPPED') {
        const due = addDays(lastElection.termEndsOn, behaviour === 'ON_TIME' ? random.int(-40, this.exemplary ? -5 : 15) : random.int(60, 300));
        if (due <= this.lastDay && daysBetween(heldOn, due) > 180) {
          const mine = token;
          regularDue = { on: due, token: mine };
          schedule(due, () => {
            if (regularDue?.token === mine) holdElection(due, false);
          });
        }
      }
    };

    // The election that put the officers of 2018 in office, or the founding election of a new branch.
    const founding = branch.establishedOn >= '2017-06-30';
    const firstElection = founding
      ? addDays(branch.establishedOn, random.int(5, 25))
      : dayBetween(random, laterOf(addDays(branch.establishedOn, 10), '2015-03-01'), '2017-12-20');
    if (firstElection <= this.lastDay) schedule(firstElection, () => holdElection(firstElection, false));

    for (const year of YEARS) {
      const screenedOn = workingDayIn(random, year, random.pick([3, 3, 4]), { fromDate: 5, toDate: 25 }) ?? day(year, 3, 15);
      if (daysBetween(branch.establishedOn, screenedOn) < 60 || screenedOn > this.lastDay) continue;
      schedule(screenedOn, () => {
        const election = lastElection as { termEndsOn: CalendarDate } | null;
        this.screen(year, screenedOn, !election || screenedOn > election.termEndsOn, (on) => schedule(on, () => holdElection(on, true)), (on) => schedule(on, () => this.replaceSecretary(on, true)));
      });
      // A mid-term change, now and then, away from elections.
      const midTerm = dayBetween(random, day(year, 2, 15), day(year, 11, 30));
      schedule(midTerm, () => {
        const recent = lastElection as { heldOn: CalendarDate } | null;
        if (!recent || daysBetween(recent.heldOn, midTerm) < 90) return;
        const due = regularDue as { on: CalendarDate } | null;
        if (due && daysBetween(midTerm, due.on) < 60) return;
        if (random.chance(0.045)) this.replaceSecretary(midTerm, false);
        else if (random.chance(0.055)) this.changeCommittee(midTerm);
      });
    }

    for (;;) {
      agenda.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.order - b.order));
      const next = agenda.shift();
      if (!next) break;
      if (next.on > this.lastDay) continue;
      next.run();
    }
  }

  private electedOfficers(heldOn: CalendarDate, forced: boolean): Officers {
    const { random, branch } = this;
    const members = this.countOn(heldOn);
    const size = members < 7 ? (random.chance(0.4) ? 2 : 1) : members < 15 ? 3 : members < 30 ? random.pick([3, 5, 5]) : random.pick([5, 5, 7]);
    const previous = this.officersNow();
    const continuing = () => random.chance(branch.kind === 'STUDENT' ? 0.2 : 0.55);
    let secretary: SecretaryInput;
    if (previous?.secretary && !forced && random.chance(branch.kind === 'STUDENT' ? 0.25 : 0.55)) {
      secretary = { ...previous.secretary, ...this.promoted(previous.secretary) };
    } else if (previous && previous.deputies.length > 0 && random.chance(0.4)) {
      secretary = { personId: previous.deputies[0]!, ...this.secretaryFacts(heldOn, forced) };
    } else {
      secretary = { personId: this.newPerson(), ...this.secretaryFacts(heldOn, forced) };
    }
    const deputyCount = size >= 3 ? (random.chance(0.75) ? 1 : 0) : size === 2 ? 1 : 0;
    const memberCount = members < 7 ? 0 : size - 1 - deputyCount;
    const pool = previous
      ? [...previous.deputies, ...previous.members].filter((id) => id !== secretary.personId && continuing())
      : [];
    const take = () => pool.shift() ?? this.newPerson();
    const deputies = Array.from({ length: deputyCount }, take);
    const committee = Array.from({ length: memberCount }, take);
    return { secretary, deputies, members: committee };
  }

  /** Title and 学术骨干 of a new secretary: teacher branches improve year by year (选优配强). */
  private secretaryFacts(on: CalendarDate, strengthened: boolean): Omit<SecretaryInput, 'personId'> {
    const { random } = this;
    const year = Number(on.slice(0, 4));
    switch (this.branch.kind) {
      case 'TEACHER': {
        if (this.exemplary) return { title: random.pick<ProfessionalTitle>(['PROFESSOR', 'ASSOCIATE_PROFESSOR']), academicBackbone: true };
        const lift = Math.max(0, year - 2017) * 0.06 + (strengthened ? 0.2 : 0);
        const title = random.weighted<ProfessionalTitle>([
          ['PROFESSOR', 0.18 + lift / 2],
          ['ASSOCIATE_PROFESSOR', 0.37 + lift / 2],
          ['LECTURER', 0.35],
          ['OTHER', 0.1],
        ]);
        return { title, academicBackbone: random.chance(0.38 + lift) };
      }
      case 'STUDENT':
        return { title: random.weighted<ProfessionalTitle>([['OTHER', 0.6], ['LECTURER', 0.35], ['ASSOCIATE_PROFESSOR', 0.05]]), academicBackbone: random.chance(0.05) };
      case 'STAFF':
        return { title: random.weighted<ProfessionalTitle>([['OTHER', 0.6], ['LECTURER', 0.3], ['ASSOCIATE_PROFESSOR', 0.1]]), academicBackbone: random.chance(0.05) };
      case 'RETIREE':
        return { title: random.weighted<ProfessionalTitle>([['PROFESSOR', 0.3], ['ASSOCIATE_PROFESSOR', 0.3], ['OTHER', 0.4]]), academicBackbone: false };
    }
  }

  /** A re-elected teacher secretary may have been promoted or become a backbone meanwhile. */
  private promoted(secretary: SecretaryInput): Partial<SecretaryInput> {
    if (this.branch.kind !== 'TEACHER') return {};
    const title: ProfessionalTitle =
      secretary.title === 'LECTURER' && this.random.chance(0.25)
        ? 'ASSOCIATE_PROFESSOR'
        : secretary.title === 'ASSOCIATE_PROFESSOR' && this.random.chance(0.15)
          ? 'PROFESSOR'
          : secretary.title;
    return { title, academicBackbone: secretary.academicBackbone || this.random.chance(0.15) };
  }

  /** 调整书记: a new person (or the deputy) takes over; the previous secretary leaves office. */
  private replaceSecretary(on: CalendarDate, strengthened: boolean): void {
    const current = this.officersNow();
    if (!current) return;
    const promoteDeputy = !strengthened && current.deputies.length > 0 && this.random.chance(0.3);
    const personId = promoteDeputy ? current.deputies[0]! : this.newPerson();
    const secretary: SecretaryInput = { personId, ...this.secretaryFacts(on, strengthened) };
    const reason = strengthened
      ? '软弱涣散党支部整顿：选优配强支部书记'
      : this.random.pick(['原书记工作调动', '原书记出国访学', '原书记退休', '原书记任职其他岗位']);
    this.add(this.unitActorOn(on), on, PRIORITY.officers, { type: 'ReplaceSecretary', data: { branchId: this.branch.id, on, secretary, reason, today: this.today } });
    this.officerTimeline.push({
      on,
      officers: {
        secretary,
        deputies: current.deputies.filter((id) => id !== personId),
        members: current.members.filter((id) => id !== personId),
      },
    });
  }

  /** 补选委员: one committee member leaves, another is elected; the committee keeps its size. */
  private changeCommittee(on: CalendarDate): void {
    const current = this.officersNow();
    if (!current?.secretary) return;
    const others = [...current.deputies, ...current.members];
    const size = others.length + 1;
    if (this.countOn(on) < 7 || size < 3 || size > 7 || others.length === 0) return;
    const leaving = this.random.pick(others);
    const joining = this.newPerson();
    this.add(this.unitActorOn(on), on, PRIORITY.officers, {
      type: 'ChangeCommittee',
      data: { branchId: this.branch.id, on, addIds: [joining], removeIds: [leaving], reason: '委员工作调动，补选委员', today: this.today },
    });
    this.officerTimeline.push({
      on,
      officers: {
        secretary: current.secretary,
        deputies: current.deputies.filter((id) => id !== leaving),
        members: [...current.members.filter((id) => id !== leaving), joining],
      },
    });
  }

  /** 排查 for the year; a weak or lagging branch goes on the ledger with its plan (一支一策). */
  private screen(
    year: number,
    on: CalendarDate,
    termOverdue: boolean,
    reelect: (on: CalendarDate) => void,
    replace: (on: CalendarDate) => void,
  ): void {
    const { branch, random } = this;
    const planned = branch.features.plannedCase;
    let outcome: ScreeningOutcome = 'NORMAL';
    let role: CaseRole = 'CLOSED';
    if (planned?.year === year) {
      outcome = planned.outcome;
      role = planned.role;
    } else if (!planned && !this.caseOpen && !branch.features.dissolve && !this.exemplary) {
      const risk = (termOverdue ? 2.5 : 1) * (this.diligence < 0.9 ? 1.5 : 1);
      outcome = random.weighted<ScreeningOutcome>([['NORMAL', 1 - 0.065 * risk], ['LAGGING', 0.04 * risk], ['WEAK_LAX', 0.025 * risk]]);
      role = random.weighted<CaseRole>([['CLOSED', 0.75], ['FAILED_THEN_PASSED', 0.12], ['REOPENED', year < 2020 ? 0.05 : 0], ['OVERDUE', 0.08]]);
    }
    const categories: WeaknessCategory[] = [];
    if (outcome !== 'NORMAL') {
      if (termOverdue) categories.push('TERM_OVERDUE');
      const candidates = random.shuffle<WeaknessCategory>(['RULES_ON_PAPER_ONLY', 'WEAK_COHESION', 'POOR_MEMBER_MANAGEMENT', 'SECRETARY_UNFIT', 'COMMITTEE_DISUNITED']);
      categories.push(...candidates.slice(0, random.int(1, 2)));
    }
    this.screenings.set(year, outcome);
    this.add(this.universityActor, on, PRIORITY.other, {
      type: 'ScreenBranch',
      data: { branchId: branch.id, year, on, outcome, categories, today: this.today },
    });
    if (outcome !== 'NORMAL' && !this.caseOpen) this.rectificationCase(year, on, categories, role, reelect, replace);
  }

  private rectificationCase(
    year: number,
    screenedOn: CalendarDate,
    categories: WeaknessCategory[],
    role: CaseRole,
    reelect: (on: CalendarDate) => void,
    replace: (on: CalendarDate) => void,
  ): void {
    const { branch, random } = this;
    const caseId = `${branch.id}-case-${year}`;
    const openedOn = addDays(screenedOn, random.int(3, 10));
    const deadline = earlierOf(addDays(screenedOn, random.int(180, 230)), day(year, 12, 15));
    const liaisonLeaderId = random.pick(this.context.leaders);
    const plan = rectificationPlan(categories);
    this.caseOpen = true;
    this.add(this.universityActor, openedOn, PRIORITY.other, {
      type: 'OpenRectificationCase',
      data: {
        branchId: branch.id,
        caseId,
        year,
        categories,
        ...plan,
        liaisonLeaderId,
        responsiblePersonId: this.officersNow()?.secretary?.personId ?? null,
        deadline,
        today: this.today,
      },
    });
    const step = (on: CalendarDate, kind: RectificationStepKind, note: string) => {
      if (on > this.lastDay) return;
      this.add(this.secretaryActor, on, PRIORITY.other, { type: 'RecordRectificationStep', data: { branchId: branch.id, caseId, on, kind, note, today: this.today } });
    };
    const accept = (on: CalendarDate, passed: boolean) => {
      this.add(this.universityActor, on, PRIORITY.other, {
        type: 'AcceptRectification',
        data: {
          branchId: branch.id,
          caseId,
          on,
          passed,
          score: passed ? random.int(80, 96) : random.int(52, 68),
          acceptedBy: '校党委组织部',
          note: passed ? '整顿任务完成，验收合格' : '整改措施落实不到位，限期一个月完成整改',
          today: this.today,
        },
      });
    };
    const close = (on: CalendarDate) =>
      this.add(this.universityActor, on, PRIORITY.other, { type: 'CloseRectificationCase', data: { branchId: branch.id, caseId, on, today: this.today } });

    const liaisonOn = addDays(openedOn, random.int(5, 15));
    this.add(this.universityActor, liaisonOn, PRIORITY.other, { type: 'AssignLiaison', data: { branchId: branch.id, liaisonLeaderId, on: liaisonOn, today: this.today } });
    step(liaisonOn, 'LIAISON_ASSIGNED', '校领导联系帮扶，到支部调研指导');
    step(addDays(openedOn, random.int(20, 45)), 'RULES_ESTABLISHED', '修订完善支部“三会一课”、党员管理等制度');
    if (categories.includes('SECRETARY_UNFIT')) {
      const on = addDays(openedOn, random.int(30, 60));
      replace(on);
      step(on, 'SECRETARY_REPLACED', '选优配强支部书记');
    }
    if (categories.includes('TERM_OVERDUE') || categories.includes('COMMITTEE_DISUNITED')) {
      const on = addDays(openedOn, random.int(35, 70));
      reelect(on);
      step(on, 'COMMITTEE_RESELECTED', '按程序完成支部委员会换届选举');
    }
    step(addDays(openedOn, random.int(50, 90)), 'TRAINING', '支部委员参加专题培训');
    step(addDays(openedOn, random.int(91, 120)), 'PROGRESS_NOTE', '整顿进展：组织生活恢复正常，党员参与度提高');
    const passedOn = addDays(deadline, -random.int(5, 25));
    switch (role) {
      case 'CLOSED':
        accept(passedOn, true);
        close(addDays(passedOn, random.int(3, 14)));
        this.caseOpen = false;
        return;
      case 'FAILED_THEN_PASSED': {
        const failedOn = addDays(deadline, -random.int(45, 60));
        accept(failedOn, false);
        step(addDays(failedOn, random.int(7, 20)), 'PROGRESS_NOTE', '针对验收发现的问题逐项整改');
        accept(passedOn, true);
        close(addDays(passedOn, random.int(3, 10)));
        this.caseOpen = false;
        return;
      }
      case 'REOPENED': {
        accept(passedOn, true);
        const closedOn = addDays(passedOn, random.int(3, 10));
        close(closedOn);
        const reopenedOn = addDays(closedOn, random.int(60, 120));
        if (reopenedOn > this.lastDay) {
          this.caseOpen = false;
          return;
        }
        this.add(this.universityActor, reopenedOn, PRIORITY.other, {
          type: 'ReopenRectificationCase',
          data: { branchId: branch.id, caseId, on: reopenedOn, reason: '“回头看”发现组织生活问题反弹', today: this.today },
        });
        step(addDays(reopenedOn, random.int(15, 40)), 'PROGRESS_NOTE', '“回头看”问题整改中');
        return;
      }
      case 'OVERDUE':
        step(addDays(deadline, -random.int(10, 30)), 'OTHER', '整顿工作推进缓慢，申请延期');
        return;
    }
  }

  // ---------- 三会一课 and other organizational life ----------

  private monthlyMeetings(): void {
    const { branch, random } = this;
    for (const year of YEARS) {
      const weak = this.screenings.get(year) !== undefined && this.screenings.get(year) !== 'NORMAL';
      const diligence = weak ? 0.55 + random.next() * 0.2 : this.diligence;
      // Each quarter: one general assembly and one party lecture, the lecture often held on the themed day.
      const quarterly = [0, 1, 2, 3].map((quarter) => {
        const months = [1, 2, 3].map((offset) => quarter * 3 + offset).filter((month) => branch.kind !== 'STUDENT' || !STUDENT_VACATION.includes(month));
        return {
          assemblyMonth: random.chance(diligence + 0.05) ? random.pick(months) : null,
          lectureMonth: random.chance(diligence + 0.03) ? random.pick(months) : null,
          lectureMode: random.weighted([['THEMED_DAY', 0.45], ['ASSEMBLY', 0.15], ['ALONE', 0.4]] as const),
        };
      });
      for (let month = 1; month <= 12; month += 1) {
        const monthStart = day(year, month, 1);
        if (monthStart > this.lastDay || day(year, month, daysInMonth(year, month)) < this.firstDay) continue;
        const vacation = branch.kind === 'STUDENT' && STUDENT_VACATION.includes(month);
        const epidemicStart = year === 2020 && month === 2 && !this.exemplary ? 0.5 : 1;
        const holds = (bonus = 0) => random.chance((vacation ? 0.1 : this.exemplary ? 1 : diligence + bonus) * epidemicStart);
        const window = { notBefore: this.firstDay, notAfter: this.lastDay };
        const quarter = quarterly[Math.floor((month - 1) / 3)]!;
        const lectureHere = quarter.lectureMonth === month;
        const officers = this.officersOn(day(year, month, 15)) ?? this.officersOn(day(year, month, daysInMonth(year, month)));

        if (officers && holds()) {
          const size = 1 + officers.deputies.length + officers.members.length;
          if (size >= 2 || this.exemplary || random.chance(0.3)) this.meeting(['COMMITTEE'], workingDayIn(random, year, month, { ...window, toDate: 10 }));
        }
        const members = this.countOn(monthStart);
        if (members >= 7) {
          const groups = this.context.partyGroupsMeetSeparately ? Math.max(1, Math.round(members / 8)) : 1;
          for (let group = 1; group <= groups; group += 1) {
            if (holds()) this.meeting(['PARTY_GROUP'], workingDayIn(random, year, month, { ...window, fromDate: 8, toDate: 20 }), groups > 1 ? group : undefined);
          }
        }
        let studyDone = false;
        let activityDone = false;
        let lectureDone = false;
        if (holds(0.03)) {
          const themed = day(year, month, Math.min(this.themedDay, daysInMonth(year, month)));
          const kinds: MeetingKind[] = ['THEMED_PARTY_DAY'];
          if (lectureHere && quarter.lectureMode === 'THEMED_DAY') {
            kinds.push('PARTY_LECTURE');
            lectureDone = true;
          } else {
            // 主题党日 is usually the month's 集中学习 or 实践活动 as well.
            const combined = random.weighted([['STUDY', 0.55], ['ACTIVITY', 0.35], ['NONE', 0.1]] as const);
            if (combined === 'STUDY') studyDone = true;
            if (combined === 'ACTIVITY') activityDone = true;
            if (combined !== 'NONE') kinds.push(combined);
          }
          if (themed >= this.firstDay && themed <= this.lastDay) this.meeting(kinds, themed);
        }
        if (!studyDone && holds()) this.meeting(['STUDY'], workingDayIn(random, year, month, { ...window, fromDate: 5, toDate: 25 }));
        const summerPractice = branch.kind === 'STUDENT' && month === 7 && random.chance(0.35);
        if (!activityDone && (summerPractice || holds(-0.03))) this.meeting(['ACTIVITY'], workingDayIn(random, year, month, { ...window, fromDate: 10, toDate: 28 }));
        if (quarter.assemblyMonth === month) {
          const kinds: MeetingKind[] = ['GENERAL_ASSEMBLY'];
          if (lectureHere && quarter.lectureMode === 'ASSEMBLY' && !lectureDone) {
            kinds.push('PARTY_LECTURE');
            lectureDone = true;
          }
          this.meeting(kinds, workingDayIn(random, year, month, { ...window, fromDate: 15, toDate: 28 }));
        }
        if (lectureHere && !lectureDone) this.meeting(['PARTY_LECTURE'], workingDayIn(random, year, month, { ...window, fromDate: 10, toDate: 25 }));
        if (!vacation && random.chance(0.06)) this.meeting(['HEART_TO_HEART'], workingDayIn(random, year, month, window));
        if (branch.kind === 'TEACHER' && !vacation && random.chance(0.1)) this.meeting(['DEPARTMENT_AFFAIRS'], workingDayIn(random, year, month, window));
        if (month === 12 && (this.exemplary || random.chance(0.93))) {
          // 组织生活会 and 民主评议党员, usually together, at the year's end.
          if (random.chance(0.7)) {
            this.meeting(['ORGANIZATIONAL_LIFE', 'DEMOCRATIC_APPRAISAL'], workingDayIn(random, year, 12, { ...window, fromDate: 10, toDate: 28 }));
          } else {
            this.meeting(['ORGANIZATIONAL_LIFE'], workingDayIn(random, year, 12, { ...window, fromDate: 5, toDate: 20 }));
            if (this.exemplary || random.chance(0.9)) this.meeting(['DEMOCRATIC_APPRAISAL'], workingDayIn(random, year, 12, { ...window, fromDate: 18, toDate: 30 }));
          }
        }
      }
    }
  }

  private meeting(kinds: MeetingKind[], heldOn: CalendarDate | null, partyGroup?: number): void {
    if (!heldOn || !this.inLife(heldOn)) return;
    const { branch, random } = this;
    const officers = this.officersOn(heldOn);
    const officerIds = officers ? [...(officers.secretary ? [officers.secretary.personId] : []), ...officers.deputies, ...officers.members] : [];
    const members = this.countOn(heldOn);
    const [first] = kinds;
    const expected =
      first === 'COMMITTEE'
        ? Math.max(1, officerIds.length)
        : first === 'PARTY_GROUP'
          ? Math.ceil(members / Math.max(1, Math.round(members / 8)))
          : first === 'HEART_TO_HEART'
            ? random.int(2, 4)
            : first === 'DEPARTMENT_AFFAIRS'
              ? random.int(8, 20)
              : members;
    const absence = branch.kind === 'RETIREE' ? 0.15 : branch.kind === 'TEACHER' ? 0.09 : branch.kind === 'STUDENT' ? 0.06 : 0.07;
    let absent = 0;
    for (let person = 0; person < expected; person += 1) if (random.chance(first === 'COMMITTEE' ? 0.05 : absence)) absent += 1;
    absent = Math.min(absent, Math.floor((expected - 1) / 2));
    const host = officers?.secretary?.personId ?? officers?.deputies[0] ?? null;
    const namedAbsentees = first === 'COMMITTEE' ? officerIds.filter((id) => id !== host) : [];
    const absentees = Array.from({ length: absent }, (_, index) => ({
      personId: namedAbsentees[index] ?? null,
      reason: absenceReason(random, branch.kind),
    }));
    const recorder = officers ? [...officers.members, ...officers.deputies].find((id) => id !== host && !absentees.some((a) => a.personId === id)) ?? null : null;
    this.meetingCount += 1;
    const id = `${branch.id}-m${String(this.meetingCount).padStart(3, '0')}`;
    const data: Omit<RecordMeetingData, 'today'> = {
      branchId: branch.id,
      meetingId: id,
      kinds,
      heldOn,
      place: meetingPlace(random, kinds, branch.kind, heldOn),
      expected,
      present: expected - absent,
      absentees,
      hostPersonId: host,
      recorderPersonId: recorder,
      topic: `${partyGroup ? `第${partyGroup}党小组：` : ''}${meetingTopic(random, kinds, branch.kind, heldOn)}`,
      resolutions: first === 'COMMITTEE' ? committeeResolutions(random) : first === 'GENERAL_ASSEMBLY' ? ['一致同意支部委员会提出的事项'] : [],
    };
    const recordedOn = earlierOf(day(Number(heldOn.slice(0, 4)), monthOf(heldOn), daysInMonth(Number(heldOn.slice(0, 4)), monthOf(heldOn))), this.lastDay);
    this.meetings.push({ id, data, recordedOn });
    this.add(this.secretaryActor, recordedOn, PRIORITY.other, { type: 'RecordMeeting', data: { ...data, today: this.today } });
  }

  /** A few wrong records corrected (never edited) and a few duplicates withdrawn. */
  private correctionsAndRetractions(): void {
    const { branch, random } = this;
    for (const year of YEARS) {
      const ofYear = this.meetings.filter((meeting) => meeting.data.heldOn.startsWith(`${year}-`) && daysBetween(meeting.data.heldOn, this.lastDay) > 75);
      if (ofYear.length === 0) continue;
      if ((branch.features.correction && year === 2019) || random.chance(0.1)) {
        const meeting = random.pick(ofYear);
        const recordedOn = addDays(meeting.recordedOn, random.int(3, 20));
        const variant = random.weighted([['PRESENT', 0.4], ['TOPIC', 0.2], ['LECTURE', 0.2], ['DATE', 0.2]] as const);
        const correction: { kinds?: MeetingKind[]; heldOn?: CalendarDate; present?: number; topic?: string; reason: string } =
          variant === 'PRESENT' && meeting.data.present < meeting.data.expected
            ? { present: meeting.data.present + 1, reason: '实到人数统计有误，补记一名迟到党员' }
            : variant === 'LECTURE' && meeting.data.kinds[0] === 'THEMED_PARTY_DAY' && !meeting.data.kinds.includes('PARTY_LECTURE')
              ? { kinds: [...meeting.data.kinds, 'PARTY_LECTURE'], reason: '主题党日同时讲授党课，漏记会议形式' }
              : variant === 'DATE'
                ? { heldOn: this.shiftedWithinMonth(meeting.data.heldOn), reason: '会议日期录入有误' }
                : { topic: `${meeting.data.topic}（更正）`, reason: '会议主题录入有误' };
        if (correction.heldOn === meeting.data.heldOn) delete correction.heldOn;
        if (!correction.heldOn && !correction.kinds && correction.present === undefined && !correction.topic) correction.topic = `${meeting.data.topic}（更正）`;
        this.add(this.secretaryActor, recordedOn, PRIORITY.other, {
          type: 'CorrectMeeting',
          data: { branchId: branch.id, meetingId: meeting.id, ...correction, today: this.today },
        });
        if (correction.heldOn) meeting.data = { ...meeting.data, heldOn: correction.heldOn };
      }
      if ((branch.features.retraction && year === 2019) || random.chance(0.04)) {
        // The same meeting recorded twice; the duplicate is withdrawn.
        const original = random.pick(ofYear);
        this.meetingCount += 1;
        const duplicateId = `${branch.id}-m${String(this.meetingCount).padStart(3, '0')}`;
        const recordedOn = addDays(original.recordedOn, random.int(1, 5));
        this.add(this.secretaryActor, recordedOn, PRIORITY.other, {
          type: 'RecordMeeting',
          data: { ...original.data, meetingId: duplicateId, today: this.today },
        });
        this.add(this.secretaryActor, addDays(recordedOn, random.int(1, 10)), PRIORITY.other, {
          type: 'RetractMeeting',
          data: { branchId: branch.id, meetingId: duplicateId, reason: '重复录入，予以撤回' },
        });
      }
    }
  }

  private shiftedWithinMonth(heldOn: CalendarDate): CalendarDate {
    for (const shift of [-1, 1, -2, 2, -3, 3]) {
      const candidate = addDays(heldOn, shift);
      if (monthOf(candidate) === monthOf(heldOn) && this.inLife(candidate) && weekday(candidate) % 6 !== 0) return candidate;
    }
    return heldOn;
  }

  // ---------- plans, reviews, funds and other yearly records ----------

  private yearlyRecords(): void {
    const { branch, random } = this;
    const university = this.universityActor;
    for (const year of YEARS) {
      if (day(year, 12, 1) < this.firstDay || day(year, 1, 1) > this.lastDay) continue;
      const weak = (this.screenings.get(year) ?? 'NORMAL') !== 'NORMAL';
      const startMonth = this.firstDay > day(year, 1, 1) ? monthOf(this.firstDay) : 1;
      // 一表: the year's study and activity plan.
      if (random.chance(0.95)) {
        const adoptedOn = laterOf(workingDayIn(random, year, startMonth === 1 ? random.pick([1, 2, 3]) : startMonth, { toDate: 25 }) ?? day(year, startMonth, 28), this.firstDay);
        const months = [];
        for (let month = startMonth; month <= 12; month += 1) {
          months.push({ month, study: random.pick(PLAN_STUDIES), activity: random.pick(PLAN_ACTIVITIES) });
        }
        if (adoptedOn <= this.lastDay) this.add(this.secretaryActor, adoptedOn, PRIORITY.other, { type: 'AdoptAnnualPlan', data: { branchId: branch.id, year, months } });
      }
      // 活动经费: allocated in spring, spent over the year.
      const allocatedOn = laterOf(day(year, 3, random.int(1, 20)), this.firstDay);
      if (allocatedOn <= this.lastDay) {
        const amount = Math.round((this.countOn(allocatedOn) * 150 + 2000) / 100) * 100;
        this.add(university, allocatedOn, PRIORITY.other, { type: 'AllocateFunds', data: { branchId: branch.id, year, amountYuan: amount } });
        let left = amount;
        for (let use = random.int(2, 4); use > 0; use -= 1) {
          const on = dayBetween(random, laterOf(day(year, 4, 1), this.firstDay), earlierOf(day(year, 12, 20), this.lastDay));
          const spent = Math.min(left, Math.round(amount * (0.15 + random.next() * 0.25)));
          if (spent <= 0 || !this.inLife(on)) continue;
          left -= spent;
          this.add(this.unitActorOn(on), on, PRIORITY.other, {
            type: 'RecordFundsUse',
            data: { branchId: branch.id, year, on, amountYuan: spent, purpose: random.pick(FUNDS_PURPOSES), today: this.today },
          });
        }
      }
      // 把好政治关、师德关
      const reviews: [number, 'HIRING' | 'PROMOTION' | 'AWARD', number, string][] =
        branch.kind === 'TEACHER'
          ? [[0.5, 'HIRING', random.int(3, 6), '新进教师政治素质考察'], [0.8, 'PROMOTION', random.int(10, 11), '职称评审师德师风把关'], [0.35, 'AWARD', 9, '教师节评优推荐政治把关']]
          : branch.kind === 'STUDENT'
            ? [[0.3, 'AWARD', random.int(10, 11), '奖学金评审政治把关']]
            : branch.kind === 'STAFF'
              ? [[0.25, 'PROMOTION', random.int(10, 12), '职员职级晋升考察']]
              : [];
      for (const [probability, matter, month, note] of reviews) {
        const on = workingDayIn(random, year, month, { notBefore: this.firstDay, notAfter: this.lastDay });
        if (on && random.chance(probability)) this.add(this.unitActorOn(on), on, PRIORITY.other, { type: 'RecordPersonnelReview', data: { branchId: branch.id, on, matter, note, today: this.today } });
      }
      // 联系指导: a leader liaises with some branches.
      if ((year === 2018 && random.chance(0.3)) || (year === 2020 && random.chance(0.08))) {
        const on = workingDayIn(random, year, 4, { notBefore: this.firstDay, notAfter: this.lastDay });
        if (on) this.add(university, on, PRIORITY.other, { type: 'AssignLiaison', data: { branchId: branch.id, liaisonLeaderId: random.pick(this.context.leaders), on, today: this.today } });
      }
      // 体检 around the five haves, with findings most of which are put right.
      const checkedOn = workingDayIn(random, year, 11, { fromDate: 5, notBefore: this.firstDay, notAfter: this.lastDay });
      if (checkedOn) {
        const count = Math.min(3, random.weighted([[0, 0.35], [1, 0.35], [2, 0.2], [3, 0.1]] as const) + (weak ? 1 : 0));
        const findings = random.sample(FIVE_HAVES, count).map((area, index) => ({
          findingId: `${branch.id}-hc${year}-${index + 1}`,
          area,
          description: findingDescription(random, area),
        }));
        this.add(this.unitActorOn(checkedOn), checkedOn, PRIORITY.other, { type: 'RecordHealthCheck', data: { branchId: branch.id, year, on: checkedOn, findings, today: this.today } });
        for (const finding of findings) {
          const resolvedOn = addDays(checkedOn, random.int(15, 120));
          if (random.chance(0.8) && resolvedOn <= this.lastDay) {
            this.add(this.unitActorOn(resolvedOn), resolvedOn, PRIORITY.other, {
              type: 'ResolveFinding',
              data: { branchId: branch.id, findingId: finding.findingId, on: resolvedOn, note: random.pick(FINDING_RESOLUTIONS), today: this.today },
            });
          }
        }
      }
      // 述职评议考核 and 评星定级 at the year's end (a weak or lagging branch gets at most two stars).
      const reviewedOn = day(year, 12, random.int(15, 24));
      if (reviewedOn <= this.lastDay && reviewedOn >= this.firstDay && this.officersOn(reviewedOn)?.secretary) {
        const grade = weak
          ? random.weighted<ReviewGrade>([['AVERAGE', 0.6], ['POOR', 0.2], ['FAIRLY_GOOD', 0.2]])
          : random.weighted<ReviewGrade>([['GOOD', 0.5], ['FAIRLY_GOOD', 0.35], ['AVERAGE', 0.13], ['POOR', 0.02]]);
        this.add(university, reviewedOn, PRIORITY.other, { type: 'ReviewSecretary', data: { branchId: branch.id, year, grade } });
      }
      const ratedOn = day(year, 12, random.int(25, 30));
      if (ratedOn <= this.lastDay && ratedOn >= this.firstDay) {
        const stars = weak ? random.int(1, 2) : random.weighted([[5, 0.15], [4, 0.35], [3, 0.4], [2, 0.08], [1, 0.02]] as const);
        this.add(university, ratedOn, PRIORITY.other, { type: 'RateBranch', data: { branchId: branch.id, year, stars } });
      }
    }
  }

  // ---------- lifecycle ----------

  private lifecycle(): void {
    const { branch } = this;
    const { rename, move, dissolve } = branch.features;
    if (rename && this.inLife(rename.on)) {
      this.add(this.universityActor, rename.on, PRIORITY.lifecycle, { type: 'RenameBranch', data: { branchId: branch.id, name: rename.name } });
    }
    if (move && this.inLife(move.on)) {
      this.add(this.universityActor, move.on, PRIORITY.lifecycle, { type: 'MoveBranch', data: { branchId: branch.id, unitId: move.toUnitId, on: move.on, today: this.today } });
    }
    if (dissolve && dissolve.on > branch.establishedOn && dissolve.on <= this.context.lastDay) {
      this.add(this.universityActor, dissolve.on, PRIORITY.dissolve, {
        type: 'DissolveBranch',
        data: { branchId: branch.id, on: dissolve.on, reason: dissolve.reason, mergedInto: dissolve.mergedInto, today: this.today },
      });
    }
  }

  // ---------- 轮训 ----------

  /** Most secretaries and committee members attend a session each year; not all. */
  private trainingAttendance(): void {
    const { random } = this;
    for (const session of this.context.sessions) {
      const officers = this.officersOn(session.startsOn);
      if (!officers || session.startsOn < this.firstDay) continue;
      if (session.organizer === 'UNIT' && this.branch.features.move) continue;
      const weak = (this.screenings.get(session.year) ?? 'NORMAL') !== 'NORMAL';
      // A model branch sends everyone to its university's rotation; a weak one fewer people.
      const everyone = this.exemplary && session.organizer === 'UNIVERSITY';
      const keen = weak ? 0.7 : 1;
      const secretaryChance = everyone ? 1 : (session.organizer === 'MUNICIPAL' ? 0.22 : session.organizer === 'UNIVERSITY' ? 0.75 : 0.35) * keen;
      const committeeChance = session.audience === 'SECRETARIES' ? 0 : everyone ? 1 : 0.6 * keen;
      if (officers.secretary && random.chance(secretaryChance)) {
        this.attendance.push({ sessionId: session.id, personId: officers.secretary.personId, branchId: this.branch.id, role: 'SECRETARY' });
      }
      for (const [ids, role] of [[officers.deputies, 'DEPUTY_SECRETARY'], [officers.members, 'COMMITTEE_MEMBER']] as const) {
        for (const personId of ids) {
          if (random.chance(committeeChance)) this.attendance.push({ sessionId: session.id, personId, branchId: this.branch.id, role });
        }
      }
    }
  }
}
