import type { BranchCommand } from '../../../../libs/domain/src/branch/branch-commands.js';
import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { PersonCommand } from '../../../../libs/domain/src/person/person-commands.js';
import type { TrainingSessionCommand } from '../../../../libs/domain/src/training-session/training-session-commands.js';
import type { UniversityCommand } from '../../../../libs/domain/src/university/university-commands.js';
import { branchScenario, type AttendancePlan, type BranchScenario, type BranchScenarioContext, type PlannedCommand } from './branch-scenario.js';
import { addDays } from './calendar-days.js';
import {
  lastDayOfDataSet,
  MUNICIPAL_ADMIN,
  unitAdmin,
  universityAdmin,
  type Actor,
  type BranchPlan,
  type OrganizationPlan,
  type PersonPlan,
  type UniversityPlan,
} from './organization-plan.js';
import { municipalSessions, unitSessions, universitySessions, type SessionPlan } from './training-plan.js';
import { universityScenario, type UniversityScenario } from './university-scenario.js';

/** Every command the demo records, whatever the stream. */
export type DemoCommand = BranchCommand | UniversityCommand | TrainingSessionCommand | PersonCommand;
export type DemoPlannedCommand = PlannedCommand<DemoCommand>;

/** Attendees per attendance record (one call records at most this many). */
const ATTENDEES_PER_RECORD = 500;

/** One university's share of the data set, generated lazily branch by branch. */
export interface UniversityPart {
  university: UniversityPlan;
  scenario: UniversityScenario;
  leaders: PlannedCommand<PersonCommand>[];
  /** Its own and its units' training sessions (municipal ones are shared by all). */
  sessions: SessionPlan[];
  branches(): Generator<BranchScenario>;
}

export function universityPart(
  organizations: OrganizationPlan,
  university: UniversityPlan,
  municipal: readonly SessionPlan[],
  today: CalendarDate,
  options: { partyGroupsMeetSeparately?: boolean } = {},
): UniversityPart {
  const { seed } = organizations;
  const lastDay = lastDayOfDataSet(today);
  const ownSessions = universitySessions(seed, university);
  const unitSessionsById = new Map(university.units.map((unit) => [unit.id, unitSessions(seed, unit)]));
  const leaders = university.leaders.map((leader) => personCommand(leader));
  const contextOf = (branch: BranchPlan): BranchScenarioContext => ({
    seed,
    today,
    lastDay,
    leaders: university.leaders.map((leader) => leader.id),
    sessions: [...municipal, ...ownSessions, ...(unitSessionsById.get(branch.unitId) ?? [])],
    partyGroupsMeetSeparately: options.partyGroupsMeetSeparately,
  });
  return {
    university,
    scenario: universityScenario(seed, university, today, lastDay),
    leaders,
    sessions: [...ownSessions, ...[...unitSessionsById.values()].flat()],
    *branches() {
      for (const unit of university.units) for (const branch of unit.branches) yield branchScenario(branch, contextOf(branch));
    },
  };
}

export function personCommand(person: PersonPlan): PlannedCommand<PersonCommand> {
  return {
    streamId: `person-${person.id}`,
    actor: universityAdmin(person.universityId),
    recordedOn: '2018-01-20',
    command: { type: 'RegisterPerson', data: { personId: person.id, universityId: person.universityId, name: person.name } },
  };
}

export function sessionActor(session: SessionPlan): Actor {
  switch (session.organizer) {
    case 'MUNICIPAL':
      return MUNICIPAL_ADMIN;
    case 'UNIVERSITY':
      return universityAdmin(session.universityId!);
    case 'UNIT':
      return unitAdmin(session.universityId!, session.unitId!);
  }
}

export function holdSessionCommand(session: SessionPlan, today: CalendarDate): PlannedCommand<TrainingSessionCommand> {
  return {
    streamId: `training-session-${session.id}`,
    actor: sessionActor(session),
    recordedOn: session.startsOn,
    command: {
      type: 'HoldTrainingSession',
      data: {
        sessionId: session.id,
        organizer: session.organizer,
        universityId: session.universityId,
        unitId: session.unitId,
        title: session.title,
        startsOn: session.startsOn,
        endsOn: session.endsOn,
        hours: session.hours,
        today,
      },
    },
  };
}

