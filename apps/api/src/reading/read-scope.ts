import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { BranchScope } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { forbidden } from '../graphql/api-error.js';

/**
 * The branches a caller may read, narrowed by what it asks for. The Municipal Committee and
 * inspectors read everything; a university's admin and portal their university; a unit admin its
 * unit; a secretary its branch. Asking for more is FORBIDDEN.
 */
export function readScope(caller: Caller, asked: { universityId?: string | null; unitId?: string | null }): BranchScope {
  const universityId = asked.universityId ?? null;
  const unitId = asked.unitId ?? null;
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      return { universityId, unitId };
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      if (universityId !== null && universityId !== caller.universityId) {
        throw forbidden(`this token reads university ${caller.universityId} only`);
      }
      return { universityId: caller.universityId, unitId };
    case 'UNIT_ADMIN':
      if (universityId !== null && caller.universityId && universityId !== caller.universityId) {
        throw forbidden(`this token reads unit ${caller.unitId} only`);
      }
      if (unitId !== null && unitId !== caller.unitId) throw forbidden(`this token reads unit ${caller.unitId} only`);
      return { universityId: caller.universityId ?? universityId, unitId: caller.unitId };
    case 'BRANCH_SECRETARY':
      if (unitId !== null || (universityId !== null && caller.universityId && universityId !== caller.universityId)) {
        throw forbidden(`this token reads branch ${caller.branchId} only`);
      }
      return { universityId: caller.universityId ?? universityId, branchId: caller.branchId };
  }
}

/** Whether a row of this university, unit and branch lies within the caller's reading scope. */
export function mayRead(caller: Caller, place: { universityId: string; unitId?: string; branchId?: string }): boolean {
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      return true;
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      return place.universityId === caller.universityId;
    case 'UNIT_ADMIN':
      return place.unitId === caller.unitId && (!caller.universityId || caller.universityId === place.universityId);
    case 'BRANCH_SECRETARY':
      return place.branchId === caller.branchId;
  }
}
