import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { personDecider } from '../../../../libs/domain/src/person/person-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { notFound } from '../graphql/api-error.js';
import { assertMayWriteUniversity, outsideWriteScope } from '../authorization/authorization.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { CommandRecorder, generatedId } from '../recording/command-recorder.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import { IsId, IsOptionalId, IsText, LIMITS } from '../recording/input-bounds.js';
import { validInput } from '../recording/input-validation.js';
import { PersonRegistry } from './person-registry.js';

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

/** People: the event keeps the id and university; the name goes to the registry only. */
@Resolver('Mutation')
export class PeopleResolver {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly registry: PersonRegistry,
    private readonly organizations: OrganizationLookup,
  ) {}

  @Mutation()
  async registerPerson(@CurrentCaller() caller: Caller, @Args('input') input: unknown) {
    const { commandId, personId, universityId, name } = validInput(RegisterPersonInput, input);
    const createdId = personId ?? generatedId(caller, 'registerPerson.personId', commandId);
    return this.recorder.record({
      caller,
      commandId,
      input,
      createdId,
      creates: 'person',
      streamId: `person-${createdId}`,
      decider: personDecider,
      command: { type: 'RegisterPerson', data: { personId: createdId, universityId, name } },
      universityId: () => universityId,
      authorize: async () => {
        assertMayWriteUniversity(caller, universityId);
        if (!(await this.organizations.university(universityId)).registered) throw notFound('university', universityId);
      },
      // The name goes to the registry in the transaction of the event: a person is registered whole or not at all.
      alongside: (tx) => this.registry.remember(tx, createdId, universityId, name),
    });
  }

  @Mutation()
  async erasePerson(@CurrentCaller() caller: Caller, @Args() args: unknown): Promise<boolean> {
    const { personId } = validInput(ErasePersonArgs, args);
    const person = await this.registry.find(personId);
    if (!person) {
      if (caller.role === 'MUNICIPAL_ADMIN') throw notFound('person', personId);
      throw outsideWriteScope('person', personId);
    }
    try {
      assertMayWriteUniversity(caller, person.universityId);
    } catch {
      throw outsideWriteScope('person', personId);
    }
    await this.registry.erase(personId, caller.subject);
    return true;
  }
}
