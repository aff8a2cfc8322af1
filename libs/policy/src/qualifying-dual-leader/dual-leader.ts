import type { DualLeaderParams } from '../policy-model/policy-version.js';
import type { ProfessionalTitle } from '../policy-model/vocabulary.js';
import { PROFESSIONAL_TITLES } from '../policy-model/vocabulary.js';

/** The facts about a secretary that decide dual-leader status. */
export interface SecretaryQualifications {
  readonly title: ProfessionalTitle;
  /** 学术骨干 */
  readonly academicBackbone: boolean;
}

/** True when `title` is at or above `minimum` (PROFESSOR > ASSOCIATE_PROFESSOR > LECTURER > OTHER). */
export function isTitleAtOrAbove(title: ProfessionalTitle, minimum: ProfessionalTitle): boolean {
  return PROFESSIONAL_TITLES.indexOf(title) <= PROFESSIONAL_TITLES.indexOf(minimum);
}

/**
 * Dual leader (双带头人, "party-building leader and academic leader"): the secretary qualifies when
 * `academicBackboneQualifies` and is an academic backbone, or when `minTitle` is set and the title is
 * at or above it (DOMAIN.md §5).
 */
export function qualifiesAsDualLeader(secretary: SecretaryQualifications, params: DualLeaderParams): boolean {
  return (
    (params.academicBackboneQualifies && secretary.academicBackbone) ||
    (params.minTitle !== null && isTitleAtOrAbove(secretary.title, params.minTitle))
  );
}
