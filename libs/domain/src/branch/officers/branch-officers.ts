import type { CalendarDate } from '../../calendar/calendar-date.js';
import { addYears } from '../../calendar/calendar-date.js';
import { unreachable } from '../../decider.js';
import { refuseFutureDate } from '../../dated-facts.js';
import { InvalidInputError, RuleViolatedError } from '../../domain-errors.js';
import type {
  ChangeCommittee,
  ChangeCommitteeData,
  HoldElection,
  HoldElectionData,
  ReplaceSecretary,
  ReplaceSecretaryData,
} from '../branch-commands.js';
import type {
  CommitteeChanged,
  CommitteeChangedData,
  ElectionHeld,
  ElectionHeldData,
  SecretaryReplaced,
  SecretaryReplacedData,
} from '../branch-events.js';
import { active, refuseDuplicates, refuseOutsideLife } from '../branch-checks.js';
import type { BranchOfficers, BranchState } from '../branch-state.js';
import { evolveEstablished, memberCountOn } from '../branch-state.js';

/** The branch committee (支部委员会): elections (换届选举), a new secretary, committee changes (补选/调整). */
export type OfficersCommand = HoldElection | ReplaceSecretary | ChangeCommittee;
export type OfficersEvent = ElectionHeld | SecretaryReplaced | CommitteeChanged;

function officerIds(officers: BranchOfficers): string[] {
  return [
    ...(officers.secretaryId === null ? [] : [officers.secretaryId]),
    ...officers.deputySecretaryIds,
    ...officers.committeeMemberIds,
  ];
}

function officersElected(data: ElectionHeldData): BranchOfficers {
  return {
    secretaryId: data.secretary.personId,
    deputySecretaryIds: data.deputySecretaryIds,
    committeeMemberIds: data.committeeMemberIds,
  };
}

/** The new secretary leaves any other role; the previous one leaves office. */
function officersAfterSecretaryReplaced(officers: BranchOfficers, data: SecretaryReplacedData): BranchOfficers {
  const newSecretary = data.secretary.personId;
  return {
    secretaryId: newSecretary,
    deputySecretaryIds: officers.deputySecretaryIds.filter((id) => id !== newSecretary),
    committeeMemberIds: officers.committeeMemberIds.filter((id) => id !== newSecretary),
  };
}

/** Removed people leave whatever role they held (a removed secretary leaves the post vacant); added ones become committee members. */
function officersAfterCommitteeChanged(officers: BranchOfficers, data: CommitteeChangedData): BranchOfficers {
  const removed = new Set(data.removeIds);
  return {
    secretaryId: officers.secretaryId !== null && removed.has(officers.secretaryId) ? null : officers.secretaryId,
    deputySecretaryIds: officers.deputySecretaryIds.filter((id) => !removed.has(id)),
    committeeMemberIds: [...officers.committeeMemberIds.filter((id) => !removed.has(id)), ...data.addIds],
  };
}

/**
 * COMMITTEE_SIZE (条例 art. 20): with 7 members or more, the committee (secretary, deputies and
 * committee members together) numbers 3 to 7; under 7, a secretary and at most one deputy, no
 * committee members.
 */
function refuseCommitteeOutsideLimits(officers: BranchOfficers, memberCount: number, day: CalendarDate): void {
  const size = officerIds(officers).length;
  if (memberCount >= 7) {
    if (size < 3 || size > 7) {
      throw new RuleViolatedError(
        'COMMITTEE_SIZE',
        `with ${memberCount} members on ${day} the committee must number 3 to 7 people, not ${size}`,
      );
    }
  } else if (officers.deputySecretaryIds.length > 1 || officers.committeeMemberIds.length > 0) {
    throw new RuleViolatedError(
      'COMMITTEE_SIZE',
      `with ${memberCount} members on ${day} the branch has a secretary and at most one deputy, no committee members`,
    );
  }
}

