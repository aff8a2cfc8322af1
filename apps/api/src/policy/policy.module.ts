import { Module } from '@nestjs/common';
import { RecordingModule } from '../recording/recording.module.js';
import { PolicyCatalog } from './policy-catalog.js';
import { PolicyResolver } from './policy.resolver.js';

@Module({
  imports: [RecordingModule],
  providers: [PolicyCatalog, PolicyResolver],
  exports: [PolicyCatalog],
})
export class PolicyModule {}
