import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import type { DualLeaderParams } from '../policy-model/policy-version.js';
import { dualLeaderParams } from '../selecting-rules/rules-for-university.js';
import { isTitleAtOrAbove, qualifiesAsDualLeader } from './dual-leader.js';

describe('dual leader', () => {
  it('orders titles PROFESSOR > ASSOCIATE_PROFESSOR > LECTURER > OTHER', () => {
    expect(isTitleAtOrAbove('PROFESSOR', 'ASSOCIATE_PROFESSOR')).toBe(true);
    expect(isTitleAtOrAbove('ASSOCIATE_PROFESSOR', 'ASSOCIATE_PROFESSOR')).toBe(true);
    expect(isTitleAtOrAbove('LECTURER', 'ASSOCIATE_PROFESSOR')).toBe(false);
    expect(isTitleAtOrAbove('OTHER', 'LECTURER')).toBe(false);
    expect(isTitleAtOrAbove('OTHER', 'OTHER')).toBe(true);
  });

  describe('under 2018.1 (associate professor and above, or academic backbone)', () => {
    const params = dualLeaderParams(BASELINE_POLICY_2018_1.rules);

    it.each([
      ['PROFESSOR', false, true],
      ['ASSOCIATE_PROFESSOR', false, true],
      ['LECTURER', false, false],
      ['OTHER', false, false],
      ['LECTURER', true, true],
      ['OTHER', true, true],
    ] as const)('%s, academic backbone %p: %p', (title, academicBackbone, expected) => {
      expect(qualifiesAsDualLeader({ title, academicBackbone }, params)).toBe(expected);
    });
  });

  describe('under an academic-backbone-only version', () => {
    const params: DualLeaderParams = { minTitle: null, academicBackboneQualifies: true, targetRate: 1 };

    it('counts the backbone, never the title', () => {
      expect(qualifiesAsDualLeader({ title: 'PROFESSOR', academicBackbone: false }, params)).toBe(false);
      expect(qualifiesAsDualLeader({ title: 'LECTURER', academicBackbone: true }, params)).toBe(true);
    });
  });

  describe('under a title-only version', () => {
    const params: DualLeaderParams = { minTitle: 'PROFESSOR', academicBackboneQualifies: false, targetRate: 0.5 };

    it('counts the title, never the backbone', () => {
      expect(qualifiesAsDualLeader({ title: 'ASSOCIATE_PROFESSOR', academicBackbone: true }, params)).toBe(false);
      expect(qualifiesAsDualLeader({ title: 'PROFESSOR', academicBackbone: false }, params)).toBe(true);
    });
  });

  it('qualifies nobody when neither criterion is on', () => {
    const params: DualLeaderParams = { minTitle: null, academicBackboneQualifies: false, targetRate: 0 };
    expect(qualifiesAsDualLeader({ title: 'PROFESSOR', academicBackbone: true }, params)).toBe(false);
  });
});
