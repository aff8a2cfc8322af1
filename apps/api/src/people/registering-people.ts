import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { personDecider } from '../../../../libs/domain/src/person/person-decider.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { notFound } from '../graphql/api-error.js';
import { assertMayWriteUniversity, outsideWriteScope } from '../authorization/authorization.js';
import { CommandRecorder, type CommandResult } from '../recording/command-recorder.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import { PersonRegistry } from './person-registry.js';

/** A person's id and university as an event; the name only in the registry. */
export class RegisterPerson {
  constructor(
    readonly caller: Caller,
    readonly person: { personId: string; universityId: string; name: string },
    readonly envelope: { commandId?: string | null; input: unknown },
  ) {}
}

/** Blanks a person's registry row; the events, which hold only the id, stay as they are. */
export class ErasePerson {
  constructor(
    readonly caller: Caller,
    readonly personId: string,
  ) {}
}

@CommandHandler(RegisterPerson)
export class RegisterPersonHandler implements ICommandHandler<RegisterPerson, CommandResult> {
  constructor(
    private readonly recorder: CommandRecorder,
    private readonly registry: PersonRegistry,
    private readonly organizations: OrganizationLookup,
  ) {}

  execute({ caller, person, envelope }: RegisterPerson): Promise<CommandResult> {
    const { personId, universityId, name } = person;
    return this.recorder.record({
      caller,
      commandId: envelope.commandId,
      input: envelope.input,
      createdId: personId,
      creates: 'person',
      streamId: `person-${personId}`,
      decider: personDecider,
      command: { type: 'RegisterPerson', data: { personId, universityId, name } },
      universityId: () => universityId,
      authorize: async () => {
        assertMayWriteUniversity(caller, universityId);
        if (!(await this.organizations.university(universityId)).registered) throw notFound('university', universityId);
      },
      // The name goes to the registry in the transaction of the event: a person is registered whole or not at all.
      alongside: (tx) => this.registry.remember(tx, personId, universityId, name),
    });
  }
}

@CommandHandler(ErasePerson)
export class ErasePersonHandler implements ICommandHandler<ErasePerson, boolean> {
  constructor(private readonly registry: PersonRegistry) {}

  async execute({ caller, personId }: ErasePerson): Promise<boolean> {
    const person = await this.registry.find(personId);
    if (!person) {
      if (caller.role === 'MUNICIPAL_ADMIN') throw notFound('person', personId);
      throw outsideWriteScope('person', personId);
    }
    try {
      assertMayWriteUniversity(caller, person.universityId);
    } catch {
      // The same refusal as for a person of nowhere.
      throw outsideWriteScope('person', personId);
    }
    await this.registry.erase(personId, caller.subject);
    return true;
  }
}
