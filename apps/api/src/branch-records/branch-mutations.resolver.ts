import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { BranchCommand } from '../../../../libs/domain/src/branch/branch-commands.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { BranchWriteKind } from '../authorization/authorization.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { generatedId, type CommandResult } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import * as inputs from './branch-inputs.js';
import { RecordBranchAction } from './record-branch-action.js';

interface BranchMutation {
  shape: new () => object;
  command: BranchCommand['type'];
  kind: BranchWriteKind;
  /** The input field holding the id the command creates (generated when absent). */
  creates?: 'branchId' | 'meetingId' | 'caseId';
}

/** Each branch mutation: its input shape, the decider command it becomes, and whose work it is. */
const BRANCH_MUTATIONS = {
  establishBranch: { shape: inputs.EstablishBranchInput, command: 'EstablishBranch', kind: 'BRANCH_ADMINISTRATION', creates: 'branchId' },
  renameBranch: { shape: inputs.RenameBranchInput, command: 'RenameBranch', kind: 'BRANCH_ADMINISTRATION' },
  moveBranch: { shape: inputs.MoveBranchInput, command: 'MoveBranch', kind: 'BRANCH_ADMINISTRATION' },
  dissolveBranch: { shape: inputs.DissolveBranchInput, command: 'DissolveBranch', kind: 'BRANCH_ADMINISTRATION' },
  reportMemberCount: { shape: inputs.ReportMemberCountInput, command: 'ReportMemberCount', kind: 'BRANCH_ADMINISTRATION' },
  holdElection: { shape: inputs.HoldElectionInput, command: 'HoldElection', kind: 'SECRETARY_WORK' },
  replaceSecretary: { shape: inputs.ReplaceSecretaryInput, command: 'ReplaceSecretary', kind: 'BRANCH_ADMINISTRATION' },
  changeCommittee: { shape: inputs.ChangeCommitteeInput, command: 'ChangeCommittee', kind: 'BRANCH_ADMINISTRATION' },
  recordMeeting: { shape: inputs.RecordMeetingInput, command: 'RecordMeeting', kind: 'SECRETARY_WORK', creates: 'meetingId' },
  correctMeeting: { shape: inputs.CorrectMeetingInput, command: 'CorrectMeeting', kind: 'SECRETARY_WORK' },
  retractMeeting: { shape: inputs.RetractMeetingInput, command: 'RetractMeeting', kind: 'SECRETARY_WORK' },
  adoptAnnualPlan: { shape: inputs.AdoptAnnualPlanInput, command: 'AdoptAnnualPlan', kind: 'SECRETARY_WORK' },
  rateBranch: { shape: inputs.RateBranchInput, command: 'RateBranch', kind: 'BRANCH_ADMINISTRATION' },
  recordHealthCheck: { shape: inputs.RecordHealthCheckInput, command: 'RecordHealthCheck', kind: 'BRANCH_ADMINISTRATION' },
  resolveFinding: { shape: inputs.ResolveFindingInput, command: 'ResolveFinding', kind: 'BRANCH_ADMINISTRATION' },
  reviewSecretary: { shape: inputs.ReviewSecretaryInput, command: 'ReviewSecretary', kind: 'BRANCH_ADMINISTRATION' },
  screenBranch: { shape: inputs.ScreenBranchInput, command: 'ScreenBranch', kind: 'UNIVERSITY_CASEWORK' },
  openRectificationCase: { shape: inputs.OpenRectificationCaseInput, command: 'OpenRectificationCase', kind: 'UNIVERSITY_CASEWORK', creates: 'caseId' },
  recordRectificationStep: { shape: inputs.RecordRectificationStepInput, command: 'RecordRectificationStep', kind: 'SECRETARY_WORK' },
  acceptRectification: { shape: inputs.AcceptRectificationInput, command: 'AcceptRectification', kind: 'UNIVERSITY_CASEWORK' },
  closeRectificationCase: { shape: inputs.CloseRectificationCaseInput, command: 'CloseRectificationCase', kind: 'UNIVERSITY_CASEWORK' },
  reopenRectificationCase: { shape: inputs.ReopenRectificationCaseInput, command: 'ReopenRectificationCase', kind: 'UNIVERSITY_CASEWORK' },
  assignLiaison: { shape: inputs.AssignLiaisonInput, command: 'AssignLiaison', kind: 'BRANCH_ADMINISTRATION' },
  recordPersonnelReview: { shape: inputs.RecordPersonnelReviewInput, command: 'RecordPersonnelReview', kind: 'BRANCH_ADMINISTRATION' },
  allocateFunds: { shape: inputs.AllocateFundsInput, command: 'AllocateFunds', kind: 'BRANCH_ADMINISTRATION' },
  recordFundsUse: { shape: inputs.RecordFundsUseInput, command: 'RecordFundsUse', kind: 'BRANCH_ADMINISTRATION' },
} satisfies Record<string, BranchMutation>;

