import type { BranchEvent } from '../../../domain/src/branch/branch-events.js';
import { BranchNotEstablishedError, branchYearRecord, personIdsOf } from './branch-year-record.js';

let position = 0;
const at = <E extends BranchEvent>(event: E) => ({ ...event, position: (position += 1) });
const meeting = (meetingId: string, heldOn: string, kinds: string[]) =>
  at({
    type: 'MeetingHeld',
    data: { meetingId, kinds, heldOn, place: null, expected: 5, present: 4, absentees: [], hostPersonId: 'p1', recorderPersonId: 'p2', topic: `议题 ${meetingId}`, resolutions: [] },
  } as BranchEvent);

const history = [
  at({ type: 'BranchEstablished', data: { branchId: 'B', universityId: 'U', unitId: 'u1', name: '一支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 } } as BranchEvent),
  at({
    type: 'ElectionHeld',
    data: { heldOn: '2018-03-01', termYears: 3, termEndsOn: '2021-03-01', secretary: { personId: 'p1', title: 'LECTURER', academicBackbone: true }, deputySecretaryIds: ['p2'], committeeMemberIds: ['p3'], approvedOn: null },
  } as BranchEvent),
  at({ type: 'BranchRenamed', data: { name: '数学一支部' } } as BranchEvent),
  meeting('m1', '2019-01-10', ['COMMITTEE']),
  meeting('m2', '2019-01-05', ['STUDY']),
  meeting('m3', '2019-02-01', ['PARTY_LECTURE']),
  meeting('m-2018', '2018-12-30', ['COMMITTEE']),
  at({ type: 'MeetingRetracted', data: { meetingId: 'm3', reason: '重复' } } as BranchEvent),
  at({ type: 'MeetingCorrected', data: { meetingId: 'm1', reason: '日期录错', kinds: null, heldOn: '2019-03-10', expected: null, present: 5, topic: null } } as BranchEvent),
  at({ type: 'SecretaryReplaced', data: { on: '2019-06-01', secretary: { personId: 'p4', title: 'PROFESSOR', academicBackbone: true }, previousSecretaryId: 'p1', reason: '工作调动' } } as BranchEvent),
  at({
    type: 'RectificationCaseOpened',
    data: { caseId: 'C', year: 2019, categories: ['OTHER'], problems: ['问题'], causes: [], measures: ['措施'], liaisonLeaderId: 'p9', responsiblePersonId: null, deadline: '2019-12-31', openedOn: '2019-02-01' },
  } as BranchEvent),
  at({ type: 'RectificationStepRecorded', data: { caseId: 'C', on: '2019-03-01', kind: 'TRAINING', note: null } } as BranchEvent),
  at({ type: 'RectificationAccepted', data: { caseId: 'C', on: '2019-04-01', passed: false, score: 55, acceptedBy: '组织部', note: null } } as BranchEvent),
];

describe('what a branch work manual records for a year', () => {
  const record = branchYearRecord('B', 2019, history);

  it('keeps the branch as last named, and no election outside the year', () => {
    expect(record).toMatchObject({ name: '数学一支部', universityId: 'U', unitId: 'u1', kind: 'TEACHER', elections: [] });
    expect(branchYearRecord('B', 2018, history).elections).toEqual([
      { heldOn: '2018-03-01', termEndsOn: '2021-03-01', secretaryId: 'p1', deputySecretaryIds: ['p2'], committeeMemberIds: ['p3'] },
    ]);
  });

  it('lists the officers in office at the year end, after a replacement', () => {
    expect(record.officerChanges).toEqual([{ on: '2019-06-01', what: 'SECRETARY_REPLACED', personIds: ['p4'], reason: '工作调动' }]);
    expect(record.officersAtYearEnd.map((officer) => [officer.personId, officer.role]).sort()).toEqual([
      ['p2', 'DEPUTY_SECRETARY'], ['p3', 'COMMITTEE_MEMBER'], ['p4', 'SECRETARY'],
    ]);
  });

  it('files the meetings by month with corrections applied and retractions left out', () => {
    expect([...record.meetingsByMonth.entries()].map(([month, meetings]) => [month, meetings.map((held) => [held.meetingId, held.heldOn, held.present])])).toEqual([
      [1, [['m2', '2019-01-05', 4]]],
      [3, [['m1', '2019-03-10', 5]]],
    ]);
  });

  it('follows each rectification case of the year step by step', () => {
    expect(record.cases).toEqual([
      expect.objectContaining({
        caseId: 'C',
        steps: [
          { on: '2019-03-01', what: 'STEP', kind: 'TRAINING', note: null },
          { on: '2019-04-01', what: 'NOT_ACCEPTED', kind: '组织部', note: '55分' },
        ],
      }),
    ]);
    expect(new Set(personIdsOf(record))).toEqual(new Set(['p1', 'p2', 'p3', 'p4', 'p9']));
  });

  it('refuses a branch that was never established', () => {
    expect(() => branchYearRecord('X', 2019, history.slice(1))).toThrow(BranchNotEstablishedError);
  });
});
