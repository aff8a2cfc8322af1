import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { generatedId, type CommandResult } from '../recording/command-recorder.js';
import { validInput } from '../recording/input-validation.js';
import { HoldTrainingSession, RecordTrainingAttendance } from './recording-training.js';
import { HoldTrainingSessionInput, RecordTrainingAttendanceInput } from './training-inputs.js';

/** Thin: 轮训 sessions and their attendance, validated and handed to the command bus. */
@Resolver('Mutation')
export class TrainingMutationsResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation()
  holdTrainingSession(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, sessionId, ...session } = validInput(HoldTrainingSessionInput, input);
    const createdId = sessionId ?? generatedId(caller, 'holdTrainingSession.sessionId', commandId);
    return this.commandBus.execute(new HoldTrainingSession(caller, session, { commandId, sessionId: createdId, input }));
  }

  @Mutation()
  recordTrainingAttendance(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    return this.commandBus.execute(new RecordTrainingAttendance(caller, validInput(RecordTrainingAttendanceInput, input), input));
  }
}
