import { createHash } from 'node:crypto';
import { canonicalJson, canonicalString } from './canonical-json.js';
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

/** The fields the events of one append share. */
export type SharedHashedFields = Pick<
  HashedEventFields,
  'streamId' | 'recordedAt' | 'actor' | 'universityId' | 'correlationId' | 'causationId'
>;

/** The fields of each event of an append, its payload aside. */
export type OwnHashedFields = Pick<HashedEventFields, 'previousHash' | 'eventId' | 'version' | 'type' | 'schemaVersion' | 'occurredAt'>;

/** SHA-256 (hex) of the RFC 8785 canonical JSON: anyone can recompute it with any JCS tool. */
export function eventHash(fields: HashedEventFields): string {
  return hasherForAppend(fields)(fields, canonicalJson(fields.data));
}

/**
 * The same hash for the events of one append, given each payload's canonical JSON (the store sends
 * that very text to the database, so each payload is serialized once). The canonical object's
 * members are written out in JCS order, the ones the events share only once per append.
 */
export function hasherForAppend(shared: SharedHashedFields): (own: OwnHashedFields, canonicalData: string) => string {
  const recordedAt = shared.recordedAt.toISOString();
  const beforeData =
    `{"actor":${canonicalString(shared.actor)}` +
    `,"causationId":${nullableString(shared.causationId)}` +
    `,"correlationId":${nullableString(shared.correlationId)}` +
    `,"data":`;
  const beforeSchemaVersion = `,"recordedAt":"${recordedAt}","schemaVersion":`;
  const beforeType = `,"streamId":${canonicalString(shared.streamId)},"type":`;
  const beforeVersion = `,"universityId":${nullableString(shared.universityId)},"version":`;
  return (own, canonicalData) => {
    const occurredAt = own.occurredAt === shared.recordedAt ? recordedAt : own.occurredAt.toISOString();
    const afterData =
      `,"eventId":${canonicalString(own.eventId)},"occurredAt":"${occurredAt}"` +
      `,"previousHash":${nullableString(own.previousHash)}${beforeSchemaVersion}${canonicalJson(own.schemaVersion)}` +
      `${beforeType}${canonicalString(own.type)}${beforeVersion}${canonicalJson(own.version)}}`;
    // Fed in pieces: joining them first would copy the payload, often two-byte text, once more.
    return createHash('sha256').update(beforeData, 'utf8').update(canonicalData, 'utf8').update(afterData, 'utf8').digest('hex');
  };
}

function nullableString(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : canonicalString(value);
}
