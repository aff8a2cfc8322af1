import type { Decider } from '../decider.js';
import { unreachable } from '../decider.js';
import { AlreadyExistsError } from '../domain-errors.js';
import type { PersonCommand, RegisterPersonData } from './person-commands.js';
import type { PersonEvent } from './person-events.js';

/** A person's stream holds only the registration: what later decisions need is whether it exists. */
export type PersonState = { registered: false } | { registered: true; universityId: string };

function registerPerson(data: RegisterPersonData, state: PersonState): PersonEvent[] {
  if (state.registered) throw new AlreadyExistsError(`person ${data.personId} is already registered`);
  return [{ type: 'PersonRegistered', data: { personId: data.personId, universityId: data.universityId } }];
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  decide(command, state) {
    switch (command.type) {
      case 'RegisterPerson':
        return registerPerson(command.data, state);
      default:
        return unreachable(command.type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'PersonRegistered':
        return { registered: true, universityId: event.data.universityId };
      default:
        return unreachable(event.type);
    }
  },
  initialState: () => ({ registered: false }),
};
