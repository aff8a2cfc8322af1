import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { ProjectionStatusesQuery, RebuildProjection } from './projection-operations.js';

/** Thin: projection status (Municipal Committee and inspectors) and rebuilds (Municipal Committee). */
@Resolver()
export class ProjectionsResolver {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @Query()
  projections(@CurrentCaller() caller: Caller) {
    return this.queryBus.execute(new ProjectionStatusesQuery(caller));
  }

  @Mutation()
  rebuildProjection(@CurrentCaller() caller: Caller, @Args('name') name: string) {
    return this.commandBus.execute(new RebuildProjection(caller, name));
  }
}
