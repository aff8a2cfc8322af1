import { stateFrom } from '../decider.js';
import { deciderSpecification } from '../decider-specification.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type { HoldTrainingSessionData, TrainingSessionCommand } from './training-session-commands.js';
import { trainingSessionDecider } from './training-session-decider.js';
import type { TrainingSessionEvent } from './training-session-events.js';

const spec = deciderSpecification(trainingSessionDecider);

const today = '2018-09-30';
const universitySession: HoldTrainingSessionData = {
  sessionId: 's1',
  organizer: 'UNIVERSITY',
  universityId: '10001',
  title: '党支部书记集中轮训',
  startsOn: '2018-07-10',
  endsOn: '2018-07-12',
  hours: 24,
  today,
};
const hold = (data: Partial<HoldTrainingSessionData> = {}): TrainingSessionCommand => ({
  type: 'HoldTrainingSession',
  data: { ...universitySession, ...data },
});
const held: TrainingSessionEvent = {
  type: 'TrainingSessionHeld',
  data: {
    sessionId: 's1',
    organizer: 'UNIVERSITY',
    universityId: '10001',
    unitId: null,
    title: '党支部书记集中轮训',
    startsOn: '2018-07-10',
    endsOn: '2018-07-12',
    hours: 24,
  },
};
const attended: TrainingSessionEvent = {
  type: 'TrainingAttendanceRecorded',
  data: { attendees: [{ personId: 'p1', branchId: 'b1', role: 'SECRETARY' }] },
};
const record = (...attendees: { personId: string; branchId: string }[]): TrainingSessionCommand => ({
  type: 'RecordTrainingAttendance',
  data: { sessionId: 's1', attendees: attendees.map((a) => ({ ...a, role: 'COMMITTEE_MEMBER' as const })) },
});

describe('training session decider', () => {
  describe('HoldTrainingSession', () => {
    it('records a university session (集中轮训)', () => {
      spec.given([]).when(hold()).then([held]);
    });

    it('records a municipal session (示范培训班) without university or unit', () => {
      spec
        .given([])
        .when(hold({ organizer: 'MUNICIPAL', universityId: null }))
        .then([{ type: 'TrainingSessionHeld', data: { ...held.data, organizer: 'MUNICIPAL', universityId: null } }]);
    });

    it('records a unit session with both ids', () => {
      spec
        .given([])
        .when(hold({ organizer: 'UNIT', unitId: 'physics' }))
        .then([{ type: 'TrainingSessionHeld', data: { ...held.data, organizer: 'UNIT', unitId: 'physics' } }]);
    });

    it('accepts a session that is still running', () => {
      spec
        .given([])
        .when(hold({ startsOn: '2018-09-29', endsOn: '2018-10-02' }))
        .then([{ type: 'TrainingSessionHeld', data: { ...held.data, startsOn: '2018-09-29', endsOn: '2018-10-02' } }]);
    });

    it('refuses a session held already', () => {
      spec.given([held]).when(hold()).thenThrows(AlreadyExistsError, /training session s1 is already held/);
    });

    it.each<[string, Partial<HoldTrainingSessionData>, RegExp]>([
      ['MUNICIPAL with a universityId', { organizer: 'MUNICIPAL' }, /a MUNICIPAL session takes neither universityId nor unitId/],
      ['MUNICIPAL with a unitId', { organizer: 'MUNICIPAL', universityId: null, unitId: 'physics' }, /a MUNICIPAL session takes neither/],
      ['UNIVERSITY without a universityId', { organizer: 'UNIVERSITY', universityId: null }, /a UNIVERSITY session takes a universityId and no unitId/],
      ['UNIVERSITY with a unitId', { organizer: 'UNIVERSITY', unitId: 'physics' }, /a UNIVERSITY session takes a universityId and no unitId/],
      ['UNIT without a unitId', { organizer: 'UNIT' }, /a UNIT session takes both universityId and unitId/],
      ['UNIT without a universityId', { organizer: 'UNIT', universityId: undefined, unitId: 'physics' }, /a UNIT session takes both/],
    ])('refuses %s', (_, data, why) => {
      spec.given([]).when(hold(data)).thenThrows(InvalidInputError, why);
    });

    it('refuses a session ending before it starts', () => {
      spec.given([]).when(hold({ endsOn: '2018-07-09' })).thenThrows(InvalidInputError, /the session ends \(2018-07-09\) before it starts \(2018-07-10\)/);
    });

    it('refuses a session starting after today', () => {
      spec
        .given([])
        .when(hold({ startsOn: '2018-10-01', endsOn: '2018-10-02' }))
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });

  describe('RecordTrainingAttendance', () => {
    it('records the attendees with their branch and role', () => {
      spec
        .given([held])
        .when({
          type: 'RecordTrainingAttendance',
          data: { sessionId: 's1', attendees: [{ personId: 'p1', branchId: 'b1', role: 'SECRETARY' }] },
        })
        .then([attended]);
    });

    it('records further attendees later', () => {
      spec
        .given([held, attended])
        .when(record({ personId: 'p2', branchId: 'b1' }, { personId: 'p3', branchId: 'b2' }))
        .then([
          {
            type: 'TrainingAttendanceRecorded',
            data: {
              attendees: [
                { personId: 'p2', branchId: 'b1', role: 'COMMITTEE_MEMBER' },
                { personId: 'p3', branchId: 'b2', role: 'COMMITTEE_MEMBER' },
              ],
            },
          },
        ]);
    });

    it('keeps the organizer, scope ids and attendees in the state', () => {
      expect(stateFrom(trainingSessionDecider, [held, attended])).toEqual({
        held: true,
        organizer: 'UNIVERSITY',
        universityId: '10001',
        unitId: null,
        attendeePersonIds: new Set(['p1']),
      });
    });

    it('refuses a session never held', () => {
      spec.given([]).when(record({ personId: 'p1', branchId: 'b1' })).thenThrows(NotFoundError, /session s1/);
    });

    it('refuses a person already recorded at the session, even for another branch', () => {
      spec
        .given([held, attended])
        .when(record({ personId: 'p1', branchId: 'b2' }))
        .thenThrows(RuleViolatedError, 'ATTENDEE_ONCE_PER_SESSION');
    });

    it('refuses a person named twice in one call', () => {
      spec
        .given([held])
        .when(record({ personId: 'p2', branchId: 'b1' }, { personId: 'p2', branchId: 'b2' }))
        .thenThrows(RuleViolatedError, 'ATTENDEE_ONCE_PER_SESSION');
    });

    it('refuses an empty list', () => {
      spec.given([held]).when(record()).thenThrows(InvalidInputError, /no attendees to record/);
    });
  });
});
