import { ServiceUnderTest } from '../service-under-test.js';

// CORS_ORIGINS: the listed portal origins may call the API from a browser; no other origin gets
// the headers that would let a browser read the answer.

const PORTAL = 'https://portal.pku.edu.cn';
const STRANGER = 'https://elsewhere.example.com';
const QUERY = JSON.stringify({ query: '{ activePolicy { version } }' });

async function preflight(service: ServiceUnderTest, origin: string): Promise<Response> {
  return fetch(`${service.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
}

async function crossOriginQuery(service: ServiceUnderTest, origin: string, token: string): Promise<Response> {
  return fetch(`${service.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: QUERY,
  });
}

describe('CORS for the portal origins of CORS_ORIGINS', () => {
  let service: ServiceUnderTest;
  let token: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ corsOrigins: [PORTAL, 'http://localhost:5173'] });
    token = await service.token({ role: 'PORTAL', universityId: '10001' });
  });

  afterAll(async () => {
    await service.stop();
  });

  it('answers a listed origin’s preflight, Authorization header included', async () => {
    const response = await preflight(service, PORTAL);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets a listed origin read the answer of a query', async () => {
    const response = await crossOriginQuery(service, PORTAL, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(((await response.json()) as { data: { activePolicy: { version: string } } }).data.activePolicy.version).toBeTruthy();
  });

  it('gives an origin not listed no CORS headers', async () => {
    expect((await preflight(service, STRANGER)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await crossOriginQuery(service, STRANGER, token)).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS without CORS_ORIGINS', () => {
  let service: ServiceUnderTest;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
  });

  afterAll(async () => {
    await service.stop();
  });

  it('allows no origin at all', async () => {
    const token = await service.token({ role: 'PORTAL', universityId: '10001' });
    expect((await preflight(service, PORTAL)).headers.get('access-control-allow-origin')).toBeNull();
    expect((await crossOriginQuery(service, PORTAL, token)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
