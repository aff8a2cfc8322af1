import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import { calendarDay } from '../../../domain/src/calendar/calendar-date.js';
import type { PolicyRule, PolicyVersion } from '../policy-model/policy-version.js';
import type { MeetingKind } from '../policy-model/vocabulary.js';
import type { BranchComplianceInput, EffectiveMeeting, RuleCompliance } from './branch-compliance.js';
import { evaluateBranchCompliance, NoPolicyVersionError } from './branch-compliance.js';

const baseline: PolicyVersion = { ...BASELINE_POLICY_2018_1, publishedAt: '2018-01-18T00:00:00.000Z' };

const MONTHLY: MeetingKind[] = ['COMMITTEE', 'PARTY_GROUP', 'THEMED_PARTY_DAY', 'STUDY', 'ACTIVITY'];

/** A year of meetings meeting every baseline rule: one combined meeting a month, one a quarter, one a year. */
function diligentYear(year: number, skipMonths: readonly number[] = []): EffectiveMeeting[] {
  const meetings: EffectiveMeeting[] = [];
  for (let month = 1; month <= 12; month += 1) {
    if (!skipMonths.includes(month)) meetings.push({ heldOn: calendarDay(year, month, 10), kinds: MONTHLY });
  }
  for (const month of [3, 6, 9, 12]) meetings.push({ heldOn: calendarDay(year, month, 20), kinds: ['GENERAL_ASSEMBLY', 'PARTY_LECTURE'] });
  meetings.push({ heldOn: calendarDay(year, 12, 25), kinds: ['ORGANIZATIONAL_LIFE', 'DEMOCRATIC_APPRAISAL'] });
  return meetings;
}

function teacherBranch(overrides: Partial<BranchComplianceInput> = {}): BranchComplianceInput {
  return {
    year: 2018,
    today: '2019-03-01',
    versions: [baseline],
    universityId: '10001',
    branchKind: 'TEACHER',
    establishedOn: '2015-01-01',
    memberCount: 10,
    active: true,
    meetings: diligentYear(2018),
    secretary: { title: 'ASSOCIATE_PROFESSOR', academicBackbone: false, sessionsAttended: 1 },
    committeeMemberSessions: [1, 2],
    termEndsOn: '2019-03-01',
    ...overrides,
  };
}

function find(rules: readonly RuleCompliance[], rule: string, period: string): RuleCompliance {
  const found = rules.find((figure) => figure.rule === rule && figure.period === period);
  if (!found) throw new Error(`no figure for ${rule} ${period}`);
  return found;
}

function periodsOf(rules: readonly RuleCompliance[], rule: string): string[] {
  return rules.filter((figure) => figure.rule === rule).map((figure) => figure.period);
}

