import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { pendingMigrations } from '../../../../libs/database/src/migrations.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { projectionStatuses } from '../../../../libs/projections/src/projection-engine/projection-status.js';
import { SQL_CLIENT, EVENT_STORE } from '../runtime.module.js';

/**
 * Whether this process should get traffic: the database answers, every migration is applied, and
 * the projections have caught up once since it started (whether they run here or in workers).
 * After that first catch-up a lag is normal traffic, not unreadiness, so it is remembered.
 */
@Injectable()
export class ReadinessIndicator {
  private caughtUpOnce = false;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const indicator = this.indicators.check('database');
    try {
      await this.sql.query('SELECT 1');
      const pending = await pendingMigrations(this.sql);
      return pending === 0 ? indicator.up({ backend: this.sql.backend }) : indicator.down({ pendingMigrations: pending });
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    }
  }

  async projections(): Promise<HealthIndicatorResult<'projections'>> {
    const indicator = this.indicators.check('projections');
    if (this.caughtUpOnce) return indicator.up({ firstCatchUp: 'done' });
    try {
      const statuses = await projectionStatuses(this.sql, this.store, ALL_PROJECTIONS);
      const behind = statuses.filter((status) => status.state !== 'LIVE').map((status) => `${status.name}: ${status.state}, lag ${status.lag}`);
      if (behind.length > 0) return indicator.down({ firstCatchUp: 'running', behind });
      this.caughtUpOnce = true;
      return indicator.up({ firstCatchUp: 'done' });
    } catch (error) {
      return indicator.down({ reason: (error as Error).message });
    }
  }
}
