import { Inject } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { verifyChains } from '../../../../libs/event-store/src/chain-verification.js';
import type { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { OfficerChange } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { badInput, forbidden } from '../graphql/api-error.js';
import { mayRead, mayReadStream, scopeOf } from '../authorization/authorization.js';
import { OrganizationLookup } from '../recording/organization-lookup.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';

const MAX_PAGE = 1000;

/** What an inspector sees of an event: as stored (payload and schema version never upcast). */
export function auditEvent(event: StoredEvent) {
  return {
    eventId: event.eventId,
    globalPosition: event.globalPosition,
    streamId: event.streamId,
    universityId: event.universityId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId ?? null,
    causationId: event.metadata.causationId ?? null,
    data: event.data,
    hash: event.hash,
    previousHash: event.previousHash,
  };
}

/** What these queries' handlers read from. */
@Injectable()
export class AuditQueryHandler {
  constructor(
    @Inject(SQL_CLIENT) protected readonly sql: SqlClient,
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    protected readonly organizations: OrganizationLookup,
  ) {}
}

/** The `auditTrail` query of a caller. */
export class AuditTrailQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { streamId: string; first: number | null; after: string | null },
  ) {}
}

/** The `verifyIntegrity` query of a caller. */
export class VerifyIntegrityQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { streamId: string | null; universityId: string | null },
  ) {}
}

/** The `branchAsOf` query of a caller. */
export class BranchAsOfQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { id: string; asOf: Date },
  ) {}
}

@QueryHandler(AuditTrailQuery)
export class AuditTrailQueryHandler extends AuditQueryHandler implements IQueryHandler<AuditTrailQuery> {
  async execute({ caller, args }: AuditTrailQuery) {
    const { streamId, first, after } = args;
    const pageSize = first ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE) throw badInput(`first must be 0..${MAX_PAGE}`);
    const afterVersion = after === null || after === undefined ? 0 : decodeCursor(after);
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
    // A stream outside the scope answers as one that does not exist.
    if (!(await streamReadable(caller, streamId, this.store, this.organizations))) return empty;
    const read = await this.store.readStream(streamId, { fromVersion: afterVersion + 1, limit: pageSize + 1, raw: true });
    const events = read.slice(0, pageSize);
    const edges = events.map((event) => ({ cursor: encodeCursor(event.version), node: auditEvent(event) }));
    return { edges, pageInfo: { hasNextPage: read.length > pageSize, endCursor: edges[edges.length - 1]?.cursor ?? null } };
  }
}

@QueryHandler(VerifyIntegrityQuery)
export class VerifyIntegrityQueryHandler extends AuditQueryHandler implements IQueryHandler<VerifyIntegrityQuery> {
  async execute({ caller, args }: VerifyIntegrityQuery) {
    const { streamId } = args;
    let { universityId } = args;
    if (caller.role !== 'MUNICIPAL_ADMIN' && caller.role !== 'INSPECTOR') {
      if (caller.role !== 'UNIVERSITY_ADMIN') {
        throw forbidden('integrity is verified by the Municipal Committee, inspectors, and a university for its own streams');
      }
      if (universityId !== null && universityId !== undefined && universityId !== caller.universityId) {
        throw forbidden(`this UNIVERSITY_ADMIN token verifies university ${caller.universityId} only`);
      }
      // Its own streams only: a stream of another university is checked as one that does not exist.
      universityId = caller.universityId!;
    }
    const verification = await verifyChains(this.sql, { streamId: streamId ?? undefined, universityId: universityId ?? undefined });
    return {
      ok: verification.ok,
      streamsChecked: verification.streamsChecked,
      eventsChecked: verification.eventsChecked,
      firstBroken: verification.firstBroken ? auditEvent(verification.firstBroken) : null,
    };
  }
}

@QueryHandler(BranchAsOfQuery)
export class BranchAsOfQueryHandler extends AuditQueryHandler implements IQueryHandler<BranchAsOfQuery> {
  async execute({ caller, args }: BranchAsOfQuery) {
    const { id, asOf } = args;
    const events = await this.store.readStream(`branch-${id}`, { recordedAtOrBefore: asOf });
    if (events.length === 0) return null;
    const established = events.find((event) => event.type === 'BranchEstablished');
    if (!established) return null;
    const state = events.reduce(
      (current, event) => branchDecider.evolve(current, { type: event.type, data: event.data } as never),
      branchDecider.initialState(),
    ) as Exclude<BranchState, { status: 'NOT_ESTABLISHED' }>;
    const place = { universityId: String(established.data.universityId), unitId: state.unitId, branchId: id };
    // Outside the scope answers as a branch that does not exist.
    if (!mayRead(caller, place)) return null;
    const renamed = events.filter((event) => event.type === 'BranchRenamed').at(-1);
    const dissolved = events.find((event) => event.type === 'BranchDissolved');
    const officerChanges: OfficerChange[] = events
      .filter((event) => event.type === 'ElectionHeld' || event.type === 'SecretaryReplaced' || event.type === 'CommitteeChanged')
      .map((event) => ({
        position: Number(event.globalPosition),
        effectiveOn: String(event.type === 'ElectionHeld' ? event.data.heldOn : event.data.on),
        type: event.type as OfficerChange['type'],
        data: event.data as Record<string, any>,
      }));
    return {
      branchId: id,
      universityId: place.universityId,
      unitId: state.unitId,
      name: String(renamed?.data.name ?? established.data.name),
      kind: established.data.kind as never,
      establishedOn: String(established.data.establishedOn),
      establishmentMemberCount: Number(established.data.memberCount),
      dissolvedOn: dissolved ? String(dissolved.data.on) : null,
      asOf: {
        instant: asOf,
        version: events[events.length - 1]!.version,
        officerChanges,
        memberCounts: events
          .filter((event) => event.type === 'MemberCountReported')
          .map((event) => ({ on: String(event.data.on), count: Number(event.data.count) })),
      },
    };
  }
}

function encodeCursor(version: number): string {
  return Buffer.from(`v:${version}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^v:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput('after is not a cursor this query gave out');
  return Number(match[1]);
}

/** Whether the caller may read this stream's history; a branch's stream within its unit or by its secretary too. */
async function streamReadable(caller: Caller, streamId: string, store: EventStore, organizations: OrganizationLookup): Promise<boolean> {
  if (scopeOf(caller).kind === 'everything') return true;
  const head = await store.streamHead(streamId);
  if (!head) return false;
  if (!head.universityId || !streamId.startsWith('branch-')) return mayReadStream(caller, head);
  const branch = await organizations.branch(streamId.slice('branch-'.length));
  const place = branch.status === 'NOT_ESTABLISHED' ? { universityId: head.universityId } : { ...branch, branchId: streamId.slice('branch-'.length) };
  return mayReadStream(caller, { ...head, place });
}
