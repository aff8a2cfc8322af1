import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import type { PolicyPublication } from './validate-publication.js';
import { validatePolicyRules, validatePublication } from './validate-publication.js';

type JsonRule = { code: string; layer: string; universityId?: string | null; params: Record<string, unknown> };

/** The baseline's rules as plain, mutable JSON (what a client would send). */
function baselineRules(): JsonRule[] {
  return structuredClone(BASELINE_POLICY_2018_1.rules) as unknown as JsonRule[];
}

function indexOf(rules: JsonRule[], code: string, kind?: string, branchKind?: string): number {
  const index = rules.findIndex(
    (rule) =>
      rule.code === code &&
      (kind === undefined || rule.params['kind'] === kind) &&
      (branchKind === undefined || (rule.params['branchKinds'] as string[] | undefined)?.includes(branchKind)),
  );
  if (index < 0) throw new Error(`no ${code} ${kind ?? ''} rule in the baseline`);
  return index;
}

function publication(rules: unknown, overrides: Partial<PolicyPublication> = {}): PolicyPublication {
  return { version: '2019.1', effectiveFrom: '2019-01-01', publishedAt: '2019-01-01T08:00:00+08:00', rules, ...overrides };
}

/** The issues of a publication whose rules were changed by `edit`. */
function issuesAfter(edit: (rules: JsonRule[]) => void): readonly string[] {
  const rules = baselineRules();
  edit(rules);
  const result = validatePolicyRules(rules);
  if (result.ok) throw new Error('expected the rules to be refused');
  return result.issues;
}

