import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { DigestPositionError, storeDigest } from '../../../../libs/event-store/src/store-digest.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { badInput, forbidden } from '../graphql/api-error.js';
import { SQL_CLIENT } from '../runtime.module.js';
import { inspectionAccess } from './inspection-access.js';

/** 存证摘要: the store digest at a global position (inspectors and the Municipal Committee). */
export class StoreDigestQuery {
  constructor(
    readonly caller: Caller,
    readonly at: string | null,
  ) {}
}

@QueryHandler(StoreDigestQuery)
export class StoreDigestQueryHandler implements IQueryHandler<StoreDigestQuery> {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async execute({ caller, at }: StoreDigestQuery) {
    if (!inspectionAccess.mayDigestStore(caller)) throw forbidden('the store digest is taken by the Municipal Committee and inspectors');
    try {
      const digest = await storeDigest(this.sql, { at: at ?? undefined });
      return { digest: digest.digest, position: digest.position, events: digest.events };
    } catch (error) {
      if (error instanceof DigestPositionError) throw badInput(error.message);
      throw error;
    }
  }
}
