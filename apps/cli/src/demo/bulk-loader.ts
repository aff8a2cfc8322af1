import cliProgress from 'cli-progress';
import { recordedEventOccurredOn, type RecordedEvent } from '../../../../libs/policy/src/publishing-policy/policy-occurred-on.js';
import { startOfShanghaiDay } from '../../../../libs/domain/src/calendar/shanghai-calendar.js';
import { branchDecider } from '../../../../libs/domain/src/branch/branch-decider.js';
import type { CalendarDate } from '../../../../libs/domain/src/calendar-date.js';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import { personDecider } from '../../../../libs/domain/src/person/person-decider.js';
import { trainingSessionDecider, type TrainingSessionState } from '../../../../libs/domain/src/training-session/training-session-decider.js';
import { universityDecider } from '../../../../libs/domain/src/university/university-decider.js';
import type { ExpectedVersion, JsonObject, NewEvent } from '../../../../libs/event-store/src/event-store.port.js';
import { PostgresEventStore } from '../../../../libs/event-store/src/postgres-event-store.js';
import type { Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import type { PlannedCommand } from './branch-scenario.js';
import {
  attendanceBySession,
  attendanceCommands,
  holdSessionCommand,
  personCommand,
  universityPart,
  type DemoCommand,
} from './demo-data-set.js';
import { beijingOrganizationPlan, type PersonPlan } from './organization-plan.js';
import { municipalSessions } from './training-plan.js';

/** The actor of every event the bulk path appends: one import, not the people who would record each. */
export const BULK_ACTOR = 'demo-bulk-import';

const PEOPLE_PER_TRANSACTION = 400;

export interface BulkOptions {
  seed: string;
  branches?: number;
  /** Appends in flight at once. */
  appenders: number;
  today: CalendarDate;
  progress: boolean;
}

export interface BulkRefusal {
  streamId: string;
  command: string;
  message: string;
}

export interface BulkReport {
  universities: number;
  units: number;
  branches: number;
  people: number;
  events: number;
  appends: number;
  eventsByType: Map<string, number>;
  refusals: BulkRefusal[];
  seconds: number;
}

/**
 * The Beijing-scale set (DOMAIN.md §7) through the bulk path: each stream's commands are decided by
 * the pure deciders (decide + evolve, so every rule holds) and its events appended straight to the
 * store, a whole branch history per append, several appends in flight. Generation streams branch by
 * branch, so memory stays bounded whatever the size.
 */
export async function loadBeijingScale(runtime: Pick<Runtime, 'sql'>, options: BulkOptions): Promise<BulkReport> {
  const organizations = beijingOrganizationPlan(options.seed, options.branches);
  const store = new PostgresEventStore(runtime.sql, { notify: false });
  const first = organizations.universities[0]!;
  if (await store.streamHead(`university-${first.id}`)) {
    throw new Error(`the database already holds university ${first.id}: load the Beijing-scale set into an empty database`);
  }
  const report: BulkReport = {
    universities: organizations.universities.length,
    units: organizations.universities.reduce((sum, university) => sum + university.units.length, 0),
    branches: organizations.branchCount,
    people: 0,
    events: 0,
    appends: 0,
    eventsByType: new Map(),
    refusals: [],
    seconds: 0,
  };
  const started = process.hrtime.bigint();
  const appends = new AppendPool(options.appenders);
  let appendedBranches = 0;
  const bar = options.progress
    ? new cliProgress.SingleBar(
        {
          format: 'beijing |{bar}| {percentage}% | {value}/{total} branches | {events} events | {rate} events/s | ETA {eta_formatted}',
          hideCursor: true,
          etaBuffer: 200,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(organizations.branchCount, 0, { events: 0, rate: 0 });
  const progressed = () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    bar?.update(appendedBranches, { events: report.events.toLocaleString('en-US'), rate: Math.round(report.events / Math.max(seconds, 0.001)).toLocaleString('en-US') });
  };

  const append = (streamId: string, events: NewEvent[], universityId: string | null, expectedVersion: ExpectedVersion, onDone?: () => void) =>
    appends.run(async () => {
      await store.append(streamId, events, { expectedVersion, metadata: { actor: BULK_ACTOR, universityId } });
      counted(report, events);
      onDone?.();
      progressed();
    });

  let people: PersonPlan[] = [];
  const flushPeople = () => {
    if (people.length === 0) return Promise.resolve();
    const batch = people;
    people = [];
    return appends.run(async () => {
      const registered = batch.map((person) => ({ person, events: decided(report, personDecider, personDecider.initialState(), [personCommand(person)]).events }));
      await runtime.sql.transaction(async (tx) => {
        const inTransaction = store.inTransaction(tx);
        for (const { person, events } of registered) {
          await inTransaction.append(`person-${person.id}`, events, { expectedVersion: 'no-stream', metadata: { actor: BULK_ACTOR, universityId: person.universityId } });
        }
        await tx.query(
          `INSERT INTO person_registry (person_id, university_id, name)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (person_id) DO NOTHING`,
          [batch.map((person) => person.id), batch.map((person) => person.universityId), batch.map((person) => person.name)],
        );
      });
      for (const { events } of registered) counted(report, events);
      report.people += batch.length;
      progressed();
    });
  };
  const register = async (persons: readonly PersonPlan[]) => {
    people.push(...persons);
    if (people.length >= PEOPLE_PER_TRANSACTION) await flushPeople();
  };

  try {
    // 示范培训班: held first; each university's organization department records its people's attendance.
    const municipal = municipalSessions();
    const municipalStates = new Map<string, TrainingSessionState>();
    for (const session of municipal) {
      const { events, state } = decided(report, trainingSessionDecider, trainingSessionDecider.initialState(), [holdSessionCommand(session, options.today)]);
      municipalStates.set(session.id, state);
      await append(`training-session-${session.id}`, events, null, 'no-stream');
    }

    for (const university of organizations.universities) {
      const part = universityPart(organizations, university, municipal, options.today, { partyGroupsMeetSeparately: true });
      const { events } = decided(report, universityDecider, universityDecider.initialState(), [...part.scenario.registration, ...part.scenario.records]);
      await append(`university-${university.id}`, events, university.id, 'no-stream');
      await register(university.leaders);

      const attendance = [];
      for (const scenario of part.branches()) {
        await register(scenario.people);
        const branchEvents = decided(report, branchDecider, branchDecider.initialState(), scenario.commands).events;
        attendance.push(...scenario.attendance);
        await append(`branch-${scenario.branch.id}`, branchEvents, university.id, 'no-stream', () => {
          appendedBranches += 1;
        });
      }

      const bySession = attendanceBySession(attendance);
      for (const session of part.sessions) {
        const commands = [holdSessionCommand(session, options.today), ...attendanceCommands(session, university.id, bySession.get(session.id) ?? [])];
        const { events: sessionEvents } = decided(report, trainingSessionDecider, trainingSessionDecider.initialState(), commands);
        await append(`training-session-${session.id}`, sessionEvents, university.id, 'no-stream');
      }
      for (const session of municipal) {
        const attendees = bySession.get(session.id);
        if (!attendees) continue;
        const { events: attended, state } = decided(report, trainingSessionDecider, municipalStates.get(session.id)!, attendanceCommands(session, university.id, attendees));
        municipalStates.set(session.id, state);
        if (attended.length > 0) await append(`training-session-${session.id}`, attended, null, 'any');
      }
    }
    await flushPeople();
    await appends.drain();
    // Millions of rows the planner has never seen: without statistics it guesses their spread, and
    // every stream read and registry lookup of the command path is planned as a parallel scan.
    await store.analyze();
    await runtime.sql.exec('ANALYZE person_registry');
  } finally {
    progressed();
    bar?.stop();
  }
  report.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return report;
}

/** Decides each command on the state so far and folds its events in; a refusal is recorded and skipped. */
function decided<Command, Event extends { type: string; data: object }, State>(
  report: BulkReport,
  decider: Decider<Command, Event, State>,
  initial: State,
  commands: readonly PlannedCommand<DemoCommand>[],
): { events: NewEvent[]; state: State } {
  let state = initial;
  const events: NewEvent[] = [];
  for (const planned of commands) {
    try {
      for (const event of decider.decide(planned.command as unknown as Command, state)) {
        state = decider.evolve(state, event);
        events.push({ type: event.type, data: event.data as JsonObject, occurredAt: occurredAt(event as RecordedEvent, planned.recordedOn) });
      }
    } catch (error) {
      report.refusals.push({ streamId: planned.streamId, command: planned.command.type, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { events, state };
}

/** As the command path does: the day the event itself names (start of that Shanghai day), else the day it was recorded. */
function occurredAt(event: RecordedEvent, recordedOn: CalendarDate): Date {
  return startOfShanghaiDay(recordedEventOccurredOn(event) ?? recordedOn);
}

function counted(report: BulkReport, events: readonly NewEvent[]): void {
  report.events += events.length;
  report.appends += 1;
  for (const event of events) report.eventsByType.set(event.type, (report.eventsByType.get(event.type) ?? 0) + 1);
}

/**
 * At most `size` appends in flight: `run` resolves once the work has started (waiting for a free
 * slot), so the generator never runs far ahead of the store. The first failure stops everything.
 */
class AppendPool {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(private readonly size: number) {}

  async run(work: () => Promise<void>): Promise<void> {
    while (this.running.size >= Math.max(1, this.size)) await Promise.race(this.running);
    if (this.failure) throw this.failure;
    const task: Promise<void> = work()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.failure) throw this.failure;
  }
}
