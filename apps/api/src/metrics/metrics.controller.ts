import { Controller, Get, Header, Inject, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';
import { ServiceMetrics } from './service-metrics.js';

/** GET /metrics for Prometheus. Unauthenticated like /health: counts and names, never data. */
@Controller('metrics')
export class MetricsController implements OnModuleInit, OnApplicationShutdown {
  private stopWatching?: () => void;

  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.stopWatching = this.metrics.watchAppends(this.store);
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  async scrape(): Promise<string> {
    await this.metrics.refreshStoreGauges(this.sql, this.store);
    return this.metrics.registry.metrics();
  }
}
