import { BASELINE_POLICY_2018_1 } from '../baseline-policy/baseline-2018-1.js';
import type { PolicyVersionPublished } from './policy-decider.js';
import { policyEventOccurredOn, recordedEventOccurredOn } from './policy-occurred-on.js';

const published: PolicyVersionPublished = {
  type: 'PolicyVersionPublished',
  data: { ...BASELINE_POLICY_2018_1, publishedAt: '2018-01-18T00:00:00.000Z' },
};

describe('the day a policy event occurred on', () => {
  it('is none for a published version: it occurred when recorded, not on effectiveFrom', () => {
    expect(published.data.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(policyEventOccurredOn(published)).toBeNull();
    expect(recordedEventOccurredOn(published)).toBeNull();
  });

  it('is the domain event’s own day for any other recorded event', () => {
    expect(recordedEventOccurredOn({ type: 'MemberCountReported', data: { on: '2018-02-03', count: 13 } })).toBe('2018-02-03');
    expect(recordedEventOccurredOn({ type: 'BranchRenamed', data: { name: '新名称' } })).toBeNull();
  });
});
