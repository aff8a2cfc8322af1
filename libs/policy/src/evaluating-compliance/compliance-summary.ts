/** The compliance summary of a scope (`ComplianceSummary` without the scope, year and version). */
export interface ComplianceSummaryFigures {
  /** Branches in scope active on the deciding day (one score each). */
  readonly branches: number;
  /** Those with score 1. */
  readonly fullyCompliant: number;
  /** Mean of the scores that are not null; null when none is. */
  readonly averageScore: number | null;
}

/**
 * Summarizes the scores of the branches in scope that are active on the deciding day (pass one score
 * per such branch). A null score (no non-exempt rule-period) counts as a branch but is neither fully
 * compliant nor part of the average.
 */
export function complianceSummary(scores: readonly (number | null)[]): ComplianceSummaryFigures {
  const known = scores.filter((score): score is number => score !== null);
  return {
    branches: scores.length,
    fullyCompliant: known.filter((score) => score === 1).length,
    averageScore: known.length === 0 ? null : known.reduce((sum, score) => sum + score, 0) / known.length,
  };
}
