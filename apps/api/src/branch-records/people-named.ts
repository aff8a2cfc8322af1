import type { BranchCommand } from '../../../../libs/domain/src/branch/branch-commands.js';

/**
 * Every person a branch command names. Each must be registered in the branch's university
 * (DOMAIN.md §1); the exhaustive switch makes a new command say whom it names.
 */
export function peopleNamedBy(command: BranchCommand): string[] {
  switch (command.type) {
    case 'HoldElection':
      return [command.data.secretary.personId, ...(command.data.deputySecretaryIds ?? []), ...(command.data.committeeMemberIds ?? [])];
    case 'ReplaceSecretary':
      return [command.data.secretary.personId];
    case 'ChangeCommittee':
      return [...(command.data.addIds ?? []), ...(command.data.removeIds ?? [])];
    case 'RecordMeeting':
      return [
        ...(command.data.absentees ?? []).flatMap((absentee) => (absentee.personId ? [absentee.personId] : [])),
        ...(command.data.hostPersonId ? [command.data.hostPersonId] : []),
        ...(command.data.recorderPersonId ? [command.data.recorderPersonId] : []),
      ];
    case 'OpenRectificationCase':
      return [
        ...(command.data.liaisonLeaderId ? [command.data.liaisonLeaderId] : []),
        ...(command.data.responsiblePersonId ? [command.data.responsiblePersonId] : []),
      ];
    case 'AssignLiaison':
      return [command.data.liaisonLeaderId];
    case 'EstablishBranch':
    case 'RenameBranch':
    case 'MoveBranch':
    case 'DissolveBranch':
    case 'ReportMemberCount':
    case 'CorrectMeeting':
    case 'RetractMeeting':
    case 'AdoptAnnualPlan':
    case 'RateBranch':
    case 'RecordHealthCheck':
    case 'ResolveFinding':
    case 'ReviewSecretary':
    case 'ScreenBranch':
    case 'RecordRectificationStep':
    case 'AcceptRectification':
    case 'CloseRectificationCase':
    case 'ReopenRectificationCase':
    case 'RecordPersonnelReview':
    case 'AllocateFunds':
    case 'RecordFundsUse':
      return [];
    default:
      return unnamed(command);
  }
}

function unnamed(command: never): never {
  throw new Error(`no list of the people named by ${(command as { type: string }).type}`);
}
