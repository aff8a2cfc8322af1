import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { projectionStatuses } from '../../../../libs/projections/src/projection-engine/projection-status.js';
import { assertMunicipalAdmin, assertOverseer } from '../authorization/authorization.js';
import { notFound } from '../graphql/api-error.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { ProjectionsHost } from './projections-host.js';
import { ReadModels } from './read-models.js';

/** Projection status (Municipal Committee and inspectors) and rebuilds (Municipal Committee). */
@Resolver()
export class ProjectionsResolver {
  constructor(
    private readonly readModels: ReadModels,
    private readonly host: ProjectionsHost,
  ) {}

  @Query()
  async projections(@CurrentCaller() caller: Caller) {
    assertOverseer(caller, 'projections');
    return projectionStatuses(this.readModels.sql, this.readModels.store, ALL_PROJECTIONS);
  }

  @Mutation()
  async rebuildProjection(@CurrentCaller() caller: Caller, @Args('name') name: string) {
    assertMunicipalAdmin(caller, 'rebuild projections');
    if (!ALL_PROJECTIONS.some((projection) => projection.name === name)) throw notFound('projection', name);
    await this.host.runner.requestRebuild(name);
    const statuses = await projectionStatuses(this.readModels.sql, this.readModels.store, ALL_PROJECTIONS);
    return statuses.find((status) => status.name === name);
  }
}