/**
 * Attendance records of one university's people at a session: recorded by whoever writes the
 * session's scope; at a municipal session, by the university's own organization department.
 */
export function attendanceCommands(session: SessionPlan, universityId: string, attendees: readonly AttendancePlan[]): PlannedCommand<TrainingSessionCommand>[] {
  const actor = session.organizer === 'MUNICIPAL' ? universityAdmin(universityId) : sessionActor(session);
  const commands: PlannedCommand<TrainingSessionCommand>[] = [];
  for (let start = 0; start < attendees.length; start += ATTENDEES_PER_RECORD) {
    commands.push({
      streamId: `training-session-${session.id}`,
      actor,
      recordedOn: addDays(session.endsOn, 3),
      command: {
        type: 'RecordTrainingAttendance',
        data: {
          sessionId: session.id,
          attendees: attendees.slice(start, start + ATTENDEES_PER_RECORD).map(({ personId, branchId, role }) => ({ personId, branchId, role })),
        },
      },
    });
  }
  return commands;
}

/** Groups attendance by session, in the order the sessions were held. */
export function attendanceBySession(attendance: readonly AttendancePlan[]): Map<string, AttendancePlan[]> {
  const bySession = new Map<string, AttendancePlan[]>();
  for (const entry of attendance) {
    const list = bySession.get(entry.sessionId);
    if (list) list.push(entry);
    else bySession.set(entry.sessionId, [entry]);
  }
  return bySession;
}

// ---------------------------------------------------------------------------------------------
// The command path: the whole data set in three phases of lanes (one lane per stream).

export interface Phase {
  name: string;
  /** Each lane is one stream's commands, recorded in order; lanes run side by side. */
  lanes: DemoPlannedCommand[][];
}

export interface DemoDataSet {
  organizations: OrganizationPlan;
  phases: Phase[];
}

export function demoDataSet(organizations: OrganizationPlan, today: CalendarDate): DemoDataSet {
  const municipal = municipalSessions();
  const registration: DemoPlannedCommand[][] = [];
  const people: DemoPlannedCommand[][] = [];
  const sessionsHeld: DemoPlannedCommand[][] = municipal.map((session) => [holdSessionCommand(session, today)]);
  const establishments: DemoPlannedCommand[][] = [];
  const histories: DemoPlannedCommand[][] = [];
  const universityRecords: DemoPlannedCommand[][] = [];
  const attendanceLanes = new Map<string, DemoPlannedCommand[]>();
  const allSessions = new Map(municipal.map((session) => [session.id, session]));

  for (const university of organizations.universities) {
    const part = universityPart(organizations, university, municipal, today);
    registration.push(part.scenario.registration);
    universityRecords.push(part.scenario.records);
    people.push(...part.leaders.map((command) => [command]));
    for (const session of part.sessions) {
      sessionsHeld.push([holdSessionCommand(session, today)]);
      allSessions.set(session.id, session);
    }
    const attendance: AttendancePlan[] = [];
    for (const scenario of part.branches()) {
      people.push(...scenario.people.map((person) => [personCommand(person)]));
      const [establish, ...history] = scenario.commands;
      establishments.push([establish!]);
      histories.push(history);
      attendance.push(...scenario.attendance);
    }
    for (const [sessionId, attendees] of attendanceBySession(attendance)) {
      const lane = attendanceLanes.get(sessionId) ?? [];
      lane.push(...attendanceCommands(allSessions.get(sessionId)!, university.id, attendees));
      attendanceLanes.set(sessionId, lane);
    }
  }
  return {
    organizations,
    phases: [
      { name: 'universities and units', lanes: registration },
      { name: 'people, training sessions and branches', lanes: [...people, ...sessionsHeld, ...establishments] },
      { name: 'branch histories, committee studies and training attendance', lanes: [...histories, ...universityRecords, ...attendanceLanes.values()] },
    ],
  };
}
