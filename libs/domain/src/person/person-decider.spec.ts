import { deciderSpecification } from '../decider-specification.js';
import { AlreadyExistsError } from '../domain-errors.js';
import type { PersonCommand } from './person-commands.js';
import { personDecider } from './person-decider.js';
import type { PersonEvent } from './person-events.js';

const spec = deciderSpecification(personDecider);

const registered: PersonEvent = { type: 'PersonRegistered', data: { personId: 'p1', universityId: '10001' } };
const register: PersonCommand = {
  type: 'RegisterPerson',
  data: { personId: 'p1', universityId: '10001', name: '张三' },
};

describe('person decider', () => {
  describe('RegisterPerson', () => {
    it('records the id and university, never the name', () => {
      spec.given([]).when(register).then([registered]);
    });

    it('refuses a person already registered', () => {
      spec.given([registered]).when(register).thenThrows(AlreadyExistsError, /person p1 is already registered/);
    });
  });
});