describe('branch compliance for a year', () => {
  it("counts a period's meetings on its first and last days, each meeting once per kind, none outside it, in any order", () => {
    const meetings: EffectiveMeeting[] = [
      { heldOn: '2018-06-01', kinds: ['COMMITTEE', 'COMMITTEE'] },
      { heldOn: '2018-04-30', kinds: ['COMMITTEE'] },
      { heldOn: '2018-05-31', kinds: ['STUDY', 'COMMITTEE'] },
      { heldOn: '2018-05-01', kinds: ['COMMITTEE'] },
      { heldOn: '2018-05-15', kinds: ['PARTY_LECTURE'] },
    ];
    const rules = evaluateBranchCompliance(teacherBranch({ meetings })).rules;
    expect(find(rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-05')).toMatchObject({ held: 2 });
    expect(find(rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-04')).toMatchObject({ held: 1 });
    expect(find(rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-06')).toMatchObject({ held: 1 });
    expect(find(rules, 'MEETING_FREQUENCY:STUDY', '2018-05')).toMatchObject({ held: 1 });
    expect(find(rules, 'MEETING_FREQUENCY:STUDY', '2018-06')).toMatchObject({ held: 0 });
    expect(find(rules, 'MEETING_FREQUENCY:PARTY_LECTURE', '2018-Q2')).toMatchObject({ held: 1 });
    expect(find(rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY', '2018-Q2')).toMatchObject({ held: 0 });
  });

  describe('a teacher branch', () => {
    it('that did everything scores 1 over every rule-period', () => {
      const result = evaluateBranchCompliance(teacherBranch());
      expect(result.score).toBe(1);
      expect(result.policyVersion).toBe('2018.1');
      expect(result.decidingDay).toBe('2018-12-31');
      expect(result.rules).toHaveLength(12 * 5 + 4 * 2 + 2 + 4);
      expect(result.rules.every((figure) => figure.met && !figure.exempt && figure.policyVersion === '2018.1')).toBe(true);
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-05')).toEqual({
        rule: 'MEETING_FREQUENCY:COMMITTEE',
        period: '2018-05',
        required: 1,
        held: 1,
        met: true,
        exempt: false,
        policyVersion: '2018.1',
      });
      expect(find(result.rules, 'MEETING_FREQUENCY:PARTY_LECTURE', '2018-Q2')).toMatchObject({ required: 1, held: 1 });
      expect(find(result.rules, 'MEETING_FREQUENCY:DEMOCRATIC_APPRAISAL', '2018')).toMatchObject({ required: 1, held: 1 });
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY')).toEqual(['2018-Q1', '2018-Q2', '2018-Q3', '2018-Q4']);
    });

    it('lists months, then quarters, then the year', () => {
      const periods = evaluateBranchCompliance(teacherBranch()).rules.map((figure) => figure.period);
      expect(periods.indexOf('2018-Q1')).toBe(60);
      expect(periods.indexOf('2018')).toBe(68);
      expect(periods.slice(68)).toEqual(Array(6).fill('2018'));
      expect(evaluateBranchCompliance(teacherBranch()).rules.slice(70).map((figure) => figure.rule)).toEqual([
        'SECRETARY_TRAINING',
        'COMMITTEE_TRAINING',
        'TERM',
        'DUAL_LEADER',
      ]);
    });

    it('counts a meeting for every kind it lists, and each meeting once per kind', () => {
      const meetings = [
        { heldOn: '2018-05-03', kinds: ['COMMITTEE', 'COMMITTEE'] as MeetingKind[] },
        { heldOn: '2018-05-28', kinds: ['COMMITTEE', 'STUDY'] as MeetingKind[] },
      ];
      const result = evaluateBranchCompliance(teacherBranch({ meetings }));
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-05')).toMatchObject({ held: 2, met: true });
      expect(find(result.rules, 'MEETING_FREQUENCY:STUDY', '2018-05')).toMatchObject({ held: 1, met: true });
      expect(find(result.rules, 'MEETING_FREQUENCY:ACTIVITY', '2018-05')).toMatchObject({ held: 0, met: false });
    });

    it('misses a month without its meeting', () => {
      const result = evaluateBranchCompliance(teacherBranch({ meetings: diligentYear(2018, [5]) }));
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-05')).toMatchObject({ required: 1, held: 0, met: false });
      expect(result.score).toBeCloseTo(69 / 74);
    });

    it('measures training: the secretary’s sessions, and committee members trained', () => {
      const result = evaluateBranchCompliance(
        teacherBranch({ secretary: { title: 'PROFESSOR', academicBackbone: true, sessionsAttended: 0 }, committeeMemberSessions: [1, 0, 3] }),
      );
      expect(find(result.rules, 'SECRETARY_TRAINING', '2018')).toMatchObject({ required: 1, held: 0, met: false });
      expect(find(result.rules, 'COMMITTEE_TRAINING', '2018')).toMatchObject({ required: 3, held: 2, met: false });
    });

    it('counts committee training as met when nobody is in office besides the secretary', () => {
      const result = evaluateBranchCompliance(teacherBranch({ committeeMemberSessions: [] }));
      expect(find(result.rules, 'COMMITTEE_TRAINING', '2018')).toMatchObject({ required: 0, held: 0, met: true });
    });

    it('measures the term: met within graceYears of its end, unmet after', () => {
      const inGrace = evaluateBranchCompliance(teacherBranch({ termEndsOn: '2018-01-31' }));
      expect(find(inGrace.rules, 'TERM', '2018')).toMatchObject({ required: 1, held: 1, met: true });
      const overdue = evaluateBranchCompliance(teacherBranch({ termEndsOn: '2017-06-01' }));
      expect(find(overdue.rules, 'TERM', '2018')).toMatchObject({ required: 1, held: 0, met: false });
    });

    it('measures a branch without an election from its establishment', () => {
      const young = evaluateBranchCompliance(teacherBranch({ termEndsOn: null, establishedOn: '2015-01-01' }));
      expect(find(young.rules, 'TERM', '2018')).toMatchObject({ met: true });
      const old = evaluateBranchCompliance(teacherBranch({ termEndsOn: null, establishedOn: '2014-12-30' }));
      expect(find(old.rules, 'TERM', '2018')).toMatchObject({ met: false, held: 0 });
    });

    it('measures the dual leader under 2018.1', () => {
      const lecturer = evaluateBranchCompliance(teacherBranch({ secretary: { title: 'LECTURER', academicBackbone: false, sessionsAttended: 1 } }));
      expect(find(lecturer.rules, 'DUAL_LEADER', '2018')).toMatchObject({ required: 1, held: 0, met: false });
      const backbone = evaluateBranchCompliance(teacherBranch({ secretary: { title: 'LECTURER', academicBackbone: true, sessionsAttended: 1 } }));
      expect(find(backbone.rules, 'DUAL_LEADER', '2018')).toMatchObject({ required: 1, held: 1, met: true });
    });

    it('measures the dual leader under an academic-backbone-only version', () => {
      const backboneOnly: PolicyVersion = {
        version: '2018.2',
        effectiveFrom: '2018-01-18',
        publishedAt: '2018-09-01T00:00:00.000Z',
        rules: BASELINE_POLICY_2018_1.rules.map((rule): PolicyRule =>
          rule.code === 'DUAL_LEADER' ? { ...rule, params: { minTitle: null, academicBackboneQualifies: true, targetRate: 0.9 } } : rule,
        ),
      };
      const professor = { title: 'PROFESSOR' as const, academicBackbone: false, sessionsAttended: 1 };
      const result = evaluateBranchCompliance(teacherBranch({ versions: [baseline, backboneOnly], secretary: professor }));
      expect(result.policyVersion).toBe('2018.2');
      expect(find(result.rules, 'DUAL_LEADER', '2018')).toMatchObject({ met: false, policyVersion: '2018.2' });
      const before = evaluateBranchCompliance(teacherBranch({ versions: [baseline], secretary: professor }));
      expect(find(before.rules, 'DUAL_LEADER', '2018')).toMatchObject({ met: true, policyVersion: '2018.1' });
    });

    it('fails training and dual leader when the secretary post is vacant', () => {
      const result = evaluateBranchCompliance(teacherBranch({ secretary: null }));
      expect(find(result.rules, 'SECRETARY_TRAINING', '2018')).toMatchObject({ held: 0, met: false });
      expect(find(result.rules, 'DUAL_LEADER', '2018')).toMatchObject({ held: 0, met: false });
    });
  });

  describe('a student branch', () => {
    const student = (overrides: Partial<BranchComplianceInput> = {}) =>
      teacherBranch({ branchKind: 'STUDENT', memberCount: 30, secretary: { title: 'OTHER', academicBackbone: false, sessionsAttended: 1 }, ...overrides });

    it('is exempt from the monthly rules in January, February, July and August', () => {
      const result = evaluateBranchCompliance(student({ meetings: diligentYear(2018, [1, 2, 7, 8]) }));
      for (const month of ['2018-01', '2018-02', '2018-07', '2018-08']) {
        for (const kind of MONTHLY) {
          expect(find(result.rules, `MEETING_FREQUENCY:${kind}`, month)).toMatchObject({ exempt: true, met: false, held: 0, required: 1 });
        }
      }
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-03')).toMatchObject({ exempt: false, met: true });
      expect(result.rules.filter((figure) => figure.exempt)).toHaveLength(20);
      expect(result.score).toBe(1);
    });

    it('still counts the quarterly and yearly rules in the vacation', () => {
      const meetings = diligentYear(2018).filter((meeting) => meeting.heldOn !== '2018-09-20');
      const result = evaluateBranchCompliance(student({ meetings }));
      expect(find(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY', '2018-Q3')).toMatchObject({ exempt: false, met: false });
    });

    it('has no dual-leader rule', () => {
      const result = evaluateBranchCompliance(student());
      expect(result.rules.some((figure) => figure.rule === 'DUAL_LEADER')).toBe(false);
      expect(result.rules).toHaveLength(12 * 5 + 4 * 2 + 2 + 3);
    });

    it('scores what is not exempt', () => {
      const result = evaluateBranchCompliance(student({ meetings: diligentYear(2018, [1, 2, 3, 7, 8]) }));
      expect(result.score).toBeCloseTo(48 / 53);
    });
  });

  describe('a small branch', () => {
    it('has no party-group rule under 7 members', () => {
      const result = evaluateBranchCompliance(teacherBranch({ branchKind: 'STAFF', memberCount: 5 }));
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:PARTY_GROUP')).toEqual([]);
      expect(result.rules).toHaveLength(12 * 4 + 4 * 2 + 2 + 3);
      expect(result.score).toBe(1);
    });

    it('gains it from the month its count in force reaches 7', () => {
      const result = evaluateBranchCompliance(
        teacherBranch({ memberCount: [{ on: '2015-01-01', count: 5 }, { on: '2018-06-15', count: 8 }, { on: '2018-11-30', count: 6 }] }),
      );
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:PARTY_GROUP')).toEqual(['2018-06', '2018-07', '2018-08', '2018-09', '2018-10']);
    });

    it('takes the member count as a function of the day too', () => {
      const result = evaluateBranchCompliance(teacherBranch({ memberCount: (day) => (day >= '2018-12-01' ? 7 : 6) }));
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:PARTY_GROUP')).toEqual(['2018-12']);
    });
  });

  describe('the periods measured', () => {
    it('are those begun by the deciding day, the running one measured so far', () => {
      const result = evaluateBranchCompliance(teacherBranch({ today: '2018-05-09' }));
      expect(result.decidingDay).toBe('2018-05-09');
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:COMMITTEE')).toEqual(['2018-01', '2018-02', '2018-03', '2018-04', '2018-05']);
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY')).toEqual(['2018-Q1', '2018-Q2']);
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-05')).toMatchObject({ held: 0, met: false });
      expect(find(result.rules, 'MEETING_FREQUENCY:ORGANIZATIONAL_LIFE', '2018')).toMatchObject({ held: 0, met: false });
    });

    it('end at the onDate asked, meetings after it not counted', () => {
      const result = evaluateBranchCompliance(teacherBranch({ onDate: '2018-06-15' }));
      expect(result.decidingDay).toBe('2018-06-15');
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:COMMITTEE')).toHaveLength(6);
      expect(find(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY', '2018-Q2')).toMatchObject({ held: 0 });
    });

    it('are none for a year that has not begun', () => {
      const result = evaluateBranchCompliance(teacherBranch({ year: 2019, today: '2018-12-31' }));
      expect(result.rules).toEqual([]);
      expect(result.score).toBeNull();
      expect(result.policyVersion).toBe('2018.1');
    });

    it('start with the branch’s establishment', () => {
      const result = evaluateBranchCompliance(teacherBranch({ establishedOn: '2018-05-10', termEndsOn: null }));
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:COMMITTEE')[0]).toBe('2018-05');
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY')).toEqual(['2018-Q2', '2018-Q3', '2018-Q4']);
      expect(find(result.rules, 'TERM', '2018')).toMatchObject({ met: true });
    });

    it('stop when the branch is dissolved', () => {
      const result = evaluateBranchCompliance(teacherBranch({ active: (day) => day < '2018-10-15' }));
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:COMMITTEE').at(-1)).toBe('2018-09');
      expect(periodsOf(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY')).toEqual(['2018-Q1', '2018-Q2', '2018-Q3']);
      expect(result.rules.some((figure) => figure.period === '2018')).toBe(false);
      expect(evaluateBranchCompliance(teacherBranch({ active: false })).score).toBeNull();
    });
  });

  describe('versions', () => {
    const stricter: PolicyVersion = {
      version: '2018.2',
      effectiveFrom: '2018-07-01',
      publishedAt: '2018-08-01T00:00:00.000Z',
      rules: BASELINE_POLICY_2018_1.rules.map((rule): PolicyRule =>
        rule.code === 'MEETING_FREQUENCY' && rule.params.kind === 'COMMITTEE' ? { ...rule, params: { ...rule.params, min: 2 } } : rule,
      ),
    };

    it('each period uses the version applying to its own deciding day', () => {
      const result = evaluateBranchCompliance(teacherBranch({ versions: [baseline, stricter] }));
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-06')).toMatchObject({ required: 1, met: true, policyVersion: '2018.1' });
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-07')).toMatchObject({ required: 2, met: false, policyVersion: '2018.2' });
      expect(find(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY', '2018-Q2')).toMatchObject({ policyVersion: '2018.1' });
      expect(find(result.rules, 'MEETING_FREQUENCY:GENERAL_ASSEMBLY', '2018-Q3')).toMatchObject({ policyVersion: '2018.2' });
      expect(find(result.rules, 'TERM', '2018')).toMatchObject({ policyVersion: '2018.2' });
      expect(result.policyVersion).toBe('2018.2');
      expect(result.score).toBeCloseTo(68 / 74);
    });

    it('a view before a version was published does not see it', () => {
      const result = evaluateBranchCompliance(teacherBranch({ versions: [baseline] }));
      expect(find(result.rules, 'MEETING_FREQUENCY:COMMITTEE', '2018-07')).toMatchObject({ required: 1, policyVersion: '2018.1' });
      const asOf = evaluateBranchCompliance(teacherBranch({ versions: [baseline, stricter], asOf: '2018-07-31T23:59:59.999Z' }));
      expect(asOf.rules).toEqual(result.rules);
      expect(asOf.policyVersion).toBe('2018.1');
    });

    it('a university’s own rule replaces the city-wide one for its branches only', () => {
      const withOverride: PolicyVersion = {
        ...baseline,
        version: '2018.3',
        publishedAt: '2018-03-01T00:00:00.000Z',
        rules: [...baseline.rules, { code: 'SECRETARY_TRAINING', layer: 'X', universityId: '10001', params: { perYear: 2 } }],
      };
      const pku = evaluateBranchCompliance(teacherBranch({ versions: [baseline, withOverride] }));
      expect(find(pku.rules, 'SECRETARY_TRAINING', '2018')).toMatchObject({ required: 2, held: 1, met: false, policyVersion: '2018.3' });
      const other = evaluateBranchCompliance(teacherBranch({ versions: [baseline, withOverride], universityId: '10002' }));
      expect(find(other.rules, 'SECRETARY_TRAINING', '2018')).toMatchObject({ required: 1, met: true });
    });

    it('the earliest version measures days before any took effect', () => {
      const result = evaluateBranchCompliance(teacherBranch({ year: 2017, meetings: diligentYear(2017), termEndsOn: '2019-03-01' }));
      expect(result.policyVersion).toBe('2018.1');
      expect(result.score).toBe(1);
    });

    it('throws when no version is published as of the view', () => {
      expect(() => evaluateBranchCompliance(teacherBranch({ versions: [] }))).toThrow(NoPolicyVersionError);
    });
  });
});
