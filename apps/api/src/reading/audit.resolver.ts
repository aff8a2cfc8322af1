import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { AuditTrailQuery, BranchAsOfQuery, VerifyIntegrityQuery } from './audit-queries.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';

/** Audit replay: a stream's history with its hashes, a branch as known at an instant, chain verification. */
@Resolver('Query')
export class AuditResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  auditTrail(@CurrentCaller() caller: Caller, @Args('streamId') streamId: string, @Args('first') first: number | null, @Args('after') after: string | null) {
    return this.queryBus.execute(new AuditTrailQuery(caller, { streamId, first, after }));
  }

  @Query()
  verifyIntegrity(@CurrentCaller() caller: Caller, @Args('streamId') streamId: string | null, @Args('universityId') universityId: string | null) {
    return this.queryBus.execute(new VerifyIntegrityQuery(caller, { streamId, universityId }));
  }

  @Query()
  branchAsOf(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('asOf') asOf: Date) {
    return this.queryBus.execute(new BranchAsOfQuery(caller, { id, asOf }));
  }
}
