import type { CalendarDate } from './calendar/calendar-date.js';
import { unreachable } from './decider.js';
import type { DomainEvent } from './domain-event.js';

/**
 * The day an event occurred in the world (发生日期), by the event's own definition; null when it
 * occurred when it was recorded. Facts are often recorded later than they happened (a secretary
 * records last month's meeting), so the store's `occurredAt` is the start of this Shanghai day and
 * `recordedAt` stays the instant of recording. A new event type fails to compile until it says here
 * which of its days, if any, is the day it happened.
 */
export function occurredOn(event: DomainEvent): CalendarDate | null {
  switch (event.type) {
    // the day the fact names
    case 'BranchEstablished':
      return event.data.establishedOn;
    case 'ElectionHeld':
    case 'MeetingHeld':
      return event.data.heldOn;
    case 'TrainingSessionHeld':
      return event.data.startsOn;
    case 'BranchMoved':
    case 'BranchDissolved':
    case 'MemberCountReported':
    case 'SecretaryReplaced':
    case 'CommitteeChanged':
    case 'PersonnelReviewRecorded':
    case 'LiaisonAssigned':
    case 'FundsUsed':
    case 'HealthCheckRecorded':
    case 'FindingResolved':
    case 'BranchScreened':
    case 'RectificationStepRecorded':
    case 'RectificationAccepted':
    case 'RectificationCaseClosed':
    case 'RectificationCaseReopened':
    case 'BranchWorkStudied':
    case 'PartyMembersHomeBuilt':
      return event.data.on;
    // a correction happens when it is made: its `heldOn` is the meeting's corrected day, not the correction's
    case 'MeetingCorrected':
    // a case is opened on the day it is recorded (`openedOn` is the command's today)
    case 'RectificationCaseOpened':
    // decisions for a year, recorded as they are taken
    case 'AnnualPlanAdopted':
    case 'FundsAllocated':
    case 'BranchRated':
    case 'SecretaryReviewed':
    // registrations, a new name, a withdrawn record: they happen as they are recorded
    case 'BranchRenamed':
    case 'MeetingRetracted':
    case 'UniversityRegistered':
    case 'UnitRegistered':
    case 'PersonRegistered':
    // attendance names no day of its own
    case 'TrainingAttendanceRecorded':
      return null;
    default:
      return unreachable(event);
  }
}
