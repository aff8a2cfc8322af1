import { serverAudits } from 'graphql-http';
import { ServiceUnderTest } from '../service-under-test.js';

// Issue 7, "What it must show": the GraphQL-over-HTTP reference audits (graphql-http). Every MUST
// audit passes, and so do the SHOULD audits about status codes for application/json clients (the
// clients the contract has). Every audit request carries a valid token: the audits test the
// transport, not the refusal of anonymous callers.

let service: ServiceUnderTest | undefined;
let token = '';

/** fetch with the bearer token added to every request the audits make. */
const authorizedFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

const AUDITS = serverAudits({ url: () => `${service!.url}/graphql`, fetchFn: authorizedFetch });

/** The SHOULD audits on status codes that an application/json client sees. */
const forJsonClientsStatus = (name: string) =>
  name.startsWith('SHOULD') && /status code/.test(name) && /application\/json/.test(name) && !/graphql-response\+json/.test(name);

const REQUIRED = AUDITS.filter((audit) => audit.name.startsWith('MUST') || forJsonClientsStatus(audit.name));

describe('GraphQL over HTTP audits (graphql-http)', () => {
  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    token = await service.token({ role: 'MUNICIPAL_ADMIN' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('covers every MUST audit and the status-code SHOULD audits for application/json', () => {
    expect(REQUIRED.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
    expect(REQUIRED.filter((audit) => audit.name.startsWith('SHOULD')).map((audit) => audit.id).sort()).toEqual(
      expect.arrayContaining(['572B', '7B9B', 'BCF8', 'FDE2']),
    );
  });

  it.each(REQUIRED.map((audit) => [`${audit.id} ${audit.name}`, audit] as const))('%s', async (_name, audit) => {
    const result = await audit.fn();
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });
});