describe('validating a policy publication', () => {
  it('accepts the baseline and keeps every params object exactly as given', () => {
    const rules = baselineRules();
    const result = validatePublication(publication(rules));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.rules).toHaveLength(rules.length);
    result.value.rules.forEach((rule, index) => expect(rule.params).toBe(rules[index]!.params));
    expect(result.value.rules.every((rule) => rule.universityId === null)).toBe(true);
    expect(result.value.publishedAt).toBe('2019-01-01T00:00:00.000Z');
  });

  it('adds no defaults to params', () => {
    const rules = baselineRules();
    const generalAssembly = rules[indexOf(rules, 'MEETING_FREQUENCY', 'GENERAL_ASSEMBLY')]!;
    const result = validatePolicyRules(rules);
    expect(result.ok).toBe(true);
    expect(Object.keys(generalAssembly.params).sort()).toEqual(['kind', 'min', 'period']);
  });

  it('accepts a university rule (layer X) that replaces a city-wide one', () => {
    const rules = baselineRules();
    rules.push({ code: 'SECRETARY_TRAINING', layer: 'X', universityId: '10001', params: { perYear: 2 } });
    rules.push({
      code: 'MEETING_FREQUENCY',
      layer: 'X',
      universityId: '10001',
      params: { kind: 'COMMITTEE', period: 'MONTH', min: 2, branchKinds: ['RETIREE', 'TEACHER', 'STAFF'] },
    });
    expect(validatePolicyRules(rules).ok).toBe(true);
  });

  describe('refuses bad params, naming the rule index and field', () => {
    const cases: [string, (rules: JsonRule[]) => void, string][] = [
      ['a non-integer min', (r) => (r[0]!.params['min'] = 1.5), 'rules[0] (MEETING_FREQUENCY) params.min: must be an integer'],
      ['a min written as a string', (r) => (r[0]!.params['min'] = '1'), 'rules[0] (MEETING_FREQUENCY) params.min: must be an integer'],
      ['a negative min', (r) => (r[0]!.params['min'] = -1), 'rules[0] (MEETING_FREQUENCY) params.min: must be 0 or more'],
      ['a missing min', (r) => delete r[0]!.params['min'], 'rules[0] (MEETING_FREQUENCY) params.min: is required'],
      ['an unknown params key', (r) => (r[0]!.params['perWeek'] = 1), 'rules[0] (MEETING_FREQUENCY) params: unknown key "perWeek"'],
      ['an unknown period', (r) => (r[0]!.params['period'] = 'WEEK'), 'rules[0] (MEETING_FREQUENCY) params.period: must be one of MONTH, QUARTER, YEAR'],
      ['an unknown meeting kind', (r) => (r[0]!.params['kind'] = 'PICNIC'), 'rules[0] (MEETING_FREQUENCY) params.kind: must be one of GENERAL_ASSEMBLY'],
      ['an unknown branch kind', (r) => (r[1]!.params['branchKinds'] = ['FACULTY']), 'rules[1] (MEETING_FREQUENCY) params.branchKinds[0]: must be one of TEACHER, STUDENT, STAFF, RETIREE'],
      ['an empty branch-kind list', (r) => (r[1]!.params['branchKinds'] = []), 'rules[1] (MEETING_FREQUENCY) params.branchKinds: must name at least one branch kind'],
      ['a repeated branch kind', (r) => (r[1]!.params['branchKinds'] = ['STUDENT', 'STUDENT']), 'rules[1] (MEETING_FREQUENCY) params.branchKinds: must not name a branch kind twice'],
      ['branch kinds that are not a list', (r) => (r[1]!.params['branchKinds'] = 'STUDENT'), 'rules[1] (MEETING_FREQUENCY) params.branchKinds: must be a list of branch kinds'],
      ['month 13', (r) => (r[1]!.params['exemptMonths'] = [1, 13]), 'rules[1] (MEETING_FREQUENCY) params.exemptMonths[1]: must be a month number 1-12'],
      ['month 0', (r) => (r[1]!.params['exemptMonths'] = [0]), 'rules[1] (MEETING_FREQUENCY) params.exemptMonths[0]: must be a month number 1-12'],
      ['a fractional month', (r) => (r[1]!.params['exemptMonths'] = [7.5]), 'rules[1] (MEETING_FREQUENCY) params.exemptMonths[0]: must be a month number 1-12'],
      ['a repeated month', (r) => (r[1]!.params['exemptMonths'] = [7, 7]), 'rules[1] (MEETING_FREQUENCY) params.exemptMonths: must not name a month twice'],
      ['minMembers 0', (r) => (r[2]!.params['minMembers'] = 0), 'rules[2] (MEETING_FREQUENCY) params.minMembers: must be 1 or more'],
    ];
    it.each(cases)('%s', (_name, edit, message) => {
      expect(issuesAfter(edit)).toEqual([expect.stringContaining(message)]);
    });

    it('a rate above 1, a target below 0 and an impossible deadline', () => {
      expect(issuesAfter((r) => (r[indexOf(r, 'DUAL_LEADER')]!.params['targetRate'] = 1.5))).toEqual([
        expect.stringMatching(/^rules\[\d+\] \(DUAL_LEADER\) params\.targetRate: must be between 0 and 1$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'LEDGER_CONVERSION')]!.params['target'] = -0.1))).toEqual([
        expect.stringMatching(/\(LEDGER_CONVERSION\) params\.target: must be between 0 and 1$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'LEDGER_CONVERSION')]!.params['deadline'] = '2020-02-30'))).toEqual([
        expect.stringMatching(/\(LEDGER_CONVERSION\) params\.deadline: must be a real date YYYY-MM-DD$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'LEDGER_CONVERSION')]!.params['deadline'] = 20201231))).toEqual([
        expect.stringMatching(/\(LEDGER_CONVERSION\) params\.deadline: must be a date YYYY-MM-DD$/),
      ]);
    });

    it('a title outside the enum, a non-boolean flag, a missing nullable key', () => {
      expect(issuesAfter((r) => (r[indexOf(r, 'DUAL_LEADER')]!.params['minTitle'] = 'DEAN'))).toEqual([
        expect.stringMatching(/\(DUAL_LEADER\) params\.minTitle: must be one of PROFESSOR, ASSOCIATE_PROFESSOR, LECTURER, OTHER$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'DUAL_LEADER')]!.params['academicBackboneQualifies'] = 'yes'))).toEqual([
        expect.stringMatching(/\(DUAL_LEADER\) params\.academicBackboneQualifies: must be true or false$/),
      ]);
      expect(issuesAfter((r) => delete r[indexOf(r, 'DUAL_LEADER')]!.params['minTitle'])).toEqual([
        expect.stringMatching(/\(DUAL_LEADER\) params\.minTitle: is required$/),
      ]);
    });

    it('integer-only counts for the yearly rules', () => {
      expect(issuesAfter((r) => (r[indexOf(r, 'TERM')]!.params['graceYears'] = 0.5))).toEqual([
        expect.stringMatching(/\(TERM\) params\.graceYears: must be an integer$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'SECRETARY_TRAINING')]!.params = { perYear: 1, hours: 8 }))).toEqual([
        expect.stringMatching(/\(SECRETARY_TRAINING\) params: unknown key "hours"$/),
      ]);
      expect(issuesAfter((r) => (r[indexOf(r, 'BRANCH_WORK_STUDY')]!.params = {}))).toEqual([
        expect.stringMatching(/\(BRANCH_WORK_STUDY\) params\.perYear: is required$/),
      ]);
    });

    it('params that are not an object', () => {
      expect(issuesAfter((r) => ((r[indexOf(r, 'TERM')] as { params: unknown }).params = [1]))).toEqual([
        expect.stringMatching(/^rules\[\d+\] \(TERM\) params: must be a JSON object$/),
      ]);
      expect(issuesAfter((r) => ((r[indexOf(r, 'TERM')] as { params: unknown }).params = null))).toEqual([
        expect.stringMatching(/\(TERM\) params: must be a JSON object$/),
      ]);
    });
  });

  it('refuses a bad rule envelope', () => {
    expect(issuesAfter((r) => (r[0]!.code = 'MEETINGS'))).toEqual([expect.stringMatching(/^rules\[0\]\.code: unknown rule code "MEETINGS"/)]);
    expect(issuesAfter((r) => (r[0]!.layer = 'Z'))).toEqual(['rules[0].layer: must be one of B, T, X']);
    expect(issuesAfter((r) => (r[0]!.universityId = ''))).toEqual(['rules[0].universityId: must not be empty (null: all universities)']);
    expect(issuesAfter((r) => ((r[0] as Record<string, unknown>)['scope'] = 'ALL'))).toEqual(['rules[0]: unknown key "scope"']);
    expect(issuesAfter((r) => ((r as unknown[])[0] = 'COMMITTEE'))).toEqual([expect.stringMatching(/^rules\[0\]: must be an object/)]);
    expect(validatePolicyRules({ rules: [] })).toEqual({ ok: false, issues: ['rules: must be a list of rules'] });
  });

  it('reports every invalid rule at once', () => {
    const issues = issuesAfter((r) => {
      r[0]!.params['min'] = 'one';
      r[indexOf(r, 'TERM')]!.params['graceYears'] = -1;
    });
    expect(issues).toHaveLength(2);
  });

  describe('refuses an incomplete rule set', () => {
    it('without a city-wide rule for a code', () => {
      expect(issuesAfter((r) => r.splice(indexOf(r, 'TERM'), 1))).toEqual([
        'rules: no city-wide TERM rule (a complete rule set has every code city-wide)',
      ]);
    });

    it('with the code only for one university', () => {
      expect(issuesAfter((r) => (r[indexOf(r, 'LEDGER_CONVERSION')]!.universityId = '10001'))).toEqual([
        'rules: no city-wide LEDGER_CONVERSION rule (a complete rule set has every code city-wide)',
      ]);
    });

    it('without any meeting rule', () => {
      expect(issuesAfter((r) => r.splice(0, r.length, ...r.filter((rule) => rule.code !== 'MEETING_FREQUENCY')))).toEqual([
        'rules: no MEETING_FREQUENCY rule (a complete rule set has at least one)',
      ]);
    });

    it('an empty list', () => {
      const result = validatePolicyRules([]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues).toHaveLength(7);
    });
  });

  describe('refuses duplicate and ambiguous rules', () => {
    it('two city-wide rules with the same code', () => {
      expect(issuesAfter((r) => r.push({ code: 'TERM', layer: 'B', universityId: null, params: { graceYears: 2 } }))).toEqual([
        expect.stringMatching(/^rules\[20\] \(TERM\): duplicates rules\[\d+\] city-wide \(same code\)$/),
      ]);
    });

    it('two city-wide meeting rules with the same kind and branch-kind set, in any order and period', () => {
      expect(
        issuesAfter((r) =>
          r.push({ code: 'MEETING_FREQUENCY', layer: 'B', params: { kind: 'COMMITTEE', period: 'YEAR', min: 12, branchKinds: ['STAFF', 'RETIREE', 'TEACHER'] } }),
        ),
      ).toEqual([expect.stringMatching(/^rules\[20\] \(MEETING_FREQUENCY\): duplicates rules\[0\] city-wide \(same kind COMMITTEE and branch kinds/)]);
    });

    it('an absent branch-kind list is the set of all kinds', () => {
      expect(
        issuesAfter((r) =>
          r.push({ code: 'MEETING_FREQUENCY', layer: 'B', params: { kind: 'GENERAL_ASSEMBLY', period: 'QUARTER', min: 2, branchKinds: ['TEACHER', 'STUDENT', 'STAFF', 'RETIREE'] } }),
        ),
      ).toEqual([expect.stringContaining('duplicates')]);
    });

    it('city-wide meeting rules of one kind whose branch kinds overlap', () => {
      expect(
        issuesAfter((r) => r.push({ code: 'MEETING_FREQUENCY', layer: 'B', params: { kind: 'COMMITTEE', period: 'MONTH', min: 2, branchKinds: ['TEACHER'] } })),
      ).toEqual(['rules[20] (MEETING_FREQUENCY): branch kinds TEACHER also covered by rules[0] city-wide for kind COMMITTEE']);
    });

    it('two rules of one university with the same code', () => {
      expect(
        issuesAfter((r) => {
          r.push({ code: 'TERM', layer: 'X', universityId: '10001', params: { graceYears: 0 } });
          r.push({ code: 'TERM', layer: 'X', universityId: '10001', params: { graceYears: 2 } });
        }),
      ).toEqual(['rules[21] (TERM): duplicates rules[20] for university 10001 (same code)']);
    });

    it('a university meeting rule overlapping a city-wide set without matching it', () => {
      expect(
        issuesAfter((r) => r.push({ code: 'MEETING_FREQUENCY', layer: 'X', universityId: '10001', params: { kind: 'COMMITTEE', period: 'MONTH', min: 2 } })),
      ).toEqual([
        expect.stringMatching(/^rules\[20\] \(MEETING_FREQUENCY\) for university 10001: branch kinds overlap city-wide rules\[0\]/),
        expect.stringMatching(/^rules\[20\] \(MEETING_FREQUENCY\) for university 10001: branch kinds overlap city-wide rules\[1\]/),
      ]);
    });

    it('but not rules for different universities or kinds', () => {
      const rules = baselineRules();
      rules.push({ code: 'TERM', layer: 'X', universityId: '10001', params: { graceYears: 0 } });
      rules.push({ code: 'TERM', layer: 'X', universityId: '10002', params: { graceYears: 0 } });
      rules.push({ code: 'MEETING_FREQUENCY', layer: 'X', universityId: '10001', params: { kind: 'HEART_TO_HEART', period: 'YEAR', min: 1 } });
      expect(validatePolicyRules(rules).ok).toBe(true);
    });
  });

  describe('the version string and dates', () => {
    it('accepts up to 64 characters, counted as characters', () => {
      expect(validatePublication(publication(baselineRules(), { version: 'v'.repeat(64) })).ok).toBe(true);
      expect(validatePublication(publication(baselineRules(), { version: '版'.repeat(64) })).ok).toBe(true);
      expect(validatePublication(publication(baselineRules(), { version: '2018.1 修订' })).ok).toBe(true);
    });

    it.each([[''], ['v'.repeat(65)], [2019], [null]])('refuses the version %p', (version) => {
      expect(validatePublication(publication(baselineRules(), { version }))).toEqual({
        ok: false,
        issues: ['version: must be a non-empty string of at most 64 characters'],
      });
    });

    it('refuses an impossible effectiveFrom and a publishedAt without offset, along with rule issues', () => {
      const rules = baselineRules();
      rules[0]!.params['min'] = 0.5;
      expect(validatePublication(publication(rules, { effectiveFrom: '2019-02-29', publishedAt: '2019-01-01 08:00' }))).toEqual({
        ok: false,
        issues: [
          'effectiveFrom: must be a real date YYYY-MM-DD',
          'publishedAt: must be an ISO-8601 instant with an offset',
          'rules[0] (MEETING_FREQUENCY) params.min: must be an integer',
        ],
      });
    });
  });
});
