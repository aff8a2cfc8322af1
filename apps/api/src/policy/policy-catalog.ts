import { Inject, Injectable } from '@nestjs/common';
import { ReadAhead } from '../../../../libs/database/src/read-ahead.js';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { POLICY_STREAM_ID } from '../../../../libs/policy/src/publishing-policy/policy-decider.js';
import { EVENT_STORE } from '../runtime.module.js';

/** How long another process's publication may go unseen by this one. */
const FRESHNESS_MS = 250;

/**
 * Every published policy version, in publication order, read from the `policy` stream. The stream
 * is tiny and rarely written, so it is cached and re-read only when its version moves on.
 */
@Injectable()
export class PolicyCatalog {
  private cached: { streamVersion: number; versions: PolicyVersion[]; earliestAsOf: Date | null } | undefined;
  /** The stream's version checked ahead of need (read-ahead.ts): a request does not wait for the check. */
  private readonly checked = new ReadAhead(() => this.refresh(), FRESHNESS_MS);
  /** Moved by each invalidation: a check begun before it keeps nothing. */
  private invalidations = 0;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  versions(): Promise<PolicyVersion[]> {
    return this.checked.get();
  }

  /**
   * The versions {@link versions} would answer now without reading anything, or undefined when they
   * must be read first: what a field resolved for each of a page's branches asks, without a promise.
   */
  freshVersions(): PolicyVersion[] | undefined {
    return this.checked.known();
  }

  /**
   * The first instant an as-of view finds a policy version: when the first publication was both
   * recorded and published (a backdated publication counts from its recording).
   */
  async earliestAsOf(): Promise<Date | null> {
    await this.versions();
    return this.cached?.earliestAsOf ?? null;
  }

  /** After this process publishes: the next read sees it. */
  invalidate(): void {
    this.cached = undefined;
    this.invalidations += 1;
    this.checked.forget();
  }

  /** Checks the stream's version, and reads the stream when it moved. */
  private async refresh(): Promise<PolicyVersion[]> {
    const invalidations = this.invalidations;
    const head = await this.store.streamHead(POLICY_STREAM_ID);
    const streamVersion = head?.version ?? 0;
    if (this.cached && this.cached.streamVersion === streamVersion) return this.cached.versions;
    const events = (await this.store.readStream(POLICY_STREAM_ID)).filter((event) => event.type === 'PolicyVersionPublished');
    const versions = events.map((event) => event.data as unknown as PolicyVersion);
    const instants = events.map((event) =>
      Math.max(event.recordedAt.getTime(), new Date(String((event.data as { publishedAt?: unknown }).publishedAt)).getTime() || 0),
    );
    const earliestAsOf = instants.length > 0 ? new Date(Math.min(...instants)) : null;
    if (invalidations === this.invalidations) this.cached = { streamVersion, versions, earliestAsOf };
    return versions;
  }
}
