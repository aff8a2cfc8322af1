import type { Decider } from '../decider.js';
import { unreachable } from '../decider.js';
import { refuseFutureDate } from '../dated-facts.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type {
  HoldTrainingSessionData,
  RecordTrainingAttendanceData,
  TrainingSessionCommand,
} from './training-session-commands.js';
import type { TrainingSessionEvent } from './training-session-events.js';
import type { TrainingOrganizer } from '../vocabulary.js';

/**
 * What decisions on a training session (轮训) need: whether it was held, its organizer and scope ids
 * (for the application's scope checks), and who attended.
 */
export type TrainingSessionState =
  | { held: false }
  | {
      held: true;
      organizer: TrainingOrganizer;
      universityId: string | null;
      unitId: string | null;
      attendeePersonIds: ReadonlySet<string>;
    };

/**
 * A session is dated by its first day: it may be recorded while it runs, never before it starts.
 * The organizer decides which scope ids it takes: MUNICIPAL neither, UNIVERSITY the university's,
 * UNIT both.
 */
function holdTrainingSession(data: HoldTrainingSessionData, state: TrainingSessionState): TrainingSessionEvent[] {
  if (state.held) throw new AlreadyExistsError(`training session ${data.sessionId} is already held`);
  const universityId = data.universityId ?? null;
  const unitId = data.unitId ?? null;
  switch (data.organizer) {
    case 'MUNICIPAL':
      if (universityId !== null || unitId !== null) {
        throw new InvalidInputError('a MUNICIPAL session takes neither universityId nor unitId');
      }
      break;
    case 'UNIVERSITY':
      if (universityId === null || unitId !== null) {
        throw new InvalidInputError('a UNIVERSITY session takes a universityId and no unitId');
      }
      break;
    case 'UNIT':
      if (universityId === null || unitId === null) {
        throw new InvalidInputError('a UNIT session takes both universityId and unitId');
      }
      break;
    default:
      return unreachable(data.organizer);
  }
  if (data.endsOn < data.startsOn) {
    throw new InvalidInputError(`the session ends (${data.endsOn}) before it starts (${data.startsOn})`);
  }
  refuseFutureDate('the training session', data.startsOn, data.today);
  return [
    {
      type: 'TrainingSessionHeld',
      data: {
        sessionId: data.sessionId,
        organizer: data.organizer,
        universityId,
        unitId,
        title: data.title,
        startsOn: data.startsOn,
        endsOn: data.endsOn,
        hours: data.hours,
      },
    },
  ];
}

/** ATTENDEE_ONCE_PER_SESSION: a person is recorded at most once per session, whatever branch or role. */
function recordTrainingAttendance(
  data: RecordTrainingAttendanceData,
  state: TrainingSessionState,
): TrainingSessionEvent[] {
  if (!state.held) throw new NotFoundError('session', data.sessionId);
  if (data.attendees.length === 0) throw new InvalidInputError('no attendees to record');
  const seen = new Set<string>();
  for (const { personId } of data.attendees) {
    if (state.attendeePersonIds.has(personId) || seen.has(personId)) {
      throw new RuleViolatedError(
        'ATTENDEE_ONCE_PER_SESSION',
        `person ${personId} is recorded at session ${data.sessionId} already`,
      );
    }
    seen.add(personId);
  }
  return [
    {
      type: 'TrainingAttendanceRecorded',
      data: {
        attendees: data.attendees.map(({ personId, branchId, role }) => ({ personId, branchId, role })),
      },
    },
  ];
}

export const trainingSessionDecider: Decider<TrainingSessionCommand, TrainingSessionEvent, TrainingSessionState> = {
  decide(command, state) {
    switch (command.type) {
      case 'HoldTrainingSession':
        return holdTrainingSession(command.data, state);
      case 'RecordTrainingAttendance':
        return recordTrainingAttendance(command.data, state);
      default:
        return unreachable(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'TrainingSessionHeld':
        return {
          held: true,
          organizer: event.data.organizer,
          universityId: event.data.universityId,
          unitId: event.data.unitId,
          attendeePersonIds: new Set(),
        };
      case 'TrainingAttendanceRecorded':
        if (!state.held) return state;
        return {
          ...state,
          attendeePersonIds: new Set([...state.attendeePersonIds, ...event.data.attendees.map((a) => a.personId)]),
        };
      default:
        return unreachable(event);
    }
  },
  initialState: () => ({ held: false }),
};
