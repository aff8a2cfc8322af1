import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ReadinessIndicator } from './readiness.indicator.js';

/**
 * Orchestrator probes beside GET /health: liveness asks only that the process answers (a database
 * outage must not restart it), readiness that it can serve reads and writes.
 */
@Controller('health')
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.readiness.database(), () => this.readiness.projections()]);
  }
}
