import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { useCases, useCasesDocument } from './use-cases.js';

describe('the use-case list in docs/', () => {
  it('is what the code says (regenerate with npm run docs:use-cases)', () => {
    expect(readFileSync(new URL('../../docs/USE-CASES.md', import.meta.url), 'utf8')).toBe(useCasesDocument());
  });

  it('names a command or query and its handler for every Mutation and Query field of the served schema', () => {
    const schema = buildSchema(readFileSync(new URL('../../apps/api/src/graphql/schema.graphql', import.meta.url), 'utf8'));
    const listed = new Map(useCases().map((use) => [`${use.operation}.${use.field}`, use]));
    for (const type of [schema.getQueryType()!, schema.getMutationType()!]) {
      for (const field of Object.keys(type.getFields())) {
        const use = listed.get(`${type.name}.${field}`);
        expect({ field: `${type.name}.${field}`, listed: Boolean(use) }).toEqual({ field: `${type.name}.${field}`, listed: true });
        expect({ field, handler: use!.handler }).not.toEqual({ field, handler: '(resolver)' });
      }
    }
  });
});
