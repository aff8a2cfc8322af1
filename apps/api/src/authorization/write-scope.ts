import type { Caller } from '../../../../libs/identity/src/caller.js';
import { forbidden } from '../graphql/api-error.js';

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

const NOT_A_WRITER = new Set(['INSPECTOR', 'PORTAL']);

function refuseReaders(caller: Caller): void {
  if (NOT_A_WRITER.has(caller.role)) throw forbidden(`${caller.role} tokens may not write`);
}

export function assertMunicipalAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'MUNICIPAL_ADMIN') throw forbidden(`only the Municipal Committee (MUNICIPAL_ADMIN) may ${what}`);
}

/** Registering units, people and university-wide records: the municipal admin or that university's admin. */
export function assertUniversityWriter(caller: Caller, universityId: string): void {
  refuseReaders(caller);
  if (caller.role === 'MUNICIPAL_ADMIN') return;
  if (caller.role === 'UNIVERSITY_ADMIN' && caller.universityId === universityId) return;
  throw forbidden(`this token may not write for university ${universityId}`);
}

/** A unit's own records (studies, 党员之家, unit training): also its unit admin. */
export function assertUnitWriter(caller: Caller, universityId: string, unitId: string): void {
  refuseReaders(caller);
  if (caller.role === 'UNIT_ADMIN' && caller.unitId === unitId && (!caller.universityId || caller.universityId === universityId)) return;
  assertUniversityWriter(caller, universityId);
}

export function assertBranchWriter(caller: Caller, branch: BranchPlace, kind: BranchWriteKind): void {
  refuseReaders(caller);
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
      return;
    case 'UNIVERSITY_ADMIN':
      if (caller.universityId === branch.universityId) return;
      break;
    case 'UNIT_ADMIN':
      if (kind !== 'UNIVERSITY_CASEWORK' && isInUnit(caller, branch)) return;
      if (kind === 'UNIVERSITY_CASEWORK' && isInUnit(caller, branch)) {
        throw forbidden('screening and rectification cases are the university committee\'s');
      }
      break;
    case 'BRANCH_SECRETARY':
      if (kind === 'SECRETARY_WORK' && caller.branchId === branch.branchId) return;
      if (caller.branchId === branch.branchId) throw forbidden('a branch secretary records elections, meetings, plans and rectification steps only');
      break;
    default:
      break;
  }
  throw forbidden(`this token may not write to branch ${branch.branchId}`);
}

function isInUnit(caller: Caller, branch: BranchPlace): boolean {
  return caller.unitId === branch.unitId && (!caller.universityId || caller.universityId === branch.universityId);
}
