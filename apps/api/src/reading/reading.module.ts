import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { PeopleModule } from '../people/people.module.js';
import { RecordingModule } from '../recording/recording.module.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditTrailQueryHandler, BranchAsOfQueryHandler, VerifyIntegrityQueryHandler } from './audit-queries.js';
import {
  BranchesQueryHandler,
  BranchQueryHandler,
  PersonQueryHandler,
  UniversitiesQueryHandler,
  UniversityQueryHandler,
} from './organization-queries.js';
import { FiguresResolver } from './figures.resolver.js';
import {
  BranchComplianceQueryHandler,
  ComplianceSummaryQueryHandler,
  DualLeaderStatsQueryHandler,
  RectificationLedgerQueryHandler,
  TrainingCoverageQueryHandler,
} from './figure-queries.js';
import { BranchFieldsResolver, OfficerFieldsResolver, OrganizationResolver } from './organization.resolver.js';
import { OrganizationView } from './organization-view.js';
import { ProjectionsHost } from './projections-host.js';
import { ProjectionsResolver } from './projections.resolver.js';
import { ProjectionStatusesQueryHandler, RebuildProjectionHandler } from './projection-operations.js';
import { ReadModels } from './read-models.js';

/** The read side: projections running in this process and the queries over their live tables. */
@Module({
  imports: [RecordingModule, PolicyModule, PeopleModule],
  providers: [
    ProjectionStatusesQueryHandler,
    RebuildProjectionHandler,
    UniversitiesQueryHandler,
    UniversityQueryHandler,
    BranchQueryHandler,
    BranchesQueryHandler,
    PersonQueryHandler,
    AuditTrailQueryHandler,
    VerifyIntegrityQueryHandler,
    BranchAsOfQueryHandler,
    RectificationLedgerQueryHandler,
    TrainingCoverageQueryHandler,
    DualLeaderStatsQueryHandler,
    BranchComplianceQueryHandler,
    ComplianceSummaryQueryHandler,
    ReadModels, OrganizationView, ProjectionsHost, OrganizationResolver, BranchFieldsResolver, OfficerFieldsResolver, FiguresResolver, ProjectionsResolver, AuditResolver],
})
export class ReadingModule {}
