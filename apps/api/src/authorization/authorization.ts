import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { BranchScope } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { forbidden, notFound } from '../graphql/api-error.js';

/**
 * The one place that decides who may read and write what (DOMAIN.md §1). Every query, nested field
 * and mutation asks here; nothing else compares scopes.
 *
 * A scope is a full tuple, never a bare id: unit ids are unique only within their university, so a
 * unit scope is (university, unit), and a branch scope carries its university too. A place is
 * inside a scope only when every part matches.
 */
export type Scope =
  | { kind: 'everything' }
  | { kind: 'university'; universityId: string }
  | { kind: 'unit'; universityId: string; unitId: string }
  | { kind: 'branch'; universityId: string; branchId: string };

/** Where a record sits: its university and, for branch records, its unit and branch. */
export interface Place {
  universityId: string | null;
  unitId?: string | null;
  branchId?: string | null;
}

/** Where a branch sits, for deciding who may write to it. */
export interface BranchPlace {
  branchId: string;
  universityId: string;
  unitId: string;
}

/**
 * What a write to a branch is, as DOMAIN.md §1 divides the work: the university keeps screening and
 * rectification cases; a secretary may write its branch's elections, meetings, plans and steps.
 */
export type BranchWriteKind = 'SECRETARY_WORK' | 'UNIVERSITY_CASEWORK' | 'BRANCH_ADMINISTRATION';

/** The scope a verified token grants (the verifier has made sure the claims its role needs are there). */
export function scopeOf(caller: Caller): Scope {
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      return { kind: 'everything' };
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      return { kind: 'university', universityId: caller.universityId! };
    case 'UNIT_ADMIN':
      return { kind: 'unit', universityId: caller.universityId!, unitId: caller.unitId! };
    case 'BRANCH_SECRETARY':
      return { kind: 'branch', universityId: caller.universityId!, branchId: caller.branchId! };
  }
}

/** Whether the place lies within the scope: every part of the scope's tuple must match. */
export function covers(scope: Scope, place: Place): boolean {
  switch (scope.kind) {
    case 'everything':
      return true;
    case 'university':
      return place.universityId === scope.universityId;
    case 'unit':
      return place.universityId === scope.universityId && place.unitId === scope.unitId;
    case 'branch':
      return place.universityId === scope.universityId && place.branchId === scope.branchId;
  }
}

// ---------- reads ----------

/** Whether the caller may read a record at this place (else it answers as for an id that exists nowhere). */
export function mayRead(caller: Caller, place: Place): boolean {
  return covers(scopeOf(caller), place);
}

/**
 * The branches a list or figure covers: the caller's scope, narrowed by what it asks for. Asking
 * for another university's figures (or another unit's, for a unit admin) is FORBIDDEN; the message
 * names only what the token itself carries.
 */
export function readFilter(caller: Caller, asked: { universityId?: string | null; unitId?: string | null }): BranchScope {
  const universityId = asked.universityId ?? null;
  const unitId = asked.unitId ?? null;
  const scope = scopeOf(caller);
  switch (scope.kind) {
    case 'everything':
      return { universityId, unitId };
    case 'university':
      if (universityId !== null && universityId !== scope.universityId) throw readRefusal(caller, `university ${scope.universityId}`);
      return { universityId: scope.universityId, unitId };
    case 'unit':
      if ((universityId !== null && universityId !== scope.universityId) || (unitId !== null && unitId !== scope.unitId)) {
        throw readRefusal(caller, `unit ${scope.unitId} of university ${scope.universityId}`);
      }
      return { universityId: scope.universityId, unitId: scope.unitId };
    case 'branch':
      if ((universityId !== null && universityId !== scope.universityId) || unitId !== null) {
        throw readRefusal(caller, `branch ${scope.branchId}`);
      }
      return { universityId: scope.universityId, branchId: scope.branchId };
  }
}

function readRefusal(caller: Caller, what: string) {
  return forbidden(`this ${caller.role} token reads ${what} only`, { target: 'figures' });
}

/** The Municipal Committee and inspectors: projections, store-wide audits. */
export function assertOverseer(caller: Caller, what: string): void {
  if (caller.role !== 'MUNICIPAL_ADMIN' && caller.role !== 'INSPECTOR') {
    throw forbidden(`${what} are read by the Municipal Committee and inspectors`);
  }
}

/**
 * Whether the caller may read a stream's history. Streams of a university are read within that
 * university (a branch's stream also within its unit or by its secretary); the policy stream by
 * everyone; streams of no university (municipal training sessions) by the overseers only.
 */
