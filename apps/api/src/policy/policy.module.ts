import { Module } from '@nestjs/common';
import { RecordingModule } from '../recording/recording.module.js';
import { PolicyCatalog } from './policy-catalog.js';
import { PolicyResolver } from './policy.resolver.js';
import { PublishPolicyHandler } from './publishing-policy.js';

@Module({
  imports: [RecordingModule],
  providers: [PolicyCatalog, PolicyResolver, PublishPolicyHandler],
  exports: [PolicyCatalog],
})
export class PolicyModule {}
