import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import type { PolicyRule, PolicyVersion } from '../policy-model/policy-version.js';
import {
  branchWorkStudyParams,
  committeeTrainingParams,
  dualLeaderParams,
  findRule,
  ledgerConversionParams,
  meetingFrequencyRules,
  rulesFor,
  rulesOfUniversity,
  secretaryTrainingParams,
  termParams,
} from './rules-for-university.js';

const pkuCommittee: PolicyRule = {
  code: 'MEETING_FREQUENCY',
  layer: 'X',
  universityId: '10001',
  params: { kind: 'COMMITTEE', period: 'MONTH', min: 2, branchKinds: ['RETIREE', 'STAFF', 'TEACHER'] },
};
const pkuTraining: PolicyRule = { code: 'SECRETARY_TRAINING', layer: 'X', universityId: '10001', params: { perYear: 2 } };
const pkuHeartToHeart: PolicyRule = {
  code: 'MEETING_FREQUENCY',
  layer: 'X',
  universityId: '10001',
  params: { kind: 'HEART_TO_HEART', period: 'QUARTER', min: 1, branchKinds: ['STUDENT'] },
};
const tsinghuaTerm: PolicyRule = { code: 'TERM', layer: 'X', universityId: '10003', params: { graceYears: 0 } };

const version: PolicyVersion = {
  version: '2019.1',
  effectiveFrom: '2019-01-01',
  publishedAt: '2019-01-01T00:00:00.000Z',
  rules: [pkuTraining, ...BASELINE_POLICY_2018_1.rules, pkuHeartToHeart, tsinghuaTerm, pkuCommittee],
};

describe('the rules for a university, worked out once', () => {
  it('gives what rulesFor gives, the same frozen list each time, apart for each university and for the city', () => {
    const pku = rulesOfUniversity(version, '10001');
    expect(pku).toEqual(rulesFor(version, '10001'));
    expect(rulesOfUniversity(version, '10001')).toBe(pku);
    expect(Object.isFrozen(pku)).toBe(true);
    expect(rulesOfUniversity(version, '10003')).toEqual(rulesFor(version, '10003'));
    expect(rulesOfUniversity(version, null)).toEqual(rulesFor(version, null));
    expect(rulesOfUniversity(version, null)).not.toEqual(pku);
    // Another version (a new publication) is worked out on its own.
    const next: PolicyVersion = { ...version, version: '2019.2', rules: BASELINE_POLICY_2018_1.rules };
    expect(rulesOfUniversity(next, '10001')).toEqual(rulesFor(next, '10001'));
  });
});

describe('the rules for a university', () => {
  it('replaces the city-wide rule with the same code, in its place', () => {
    const rules = rulesFor(version, '10001');
    expect(secretaryTrainingParams(rules)).toEqual({ perYear: 2 });
    expect(rules.filter((rule) => rule.code === 'SECRETARY_TRAINING')).toEqual([pkuTraining]);
    expect(rules.indexOf(pkuTraining)).toBe(BASELINE_POLICY_2018_1.rules.findIndex((rule) => rule.code === 'SECRETARY_TRAINING'));
  });

  it('replaces a meeting rule only with the same kind and branch-kind set', () => {
    const rules = rulesFor(version, '10001');
    const committee = meetingFrequencyRules(rules).filter((rule) => rule.params.kind === 'COMMITTEE');
    expect(committee).toHaveLength(2);
    expect(committee[0]).toBe(pkuCommittee);
    expect(committee[1]!.params.branchKinds).toEqual(['STUDENT']);
    expect(committee[1]!.universityId).toBeNull();
  });

  it('adds the university rules that replace nothing, after the city-wide ones', () => {
    const rules = rulesFor(version, '10001');
    expect(rules.at(-1)).toBe(pkuHeartToHeart);
    expect(rules).toHaveLength(BASELINE_POLICY_2018_1.rules.length + 1);
  });

  it('leaves out other universities’ rules', () => {
    expect(termParams(rulesFor(version, '10001'))).toEqual({ graceYears: 1 });
    expect(termParams(rulesFor(version, '10003'))).toEqual({ graceYears: 0 });
    expect(secretaryTrainingParams(rulesFor(version, '10003'))).toEqual({ perYear: 1 });
    expect(rulesFor(version, '10003')).toHaveLength(BASELINE_POLICY_2018_1.rules.length);
  });

  it('gives the city-wide rules for no university', () => {
    expect(rulesFor(version, null)).toEqual(BASELINE_POLICY_2018_1.rules);
    expect(rulesFor(version.rules, null)).toEqual(BASELINE_POLICY_2018_1.rules);
  });

  it('reads each code’s params', () => {
    const rules = rulesFor(version, '10002');
    expect(committeeTrainingParams(rules)).toEqual({ perYear: 1 });
    expect(dualLeaderParams(rules)).toEqual({ minTitle: 'ASSOCIATE_PROFESSOR', academicBackboneQualifies: true, targetRate: 0.9 });
    expect(ledgerConversionParams(rules)).toEqual({ target: 0.9, deadline: '2020-12-31' });
    expect(branchWorkStudyParams(rules)).toEqual({ perYear: 1 });
    expect(findRule(rules, 'TERM')?.layer).toBe('B');
    expect(meetingFrequencyRules(rules)).toHaveLength(14);
  });

  it('serves the params objects as published', () => {
    const rules = rulesFor(version, '10002');
    expect(findRule(rules, 'DUAL_LEADER')!.params).toBe(findRule(BASELINE_POLICY_2018_1.rules, 'DUAL_LEADER')!.params);
  });

  it('throws on a rule set missing a code', () => {
    expect(() => termParams([])).toThrow('the rules hold no TERM rule');
  });
});
