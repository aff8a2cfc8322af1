import { latestElection, officersOn, type OfficerChange } from './officers-in-office.js';

const election = (position: number, heldOn: string, secretary: string, deputies: string[], members: string[], termEndsOn = '2021-01-01'): OfficerChange => ({
  position,
  effectiveOn: heldOn,
  type: 'ElectionHeld',
  data: {
    heldOn, termYears: 3, termEndsOn, secretary: { personId: secretary, title: 'PROFESSOR', academicBackbone: true }, deputySecretaryIds: deputies,
    committeeMemberIds: members, approvedOn: null,
  },
});

describe('officers in office on a day', () => {
  const history: OfficerChange[] = [
    election(1, '2018-03-01', 's1', ['d1'], ['m1', 'm2']),
    { position: 2, effectiveOn: '2018-09-01', type: 'CommitteeChanged', data: { on: '2018-09-01', addIds: ['m3'], removeIds: ['m1'], reason: 'change' } },
    { position: 3, effectiveOn: '2019-02-01', type: 'SecretaryReplaced', data: { on: '2019-02-01', secretary: { personId: 'd1', title: 'LECTURER', academicBackbone: false }, previousSecretaryId: 's1', reason: 'change' } },
    // Recorded later but dated earlier: it counts from its own date.
    { position: 4, effectiveOn: '2018-06-01', type: 'CommitteeChanged', data: { on: '2018-06-01', addIds: [], removeIds: ['m2'], reason: 'change' } },
    election(5, '2020-03-01', 's2', [], ['m4', 'm5']),
  ];

  it('is nobody before the first election', () => {
    expect(officersOn(history, '2018-02-28')).toEqual({ officers: [], secretary: null, lastElection: null });
  });

  it('follows the latest election and the changes after it, in date order', () => {
    const roles = (day: string) =>
      Object.fromEntries(officersOn(history, day).officers.map((officer) => [officer.personId, officer.role]));
    expect(roles('2018-03-01')).toEqual({ s1: 'SECRETARY', d1: 'DEPUTY_SECRETARY', m1: 'COMMITTEE_MEMBER', m2: 'COMMITTEE_MEMBER' });
    expect(roles('2018-07-01')).toEqual({ s1: 'SECRETARY', d1: 'DEPUTY_SECRETARY', m1: 'COMMITTEE_MEMBER' });
    expect(roles('2018-12-31')).toEqual({ s1: 'SECRETARY', d1: 'DEPUTY_SECRETARY', m3: 'COMMITTEE_MEMBER' });
    // The deputy became secretary: one person, one role; the old secretary left.
    expect(roles('2019-06-30')).toEqual({ d1: 'SECRETARY', m3: 'COMMITTEE_MEMBER' });
    // A new election replaces everyone.
    expect(roles('2020-03-01')).toEqual({ s2: 'SECRETARY', m4: 'COMMITTEE_MEMBER', m5: 'COMMITTEE_MEMBER' });
  });

  it('gives the secretary with the facts of their appointment and since when they hold the post', () => {
    expect(officersOn(history, '2019-06-30').secretary).toEqual({
      personId: 'd1', role: 'SECRETARY', since: '2019-02-01', title: 'LECTURER', academicBackbone: false,
    });
  });

  it('leaves the post vacant when the secretary is removed from the committee', () => {
    const removed: OfficerChange = { position: 9, effectiveOn: '2019-03-01', type: 'CommitteeChanged', data: { on: '2019-03-01', addIds: [], removeIds: ['d1'], reason: 'change' } };
    expect(officersOn([...history, removed], '2019-06-30').secretary).toBeNull();
  });

  it('knows the latest election recorded, whatever the order of recording', () => {
    const backdated = election(10, '2017-05-01', 'old', [], []);
    expect(latestElection([...history, backdated])).toEqual({ heldOn: '2020-03-01', termEndsOn: '2021-01-01' });
    expect(officersOn(history, '2019-06-30').lastElection).toEqual({ heldOn: '2018-03-01', termEndsOn: '2021-01-01' });
  });
});
