import type { Request } from 'express';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { ApiError } from '../graphql/api-error.js';
import { buildRequestContext, callerOf } from '../identity/caller-context.js';
import { mayRead, readFilter } from '../authorization/authorization.js';

/**
 * Who may take what away. The one place the inspection endpoints ask the scope rules, so that
 * swapping them for the authorization module is a change here only.
 */
export const inspectionAccess = {
  /** The caller of a download (UNAUTHENTICATED without a valid bearer token). */
  async callerOf(request: Request, jwtSecret: string): Promise<Caller> {
    return callerOf(await buildRequestContext(request, jwtSecret));
  },

  /** The store digest covers every university: the Municipal Committee and inspectors only. */
  mayDigestStore(caller: Caller): boolean {
    return caller.role === 'MUNICIPAL_ADMIN' || caller.role === 'INSPECTOR';
  },

  /** A university's figures: whoever reads the whole university (FORBIDDEN otherwise). */
  assertReadsUniversity(caller: Caller, universityId: string): void {
    const scope = readFilter(caller, { universityId });
    if (scope.universityId !== universityId || scope.unitId || scope.branchId) {
      throw new ApiError('FORBIDDEN', `university ${universityId} is outside this token's scope`);
    }
  },

  /** A university's events, or the whole store's (universityId null: the Municipal Committee and inspectors). */
  assertReadsEvents(caller: Caller, universityId: string | null): void {
    if (universityId === null) {
      if (!this.mayDigestStore(caller)) throw new ApiError('FORBIDDEN', 'the whole store is exported for the Municipal Committee and inspectors only');
      return;
    }
    this.assertReadsUniversity(caller, universityId);
  },

  /** A branch's work manual: whoever may read the branch. */
  mayReadBranch(caller: Caller, place: { universityId: string; unitId: string; branchId: string }): boolean {
    return mayRead(caller, place);
  },
};
