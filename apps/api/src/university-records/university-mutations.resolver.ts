import { Args, Mutation, Resolver } from '@nestjs/graphql';
import type { UniversityCommand } from '../../../../libs/domain/src/university/university-commands.js';
import { universityDecider, type UniversityState } from '../../../../libs/domain/src/university/university-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { assertMayWriteUnit, assertMayWriteUniversity, assertMunicipalAdmin } from '../authorization/authorization.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { CommandRecorder, generatedId, type CommandResult } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { RecordBranchWorkStudyInput, RecordPartyMembersHomeInput, RegisterUniversityInput, RegisterUnitInput } from './university-inputs.js';

/** Records a university command after `authorize` (the caller's scope) has passed. */
function recordOnUniversity(
  recorder: CommandRecorder,
  caller: Caller,
  universityId: string,
  command: UniversityCommand,
  envelope: { commandId?: string | null; expectedVersion?: number | null; createdId?: string; input: unknown; creates?: string },
  authorize: () => void,
): Promise<CommandResult> {
  return recorder.record({
    caller,
    ...envelope,
    streamId: `university-${universityId}`,
    decider: universityDecider,
    command,
    universityId: () => universityId,
    authorize: (_state: UniversityState) => authorize(),
  });
}

/** Mutations on `university-<id>`: the university, its units, its studies of branch work and 党员之家. */
@Resolver('Mutation')
export class UniversityMutationsResolver {
  constructor(private readonly recorder: CommandRecorder) {}

  @Mutation()
  registerUniversity(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, id, name } = validInput(RegisterUniversityInput, input);
    return recordOnUniversity(this.recorder, caller, id, { type: 'RegisterUniversity', data: { id, name } }, { commandId, createdId: id, input, creates: 'university' }, () =>
      assertMunicipalAdmin(caller, 'register universities'),
    );
  }

  @Mutation()
  registerUnit(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, expectedVersion, universityId, unitId, name } = validInput(RegisterUnitInput, input);
    const createdId = unitId ?? generatedId(caller, `registerUnit.unitId.${universityId}`, commandId);
    return recordOnUniversity(this.recorder, 
      caller,
      universityId,
      { type: 'RegisterUnit', data: { universityId, unitId: createdId, name } },
      { commandId, expectedVersion, createdId, input },
      () => assertMayWriteUniversity(caller, universityId),
    );
  }

  @Mutation()
  recordBranchWorkStudy(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, expectedVersion, universityId, unitId, on, topic } = validInput(RecordBranchWorkStudyInput, input);
    return recordOnUniversity(this.recorder, 
      caller,
      universityId,
      { type: 'RecordBranchWorkStudy', data: { universityId, ...(unitId ? { unitId } : {}), on, topic, today: shanghaiToday() } },
      { commandId, expectedVersion, input },
      () => (unitId ? assertMayWriteUnit(caller, universityId, unitId) : assertMayWriteUniversity(caller, universityId)),
    );
  }

  @Mutation()
  recordPartyMembersHome(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, expectedVersion, universityId, unitId, on } = validInput(RecordPartyMembersHomeInput, input);
    return recordOnUniversity(this.recorder, 
      caller,
      universityId,
      { type: 'RecordPartyMembersHome', data: { universityId, unitId, on, today: shanghaiToday() } },
      { commandId, expectedVersion, input },
      () => assertMayWriteUnit(caller, universityId, unitId),
    );
  }
}
