import { Module } from '@nestjs/common';
import { RecordingModule } from '../recording/recording.module.js';
import { PolicyCatalog } from './policy-catalog.js';
import { PolicyResolver } from './policy.resolver.js';
import { PublishPolicyHandler } from './publishing-policy.js';
import { ActivePolicyQueryHandler, PoliciesQueryHandler } from './policy-queries.js';

@Module({
  imports: [RecordingModule],
  providers: [PolicyCatalog, PolicyResolver, PublishPolicyHandler, ActivePolicyQueryHandler, PoliciesQueryHandler],
  exports: [PolicyCatalog],
})
export class PolicyModule {}
