import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, parse } from 'graphql';
import { OperationPricing, operationCost, REQUEST_LIMITS } from '../../apps/api/src/graphql/request-protection.js';

const SCHEMA = buildSchema(readFileSync(fileURLToPath(new URL('../../apps/api/src/graphql/schema.graphql', import.meta.url)), 'utf8'));

const PAGE = parse(`query Page($n: Int, $after: String, $withOfficers: Boolean!) {
  branches(first: $n, after: $after) { edges { node { id name officers @include(if: $withOfficers) { name } } } }
}`);
const FIGURES = parse(`query Figures($year: Int!, $at: DateTime) {
  trainingCoverage(year: $year, asOf: $at) { secretaries { rate } }
}
query Other { branches(first: 1) { totalCount } }`);
const MEETING = parse(`mutation Record($input: RecordMeetingInput!) { recordMeeting(input: $input) { version positions } }`);
const meeting = (n: number) => ({
  branchId: `b-${n}`,
  kinds: ['STUDY'],
  heldOn: '2021-01-01',
  expected: 3,
  present: 2,
  topic: `topic ${n}`,
});

/** Costs remembered per document and per value of the variables they depend on (request-protection.ts): always the cost computed afresh. */
describe('operation pricing', () => {
  it('prices each value of a `first`, `asOf` or directive variable as operationCost does, however often it is asked', () => {
    const pricing = new OperationPricing();
    const cases: [typeof PAGE, Record<string, unknown>, string | undefined][] = [
      [PAGE, { n: 10, withOfficers: false }, undefined],
      [PAGE, { n: 10, withOfficers: true }, undefined],
      [PAGE, { n: 200, withOfficers: true }, undefined],
      [PAGE, { withOfficers: true }, undefined],
      [PAGE, { n: null, withOfficers: true }, undefined],
      [FIGURES, { year: 2019 }, 'Figures'],
      [FIGURES, { year: 2019, at: '2020-01-01T00:00:00Z' }, 'Figures'],
      [FIGURES, {}, 'Other'],
    ];
    for (let round = 0; round < 3; round += 1) {
      for (const [document, variables, operationName] of cases) {
        expect(pricing.cost(SCHEMA, document, variables, operationName)).toBe(operationCost(SCHEMA, document, variables, operationName));
      }
    }
    // The cases do differ: a remembered cost served for another value would have been caught above.
    const costs = cases.map(([document, variables, operationName]) => operationCost(SCHEMA, document, variables, operationName));
    expect(new Set(costs).size).toBeGreaterThanOrEqual(6);
  });

  it('prices a mutation once whatever its input, which does not change its cost', () => {
    const pricing = new OperationPricing();
    const first = pricing.cost(SCHEMA, MEETING, { input: meeting(1) });
    expect(first).toBe(operationCost(SCHEMA, MEETING, { input: meeting(1) }));
    for (let n = 2; n < 200; n += 1) expect(pricing.cost(SCHEMA, MEETING, { input: meeting(n) })).toBe(first);
  });

  it('leaves variables that do not fit to execution, and prices an operation over the limit afresh every time', () => {
    const pricing = new OperationPricing();
    expect(pricing.cost(SCHEMA, PAGE, { n: 'ten', withOfficers: true })).toBeUndefined();
    expect(pricing.cost(SCHEMA, PAGE, { n: 10 })).toBeUndefined();
    const over = { n: 100_000, withOfficers: true };
    for (let round = 0; round < 2; round += 1) {
      const cost = pricing.cost(SCHEMA, PAGE, over);
      expect(cost).toBe(operationCost(SCHEMA, PAGE, over));
      expect(cost).toBeGreaterThan(REQUEST_LIMITS.cost);
    }
  });
});