type BranchMutationName = keyof typeof BRANCH_MUTATIONS;

/**
 * Validates a branch mutation's input, turns it into the branch command and hands it to the
 * command bus. (Outside the resolver class: Nest takes every method of a schema-first resolver
 * for a field.)
 */
function recordBranchMutation(
commandBus: CommandBus,
name: BranchMutationName,
caller: Caller,
input: unknown,
): Promise<CommandResult> {
  const mutation: BranchMutation = BRANCH_MUTATIONS[name];
  const { commandId, expectedVersion, ...fields } = validInput(mutation.shape, input) as Record<string, unknown>;
  let createdId: string | undefined;
  if (mutation.creates) {
    createdId = (fields[mutation.creates] as string | null | undefined) ?? generatedId(caller, `${name}.${mutation.creates}`, commandId as string | null | undefined);
    fields[mutation.creates] = createdId;
  }
  if (name === 'holdElection') fields.termYears ??= 3;
  const command = { type: mutation.command, data: { ...withoutNulls(fields), today: shanghaiToday() } } as BranchCommand;
  return commandBus.execute(
    new RecordBranchAction(caller, command, mutation.kind, {
      commandId: commandId as string | null | undefined,
      expectedVersion: expectedVersion as number | null | undefined,
      createdId,
      input,
    }),
  );
}

/** Thin: validate the input, turn it into the branch command, hand it to the command bus. */
@Resolver('Mutation')
export class BranchMutationsResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation() establishBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'establishBranch', caller, input); }
  @Mutation() renameBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'renameBranch', caller, input); }
  @Mutation() moveBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'moveBranch', caller, input); }
  @Mutation() dissolveBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'dissolveBranch', caller, input); }
  @Mutation() reportMemberCount(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'reportMemberCount', caller, input); }
  @Mutation() holdElection(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'holdElection', caller, input); }
  @Mutation() replaceSecretary(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'replaceSecretary', caller, input); }
  @Mutation() changeCommittee(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'changeCommittee', caller, input); }
  @Mutation() recordMeeting(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'recordMeeting', caller, input); }
  @Mutation() correctMeeting(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'correctMeeting', caller, input); }
  @Mutation() retractMeeting(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'retractMeeting', caller, input); }
  @Mutation() adoptAnnualPlan(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'adoptAnnualPlan', caller, input); }
  @Mutation() rateBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'rateBranch', caller, input); }
  @Mutation() recordHealthCheck(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'recordHealthCheck', caller, input); }
  @Mutation() resolveFinding(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'resolveFinding', caller, input); }
  @Mutation() reviewSecretary(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'reviewSecretary', caller, input); }
  @Mutation() screenBranch(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'screenBranch', caller, input); }
  @Mutation() openRectificationCase(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'openRectificationCase', caller, input); }
  @Mutation() recordRectificationStep(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'recordRectificationStep', caller, input); }
  @Mutation() acceptRectification(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'acceptRectification', caller, input); }
  @Mutation() closeRectificationCase(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'closeRectificationCase', caller, input); }
  @Mutation() reopenRectificationCase(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'reopenRectificationCase', caller, input); }
  @Mutation() assignLiaison(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'assignLiaison', caller, input); }
  @Mutation() recordPersonnelReview(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'recordPersonnelReview', caller, input); }
  @Mutation() allocateFunds(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'allocateFunds', caller, input); }
  @Mutation() recordFundsUse(@CurrentCaller() caller: Caller, @Args('input') input: unknown) { return recordBranchMutation(this.commandBus, 'recordFundsUse', caller, input); }
}

/** GraphQL sends absent optional fields as null; the domain's optional fields are simply absent. */
function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}