/** 换届选举: TERM_YEARS, COMMITTEE_SIZE; one role per person. */
function holdElection(data: HoldElectionData, state: BranchState): ElectionHeld[] {
  const branch = active(state, data.branchId);
  const deputySecretaryIds = [...(data.deputySecretaryIds ?? [])];
  const committeeMemberIds = [...(data.committeeMemberIds ?? [])];
  refuseDuplicates([data.secretary.personId, ...deputySecretaryIds, ...committeeMemberIds], 'a person holds one role');
  if (!Number.isInteger(data.termYears) || data.termYears < 1 || data.termYears > 5) {
    throw new RuleViolatedError('TERM_YEARS', `a term lasts 1 to 5 years, not ${data.termYears}`);
  }
  refuseOutsideLife(branch, 'the election', data.heldOn, data.today);
  const approvedOn = data.approvedOn ?? null;
  if (approvedOn !== null) refuseFutureDate('the approval', approvedOn, data.today);
  const elected: ElectionHeldData = {
    heldOn: data.heldOn,
    termYears: data.termYears,
    termEndsOn: addYears(data.heldOn, data.termYears),
    secretary: {
      personId: data.secretary.personId,
      title: data.secretary.title,
      academicBackbone: data.secretary.academicBackbone,
    },
    deputySecretaryIds,
    committeeMemberIds,
    approvedOn,
  };
  refuseCommitteeOutsideLimits(officersElected(elected), memberCountOn(branch, data.heldOn), data.heldOn);
  return [{ type: 'ElectionHeld', data: elected }];
}

/** 调整书记: OFFICER_CHANGE when the new secretary is the sitting one. */
function replaceSecretary(data: ReplaceSecretaryData, state: BranchState): SecretaryReplaced[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the replacement', data.on, data.today);
  const previousSecretaryId = branch.officers.secretaryId;
  if (data.secretary.personId === previousSecretaryId) {
    throw new RuleViolatedError('OFFICER_CHANGE', `person ${previousSecretaryId} is the sitting secretary`);
  }
  return [
    {
      type: 'SecretaryReplaced',
      data: {
        on: data.on,
        secretary: {
          personId: data.secretary.personId,
          title: data.secretary.title,
          academicBackbone: data.secretary.academicBackbone,
        },
        previousSecretaryId,
        reason: data.reason,
      },
    },
  ];
}

/** 补选/调整委员: OFFICER_CHANGE for removing someone not in office or adding someone in office; COMMITTEE_SIZE after the change. */
function changeCommittee(data: ChangeCommitteeData, state: BranchState): CommitteeChanged[] {
  const branch = active(state, data.branchId);
  const addIds = [...(data.addIds ?? [])];
  const removeIds = [...(data.removeIds ?? [])];
  if (addIds.length === 0 && removeIds.length === 0) throw new InvalidInputError('the change adds and removes nobody');
  refuseDuplicates([...addIds, ...removeIds], 'a person is added or removed once');
  refuseOutsideLife(branch, 'the committee change', data.on, data.today);
  const inOffice = new Set(officerIds(branch.officers));
  for (const id of removeIds) {
    if (!inOffice.has(id)) throw new RuleViolatedError('OFFICER_CHANGE', `person ${id} is not in office`);
  }
  for (const id of addIds) {
    if (inOffice.has(id)) throw new RuleViolatedError('OFFICER_CHANGE', `person ${id} is in office already`);
  }
  const changed: CommitteeChangedData = { on: data.on, addIds, removeIds, reason: data.reason };
  refuseCommitteeOutsideLimits(
    officersAfterCommitteeChanged(branch.officers, changed),
    memberCountOn(branch, data.on),
    data.on,
  );
  return [{ type: 'CommitteeChanged', data: changed }];
}

export function decideOfficers(command: OfficersCommand, state: BranchState): OfficersEvent[] {
  switch (command.type) {
    case 'HoldElection':
      return holdElection(command.data, state);
    case 'ReplaceSecretary':
      return replaceSecretary(command.data, state);
    case 'ChangeCommittee':
      return changeCommittee(command.data, state);
    default:
      return unreachable(command);
  }
}

export function evolveOfficers(state: BranchState, event: OfficersEvent): BranchState {
  switch (event.type) {
    case 'ElectionHeld':
      return evolveEstablished(state, (branch) => ({ ...branch, officers: officersElected(event.data) }));
    case 'SecretaryReplaced':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        officers: officersAfterSecretaryReplaced(branch.officers, event.data),
      }));
    case 'CommitteeChanged':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        officers: officersAfterCommitteeChanged(branch.officers, event.data),
      }));
    default:
      return unreachable(event);
  }
}
