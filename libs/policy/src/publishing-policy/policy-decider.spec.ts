import { deciderSpecification } from '../../../domain/src/decider-specification.js';
import { AlreadyExistsError, InvalidInputError } from '../../../domain/src/domain-errors.js';
import { BASELINE_POLICY_2018_1, baselinePublication } from '../baseline-policy/baseline-2018-1.js';
import type { PolicyRuleInput } from '../policy-model/policy-version.js';
import type { PolicyVersionPublished, PublishPolicy } from './policy-decider.js';
import { InvalidPolicyError, policyDecider } from './policy-decider.js';

const spec = deciderSpecification(policyDecider);

const baselinePublished: PolicyVersionPublished = {
  type: 'PolicyVersionPublished',
  data: { ...BASELINE_POLICY_2018_1, publishedAt: '2018-01-18T00:00:00.000Z' },
};

function publish(version: string, rules: readonly PolicyRuleInput[] = BASELINE_POLICY_2018_1.rules): PublishPolicy {
  return { type: 'PublishPolicy', data: { version, effectiveFrom: '2019-09-01', publishedAt: '2019-08-20T10:00:00+08:00', rules } };
}

describe('publishing a policy version', () => {
  it('records the baseline on an empty stream', () => {
    spec.given([]).when(baselinePublication('2018-01-18T00:00:00.000Z')).then([baselinePublished]);
  });

  it('records a new version with its params as given and publishedAt in UTC milliseconds', () => {
    const rules: PolicyRuleInput[] = [
      ...BASELINE_POLICY_2018_1.rules.map((rule) => ({ code: rule.code, layer: rule.layer, params: structuredClone(rule.params) })),
      { code: 'TERM', layer: 'X', universityId: '10001', params: { graceYears: 0 } },
    ];
    spec
      .given([baselinePublished])
      .when(publish('2019.1', rules))
      .thenEvents((events) => {
        expect(events).toHaveLength(1);
        const [event] = events;
        expect(event!.type).toBe('PolicyVersionPublished');
        expect(event!.data.version).toBe('2019.1');
        expect(event!.data.effectiveFrom).toBe('2019-09-01');
        expect(event!.data.publishedAt).toBe('2019-08-20T02:00:00.000Z');
        event!.data.rules.forEach((rule, index) => expect(rule.params).toBe(rules[index]!.params));
        expect(event!.data.rules.at(-1)).toEqual({ code: 'TERM', layer: 'X', universityId: '10001', params: { graceYears: 0 } });
        expect(event!.data.rules[0]!.universityId).toBeNull();
      });
  });

  it('accepts a served version republished under a new version string', () => {
    spec
      .given([baselinePublished])
      .when(publish('2018.1-again', JSON.parse(JSON.stringify(baselinePublished.data.rules)) as PolicyRuleInput[]))
      .thenEvents((events) => expect(events[0]!.data.rules).toEqual(baselinePublished.data.rules));
  });

  it('refuses a version string already used (CONFLICT)', () => {
    spec.given([baselinePublished]).when(publish('2018.1')).thenThrows(AlreadyExistsError, 'policy version "2018.1" is already published');
  });

  it('refuses invalid params as BAD_USER_INPUT, naming the rule and field', () => {
    const rules = BASELINE_POLICY_2018_1.rules.map((rule, index) =>
      index === 3 ? { ...rule, params: { ...rule.params, min: 'monthly' } } : rule,
    );
    spec
      .given([baselinePublished])
      .when(publish('2019.1', rules))
      .thenThrows(InvalidInputError, 'rules[3] (MEETING_FREQUENCY) params.min: must be an integer');
  });

  it('refuses an incomplete rule set', () => {
    spec
      .given([])
      .when(publish('2019.1', BASELINE_POLICY_2018_1.rules.filter((rule) => rule.code !== 'DUAL_LEADER')))
      .thenThrows(InvalidPolicyError, 'no city-wide DUAL_LEADER rule');
  });

  it('validates before checking the version string', () => {
    spec.given([baselinePublished]).when(publish('2018.1', [])).thenThrows(InvalidInputError, /invalid policy publication/);
  });

  it('carries every issue and the BAD_USER_INPUT code', () => {
    let error: unknown;
    try {
      policyDecider.decide({ type: 'PublishPolicy', data: { version: '', effectiveFrom: '2019-9-1', publishedAt: 'now', rules: [] } }, policyDecider.initialState());
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as InvalidPolicyError).code).toBe('BAD_USER_INPUT');
    expect((error as InvalidPolicyError).issues.slice(0, 3)).toEqual([
      'version: must be a non-empty string of at most 64 characters',
      'effectiveFrom: must be a real date YYYY-MM-DD',
      'publishedAt: must be an ISO-8601 instant with an offset',
    ]);
  });

  it('keeps the set of versions used as its state', () => {
    const second: PolicyVersionPublished = { type: 'PolicyVersionPublished', data: { ...baselinePublished.data, version: '2019.1' } };
    const state = [baselinePublished, second].reduce(policyDecider.evolve, policyDecider.initialState());
    expect([...state.versions]).toEqual(['2018.1', '2019.1']);
  });
});
