import { entryOn } from './ledger-query.js';
import type { CaseHistoryItem } from './ledger-projection.js';

const caseWith = (history: CaseHistoryItem[], deadline = '2019-06-30') => ({
  branch_id: 'b1', case_id: 'c1', university_id: '10001', unit_id: 'u1', branch_name: '支部', year: 2019,
  categories: ['OTHER'], problems: ['p'], causes: [], measures: ['m'], liaison_leader_id: null, responsible_person_id: null,
  deadline, history,
});
const statusOn = (history: CaseHistoryItem[], day: string, deadline?: string) => entryOn(caseWith(history, deadline), day, '2020-12-31').status;

describe('a ledger entry status on the deciding day', () => {
  const step: CaseHistoryItem = { kind: 'STEP', on: '2019-03-01', step: 'TRAINING', note: null };
  const failed: CaseHistoryItem = { kind: 'ACCEPTANCE', on: '2019-05-01', passed: false, score: 50, acceptedBy: '组织部' };
  const passed: CaseHistoryItem = { kind: 'ACCEPTANCE', on: '2019-06-01', passed: true, score: 90, acceptedBy: '组织部' };
  const closed: CaseHistoryItem = { kind: 'CLOSED', on: '2019-06-15' };
  const reopened: CaseHistoryItem = { kind: 'REOPENED', on: '2019-08-01' };

  it('goes OPEN → IN_PROGRESS → ACCEPTED → CLOSED as the dated facts arrive', () => {
    const history = [step, failed, passed, closed];
    expect(statusOn(history, '2019-02-01')).toBe('OPEN');
    expect(statusOn(history, '2019-03-01')).toBe('IN_PROGRESS');
    expect(statusOn(history, '2019-05-15')).toBe('IN_PROGRESS');
    expect(statusOn(history, '2019-06-01')).toBe('ACCEPTED');
    expect(statusOn(history, '2019-06-15')).toBe('CLOSED');
  });

  it('is OVERDUE once the deadline passed without a passed acceptance by the deadline', () => {
    expect(statusOn([step], '2019-07-01')).toBe('OVERDUE');
    expect(statusOn([step, failed], '2019-07-01')).toBe('OVERDUE');
    expect(statusOn([step, passed], '2019-07-01')).toBe('ACCEPTED');
    expect(statusOn([step, { ...passed, on: '2019-07-05' }], '2019-07-10')).toBe('OVERDUE');
  });

  it('is REOPENED after a reopening until closed again, and needs a new passed acceptance', () => {
    const history = [step, passed, closed, reopened];
    expect(statusOn(history, '2019-08-01')).toBe('REOPENED');
    expect(entryOn(caseWith(history), '2019-08-01', '2020-12-31')).toMatchObject({ closedOn: '2019-06-15', reopenedOn: '2019-08-01' });
    expect(statusOn([...history, { kind: 'CLOSED', on: '2019-09-01' }], '2019-09-01')).toBe('CLOSED');
  });

  it('serves the latest acceptance and flags a case still open after the final deadline', () => {
    const entry = entryOn(caseWith([failed, passed]), '2021-01-01', '2020-12-31');
    expect(entry).toMatchObject({ acceptedOn: '2019-06-01', acceptancePassed: true, acceptanceScore: 90, acceptedBy: '组织部', missedFinalDeadline: true });
    expect(entryOn(caseWith([passed, closed]), '2021-01-01', '2020-12-31').missedFinalDeadline).toBe(false);
  });
});
