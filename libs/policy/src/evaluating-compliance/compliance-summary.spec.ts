import { complianceSummary } from './compliance-summary.js';

describe('the compliance summary', () => {
  it('counts branches, the fully compliant and the mean score', () => {
    expect(complianceSummary([1, 0.5, 1, 0.75])).toEqual({ branches: 4, fullyCompliant: 2, averageScore: 0.8125 });
  });

  it('counts a branch without a score but leaves it out of the mean', () => {
    expect(complianceSummary([1, null, 0.5])).toEqual({ branches: 3, fullyCompliant: 1, averageScore: 0.75 });
  });

  it('has a null average when no branch has a score', () => {
    expect(complianceSummary([])).toEqual({ branches: 0, fullyCompliant: 0, averageScore: null });
    expect(complianceSummary([null])).toEqual({ branches: 1, fullyCompliant: 0, averageScore: null });
  });
});
