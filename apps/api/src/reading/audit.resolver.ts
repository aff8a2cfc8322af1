import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import type { SqlClient } from '../../../../libs/database/src/sql-client.js';
import { verifyChains } from '../../../../libs/event-store/src/chain-verification.js';
import type { EventStore, StoredEvent } from '../../../../libs/event-store/src/event-store.port.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '../../../../libs/event-store/src/stored-event-rows.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import type { OfficerChange } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { badInput, forbidden } from '../graphql/api-error.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { EVENT_STORE, SQL_CLIENT } from '../runtime.module.js';
import type { BranchAsOf } from './organization-view.js';

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

function mayAudit(caller: Caller, universityId: string | null): boolean {
  if (caller.role === 'MUNICIPAL_ADMIN' || caller.role === 'INSPECTOR') return true;
  if (caller.role === 'UNIVERSITY_ADMIN' || caller.role === 'PORTAL') return universityId === caller.universityId;
  return false;
}

/** Audit replay: a stream's history with its hashes, a branch as known at an instant, chain verification. */
@Resolver('Query')
export class AuditResolver {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query()
  async auditTrail(
    @CurrentCaller() caller: Caller,
    @Args('streamId') streamId: string,
    @Args('first') first: number | null,
    @Args('after') after: string | null,
  ) {
    const pageSize = first ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE) throw badInput(`first must be 0..${MAX_PAGE}`);
    const afterVersion = after === null || after === undefined ? 0 : decodeCursor(after);
    const { rows: streams } = await this.sql.query<{ university_id: string | null }>('SELECT university_id FROM streams WHERE stream_id = $1', [
      streamId,
    ]);
    if (streams[0] && !mayAudit(caller, streams[0].university_id)) throw forbidden(`the history of ${streamId} is outside this token's scope`);
    if (!streams[0] && !mayAudit(caller, null) && caller.role !== 'UNIVERSITY_ADMIN' && caller.role !== 'PORTAL') {
      throw forbidden('audit trails are read by the Municipal Committee, inspectors and universities');
    }
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [streamId, afterVersion, pageSize + 1],
    );
    const events = rows.slice(0, pageSize).map(toStoredEvent);
    const edges = events.map((event) => ({ cursor: encodeCursor(event.version), node: auditEvent(event) }));
    return { edges, pageInfo: { hasNextPage: rows.length > pageSize, endCursor: edges[edges.length - 1]?.cursor ?? null } };
  }

  @Query()
  async verifyIntegrity(
    @CurrentCaller() caller: Caller,
    @Args('streamId') streamId: string | null,
    @Args('universityId') universityId: string | null,
  ) {
    if (caller.role !== 'MUNICIPAL_ADMIN' && caller.role !== 'INSPECTOR') {
      if (caller.role !== 'UNIVERSITY_ADMIN' || (universityId ?? caller.universityId) !== caller.universityId || streamId) {
        throw forbidden('integrity is verified by the Municipal Committee, inspectors, and a university for its own streams');
      }
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

  @Query()
  async branchAsOf(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('asOf') asOf: Date): Promise<BranchAsOf | null> {
    const events = await this.store.readStream(`branch-${id}`, { recordedAtOrBefore: asOf });
    if (events.length === 0) return null;
    const established = events.find((event) => event.type === 'BranchEstablished');
    if (!established) return null;
    const state = events.reduce(
      (current, event) => branchDecider.evolve(current, { type: event.type, data: event.data } as never),
      branchDecider.initialState(),
    ) as Exclude<BranchState, { status: 'NOT_ESTABLISHED' }>;
    const place = { universityId: String(established.data.universityId), unitId: state.unitId, branchId: id };
    if (!mayAuditBranch(caller, place)) throw forbidden(`branch ${id} is outside this token's scope`);
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

function mayAuditBranch(caller: Caller, place: { universityId: string; unitId: string; branchId: string }): boolean {
  switch (caller.role) {
    case 'MUNICIPAL_ADMIN':
    case 'INSPECTOR':
      return true;
    case 'UNIVERSITY_ADMIN':
    case 'PORTAL':
      return caller.universityId === place.universityId;
    case 'UNIT_ADMIN':
      return caller.unitId === place.unitId;
    case 'BRANCH_SECRETARY':
      return caller.branchId === place.branchId;
  }
}

function encodeCursor(version: number): string {
  return Buffer.from(`v:${version}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^v:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badInput('after is not a cursor this query gave out');
  return Number(match[1]);
}
