/** The signed-in user: the bearer token and the claims the console reads to decide what to show. */
export interface Session {
  token: string;
  role: Role;
  subject: string;
  universityId?: string;
  unitId?: string;
  branchId?: string;
}

export type Role = 'MUNICIPAL_ADMIN' | 'INSPECTOR' | 'UNIVERSITY_ADMIN' | 'UNIT_ADMIN' | 'BRANCH_SECRETARY' | 'PORTAL';

const STORAGE_KEY = 'branch-ledger-console.token';
const ROLES: readonly Role[] = ['MUNICIPAL_ADMIN', 'INSPECTOR', 'UNIVERSITY_ADMIN', 'UNIT_ADMIN', 'BRANCH_SECRETARY', 'PORTAL'];

/**
 * Reads a JWT's claims without verifying it: the console only uses them to hide what the role may
 * not see; the API verifies the signature and refuses anyway.
 */
export function sessionOf(token: string): Session | undefined {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(parts[1]!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const role = claims.role as Role;
    if (!ROLES.includes(role) || typeof claims.sub !== 'string') return undefined;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    return {
      token: token.trim(),
      role,
      subject: claims.sub,
      universityId: text(claims.universityId),
      unitId: text(claims.unitId),
      branchId: text(claims.branchId),
    };
  } catch {
    return undefined;
  }
}

/** A `#token=...` link signs in once; the token then leaves the address bar for sessionStorage. */
export function takeTokenFromLocation(): void {
  const match = /^#token=([^&]+)/.exec(window.location.hash);
  if (!match) return;
  sessionStorage.setItem(STORAGE_KEY, decodeURIComponent(match[1]!));
  history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
}

export function storedSession(): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token ? sessionOf(token) : undefined;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(STORAGE_KEY, token.trim());
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Whole-scope readers: they pick a university; every other role reads its own. */
export function picksUniversity(session: Session): boolean {
  return session.role === 'MUNICIPAL_ADMIN' || session.role === 'INSPECTOR';
}

/** The roles the API lets read audit trails (their university's streams, or all). */
export function mayReadAuditTrail(session: Session): boolean {
  return session.role !== 'UNIT_ADMIN' && session.role !== 'BRANCH_SECRETARY';
}

/** The roles verifyIntegrity answers: the Municipal Committee, inspectors, a university for its own. */
export function mayVerifyIntegrity(session: Session): boolean {
  return session.role === 'MUNICIPAL_ADMIN' || session.role === 'INSPECTOR' || session.role === 'UNIVERSITY_ADMIN';
}
