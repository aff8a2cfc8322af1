import { Args, Query, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { StoreDigestQuery } from './store-digest.query.js';

/** Thin: the store digest as a query on the query bus. */
@Resolver('Query')
export class StoreDigestResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  storeDigest(@CurrentCaller() caller: Caller, @Args('at') at: string | null) {
    return this.queryBus.execute(new StoreDigestQuery(caller, at));
  }
}
