import type { Decider } from '../decider.js';
import { unreachable } from '../decider.js';
import type { BranchCommand } from './branch-commands.js';
import type { BranchEvent } from './branch-events.js';
import type { BranchState } from './branch-state.js';
import { decideLifecycle, evolveLifecycle } from './lifecycle/branch-lifecycle.js';
import { decideMeetings, evolveMeetings } from './meetings/branch-meetings.js';
import { decideOfficers, evolveOfficers } from './officers/branch-officers.js';
import { decideRecords, evolveRecords } from './records/branch-records.js';
import { decideRectification, evolveRectification } from './rectification/branch-rectification.js';

export type {
  BranchOfficers,
  BranchState,
  EstablishedBranchState,
  MeetingRecord,
  RectificationCaseRecord,
  ScreeningRecord,
} from './branch-state.js';
export { memberCountOn } from './branch-state.js';

/**
 * One aggregate, five concerns: each part (lifecycle, officers, meetings, records, rectification)
 * decides its own commands and evolves the state from its own events; this file only routes.
 */
function decide(command: BranchCommand, state: BranchState): BranchEvent[] {
  switch (command.type) {
    case 'EstablishBranch':
    case 'RenameBranch':
    case 'MoveBranch':
    case 'DissolveBranch':
    case 'ReportMemberCount':
      return decideLifecycle(command, state);
    case 'HoldElection':
    case 'ReplaceSecretary':
    case 'ChangeCommittee':
      return decideOfficers(command, state);
    case 'RecordMeeting':
    case 'CorrectMeeting':
    case 'RetractMeeting':
      return decideMeetings(command, state);
    case 'AdoptAnnualPlan':
    case 'RateBranch':
    case 'RecordHealthCheck':
    case 'ResolveFinding':
    case 'ReviewSecretary':
    case 'AssignLiaison':
    case 'RecordPersonnelReview':
    case 'AllocateFunds':
    case 'RecordFundsUse':
      return decideRecords(command, state);
    case 'ScreenBranch':
    case 'OpenRectificationCase':
    case 'RecordRectificationStep':
    case 'AcceptRectification':
    case 'CloseRectificationCase':
    case 'ReopenRectificationCase':
      return decideRectification(command, state);
    default:
      return unreachable(command);
  }
}

function evolve(state: BranchState, event: BranchEvent): BranchState {
  switch (event.type) {
    case 'BranchEstablished':
    case 'BranchRenamed':
    case 'BranchMoved':
    case 'BranchDissolved':
    case 'MemberCountReported':
      return evolveLifecycle(state, event);
    case 'ElectionHeld':
    case 'SecretaryReplaced':
    case 'CommitteeChanged':
      return evolveOfficers(state, event);
    case 'MeetingHeld':
    case 'MeetingCorrected':
    case 'MeetingRetracted':
      return evolveMeetings(state, event);
    case 'AnnualPlanAdopted':
    case 'BranchRated':
    case 'HealthCheckRecorded':
    case 'FindingResolved':
    case 'SecretaryReviewed':
    case 'LiaisonAssigned':
    case 'PersonnelReviewRecorded':
    case 'FundsAllocated':
    case 'FundsUsed':
      return evolveRecords(state, event);
    case 'BranchScreened':
    case 'RectificationCaseOpened':
    case 'RectificationStepRecorded':
    case 'RectificationAccepted':
    case 'RectificationCaseClosed':
    case 'RectificationCaseReopened':
      return evolveRectification(state, event);
    default:
      return unreachable(event);
  }
}

/** The decider of `branch-<id>` (党支部). */
export const branchDecider: Decider<BranchCommand, BranchEvent, BranchState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'NOT_ESTABLISHED' }),
};
