import { Injectable } from '@nestjs/common';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import { universityDecider, type UniversityState } from '../../../../libs/domain/src/university/university-decider.js';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import { notFound } from '../graphql/api-error.js';
import { StreamStates } from './stream-states.js';

/** Facts about other streams that a command needs before it is decided (does that unit exist?). */
@Injectable()
export class OrganizationLookup {
  constructor(private readonly states: StreamStates) {}

  async university(universityId: string): Promise<UniversityState> {
    return this.fold(`university-${universityId}`, universityDecider);
  }

  async branch(branchId: string): Promise<BranchState> {
    return this.fold(`branch-${branchId}`, branchDecider);
  }

  /** NOT_FOUND unless the unit is registered in that university. */
  async requireUnit(universityId: string, unitId: string): Promise<void> {
    const university = await this.university(universityId);
    if (!university.registered) throw notFound('university', universityId);
    if (!university.unitIds.has(unitId)) throw notFound('unit', unitId);
  }

  /** NOT_FOUND unless the branch was established. */
  async requireBranch(branchId: string): Promise<Extract<BranchState, { unitId: string }>> {
    const branch = await this.branch(branchId);
    if (branch.status === 'NOT_ESTABLISHED') throw notFound('branch', branchId);
    return branch;
  }

  private async fold<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>): Promise<State> {
    return (await this.states.load(streamId, decider)).state;
  }
}

/** Where a branch sits today, from its own lifecycle events. */
export interface BranchPlaceNow {
  branchId: string;
  universityId: string;
  unitId: string;
  dissolved: boolean;
}

/**
 * The places of many branches in one statement (a training attendance may name a thousand
 * attendees from hundreds of branches): their establishment, moves and dissolution only.
 */
export async function branchPlaces(store: SqlLike, branchIds: readonly string[]): Promise<Map<string, BranchPlaceNow>> {
  const streamIds = [...new Set(branchIds)].map((id) => `branch-${id}`);
  const { rows } = await store.query<{ stream_id: string; type: string; data: Record<string, string> }>(
    `SELECT stream_id, type, data FROM events
     WHERE stream_id = ANY($1::text[]) AND type IN ('BranchEstablished', 'BranchMoved', 'BranchDissolved')
     ORDER BY stream_id, version`,
    [streamIds],
  );
  const places = new Map<string, BranchPlaceNow>();
  for (const row of rows) {
    const branchId = row.stream_id.slice('branch-'.length);
    const place = places.get(branchId);
    if (row.type === 'BranchEstablished') {
      places.set(branchId, { branchId, universityId: row.data.universityId!, unitId: row.data.unitId!, dissolved: false });
    } else if (place && row.type === 'BranchMoved') {
      place.unitId = row.data.toUnitId ?? place.unitId;
    } else if (place && row.type === 'BranchDissolved') {
      place.dissolved = true;
    }
  }
  return places;
}

interface SqlLike {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}
