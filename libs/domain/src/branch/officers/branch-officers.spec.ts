import { stateFrom } from '../../decider.js';
import { InvalidInputError, RuleViolatedError } from '../../domain-errors.js';
import type { BranchCommand } from '../branch-commands.js';
import { branchDecider } from '../branch-decider.js';
import {
  branchId,
  changeCommittee,
  elected,
  electedSmall,
  electionData,
  established,
  establishedData,
  holdElection,
  memberCount,
  officersOf,
  smallBranch,
  spec,
  today,
} from '../branch-examples.js';

describe('branch decider: officers', () => {
  describe('HoldElection (换届选举)', () => {
    it('records the election with its term end', () => {
      spec.given([established]).when(holdElection()).then([elected]);
    });

    it('records absent lists as empty and a missing approval as null', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: undefined, committeeMemberIds: null, approvedOn: undefined, termYears: 5 }))
        .then([
          {
            type: 'ElectionHeld',
            data: { ...electionData, termYears: 5, termEndsOn: '2023-03-01', deputySecretaryIds: [], committeeMemberIds: [], approvedOn: null },
          },
        ]);
    });

    it('ends a term begun on 29 February on 28 February', () => {
      spec
        .given([{ type: 'BranchEstablished', data: { ...establishedData, establishedOn: '2015-01-01' } }])
        .when(holdElection({ heldOn: '2016-02-29', approvedOn: null }))
        .then([{ type: 'ElectionHeld', data: { ...electionData, heldOn: '2016-02-29', termEndsOn: '2019-02-28', approvedOn: null } }]);
    });

    it('replaces every officer', () => {
      const officers = officersOf([
        established,
        elected,
        { type: 'ElectionHeld', data: { ...electionData, heldOn: '2018-06-01', secretary: { ...electionData.secretary, personId: 'm1' }, deputySecretaryIds: [], committeeMemberIds: ['n1', 'n2'] } },
      ]);
      expect(officers).toEqual({ secretaryId: 'm1', deputySecretaryIds: [], committeeMemberIds: ['n1', 'n2'] });
    });

    it.each([0, 6, 2.5])('refuses a term of %s years (TERM_YEARS)', (termYears) => {
      spec.given([established]).when(holdElection({ termYears })).thenThrows(RuleViolatedError, 'TERM_YEARS');
    });

    it('accepts 3 and 7 people with 7 members or more', () => {
      spec
        .given([established, memberCount('2018-02-01', 7)])
        .when(holdElection({ deputySecretaryIds: [], committeeMemberIds: ['m1', 'm2'] }))
        .then([{ type: 'ElectionHeld', data: { ...electionData, deputySecretaryIds: [], committeeMemberIds: ['m1', 'm2'] } }]);
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: ['m1', 'm2', 'm3', 'm4'] }))
        .then([{ type: 'ElectionHeld', data: { ...electionData, deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: ['m1', 'm2', 'm3', 'm4'] } }]);
    });

    it('refuses fewer than 3 people with 7 members or more (COMMITTEE_SIZE)', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['dep'], committeeMemberIds: [] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses more than 7 people (COMMITTEE_SIZE)', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: ['m1', 'm2', 'm3', 'm4', 'm5'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('accepts a secretary alone, or with one deputy, under 7 members', () => {
      spec.given([smallBranch]).when(holdElection({ deputySecretaryIds: [], committeeMemberIds: [] })).then([{ type: 'ElectionHeld', data: { ...electionData, deputySecretaryIds: [], committeeMemberIds: [] } }]);
      spec.given([smallBranch]).when(holdElection({ committeeMemberIds: [] })).then([electedSmall]);
    });

    it('refuses two deputies under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: [] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses committee members under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: [], committeeMemberIds: ['m1'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('measures the member count in force on the election date', () => {
      const given = [established, memberCount('2018-03-01', 6), memberCount('2018-05-01', 20)];
      // 6 members in force on 2018-03-01 and 2018-04-30: a five-person committee is too big
      spec.given(given).when(holdElection()).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
      spec.given(given).when(holdElection({ heldOn: '2018-04-30', approvedOn: null })).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
      // the establishment count (12) before the first report, 20 from 2018-05-01
      spec.given(given).when(holdElection({ heldOn: '2018-02-28', approvedOn: null })).then([{ type: 'ElectionHeld', data: { ...electionData, heldOn: '2018-02-28', termEndsOn: '2021-02-28', approvedOn: null } }]);
      spec.given(given).when(holdElection({ heldOn: '2018-05-01', approvedOn: null })).then([{ type: 'ElectionHeld', data: { ...electionData, heldOn: '2018-05-01', termEndsOn: '2021-05-01', approvedOn: null } }]);
    });

    it('refuses a person in two roles', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['sec'] }))
        .thenThrows(InvalidInputError, /a person holds one role: sec is named twice/);
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['dep'], committeeMemberIds: ['m1', 'dep', 'm3'] }))
        .thenThrows(InvalidInputError, /a person holds one role: dep is named twice/);
    });

    it('refuses a person named twice in one role', () => {
      spec
        .given([established])
        .when(holdElection({ committeeMemberIds: ['m1', 'm1', 'm3'] }))
        .thenThrows(InvalidInputError, /a person holds one role: m1 is named twice/);
    });

    it('refuses an approval dated after today (DATE_IN_FUTURE)', () => {
      spec.given([established]).when(holdElection({ approvedOn: '2018-07-01' })).thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });

  describe('ReplaceSecretary', () => {
    const replace = (personId: string): BranchCommand => ({
      type: 'ReplaceSecretary',
      data: {
        branchId,
        on: '2018-06-01',
        secretary: { personId, title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
        reason: '调离',
        today,
      },
    });

    it('records the new secretary and the previous one', () => {
      spec
        .given([established, elected])
        .when(replace('new'))
        .then([
          {
            type: 'SecretaryReplaced',
            data: {
              on: '2018-06-01',
              secretary: { personId: 'new', title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
              previousSecretaryId: 'sec',
              reason: '调离',
            },
          },
        ]);
    });

    it('records a null previous secretary when the post is vacant', () => {
      spec
        .given([established])
        .when(replace('new'))
        .then([
          {
            type: 'SecretaryReplaced',
            data: {
              on: '2018-06-01',
              secretary: { personId: 'new', title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
              previousSecretaryId: null,
              reason: '调离',
            },
          },
        ]);
    });

    it('moves a deputy into the post: the deputy role is left, the previous secretary leaves office', () => {
      const replaced = branchDecider.decide(replace('dep'), stateFrom(branchDecider, [established, elected]));
      expect(officersOf([established, elected, ...replaced])).toEqual({
        secretaryId: 'dep',
        deputySecretaryIds: [],
        committeeMemberIds: ['m1', 'm2', 'm3'],
      });
    });

    it('refuses naming the sitting secretary (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(replace('sec')).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });
  });

  describe('ChangeCommittee (补选/调整)', () => {
    it('adds committee members and removes officers', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ addIds: ['n1'], removeIds: ['m1'] }))
        .then([{ type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: ['n1'], removeIds: ['m1'], reason: '补选' } }]);
      expect(
        officersOf([established, elected, { type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: ['n1'], removeIds: ['m1', 'dep'], reason: '补选' } }]),
      ).toEqual({ secretaryId: 'sec', deputySecretaryIds: [], committeeMemberIds: ['m2', 'm3', 'n1'] });
    });

    it('records absent lists as empty', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ removeIds: ['m3'], addIds: null }))
        .then([{ type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: [], removeIds: ['m3'], reason: '补选' } }]);
    });

    it('removing the secretary leaves the post vacant', () => {
      spec.given([established, elected]).when(changeCommittee({ removeIds: ['sec'] })).then([{ type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: [], removeIds: ['sec'], reason: '补选' } }]);
      expect(
        officersOf([established, elected, { type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: [], removeIds: ['sec'], reason: '免职' } }]),
      ).toEqual({ secretaryId: null, deputySecretaryIds: ['dep'], committeeMemberIds: ['m1', 'm2', 'm3'] });
    });

    it('refuses removing someone not in office (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(changeCommittee({ removeIds: ['nobody'] })).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses adding someone in office (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(changeCommittee({ addIds: ['dep'] })).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses removing a secretary already replaced (OFFICER_CHANGE)', () => {
      spec
        .given([
          established,
          elected,
          { type: 'SecretaryReplaced', data: { on: '2018-04-01', secretary: { personId: 'new', title: 'OTHER', academicBackbone: false }, previousSecretaryId: 'sec', reason: '调离' } },
        ])
        .when(changeCommittee({ on: '2018-05-01', removeIds: ['sec'] }))
        .thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses growing the committee beyond 7 (COMMITTEE_SIZE)', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ addIds: ['n1', 'n2', 'n3'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses shrinking it below 3 with 7 members or more (COMMITTEE_SIZE)', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ removeIds: ['dep', 'm1', 'm2'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses adding committee members under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch, electedSmall])
        .when(changeCommittee({ addIds: ['n1'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('measures the limits on the change date', () => {
      const given = [established, elected, memberCount('2018-05-01', 5)];
      spec.given(given).when(changeCommittee({ on: '2018-04-30', addIds: ['n1'] })).then([{ type: 'CommitteeChanged', data: { on: '2018-04-30', addIds: ['n1'], removeIds: [], reason: '补选' } }]);
      spec.given(given).when(changeCommittee({ on: '2018-05-01', addIds: ['n1'] })).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses a change naming nobody', () => {
      spec.given([established, elected]).when(changeCommittee({})).thenThrows(InvalidInputError, /the change adds and removes nobody/);
    });

    it('refuses a person both added and removed, or named twice', () => {
      spec.given([established, elected]).when(changeCommittee({ addIds: ['m1'], removeIds: ['m1'] })).thenThrows(InvalidInputError, /a person is added or removed once: m1 is named twice/);
      spec.given([established, elected]).when(changeCommittee({ addIds: ['n1', 'n1'] })).thenThrows(InvalidInputError, /a person is added or removed once: n1 is named twice/);
    });
  });
});
