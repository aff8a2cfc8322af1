import { existsSync, readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { servedSchemaSource } from '../apps/api/src/graphql/served-schema.js';
import { ServiceUnderTest } from './service-under-test.js';

// The contract as published beside the project, else the copy pinned in the repository.
const sharedContract = new URL('../../shared/contract/schema.graphql', import.meta.url);
const contract = readFileSync(
  existsSync(sharedContract) ? sharedContract : new URL('../contract/schema.graphql', import.meta.url),
  'utf8',
);

describe('the service over HTTP', () => {
  let service: ServiceUnderTest;
  beforeAll(async () => {
    service = await ServiceUnderTest.start();
  });
  afterAll(async () => {
    await service.stop();
  });

  it('serves a schema that breaks nothing of the portal contract', () => {
    const served = buildSchema(servedSchemaSource());
    expect(findBreakingChanges(buildSchema(contract), served)).toEqual([]);
  });

  it('reports health once the database answers and migrations are applied', async () => {
    const response = await fetch(`${service.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', pendingMigrations: 0 });
  });

  it('answers GraphQL requests', async () => {
    const response = await service.graphql('{ __typename }');
    expect(response.data).toEqual({ __typename: 'Query' });
  });

  it('serves malformed requests as BAD_USER_INPUT, never a 500', async () => {
    const unknownField = await service.graphql('{ noSuchField }');
    expect(unknownField.status).toBeLessThan(500);
    expect(unknownField.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const syntax = await service.graphql('{ universities ');
    expect(syntax.status).toBeLessThan(500);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
