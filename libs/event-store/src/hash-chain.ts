import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonObject } from './event-store.port.js';

/** The fields DOMAIN.md §3 hashes, in the form they are served (instants as ISO-8601 UTC with ms). */
export interface HashedEventFields {
  previousHash: string | null;
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  occurredAt: Date;
  recordedAt: Date;
  actor: string;
  universityId: string | null;
  correlationId: string | null;
  causationId: string | null;
}

/** SHA-256 (hex) of the RFC 8785 canonical JSON: anyone can recompute it with any JCS tool. */
export function eventHash(fields: HashedEventFields): string {
  const canonical = canonicalize({
    previousHash: fields.previousHash ?? null,
    eventId: fields.eventId,
    streamId: fields.streamId,
    version: fields.version,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    occurredAt: fields.occurredAt.toISOString(),
    recordedAt: fields.recordedAt.toISOString(),
    actor: fields.actor,
    universityId: fields.universityId ?? null,
    correlationId: fields.correlationId ?? null,
    causationId: fields.causationId ?? null,
  });
  if (canonical === undefined) throw new Error('event fields cannot be canonicalized');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
