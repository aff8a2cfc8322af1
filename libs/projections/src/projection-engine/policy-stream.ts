import type { EventStore } from '../../../event-store/src/event-store.port.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import type { PolicyVersionPublished } from '../../../policy/src/publishing-policy/policy-decider.js';

/** The stream the municipal policy versions (政策版本) are published on. */
export const POLICY_STREAM = 'policy';

/**
 * The policy versions published on the policy stream: up to a version of the stream (those a
 * generation was built under), or recorded by an instant (an as-of view). The one reader of the
 * policy stream for the read side.
 */
export async function publishedPolicyVersions(
  store: EventStore,
  bound: { toStreamVersion?: number; recordedAtOrBefore?: Date } = {},
): Promise<PolicyVersion[]> {
  const events = await store.readStream(POLICY_STREAM, { toVersion: bound.toStreamVersion, recordedAtOrBefore: bound.recordedAtOrBefore });
  return events.flatMap((event) => (event.type === 'PolicyVersionPublished' ? [(event.data as unknown as PolicyVersionPublished['data'])] : []));
}

/** The policy stream version a generation's version names (`<code>+policy.<n>`); undefined for a projection that reads no policy. */
export function policyStreamVersionOf(generationVersion: string): number | undefined {
  const match = /\+policy\.(\d+)$/.exec(generationVersion);
  return match ? Number(match[1]) : undefined;
}

/**
 * The policy versions each generation was built under, read once per policy stream version: a
 * generation's policy never changes, so the answer is kept.
 */
export class PolicyVersionsOfGenerations {
  private readonly known = new Map<number, Promise<PolicyVersion[]>>();

  constructor(private readonly store: EventStore) {}

  of(generationVersion: string): Promise<PolicyVersion[]> {
    const streamVersion = policyStreamVersionOf(generationVersion);
    if (streamVersion === undefined) return publishedPolicyVersions(this.store);
    let versions = this.known.get(streamVersion);
    if (!versions) {
      versions = publishedPolicyVersions(this.store, { toStreamVersion: streamVersion });
      versions.catch(() => this.known.delete(streamVersion));
      this.known.set(streamVersion, versions);
    }
    return versions;
  }

  /** What a new generation of a policy-reading projection is built under: the policy stream's version now, and its latest policy version. */
  async current(): Promise<{ streamVersion: number; latest: string | null }> {
    const head = await this.store.streamHead(POLICY_STREAM);
    if (!head) return { streamVersion: 0, latest: null };
    const [last] = await this.store.readStream(POLICY_STREAM, { fromVersion: head.version, limit: 1 });
    const latest = last?.data['version'];
    return { streamVersion: head.version, latest: typeof latest === 'string' ? latest : null };
  }
}
