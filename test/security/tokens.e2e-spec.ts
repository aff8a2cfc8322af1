import { SignJWT, base64url } from 'jose';
import { ServiceUnderTest, TEST_JWT_SECRET, type GraphQLResponse } from '../service-under-test.js';
import { storeState } from './two-universities.js';

// Issue 7 defect 4 and "What it must show": a token missing a claim its role needs, without exp,
// living longer than 30 days, issued in the future, unsigned, signed with another algorithm or
// secret, or not a JWT at all is UNAUTHENTICATED, on queries and mutations alike, and records nothing.

const DAY = 24 * 60 * 60;
const now = () => Math.floor(Date.now() / 1000);
const key = (secret: string) => new TextEncoder().encode(secret);

type Claims = Record<string, unknown>;

/** Signs exactly `claims` (no defaults added) with HS256 or the algorithm given. */
async function sign(claims: Claims, options: { alg?: string; secret?: string } = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' }).sign(key(options.secret ?? TEST_JWT_SECRET));
}

/** An unsigned token (alg none), built by hand: jose refuses to make one. */
function unsigned(claims: Claims): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** A token whose header claims RS256 but whose signature is an HMAC with our secret (algorithm confusion). */
async function rsHeaderHmacSignature(claims: Claims): Promise<string> {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  const signingInput = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  const { createHmac } = await import('node:crypto');
  const signature = createHmac('sha256', TEST_JWT_SECRET).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

const municipal = (): Claims => ({ sub: 'tester', role: 'MUNICIPAL_ADMIN', iat: now(), exp: now() + 3600 });
const withoutKey = (claims: Claims, name: string): Claims => Object.fromEntries(Object.entries(claims).filter(([k]) => k !== name));

const MISSING_CLAIMS: [string, () => Claims][] = [
  ['no sub', () => withoutKey(municipal(), 'sub')],
  ['an empty sub', () => ({ ...municipal(), sub: '' })],
  ['no role', () => withoutKey(municipal(), 'role')],
  ['an unknown role', () => ({ ...municipal(), role: 'SUPERUSER' })],
  ['UNIVERSITY_ADMIN without universityId', () => ({ ...municipal(), role: 'UNIVERSITY_ADMIN' })],
  ['PORTAL without universityId', () => ({ ...municipal(), role: 'PORTAL' })],
  ['UNIT_ADMIN without universityId', () => ({ ...municipal(), role: 'UNIT_ADMIN', unitId: 'u1' })],
  ['UNIT_ADMIN without unitId', () => ({ ...municipal(), role: 'UNIT_ADMIN', universityId: '10001' })],
  ['BRANCH_SECRETARY without universityId', () => ({ ...municipal(), role: 'BRANCH_SECRETARY', branchId: 'b1' })],
  ['BRANCH_SECRETARY without branchId', () => ({ ...municipal(), role: 'BRANCH_SECRETARY', universityId: '10001' })],
];

const BAD_TOKENS: [string, () => Promise<string> | string][] = [
  ...MISSING_CLAIMS.map(([name, claims]): [string, () => Promise<string>] => [name, () => sign(claims())]),
  ['no exp', () => sign(withoutKey(municipal(), 'exp'))],
  ['no iat', () => sign(withoutKey(municipal(), 'iat'))],
  ['a lifetime of 31 days', () => sign({ ...municipal(), exp: now() + 31 * DAY })],
  ['iat 10 minutes in the future', () => sign({ ...municipal(), iat: now() + 600, exp: now() + 3600 })],
  ['an exp in the past', () => sign({ ...municipal(), iat: now() - 7200, exp: now() - 3600 })],
  ['alg none', () => unsigned(municipal())],
  ['alg none with a signature', () => `${unsigned(municipal())}c2lnbmF0dXJl`],
  ['HS512 with the right secret', () => sign(municipal(), { alg: 'HS512' })],
  ['HS384 with the right secret', () => sign(municipal(), { alg: 'HS384' })],
  ['an RS256 header over an HMAC signature', () => rsHeaderHmacSignature(municipal())],
  ['a wrong secret', () => sign(municipal(), { secret: 'not-the-secret-0123456789abcdef' })],
  ['a tampered payload', async () => {
    const [header, , signature] = (await sign({ ...municipal(), role: 'INSPECTOR' })).split('.');
    return `${header}.${base64url.encode(JSON.stringify(municipal()))}.${signature}`;
  }],
  ['garbage', () => 'garbage'],
  ['three dots of garbage', () => 'a.b.c'],
  ['non-JSON segments', () => `${base64url.encode('not json')}.${base64url.encode('{')}.`],
];

const QUERY = '{ universities { id } }';
const MUTATION = 'mutation ($input: RegisterUniversityInput!) { registerUniversity(input: $input) { streamId } }';

describe('bearer tokens (issue 7)', () => {
  let service: ServiceUnderTest;
  let counter = 0;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
  });
  afterAll(async () => {
    await service?.stop();
  });

  const registration = () => ({ input: { id: `token-test-${(counter += 1)}`, name: `Token test ${counter}` } });

  function expectUnauthenticated(response: GraphQLResponse): void {
    expect(response.status).toBeLessThan(500);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  }

  it.each(BAD_TOKENS)('%s: UNAUTHENTICATED on a query and on a mutation, nothing recorded', async (_name, make) => {
    const token = await make();
    expectUnauthenticated(await service.graphql(QUERY, {}, token));
    const before = await storeState(service);
    expectUnauthenticated(await service.graphql(MUTATION, registration(), token));
    expect(await storeState(service)).toEqual(before);
  });

  it('a refusal does not echo the token', async () => {
    const token = await sign({ ...municipal(), exp: now() + 31 * DAY });
    const response = await service.graphql(QUERY, {}, token);
    expectUnauthenticated(response);
    expect(JSON.stringify(response)).not.toContain(token);
  });

  it.each([
    ['a 30-day token', () => ({ ...municipal(), exp: now() + 30 * DAY })],
    ['a token issued 30 s ahead of this clock (small skew)', () => ({ ...municipal(), iat: now() + 30, exp: now() + 3600 })],
    ['a UNIT_ADMIN token with universityId and unitId', () => ({ ...municipal(), role: 'UNIT_ADMIN', universityId: '10001', unitId: 'u1' })],
    ['a BRANCH_SECRETARY token with universityId and branchId', () => ({ ...municipal(), role: 'BRANCH_SECRETARY', universityId: '10001', branchId: 'b1' })],
  ])('%s is accepted', async (_name, claims) => {
    const token = await sign(claims());
    const response = await service.graphql(QUERY, {}, token);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(Array.isArray(response.data?.universities)).toBe(true);
  });

  it('a valid 30-day municipal token writes', async () => {
    const token = await sign({ ...municipal(), exp: now() + 30 * DAY });
    const before = await storeState(service);
    const response = await service.graphql(MUTATION, registration(), token);
    expect(response.errors).toBeUndefined();
    expect((await storeState(service)).events).toBe(before.events + 1);
  });

  it('no Authorization header at all is UNAUTHENTICATED', async () => {
    expectUnauthenticated(await service.graphql(QUERY));
    const before = await storeState(service);
    expectUnauthenticated(await service.graphql(MUTATION, registration()));
    expect(await storeState(service)).toEqual(before);
  });
});
