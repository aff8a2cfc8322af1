import { webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { isRole, type Caller, type Role } from './caller.js';

const ALGORITHM = 'HS256';

/** How far a token's `iat` may lie ahead of this clock (clocks of issuers drift a little). */
export const CLOCK_SKEW_SECONDS = 60;
/** The longest lifetime (`exp - iat`) accepted by default: 30 days. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/** The bearer token is missing a claim, expired, or not signed with our secret. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

export interface TokenPolicy {
  /** Longest accepted `exp - iat`, in seconds. */
  maxLifetimeSeconds?: number;
  /** The verifier's clock (tests). */
  now?: () => Date;
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** The verifying key of the last secret seen (a process has one): importing it cost more than checking a signature. */
let verifyingKey: { secret: string; key: Promise<webcrypto.CryptoKey> } | undefined;

function verifyingKeyOf(secret: string): Promise<webcrypto.CryptoKey> {
  if (verifyingKey?.secret !== secret) {
    const key = webcrypto.subtle.importKey('raw', keyOf(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    verifyingKey = { secret, key };
  }
  return verifyingKey.key;
}

/**
 * Verifies an HS256 JWT and reads the contract's claims. Every token carries `sub`, `role`, `iat`
 * and `exp` (DOMAIN.md §1), a lifetime within the policy's maximum and no `iat` in the future; the
 * scope claims its role needs must be there: a unit or branch scope always names its university,
 * because unit ids are unique only within one.
 */
export async function verifyToken(token: string, secret: string, policy: TokenPolicy = {}): Promise<Caller> {
  // A token seen before is not verified again: the same bytes under the same secret and policy
  // verify the same way, and only the clock moves (checked here). Web Crypto's HMAC, a job on the
  // thread pool, cost more than everything else a mutation does in this process.
  const cacheKey = policy.now ? undefined : `${policy.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS}\u0000${token}`;
  const seen = cacheKey ? verifiedCallers(secret).get(cacheKey) : undefined;
  if (seen) {
    if (seen.exp > Date.now() / 1000 - CLOCK_SKEW_SECONDS) return { ...seen.caller };
    verifiedCallers(secret).delete(cacheKey!);
  }
  const caller = await verifyUncached(token, secret, policy);
  if (cacheKey) rememberVerified(secret, cacheKey, caller, token);
  return caller;
}

/** Tokens verified lately, by policy and token, with their expiry; bounded, the oldest dropped first. */
const VERIFIED_LIMIT = 10_000;
let verified: { secret: string; callers: Map<string, { caller: Caller; exp: number }> } | undefined;

function verifiedCallers(secret: string): Map<string, { caller: Caller; exp: number }> {
  if (verified?.secret !== secret) verified = { secret, callers: new Map() };
  return verified.callers;
}

function rememberVerified(secret: string, cacheKey: string, caller: Caller, token: string): void {
  const exp = expiryOf(token);
  if (exp === undefined) return;
  const callers = verifiedCallers(secret);
  callers.set(cacheKey, { caller: { ...caller }, exp });
  if (callers.size > VERIFIED_LIMIT) callers.delete(callers.keys().next().value!);
}

/** The exp claim of a token that has just verified (its payload is the middle part). */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp : undefined;
  } catch {
    return undefined;
  }
}

async function verifyUncached(token: string, secret: string, policy: TokenPolicy): Promise<Caller> {
  const now = policy.now?.() ?? new Date();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, await verifyingKeyOf(secret), {
      algorithms: [ALGORITHM],
      requiredClaims: ['sub', 'iat', 'exp'],
      currentDate: now,
      clockTolerance: CLOCK_SKEW_SECONDS,
    }));
  } catch (error) {
    throw new InvalidTokenError(reasonOf(error));
  }
  const { sub, role, universityId, unitId, branchId, iat, exp } = payload;
  if (typeof iat !== 'number' || typeof exp !== 'number') throw new InvalidTokenError('the token needs numeric iat and exp claims');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) throw new InvalidTokenError('the token was issued in the future (iat)');
  const maxLifetime = policy.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (exp - iat > maxLifetime) throw new InvalidTokenError(`the token lives longer than ${describeSeconds(maxLifetime)} (exp - iat)`);
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('the token has no subject (sub)');
  if (!isRole(role)) throw new InvalidTokenError('the token has no known role');
  const claim = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const caller: Caller = {
    subject: sub,
    role,
    universityId: claim(universityId),
    unitId: claim(unitId),
    branchId: claim(branchId),
  };
  const missing = missingScopeClaims(caller);
  if (missing.length > 0) throw new InvalidTokenError(`a ${role} token needs the ${missing.join(' and ')} claim${missing.length > 1 ? 's' : ''}`);
  return caller;
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is missing or invalid`;
  return 'the token is not valid';
}

function describeSeconds(seconds: number): string {
  return seconds % 86400 === 0 ? `${seconds / 86400} days` : `${seconds} seconds`;
}

/** The scope claims a role cannot do without. */
function missingScopeClaims(caller: Caller): string[] {
  const missing: string[] = [];
  const needs = (claim: 'universityId' | 'unitId' | 'branchId') => {
    if (!caller[claim]) missing.push(claim);
  };
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      break;
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      needs('universityId');
      break;
    case 'UNIT_ADMIN':
      needs('universityId');
      needs('unitId');
      break;
    case 'BRANCH_SECRETARY':
      needs('universityId');
      needs('branchId');
      break;
  }
  return missing;
}

export interface TokenRequest {
  subject: string;
  role: Role;
  universityId?: string;
  unitId?: string;
  branchId?: string;
  /** e.g. '12h', '30d'; default 12h. */
  expiresIn?: string;
}

export async function signToken(request: TokenRequest, secret: string): Promise<string> {
  const claims: Record<string, string> = { role: request.role };
  if (request.universityId) claims.universityId = request.universityId;
  if (request.unitId) claims.unitId = request.unitId;
  if (request.branchId) claims.branchId = request.branchId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn ?? '12h')
    .sign(keyOf(secret));
}

/** Parses a lifetime such as `30d`, `12h`, `90m` or `3600` (seconds). */
export function parseLifetime(value: string): number | null {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return amount > 0 ? amount * unit : null;
}
