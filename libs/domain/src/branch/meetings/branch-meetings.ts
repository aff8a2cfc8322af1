import { unreachable } from '../../decider.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import type {
  CorrectMeeting,
  CorrectMeetingData,
  RecordMeeting,
  RecordMeetingData,
  RetractMeeting,
  RetractMeetingData,
} from '../branch-commands.js';
import type { MeetingCorrected, MeetingHeld, MeetingRetracted } from '../branch-events.js';
import { active, refuseOutsideLife } from '../branch-checks.js';
import type { BranchState, EstablishedBranchState, MeetingRecord } from '../branch-state.js';
import { evolveEstablished, withEntry } from '../branch-state.js';

/** Meetings (三会一课 and other organizational life): recorded, corrected (never edited), retracted. */
export type MeetingsCommand = RecordMeeting | CorrectMeeting | RetractMeeting;
export type MeetingsEvent = MeetingHeld | MeetingCorrected | MeetingRetracted;

function recordMeeting(data: RecordMeetingData, state: BranchState): MeetingHeld[] {
  const branch = active(state, data.branchId);
  if (branch.meetings.has(data.meetingId)) throw new AlreadyExistsError(`meeting ${data.meetingId} is recorded already`);
  if (data.present > data.expected) {
    throw new InvalidInputError(`present (${data.present}) exceeds expected (${data.expected})`);
  }
  refuseOutsideLife(branch, 'the meeting', data.heldOn, data.today);
  return [
    {
      type: 'MeetingHeld',
      data: {
        meetingId: data.meetingId,
        kinds: [...data.kinds],
        heldOn: data.heldOn,
        place: data.place ?? null,
        expected: data.expected,
        present: data.present,
        absentees: (data.absentees ?? []).map((a) => ({ personId: a.personId ?? null, reason: a.reason })),
        hostPersonId: data.hostPersonId ?? null,
        recorderPersonId: data.recorderPersonId ?? null,
        topic: data.topic,
        resolutions: [...(data.resolutions ?? [])],
      },
    },
  ];
}

/** MEETING_RETRACTED: a retracted meeting is neither corrected nor retracted again. */
function meeting(branch: EstablishedBranchState, meetingId: string): MeetingRecord {
  const found = branch.meetings.get(meetingId);
  if (!found) throw new NotFoundError('meeting', meetingId);
  if (found.retracted) throw new RuleViolatedError('MEETING_RETRACTED', `meeting ${meetingId} is retracted`);
  return found;
}

/** A wrong record is corrected, never edited: the corrected values must still hold together. */
function correctMeeting(data: CorrectMeetingData, state: BranchState): MeetingCorrected[] {
  const branch = active(state, data.branchId);
  const current = meeting(branch, data.meetingId);
  const kinds = data.kinds ? [...data.kinds] : null;
  const heldOn = data.heldOn ?? null;
  const expected = data.expected ?? null;
  const present = data.present ?? null;
  const topic = data.topic ?? null;
  if (kinds === null && heldOn === null && expected === null && present === null && topic === null) {
    throw new InvalidInputError('the correction changes nothing');
  }
  const correctedExpected = expected ?? current.expected;
  const correctedPresent = present ?? current.present;
  if (correctedPresent > correctedExpected) {
    throw new InvalidInputError(`present (${correctedPresent}) would exceed expected (${correctedExpected})`);
  }
  if (heldOn !== null) refuseOutsideLife(branch, 'the meeting', heldOn, data.today);
  return [
    { type: 'MeetingCorrected', data: { meetingId: data.meetingId, reason: data.reason, kinds, heldOn, expected, present, topic } },
  ];
}

function retractMeeting(data: RetractMeetingData, state: BranchState): MeetingRetracted[] {
  const branch = active(state, data.branchId);
  meeting(branch, data.meetingId);
  return [{ type: 'MeetingRetracted', data: { meetingId: data.meetingId, reason: data.reason } }];
}

export function decideMeetings(command: MeetingsCommand, state: BranchState): MeetingsEvent[] {
  switch (command.type) {
    case 'RecordMeeting':
      return recordMeeting(command.data, state);
    case 'CorrectMeeting':
      return correctMeeting(command.data, state);
    case 'RetractMeeting':
      return retractMeeting(command.data, state);
    default:
      return unreachable(command);
  }
}

export function evolveMeetings(state: BranchState, event: MeetingsEvent): BranchState {
  switch (event.type) {
    case 'MeetingHeld':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        meetings: withEntry(branch.meetings, event.data.meetingId, {
          expected: event.data.expected,
          present: event.data.present,
          retracted: false,
        }),
      }));
    case 'MeetingCorrected':
      return evolveEstablished(state, (branch) => {
        const found = branch.meetings.get(event.data.meetingId);
        if (!found) return branch;
        return {
          ...branch,
          meetings: withEntry(branch.meetings, event.data.meetingId, {
            ...found,
            expected: event.data.expected ?? found.expected,
            present: event.data.present ?? found.present,
          }),
        };
      });
    case 'MeetingRetracted':
      return evolveEstablished(state, (branch) => {
        const found = branch.meetings.get(event.data.meetingId);
        if (!found) return branch;
        return { ...branch, meetings: withEntry(branch.meetings, event.data.meetingId, { ...found, retracted: true }) };
      });
    default:
      return unreachable(event);
  }
}
