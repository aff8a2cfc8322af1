import { validatePublication } from '../validating-rules/validate-publication.js';
import { BASELINE_POLICY_2018_1, baselinePublication, STUDENT_VACATION_MONTHS } from './baseline-2018-1.js';

describe('the baseline policy 2018.1', () => {
  const meetingRules = BASELINE_POLICY_2018_1.rules.flatMap((rule) => (rule.code === 'MEETING_FREQUENCY' ? [rule] : []));

  it('validates as a complete publication', () => {
    const result = validatePublication({ ...BASELINE_POLICY_2018_1, publishedAt: '2018-01-18T00:00:00.000Z' });
    expect(result).toEqual({ ok: true, value: { ...BASELINE_POLICY_2018_1, publishedAt: '2018-01-18T00:00:00.000Z' } });
  });

  it('is version 2018.1, effective 2018-01-18', () => {
    expect(BASELINE_POLICY_2018_1.version).toBe('2018.1');
    expect(BASELINE_POLICY_2018_1.effectiveFrom).toBe('2018-01-18');
    expect(BASELINE_POLICY_2018_1.rules.every((rule) => rule.universityId === null)).toBe(true);
  });

  it('has the monthly meetings as general rules and student rules exempt in the vacation months', () => {
    for (const kind of ['COMMITTEE', 'PARTY_GROUP', 'THEMED_PARTY_DAY', 'STUDY', 'ACTIVITY']) {
      const rules = meetingRules.filter((rule) => rule.params.kind === kind);
      expect(rules.map((rule) => rule.params)).toEqual([
        expect.objectContaining({ period: 'MONTH', min: 1, branchKinds: ['TEACHER', 'STAFF', 'RETIREE'] }),
        expect.objectContaining({ period: 'MONTH', min: 1, branchKinds: ['STUDENT'], exemptMonths: [1, 2, 7, 8] }),
      ]);
      expect(rules[0]!.params.exemptMonths).toBeUndefined();
      expect(rules.map((rule) => rule.layer)).toEqual(['B', 'T']);
    }
    expect(STUDENT_VACATION_MONTHS).toEqual([1, 2, 7, 8]);
  });

  it('requires party groups only in branches of 7 members or more', () => {
    const partyGroup = meetingRules.filter((rule) => rule.params.kind === 'PARTY_GROUP');
    expect(partyGroup.map((rule) => rule.params.minMembers)).toEqual([7, 7]);
    expect(meetingRules.filter((rule) => rule.params.minMembers !== undefined)).toHaveLength(2);
  });

  it('has the quarterly and yearly meetings for every branch kind', () => {
    const params = (kind: string) => meetingRules.filter((rule) => rule.params.kind === kind).map((rule) => rule.params);
    expect(params('GENERAL_ASSEMBLY')).toEqual([{ kind: 'GENERAL_ASSEMBLY', period: 'QUARTER', min: 1 }]);
    expect(params('PARTY_LECTURE')).toEqual([{ kind: 'PARTY_LECTURE', period: 'QUARTER', min: 1 }]);
    expect(params('ORGANIZATIONAL_LIFE')).toEqual([{ kind: 'ORGANIZATIONAL_LIFE', period: 'YEAR', min: 1 }]);
    expect(params('DEMOCRATIC_APPRAISAL')).toEqual([{ kind: 'DEMOCRATIC_APPRAISAL', period: 'YEAR', min: 1 }]);
    expect(meetingRules.find((rule) => rule.params.kind === 'PARTY_LECTURE')!.layer).toBe('T');
    expect(meetingRules).toHaveLength(14);
  });

  it('has the yearly rules with the 2018 values and layers', () => {
    const others = BASELINE_POLICY_2018_1.rules.filter((rule) => rule.code !== 'MEETING_FREQUENCY');
    expect(others).toEqual([
      { code: 'SECRETARY_TRAINING', layer: 'B', universityId: null, params: { perYear: 1 } },
      { code: 'COMMITTEE_TRAINING', layer: 'B', universityId: null, params: { perYear: 1 } },
      { code: 'TERM', layer: 'B', universityId: null, params: { graceYears: 1 } },
      { code: 'DUAL_LEADER', layer: 'T', universityId: null, params: { minTitle: 'ASSOCIATE_PROFESSOR', academicBackboneQualifies: true, targetRate: 0.9 } },
      { code: 'LEDGER_CONVERSION', layer: 'B', universityId: null, params: { target: 0.9, deadline: '2020-12-31' } },
      { code: 'BRANCH_WORK_STUDY', layer: 'B', universityId: null, params: { perYear: 1 } },
    ]);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(BASELINE_POLICY_2018_1.rules[0]!.params)).toBe(true);
    expect(() => (BASELINE_POLICY_2018_1.rules as unknown[]).push({})).toThrow(TypeError);
  });

  it('builds the first-start publication command', () => {
    expect(baselinePublication('2018-01-18T01:00:00.000Z')).toEqual({
      type: 'PublishPolicy',
      data: { version: '2018.1', effectiveFrom: '2018-01-18', publishedAt: '2018-01-18T01:00:00.000Z', rules: BASELINE_POLICY_2018_1.rules },
    });
  });
});
