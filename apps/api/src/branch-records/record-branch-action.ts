import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BranchCommand } from '../../../../libs/domain/src/branch/branch-commands.js';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { RuleViolatedError } from '../../../../libs/domain/src/domain-errors.js';
import { badInput, notFound } from '../graphql/api-error.js';
import {
  assertMayWriteBranch,
  assertMayWriteUnit,
  outsideWriteScope,
  type BranchWriteKind,
} from '../authorization/authorization.js';
import { PersonRegistry } from '../people/person-registry.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import { peopleNamedBy } from './people-named.js';

/** Any command on `branch-<id>`, with who asks and what kind of write it is. */
export class RecordBranchAction {
  constructor(
    readonly caller: Caller,
    readonly command: BranchCommand,
    readonly writeKind: BranchWriteKind,
    readonly envelope: { commandId?: string | null; expectedVersion?: number | null; createdId?: string; input?: unknown },
  ) {}
}

@CommandHandler(RecordBranchAction)
export class RecordBranchActionHandler implements ICommandHandler<RecordBranchAction, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly organizations: OrganizationLookup,
    private readonly people: PersonRegistry,
  ) {}

  async execute({ caller, command, writeKind, envelope }: RecordBranchAction): Promise<CommandResult> {
    const { branchId } = command.data;
    return this.recorder.record({
      caller,
      commandId: envelope.commandId,
      input: envelope.input,
      expectedVersion: envelope.expectedVersion,
      createdId: envelope.createdId,
      creates: command.type === 'EstablishBranch' ? 'branch' : undefined,
      streamId: `branch-${branchId}`,
      decider: branchDecider,
      command,
      universityId: (state: BranchState) =>
        state.status === 'NOT_ESTABLISHED' ? (command.type === 'EstablishBranch' ? command.data.universityId : null) : state.universityId,
      authorize: async (state: BranchState) => {
        if (command.type === 'EstablishBranch') {
          assertMayWriteUnit(caller, command.data.universityId, command.data.unitId);
          if (state.status === 'NOT_ESTABLISHED') await this.organizations.requireUnit(command.data.universityId, command.data.unitId);
          return;
        }
        const place = state.status === 'NOT_ESTABLISHED' ? null : { branchId, universityId: state.universityId, unitId: state.unitId };
        assertMayWriteBranch(caller, branchId, place, writeKind);
        if (!place) return; // the Municipal Committee's: the decider answers NOT_FOUND
        await this.people.requireRegisteredIn(place.universityId, peopleNamedBy(command));
        if (command.type === 'MoveBranch') {
          assertMayWriteUnit(caller, place.universityId, command.data.unitId);
          await this.organizations.requireUnit(place.universityId, command.data.unitId);
        }
        if (command.type === 'DissolveBranch' && command.data.mergedInto) {
          await this.checkMergeTarget(caller, branchId, command.data.mergedInto);
        }
      },
    });
  }

  /** Merging moves members into the other branch: it must exist, be the caller's to write, and still be active. */
  private async checkMergeTarget(caller: Caller, branchId: string, mergedInto: string): Promise<void> {
    if (mergedInto === branchId) throw badInput('a branch cannot be merged into itself');
    const target = await this.organizations.branch(mergedInto);
    if (target.status === 'NOT_ESTABLISHED') {
      if (caller.role === 'MUNICIPAL_ADMIN') throw notFound('branch', mergedInto);
      throw outsideWriteScope('branch', mergedInto);
    }
    assertMayWriteBranch(caller, mergedInto, { branchId: mergedInto, universityId: target.universityId, unitId: target.unitId }, 'BRANCH_ADMINISTRATION');
    if (target.status === 'DISSOLVED') {
      throw new RuleViolatedError('BRANCH_DISSOLVED', `branch ${mergedInto} is dissolved and cannot take a merger`);
    }
  }
}
