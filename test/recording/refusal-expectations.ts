import type { GraphQLResponse } from '../service-under-test.js';
import type { OrganizationFixture } from './organization-fixture.js';

/**
 * Makes a call that must be refused with `code` (and `rule`): a clear GraphQL error, never a 5xx
 * or INTERNAL_SERVER_ERROR, no data, and not one event recorded.
 */
export async function expectRefused(
  f: OrganizationFixture,
  call: () => Promise<GraphQLResponse>,
  code: string,
  rule?: string,
): Promise<GraphQLResponse> {
  const before = await f.eventCount();
  const response = await call();
  expect(response.status).toBeLessThan(500);
  expect(response.errors?.length).toBeGreaterThan(0);
  expect(response.errors?.[0]?.extensions).toMatchObject({ code, ...(rule ? { rule } : {}) });
  for (const value of Object.values(response.data ?? {})) expect(value).toBeNull();
  expect(await f.eventCount()).toBe(before);
  return response;
}

/** The call is refused with a clear client error of any of `codes`; nothing recorded. */
export async function expectClientError(f: OrganizationFixture, call: () => Promise<GraphQLResponse>, codes: string[] = ['BAD_USER_INPUT']) {
  const before = await f.eventCount();
  const response = await call();
  expect(response.status).toBeLessThan(500);
  const found = response.errors?.map((error) => error.extensions?.code);
  expect(found?.length).toBeGreaterThan(0);
  for (const code of found ?? []) expect(codes).toContain(code);
  expect(await f.eventCount()).toBe(before);
  return response;
}
