import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { LedgerStatus } from '../../../../libs/projections/src/rectification-ledger/ledger-query.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { RectificationLedgerQuery, TrainingCoverageQuery, DualLeaderStatsQuery, BranchComplianceQuery, ComplianceSummaryQuery, type FigureArgs } from './figure-queries.js';

/** The dashboard figures: 整顿台账, 轮训覆盖, 双带头人, compliance. Thin: arguments to a query on the query bus. */
@Resolver('Query')
export class FiguresResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  rectificationLedger(@CurrentCaller() caller: Caller, @Args() args: FigureArgs & { status?: LedgerStatus | null }) {
    return this.queryBus.execute(new RectificationLedgerQuery(caller, args));
  }

  @Query()
  trainingCoverage(@CurrentCaller() caller: Caller, @Args() args: FigureArgs) {
    return this.queryBus.execute(new TrainingCoverageQuery(caller, args));
  }

  @Query()
  dualLeaderStats(@CurrentCaller() caller: Caller, @Args() args: FigureArgs) {
    return this.queryBus.execute(new DualLeaderStatsQuery(caller, args));
  }

  @Query()
  branchCompliance(@CurrentCaller() caller: Caller, @Args() args: { branchId: string; year: number; onDate?: string | null; atLeastPosition?: string | null }) {
    return this.queryBus.execute(new BranchComplianceQuery(caller, args));
  }

  @Query()
  complianceSummary(@CurrentCaller() caller: Caller, @Args() args: FigureArgs) {
    return this.queryBus.execute(new ComplianceSummaryQuery(caller, args));
  }
}
