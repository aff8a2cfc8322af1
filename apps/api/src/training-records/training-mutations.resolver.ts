import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import {
  trainingSessionDecider,
  type TrainingSessionState,
} from '../../../../libs/domain/src/training-session/training-session-decider.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { badInput, forbidden, notFound } from '../graphql/api-error.js';
import { assertMunicipalAdmin, assertUnitWriter, assertUniversityWriter } from '../authorization/write-scope.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { CommandRecorder } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { branchPlaces, OrganizationLookup, type BranchPlaceNow } from '../recording/organization-lookup.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { SQL_CLIENT } from '../runtime.module.js';
import { HoldTrainingSessionInput, RecordTrainingAttendanceInput } from './training-inputs.js';

/** 轮训: sessions held by the city, a university or a unit, and who attended them for which branch. */
@Resolver('Mutation')
export class TrainingMutationsResolver {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @Mutation()
  async holdTrainingSession(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, sessionId, ...session } = validInput(HoldTrainingSessionInput, input);
    const createdId = sessionId ?? randomUUID();
    const universityId = session.universityId ?? null;
    const unitId = session.unitId ?? null;
    return this.recorder.record({
      caller,
      commandId,
      createdId,
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
            assertUniversityWriter(caller, universityId);
            if (!(await this.organizations.university(universityId)).registered) throw notFound('university', universityId);
            return;
          case 'UNIT':
            if (!universityId || !unitId) throw badInput('a UNIT session needs universityId and unitId');
            assertUnitWriter(caller, universityId, unitId);
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
      expectedVersion,
      streamId: `training-session-${sessionId}`,
      decider: trainingSessionDecider,
      command: {
        type: 'RecordTrainingAttendance',
        data: { sessionId, attendees: attendees.map(({ personId, branchId, role }) => ({ personId, branchId, role })) },
      },
      universityId: (state: TrainingSessionState) => (state.held ? state.universityId : null),
      authorize: async (state: TrainingSessionState) => {
        if (!state.held) return; // the decider answers NOT_FOUND
        assertSessionWriter(caller, state);
        const places = await branchPlaces(this.sql, attendees.map((attendee) => attendee.branchId));
        for (const attendee of attendees) {
          const place = places.get(attendee.branchId);
          if (!place) throw notFound('branch', attendee.branchId);
          if (!withinScope(caller, place)) throw forbidden(`branch ${attendee.branchId} is outside this token's scope`);
        }
      },
    });
  }

}

function withinScope(caller: Caller, place: BranchPlaceNow): boolean {
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
      return true;
    case 'UNIVERSITY_ADMIN':
      return caller.universityId === place.universityId;
    case 'UNIT_ADMIN':
      return caller.unitId === place.unitId && (!caller.universityId || caller.universityId === place.universityId);
    default:
      return false;
  }
}

/** Whoever may write the session's scope; a university admin may also record at a municipal session. */
function assertSessionWriter(caller: Caller, session: Extract<TrainingSessionState, { held: true }>): void {
  if (caller.role === 'MUNICIPAL_ADMIN') return;
  switch (session.organizer) {
    case 'MUNICIPAL':
      if (caller.role === 'UNIVERSITY_ADMIN') return;
      throw forbidden('attendance at a municipal session is recorded by the municipal or a university admin');
    case 'UNIVERSITY':
      return assertUniversityWriter(caller, session.universityId!);
    case 'UNIT':
      return assertUnitWriter(caller, session.universityId!, session.unitId!);
  }
}
