import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { DownloadsController } from './downloads.controller.js';
import { StoreDigestResolver } from './store-digest.resolver.js';

/** What inspectors and university offices take away: the store digest and the downloads. */
@Module({
  imports: [PolicyModule],
  controllers: [DownloadsController],
  providers: [StoreDigestResolver],
})
export class InspectionModule {}
