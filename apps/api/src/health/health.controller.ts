import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { pendingMigrations } from '../../../../libs/database/src/migrations.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { SQL_CLIENT } from '../runtime.module.js';

@Controller('health')
export class HealthController {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** 200 when the database answers and every migration is applied; 503 otherwise. */
  @Get()
  async check(): Promise<{ status: 'ok'; database: string; pendingMigrations: number }> {
    let pending: number;
    try {
      await this.sql.query('SELECT 1');
      pending = await pendingMigrations(this.sql);
    } catch (error) {
      throw new ServiceUnavailableException({ status: 'unavailable', reason: (error as Error).message });
    }
    if (pending > 0) throw new ServiceUnavailableException({ status: 'unavailable', pendingMigrations: pending });
    return { status: 'ok', database: this.sql.backend, pendingMigrations: 0 };
  }
}
