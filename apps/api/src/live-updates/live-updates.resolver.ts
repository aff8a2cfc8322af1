import { Args, Resolver, Subscription } from '@nestjs/graphql';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { badInput } from '../graphql/api-error.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { LiveEventFeed } from './live-event-feed.js';
import { assertMayWatchFigures } from './live-scope.js';

const passThrough = (value: unknown) => value;

/** GraphQL subscriptions over WebSocket (graphql-ws), scoped like the reads. */
@Resolver('Subscription')
export class LiveUpdatesResolver {
  constructor(private readonly feed: LiveEventFeed) {}

  @Subscription('eventRecorded', { resolve: passThrough })
  eventRecorded(@CurrentCaller() caller: Caller) {
    return this.feed.watchEvents(caller);
  }

  @Subscription('figuresChanged', { resolve: passThrough })
  figuresChanged(@CurrentCaller() caller: Caller, @Args('universityId') universityId: string, @Args('year') year: number) {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('year must be 2000..2100');
    assertMayWatchFigures(caller, universityId);
    return this.feed.watchFigures(universityId, year);
  }
}
