import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { DigestPositionError, storeDigest } from '../../../../libs/event-store/src/store-digest.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { badInput, forbidden } from '../graphql/api-error.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { SQL_CLIENT } from '../runtime.module.js';
import { inspectionAccess } from './inspection-access.js';

@Resolver('Query')
export class StoreDigestResolver {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  @Query()
  async storeDigest(@CurrentCaller() caller: Caller, @Args('at') at: string | null) {
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
