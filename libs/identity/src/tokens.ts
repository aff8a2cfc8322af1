import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { isRole, type Caller, type Role } from './caller.js';

const ALGORITHM = 'HS256';

/** The bearer token is missing a claim, expired, or not signed with our secret. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Verifies an HS256 JWT and reads the contract's claims: sub, role, universityId, unitId, branchId. */
export async function verifyToken(token: string, secret: string): Promise<Caller> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keyOf(secret), { algorithms: [ALGORITHM] }));
  } catch (error) {
    const reason = error instanceof joseErrors.JWTExpired ? 'the token has expired' : 'the token is not valid';
    throw new InvalidTokenError(reason);
  }
  const { sub, role, universityId, unitId, branchId } = payload;
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('the token has no subject (sub)');
  if (!isRole(role)) throw new InvalidTokenError('the token has no known role');
  const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const caller: Caller = {
    subject: sub,
    role,
    universityId: optional(universityId),
    unitId: optional(unitId),
    branchId: optional(branchId),
  };
  const missing = missingScopeClaim(caller);
  if (missing) throw new InvalidTokenError(`a ${role} token needs the ${missing} claim`);
  return caller;
}

/** The scope claim a role cannot do without. */
function missingScopeClaim(caller: Caller): string | undefined {
  switch (caller.role) {
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      return caller.universityId ? undefined : 'universityId';
    case 'UNIT_ADMIN':
      return caller.unitId ? undefined : 'unitId';
    case 'BRANCH_SECRETARY':
      return caller.branchId ? undefined : 'branchId';
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      return undefined;
  }
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
