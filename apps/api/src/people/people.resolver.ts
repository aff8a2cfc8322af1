import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { generatedId, type CommandResult } from '../recording/command-recorder.js';
import { IsId, IsOptionalId, IsText, LIMITS } from '../recording/input-bounds.js';
import { validInput } from '../recording/input-validation.js';
import { ErasePerson, RegisterPerson } from './registering-people.js';

export class RegisterPersonInput {
  @IsOptionalId() commandId?: string | null;
  @IsOptionalId() personId?: string | null;
  @IsId() universityId!: string;
  @IsText(LIMITS.name) name!: string;
}

class ErasePersonArgs {
  @IsId() personId!: string;
  @IsText(LIMITS.reason) reason!: string;
}

/** Thin: people's registration and erasure, validated and handed to the command bus. */
@Resolver('Mutation')
export class PeopleResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation()
  registerPerson(@CurrentCaller() caller: Caller, @Args('input') input: unknown): Promise<CommandResult> {
    const { commandId, personId, universityId, name } = validInput(RegisterPersonInput, input);
    const createdId = personId ?? generatedId(caller, 'registerPerson.personId', commandId);
    return this.commandBus.execute(new RegisterPerson(caller, { personId: createdId, universityId, name }, { commandId, input }));
  }

  @Mutation()
  erasePerson(@CurrentCaller() caller: Caller, @Args() args: unknown): Promise<boolean> {
    const { personId } = validInput(ErasePersonArgs, args);
    return this.commandBus.execute(new ErasePerson(caller, personId));
  }
}
