import canonicalize from 'canonicalize';
import type { AuditEvent } from '../api/queries.js';

/** What the browser found when it recomputed one event's link of the hash chain (哈希链). */
export type ChainMark = 'VALID' | 'HASH_MISMATCH' | 'LINK_BROKEN';

/**
 * Recomputes each event's hash as the contract defines it (SHA-256 of the RFC 8785 canonical JSON of
 * the listed fields, absent values as null) and checks that it names its predecessor's hash: the
 * console does not take the server's word for the chain.
 */
export async function checkChain(events: readonly AuditEvent[]): Promise<ChainMark[]> {
  const marks: ChainMark[] = [];
  let previous: AuditEvent | undefined;
  for (const event of events) {
    const recomputed = await sha256Hex(canonicalize(hashedFieldsOf(event)) ?? '');
    if (recomputed !== event.hash) marks.push('HASH_MISMATCH');
    else if (event.previousHash !== (previous?.hash ?? null)) marks.push('LINK_BROKEN');
    else marks.push('VALID');
    previous = event;
  }
  return marks;
}

function hashedFieldsOf(event: AuditEvent) {
  return {
    previousHash: event.previousHash ?? null,
    eventId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    universityId: event.universityId ?? null,
    correlationId: event.correlationId ?? null,
    causationId: event.causationId ?? null,
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
