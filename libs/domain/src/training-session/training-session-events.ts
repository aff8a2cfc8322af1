import type { CalendarDate } from '../calendar/calendar-date.js';
import type { OfficerRole, TrainingOrganizer } from '../vocabulary.js';

/** The stream of one training session (轮训). */
export const trainingSessionStreamId = (sessionId: string): string => `training-session-${sessionId}`;

/**
 * 轮训: a session held by the Municipal Committee (示范培训班: no university, no unit), a university
 * (集中轮训: its universityId, no unit) or a unit (both ids).
 */
export type TrainingSessionHeldData = {
  sessionId: string;
  organizer: TrainingOrganizer;
  universityId: string | null;
  unitId: string | null;
  title: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
  hours: number;
};

/** A person who attended, with the branch and role they attended for. */
export type TrainingAttendee = {
  personId: string;
  branchId: string;
  role: OfficerRole;
};

/** Attendees recorded at the session; each person appears once per session across all records. */
export type TrainingAttendanceRecordedData = {
  attendees: TrainingAttendee[];
};

export type TrainingSessionHeld = { type: 'TrainingSessionHeld'; data: TrainingSessionHeldData };
export type TrainingAttendanceRecorded = { type: 'TrainingAttendanceRecorded'; data: TrainingAttendanceRecordedData };

/** Everything recorded on `training-session-<id>`. */
export type TrainingSessionEvent = TrainingSessionHeld | TrainingAttendanceRecorded;

export type TrainingSessionEventType = TrainingSessionEvent['type'];

/** Every event type of the stream, e.g. for a projection's subscription. */
export const TRAINING_SESSION_EVENT_TYPES = [
  'TrainingSessionHeld',
  'TrainingAttendanceRecorded',
] as const satisfies readonly TrainingSessionEventType[];
