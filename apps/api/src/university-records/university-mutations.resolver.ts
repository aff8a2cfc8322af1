import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { generatedId, type CommandResult } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { RecordUniversityAction } from './record-university-action.js';
import { RecordBranchWorkStudyInput, RecordPartyMembersHomeInput, RegisterUniversityInput, RegisterUnitInput } from './university-inputs.js';

/** Thin: validate the input, turn it into the university command, hand it to the command bus. */
@Resolver('Mutation')
export class UniversityMutationsResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation()
  registerUniversity(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, id, name } = validInput(RegisterUniversityInput, input);
    return this.commandBus.execute(new RecordUniversityAction(caller, { type: 'RegisterUniversity', data: { id, name } }, { commandId, createdId: id, input }));
  }

  @Mutation()
  registerUnit(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, expectedVersion, universityId, unitId, name } = validInput(RegisterUnitInput, input);
    const createdId = unitId ?? generatedId(caller, `registerUnit.unitId.${universityId}`, commandId);
    return this.commandBus.execute(
      new RecordUniversityAction(caller, { type: 'RegisterUnit', data: { universityId, unitId: createdId, name } }, { commandId, expectedVersion, createdId, input }),
    );
  }

  @Mutation()
  recordBranchWorkStudy(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, expectedVersion, universityId, unitId, on, topic } = validInput(RecordBranchWorkStudyInput, input);
    return this.commandBus.execute(
      new RecordUniversityAction(
        caller,
        { type: 'RecordBranchWorkStudy', data: { universityId, ...(unitId ? { unitId } : {}), on, topic, today: shanghaiToday() } },
        { commandId, expectedVersion, input },
      ),
    );
  }

  @Mutation()
  recordPartyMembersHome(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, expectedVersion, universityId, unitId, on } = validInput(RecordPartyMembersHomeInput, input);
    return this.commandBus.execute(
      new RecordUniversityAction(caller, { type: 'RecordPartyMembersHome', data: { universityId, unitId, on, today: shanghaiToday() } }, { commandId, expectedVersion, input }),
    );
  }
}
