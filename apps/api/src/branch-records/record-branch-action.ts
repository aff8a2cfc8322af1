import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BranchCommand } from '../../../../libs/domain/src/branch/branch-commands.js';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { RuleViolatedError } from '../../../../libs/domain/src/domain-errors.js';
import { badInput } from '../graphql/api-error.js';
import { assertBranchWriter, assertUnitWriter, type BranchWriteKind } from '../authorization/write-scope.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';

/** Any command on `branch-<id>`, with who asks and what kind of write it is. */
export class RecordBranchAction {
  constructor(
    readonly caller: Caller,
    readonly command: BranchCommand,
    readonly writeKind: BranchWriteKind,
    readonly envelope: { commandId?: string | null; expectedVersion?: number | null; createdId?: string },
  ) {}
}

@CommandHandler(RecordBranchAction)
export class RecordBranchActionHandler implements ICommandHandler<RecordBranchAction, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
  ) {}

  async execute({ caller, command, writeKind, envelope }: RecordBranchAction): Promise<CommandResult> {
    const { branchId } = command.data;
    return this.recorder.record({
      caller,
      commandId: envelope.commandId,
      expectedVersion: envelope.expectedVersion,
      createdId: envelope.createdId,
      streamId: `branch-${branchId}`,
      decider: branchDecider,
      command,
      universityId: (state: BranchState) =>
        state.status === 'NOT_ESTABLISHED' ? (command.type === 'EstablishBranch' ? command.data.universityId : null) : state.universityId,
      authorize: async (state: BranchState) => {
        if (command.type === 'EstablishBranch') {
          assertUnitWriter(caller, command.data.universityId, command.data.unitId);
          if (state.status === 'NOT_ESTABLISHED') await this.organizations.requireUnit(command.data.universityId, command.data.unitId);
          return;
        }
        if (state.status === 'NOT_ESTABLISHED') return; // the decider answers NOT_FOUND
        assertBranchWriter(caller, { branchId, universityId: state.universityId, unitId: state.unitId }, writeKind);
        if (command.type === 'MoveBranch') {
          assertUnitWriter(caller, state.universityId, command.data.unitId);
          await this.organizations.requireUnit(state.universityId, command.data.unitId);
        }
        if (command.type === 'DissolveBranch' && command.data.mergedInto) {
          if (command.data.mergedInto === branchId) throw badInput('a branch cannot be merged into itself');
          const target = await this.organizations.requireBranch(command.data.mergedInto);
          // Merging moves members into the other branch: its writer must be the caller too.
          assertBranchWriter(
            caller,
            { branchId: command.data.mergedInto, universityId: target.universityId, unitId: target.unitId },
            'BRANCH_ADMINISTRATION',
          );
          if (target.status === 'DISSOLVED') {
            throw new RuleViolatedError('BRANCH_DISSOLVED', `branch ${command.data.mergedInto} is dissolved and cannot take a merger`);
          }
        }
      },
    });
  }
}
