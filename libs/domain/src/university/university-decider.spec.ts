import { deciderSpecification } from '../decider-specification.js';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type { UniversityCommand } from './university-commands.js';
import { universityDecider } from './university-decider.js';
import type { UniversityEvent } from './university-events.js';

const spec = deciderSpecification(universityDecider);

const today = '2018-06-30';
const universityRegistered: UniversityEvent = {
  type: 'UniversityRegistered',
  data: { universityId: '10001', name: '北京大学' },
};
const unitRegistered: UniversityEvent = {
  type: 'UnitRegistered',
  data: { universityId: '10001', unitId: 'physics', name: '物理学院党委' },
};

const registerUniversity: UniversityCommand = { type: 'RegisterUniversity', data: { id: '10001', name: '北京大学' } };
const registerUnit: UniversityCommand = {
  type: 'RegisterUnit',
  data: { universityId: '10001', unitId: 'physics', name: '物理学院党委' },
};

describe('university decider', () => {
  describe('RegisterUniversity', () => {
    it('registers the university', () => {
      spec.given([]).when(registerUniversity).then([universityRegistered]);
    });

    it('refuses registering it twice', () => {
      spec.given([universityRegistered]).when(registerUniversity).thenThrows(AlreadyExistsError, /university 10001 is already registered/);
    });
  });

  describe('RegisterUnit', () => {
    it('registers a unit of the university', () => {
      spec.given([universityRegistered]).when(registerUnit).then([unitRegistered]);
    });

    it('refuses a unit id already registered', () => {
      spec.given([universityRegistered, unitRegistered]).when(registerUnit).thenThrows(AlreadyExistsError, /unit physics is already registered in university 10001/);
    });

    it('refuses a unit of a university never registered', () => {
      spec.given([]).when(registerUnit).thenThrows(NotFoundError, /university 10001/);
    });
  });

  describe('RecordBranchWorkStudy', () => {
    it('records a study by the university committee', () => {
      spec
        .given([universityRegistered])
        .when({ type: 'RecordBranchWorkStudy', data: { universityId: '10001', on: '2018-03-01', topic: '支部建设', today } })
        .then([
          { type: 'BranchWorkStudied', data: { universityId: '10001', unitId: null, on: '2018-03-01', topic: '支部建设' } },
        ]);
    });

    it('records a study by a unit committee', () => {
      spec
        .given([universityRegistered, unitRegistered])
        .when({
          type: 'RecordBranchWorkStudy',
          data: { universityId: '10001', unitId: 'physics', on: '2018-03-01', topic: '支部建设', today },
        })
        .then([
          {
            type: 'BranchWorkStudied',
            data: { universityId: '10001', unitId: 'physics', on: '2018-03-01', topic: '支部建设' },
          },
        ]);
    });

    it('refuses a unit that is not registered', () => {
      spec
        .given([universityRegistered])
        .when({
          type: 'RecordBranchWorkStudy',
          data: { universityId: '10001', unitId: 'chemistry', on: '2018-03-01', topic: '支部建设', today },
        })
        .thenThrows(NotFoundError, /unit chemistry/);
    });

    it('refuses a study dated after today', () => {
      spec
        .given([universityRegistered])
        .when({ type: 'RecordBranchWorkStudy', data: { universityId: '10001', on: '2018-07-01', topic: '支部建设', today } })
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });

    it('refuses a university never registered', () => {
      spec
        .given([])
        .when({ type: 'RecordBranchWorkStudy', data: { universityId: '10001', on: '2018-03-01', topic: '支部建设', today } })
        .thenThrows(NotFoundError, /university 10001 not found/);
    });
  });

  describe('RecordPartyMembersHome', () => {
    it("records a unit's party members' home", () => {
      spec
        .given([universityRegistered, unitRegistered])
        .when({ type: 'RecordPartyMembersHome', data: { universityId: '10001', unitId: 'physics', on: '2018-05-04', today } })
        .then([{ type: 'PartyMembersHomeBuilt', data: { universityId: '10001', unitId: 'physics', on: '2018-05-04' } }]);
    });

    it('refuses a unit that is not registered', () => {
      spec
        .given([universityRegistered])
        .when({ type: 'RecordPartyMembersHome', data: { universityId: '10001', unitId: 'physics', on: '2018-05-04', today } })
        .thenThrows(NotFoundError, /unit physics/);
    });

    it('refuses a date after today', () => {
      spec
        .given([universityRegistered, unitRegistered])
        .when({ type: 'RecordPartyMembersHome', data: { universityId: '10001', unitId: 'physics', on: '2018-07-01', today } })
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });
});