export function mayReadStream(caller: Caller, stream: { streamId: string; universityId: string | null; place?: Place }): boolean {
  const scope = scopeOf(caller);
  if (scope.kind === 'everything') return true;
  if (stream.streamId === 'policy') return true;
  if (stream.universityId === null) return false;
  return covers(scope, stream.place ?? { universityId: stream.universityId });
}

// ---------- writes ----------

const READ_ONLY_ROLES = new Set(['INSPECTOR', 'PORTAL']);

function refuseReaders(caller: Caller): void {
  if (READ_ONLY_ROLES.has(caller.role)) throw forbidden(`${caller.role} tokens may not write`);
}

/**
 * The refusal of a write whose target lies outside the caller's scope. The same words whether the
 * target exists in another university or nowhere, so a refusal tells nothing about other tenants.
 */
export function outsideWriteScope(what: string, id: string) {
  return forbidden(`${what} ${id} is outside this token's write scope`, { target: `${what} ${id}` });
}

export function assertMunicipalAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'MUNICIPAL_ADMIN') throw forbidden(`only the Municipal Committee (MUNICIPAL_ADMIN) may ${what}`);
}

/** Registering units and people, university-wide records: the municipal admin or that university's admin. */
export function assertMayWriteUniversity(caller: Caller, universityId: string): void {
  refuseReaders(caller);
  if (caller.role === 'MUNICIPAL_ADMIN') return;
  if (caller.role === 'UNIVERSITY_ADMIN' && caller.universityId === universityId) return;
  throw outsideWriteScope('university', universityId);
}

/** A unit's own records (studies, 党员之家, unit training, establishing its branches): also its unit admin. */
export function assertMayWriteUnit(caller: Caller, universityId: string, unitId: string): void {
  refuseReaders(caller);
  if (caller.role === 'UNIT_ADMIN') {
    if (covers(scopeOf(caller), { universityId, unitId })) return;
    throw outsideWriteScope('unit', unitId);
  }
  if (caller.role === 'BRANCH_SECRETARY') throw outsideWriteScope('unit', unitId);
  assertMayWriteUniversity(caller, universityId);
}

/**
 * A write to a branch. `branch` is null when no such branch exists: the municipal admin then gets
 * NOT_FOUND from the domain, everybody else the same FORBIDDEN as for another university's branch.
 */
export function assertMayWriteBranch(caller: Caller, branchId: string, branch: BranchPlace | null, kind: BranchWriteKind): void {
  refuseReaders(caller);
  if (caller.role === 'MUNICIPAL_ADMIN') return;
  if (!branch || !covers(scopeOf(caller), branch)) throw outsideWriteScope('branch', branchId);
  switch (caller.role) {
    case 'UNIVERSITY_ADMIN':
      return;
    case 'UNIT_ADMIN':
      if (kind === 'UNIVERSITY_CASEWORK') throw forbidden("screening and rectification cases are the university committee's");
      return;
    case 'BRANCH_SECRETARY':
      if (kind === 'SECRETARY_WORK') return;
      throw forbidden('a branch secretary records elections, meetings, plans and rectification steps only');
  }
}

/** Where a training session belongs (DOMAIN.md §1: whoever may write the session's scope records its attendance). */
export interface SessionPlace {
  sessionId: string;
  organizer: 'MUNICIPAL' | 'UNIVERSITY' | 'UNIT';
  universityId: string | null;
  unitId: string | null;
}

/** Recording attendance: the session's writers; a university admin may also record its people at a municipal session. */
export function assertMayWriteSession(caller: Caller, session: SessionPlace | null, sessionId: string): void {
  refuseReaders(caller);
  if (caller.role === 'MUNICIPAL_ADMIN') return;
  if (!session) throw outsideWriteScope('training session', sessionId);
  const scope = scopeOf(caller);
  switch (session.organizer) {
    case 'MUNICIPAL':
      if (caller.role === 'UNIVERSITY_ADMIN') return;
      break;
    case 'UNIVERSITY':
      if (caller.role === 'UNIVERSITY_ADMIN' && covers(scope, { universityId: session.universityId })) return;
      break;
    case 'UNIT':
      if ((caller.role === 'UNIVERSITY_ADMIN' || caller.role === 'UNIT_ADMIN') && covers(scope, { universityId: session.universityId, unitId: session.unitId })) {
        return;
      }
      break;
  }
  throw outsideWriteScope('training session', sessionId);
}

/** Every attendee's branch must lie within the caller's scope. */
export function assertAttendeeBranchInScope(caller: Caller, branchId: string, branch: BranchPlace | null): void {
  if (caller.role === 'MUNICIPAL_ADMIN') {
    if (!branch) throw notFound('branch', branchId);
    return;
  }
  if (!branch || !covers(scopeOf(caller), branch)) throw outsideWriteScope('branch', branchId);
}
