import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { ProbesController } from './probes.controller.js';
import { ReadinessIndicator } from './readiness.indicator.js';

/** GET /health (as it always answered), /health/live and /health/ready. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, ProbesController],
  providers: [ReadinessIndicator],
})
export class HealthModule {}
