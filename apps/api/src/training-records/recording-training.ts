import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  trainingSessionDecider,
  type TrainingSessionState,
} from '../../../../libs/domain/src/training-session/training-session-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { badInput, notFound } from '../graphql/api-error.js';
import {
  assertAttendeeBranchInScope,
  assertMayWriteSession,
  assertMayWriteUnit,
  assertMayWriteUniversity,
  assertMunicipalAdmin,
} from '../authorization/authorization.js';
import { PersonRegistry } from '../people/person-registry.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import type { AttendeeInput, HoldTrainingSessionInput, RecordTrainingAttendanceInput } from './training-inputs.js';

/** 轮训: a session held by the city, a university or a unit. */
export class HoldTrainingSession {
  constructor(
    readonly caller: Caller,
    readonly session: Omit<HoldTrainingSessionInput, 'commandId' | 'sessionId'>,
    readonly envelope: { commandId?: string | null; sessionId: string; input: unknown },
  ) {}
}

/** Who attended a session, for which branch and role. */
export class RecordTrainingAttendance {
  constructor(
    readonly caller: Caller,
    readonly attendance: RecordTrainingAttendanceInput,
    readonly input: unknown,
  ) {}
}

@CommandHandler(HoldTrainingSession)
export class HoldTrainingSessionHandler implements ICommandHandler<HoldTrainingSession, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
  ) {}

  execute({ caller, session, envelope }: HoldTrainingSession): Promise<CommandResult> {
    const { commandId, sessionId, input } = envelope;
    const universityId = session.universityId ?? null;
    const unitId = session.unitId ?? null;
    return this.recorder.record({
      caller,
      commandId,
      input,
      createdId: sessionId,
      creates: 'training session',
      streamId: `training-session-${sessionId}`,
      decider: trainingSessionDecider,
      command: {
        type: 'HoldTrainingSession',
        data: { ...session, sessionId, universityId, unitId, today: shanghaiToday() },
      },
      universityId: () => universityId,
      authorize: async () => {
        switch (session.organizer) {
          case 'MUNICIPAL':
            return assertMunicipalAdmin(caller, 'hold municipal training sessions');
          case 'UNIVERSITY':
            if (!universityId) throw badInput('a UNIVERSITY session needs universityId');
            assertMayWriteUniversity(caller, universityId);
            if (!(await this.organizations.university(universityId)).registered) throw notFound('university', universityId);
            return;
          case 'UNIT':
            if (!universityId || !unitId) throw badInput('a UNIT session needs universityId and unitId');
            assertMayWriteUnit(caller, universityId, unitId);
            return this.organizations.requireUnit(universityId, unitId);
        }
      },
    });
  }
}

@CommandHandler(RecordTrainingAttendance)
export class RecordTrainingAttendanceHandler implements ICommandHandler<RecordTrainingAttendance, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
    private readonly people: PersonRegistry,
  ) {}

  execute({ caller, attendance, input }: RecordTrainingAttendance): Promise<CommandResult> {
    const { commandId, expectedVersion, sessionId, attendees } = attendance;
    return this.recorder.record({
      caller,
      commandId,
      input,
      expectedVersion,
      streamId: `training-session-${sessionId}`,
      decider: trainingSessionDecider,
      command: {
        type: 'RecordTrainingAttendance',
        data: { sessionId, attendees: attendees.map(({ personId, branchId, role }) => ({ personId, branchId, role })) },
      },
      universityId: (state: TrainingSessionState) => (state.held ? state.universityId : null),
      authorize: async (state: TrainingSessionState) => {
        assertMayWriteSession(caller, state.held ? { sessionId, ...state } : null, sessionId);
        if (!state.held) return; // the Municipal Committee's: the decider answers NOT_FOUND
        await this.checkAttendees(caller, state, attendees);
      },
    });
  }

  /**
   * Every attendee's branch lies within the caller's scope (and, for a university or unit session,
   * within the session's university), and every attendee is registered in the university of that branch.
   */
  private async checkAttendees(
    caller: Caller,
    session: Extract<TrainingSessionState, { held: true }>,
    attendees: readonly AttendeeInput[],
  ): Promise<void> {
    const places = await this.organizations.branchPlaces(attendees.map((attendee) => attendee.branchId));
    const byUniversity = new Map<string, string[]>();
    for (const attendee of attendees) {
      const place = places.get(attendee.branchId) ?? null;
      assertAttendeeBranchInScope(caller, attendee.branchId, place);
      if (!place) continue;
      if (session.organizer !== 'MUNICIPAL' && place.universityId !== session.universityId) {
        throw badInput(`branch ${attendee.branchId} does not belong to this session's university`);
      }
      byUniversity.set(place.universityId, [...(byUniversity.get(place.universityId) ?? []), attendee.personId]);
    }
    for (const [universityId, personIds] of byUniversity) await this.people.requireRegisteredIn(universityId, personIds);
  }
}
