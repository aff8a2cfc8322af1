import { Module } from '@nestjs/common';
import { LiveEventFeed } from './live-event-feed.js';
import { LiveUpdatesResolver } from './live-updates.resolver.js';

/** Subscriptions: the feed of new events of this process and the resolvers that hand it out. */
@Module({ providers: [LiveEventFeed, LiveUpdatesResolver] })
export class LiveUpdatesModule {}
