import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import type { BranchEvent } from '../branch-events.js';
import { branchDecider } from '../branch-decider.js';
import type { EstablishedBranchState } from '../branch-state.js';
import {
  correctMeeting,
  established,
  everyCommand,
  meetingData,
  meetingHeld,
  meetingRetracted,
  recordMeeting,
  spec,
} from '../branch-examples.js';

describe('branch decider: meetings', () => {
  describe('RecordMeeting', () => {
    it('records the meeting, absent fields as null or empty', () => {
      spec.given([established]).when(recordMeeting()).then([meetingHeld]);
      spec
        .given([established])
        .when(
          recordMeeting({ place: undefined, absentees: null, hostPersonId: undefined, recorderPersonId: null, resolutions: undefined }),
        )
        .then([
          {
            type: 'MeetingHeld',
            data: { ...meetingData, place: null, absentees: [], hostPersonId: null, recorderPersonId: null, resolutions: [] },
          },
        ]);
    });

    it('refuses a meeting id already used, even retracted', () => {
      spec.given([established, meetingHeld]).when(recordMeeting()).thenThrows(AlreadyExistsError, /meeting mt1 is recorded already/);
      spec.given([established, meetingHeld, meetingRetracted]).when(recordMeeting()).thenThrows(AlreadyExistsError, /meeting mt1 is recorded already/);
    });

    it('refuses more present than expected', () => {
      spec.given([established]).when(recordMeeting({ expected: 9, present: 10 })).thenThrows(InvalidInputError, /present \(10\) exceeds expected \(9\)/);
    });
  });

  describe('CorrectMeeting', () => {
    it('records the corrected fields, null for those unchanged', () => {
      spec
        .given([established, meetingHeld])
        .when(correctMeeting({ present: 11, kinds: ['COMMITTEE'] }))
        .then([
          {
            type: 'MeetingCorrected',
            data: { meetingId: 'mt1', reason: '人数录错', kinds: ['COMMITTEE'], heldOn: null, expected: null, present: 11, topic: null },
          },
        ]);
    });

    it('checks attendance against the corrected values', () => {
      spec.given([established, meetingHeld]).when(correctMeeting({ expected: 9 })).thenThrows(InvalidInputError, /present \(10\) would exceed expected \(9\)/);
      spec.given([established, meetingHeld]).when(correctMeeting({ present: 13 })).thenThrows(InvalidInputError, /present \(13\) would exceed expected \(12\)/);
      spec.given([established, meetingHeld]).when(correctMeeting({ expected: 14, present: 13 })).then([
        { type: 'MeetingCorrected', data: { meetingId: 'mt1', reason: '人数录错', kinds: null, heldOn: null, expected: 14, present: 13, topic: null } },
      ]);
      const corrected: BranchEvent = {
        type: 'MeetingCorrected',
        data: { meetingId: 'mt1', reason: '人数录错', kinds: null, heldOn: null, expected: 8, present: 8, topic: null },
      };
      spec.given([established, meetingHeld, corrected]).when(correctMeeting({ present: 9 })).thenThrows(InvalidInputError, /present \(9\) would exceed expected \(8\)/);
    });

    it('refuses a correction changing nothing', () => {
      spec.given([established, meetingHeld]).when(correctMeeting({ heldOn: null })).thenThrows(InvalidInputError, /the correction changes nothing/);
    });

    it('refuses a meeting never recorded', () => {
      spec.given([established]).when(correctMeeting({ present: 9 })).thenThrows(NotFoundError, /meeting mt1/);
    });

    it('refuses a retracted meeting (MEETING_RETRACTED)', () => {
      spec
        .given([established, meetingHeld, meetingRetracted])
        .when(correctMeeting({ present: 9 }))
        .thenThrows(RuleViolatedError, 'MEETING_RETRACTED');
    });
  });

  describe('RetractMeeting', () => {
    it('retracts a meeting', () => {
      spec.given([established, meetingHeld]).when(everyCommand.RetractMeeting).then([
        { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复' } },
      ]);
    });

    it('refuses a meeting never recorded', () => {
      spec.given([established]).when(everyCommand.RetractMeeting).thenThrows(NotFoundError, /meeting mt1/);
    });

    it('refuses a meeting retracted already (MEETING_RETRACTED)', () => {
      spec
        .given([established, meetingHeld, meetingRetracted])
        .when(everyCommand.RetractMeeting)
        .thenThrows(RuleViolatedError, 'MEETING_RETRACTED');
    });
  });

  describe('the state folded from meetings', () => {
    const held = (index: number): BranchEvent => ({ type: 'MeetingHeld', data: { ...meetingData, meetingId: `m${index}` } });

    it('keeps every meeting of a long history, and leaves the state it evolved from as it was', () => {
      let state = branchDecider.evolve(branchDecider.initialState(), established);
      for (let index = 0; index < 3000; index += 1) state = branchDecider.evolve(state, held(index));
      const before = state as EstablishedBranchState;
      const after = branchDecider.evolve(before, held(3000)) as EstablishedBranchState;
      const retracted = branchDecider.evolve(after, { type: 'MeetingRetracted', data: { meetingId: 'm7', reason: '重复录入' } }) as EstablishedBranchState;

      expect(before.meetings.size).toBe(3000);
      expect(before.meetings.has('m3000')).toBe(false);
      expect(after.meetings.size).toBe(3001);
      expect(after.meetings.get('m7')).toEqual({ expected: meetingData.expected, present: meetingData.present, retracted: false });
      expect(retracted.meetings.get('m7')?.retracted).toBe(true);
      // A decision on the older state still sees it as it was: m3000 may be recorded there, not after.
      expect(branchDecider.decide(recordMeeting({ meetingId: 'm3000' }), before)).toHaveLength(1);
      expect(() => branchDecider.decide(recordMeeting({ meetingId: 'm3000' }), after)).toThrow(AlreadyExistsError);
    });
  });
});
