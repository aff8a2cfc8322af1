import { Args, Mutation, Resolver } from '@nestjs/graphql';
import {
  trainingSessionDecider,
  type TrainingSessionState,
} from '../../../../libs/domain/src/training-session/training-session-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { badInput, notFound } from '../graphql/api-error.js';
import {
  assertAttendeeBranchInScope,
  assertMayWriteSession,
  assertMayWriteUnit,
  assertMayWriteUniversity,
  assertMunicipalAdmin,
} from '../authorization/authorization.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { PersonRegistry } from '../people/person-registry.js';
import { CommandRecorder, generatedId } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { HoldTrainingSessionInput, RecordTrainingAttendanceInput, type AttendeeInput } from './training-inputs.js';

/** 轮训: sessions held by the city, a university or a unit, and who attended them for which branch. */
@Resolver('Mutation')
export class TrainingMutationsResolver {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
    private readonly people: PersonRegistry,
  ) {}

  @Mutation()
  async holdTrainingSession(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, sessionId, ...session } = validInput(HoldTrainingSessionInput, input);
    const createdId = sessionId ?? generatedId(caller, 'holdTrainingSession.sessionId', commandId);
    const universityId = session.universityId ?? null;
    const unitId = session.unitId ?? null;
    return this.recorder.record({
      caller,
      commandId,
      input,
      createdId,
      creates: 'training session',
      streamId: `training-session-${createdId}`,
      decider: trainingSessionDecider,
      command: {
        type: 'HoldTrainingSession',
        data: { ...session, sessionId: createdId, universityId, unitId, today: shanghaiToday() },
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

  @Mutation()
  async recordTrainingAttendance(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, expectedVersion, sessionId, attendees } = validInput(RecordTrainingAttendanceInput, input);
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
        await checkAttendees(this.organizations, this.people, caller, state, attendees);
      },
    });
  }
}

/**
 * Every attendee's branch lies within the caller's scope (and, for a university or unit session,
 * within the session's university), and every attendee is registered in the university of that branch.
 */
async function checkAttendees(
  organizations: OrganizationLookup,
  people: PersonRegistry,
  caller: Caller,
  session: Extract<TrainingSessionState, { held: true }>,
  attendees: readonly AttendeeInput[],
): Promise<void> {
  const places = await organizations.branchPlaces(attendees.map((attendee) => attendee.branchId));
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
  for (const [universityId, personIds] of byUniversity) await people.requireRegisteredIn(universityId, personIds);
}
