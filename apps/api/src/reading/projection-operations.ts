import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { projectionStatuses, type ProjectionStatus } from '../../../../libs/projections/src/projection-engine/projection-status.js';
import { assertMunicipalAdmin, assertOverseer } from '../authorization/authorization.js';
import { notFound } from '../graphql/api-error.js';
import { ProjectionsHost } from './projections-host.js';
import { ReadModels } from './read-models.js';

/** State, position, lag and progress of every projection (Municipal Committee and inspectors). */
export class ProjectionStatusesQuery {
  constructor(readonly caller: Caller) {}
}

/** A new generation of one projection, built beside the live one and switched in (Municipal Committee). */
export class RebuildProjection {
  constructor(
    readonly caller: Caller,
    readonly name: string,
  ) {}
}

@QueryHandler(ProjectionStatusesQuery)
export class ProjectionStatusesQueryHandler implements IQueryHandler<ProjectionStatusesQuery, ProjectionStatus[]> {
  constructor(private readonly readModels: ReadModels) {}

  execute({ caller }: ProjectionStatusesQuery): Promise<ProjectionStatus[]> {
    assertOverseer(caller, 'projections');
    return projectionStatuses(this.readModels.sql, this.readModels.store, ALL_PROJECTIONS);
  }
}

@CommandHandler(RebuildProjection)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjection, ProjectionStatus | undefined> {
  constructor(
    private readonly readModels: ReadModels,
    private readonly host: ProjectionsHost,
  ) {}

  async execute({ caller, name }: RebuildProjection): Promise<ProjectionStatus | undefined> {
    assertMunicipalAdmin(caller, 'rebuild projections');
    if (!ALL_PROJECTIONS.some((projection) => projection.name === name)) throw notFound('projection', name);
    await this.host.requestRebuild(name);
    const statuses = await projectionStatuses(this.readModels.sql, this.readModels.store, ALL_PROJECTIONS);
    return statuses.find((status) => status.name === name);
  }
}
