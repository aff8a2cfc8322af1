import { isElectionOverdue, lastDayBeforeOverdue, termEndsOn } from './term-overdue.js';

describe('term overdue', () => {
  const grace = { graceYears: 1 };

  it('ends a term after the term years (3 by default)', () => {
    expect(termEndsOn('2015-06-01')).toBe('2018-06-01');
    expect(termEndsOn('2016-02-29', 2)).toBe('2018-02-28');
  });

  it('is overdue only more than graceYears past termEndsOn', () => {
    const facts = { termEndsOn: '2018-06-01', establishedOn: '2010-01-01' };
    expect(isElectionOverdue(facts, '2018-06-02', grace)).toBe(false);
    expect(isElectionOverdue(facts, '2019-06-01', grace)).toBe(false);
    expect(isElectionOverdue(facts, '2019-06-02', grace)).toBe(true);
    expect(isElectionOverdue(facts, '2018-06-02', { graceYears: 0 })).toBe(true);
  });

  it('measures a branch without an election from its establishment with a 3-year term', () => {
    const facts = { termEndsOn: null, establishedOn: '2017-09-01' };
    expect(lastDayBeforeOverdue(facts, grace)).toBe('2021-09-01');
    expect(isElectionOverdue(facts, '2021-09-01', grace)).toBe(false);
    expect(isElectionOverdue(facts, '2021-09-02', grace)).toBe(true);
  });
});
