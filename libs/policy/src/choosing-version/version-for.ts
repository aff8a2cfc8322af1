import { instantMillis } from '../../../domain/src/calendar/instants.js';
import type { PolicyVersion } from '../policy-model/policy-version.js';

/**
 * The versions published at or before `asOf` (inclusive: "as of T" includes what was recorded at T),
 * in the order given. Without `asOf`, all of them.
 */
export function publishedBy(versions: readonly PolicyVersion[], asOf?: string | Date | null): PolicyVersion[] {
  if (asOf === null || asOf === undefined) return [...versions];
  const limit = instantMillis(asOf);
  return versions.filter((version) => instantMillis(version.publishedAt) <= limit);
}

/** Later publication first; equal instants: the one later in the list (the stream order) first. */
function morePublished(a: { version: PolicyVersion; index: number }, b: { version: PolicyVersion; index: number }): boolean {
  const difference = instantMillis(a.version.publishedAt) - instantMillis(b.version.publishedAt);
  return difference !== 0 ? difference > 0 : a.index > b.index;
}

/**
 * Which version applies to a deciding day (DOMAIN.md §4): among the versions published at or before
 * `asOf` (default: all given), the most recently published whose `effectiveFrom` is on or before the
 * day. A version published later with an earlier `effectiveFrom` is therefore retroactive; one with
 * a future `effectiveFrom` changes nothing before that day. Ties on `publishedAt` go to the version
 * later in the list (pass them in stream order).
 *
 * When no version is effective yet on that day (before 2018-01-18 for the baseline), the version
 * with the earliest `effectiveFrom` among those published by `asOf` applies (ties: the most
 * recently published): figures about earlier days are measured against the first rules there were,
 * rather than against none. Null only when nothing is published by `asOf`.
 */
export function versionFor(versions: readonly PolicyVersion[], decidingDay: string, asOf?: string | Date | null): PolicyVersion | null {
  const candidates = publishedBy(versions, asOf).map((version, index) => ({ version, index }));
  let best: { version: PolicyVersion; index: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.version.effectiveFrom > decidingDay) continue;
    if (best === null || morePublished(candidate, best)) best = candidate;
  }
  if (best !== null) return best.version;
  for (const candidate of candidates) {
    if (
      best === null ||
      candidate.version.effectiveFrom < best.version.effectiveFrom ||
      (candidate.version.effectiveFrom === best.version.effectiveFrom && morePublished(candidate, best))
    ) {
      best = candidate;
    }
  }
  return best?.version ?? null;
}

/** `activePolicy`: the version that applies to today, among all versions given. */
export function activeVersion(versions: readonly PolicyVersion[], today: string): PolicyVersion | null {
  return versionFor(versions, today);
}
