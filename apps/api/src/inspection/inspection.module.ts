import { Module } from '@nestjs/common';
import { PolicyModule } from '../policy/policy.module.js';
import { DownloadsController } from './downloads.controller.js';
import { StoreDigestResolver } from './store-digest.resolver.js';
import { StoreDigestQueryHandler } from './store-digest.query.js';

/** What inspectors and university offices take away: the store digest and the downloads. */
@Module({
  imports: [PolicyModule],
  controllers: [DownloadsController],
  providers: [StoreDigestQueryHandler, StoreDigestResolver],
})
export class InspectionModule {}
