import { Injectable } from '@nestjs/common';
import { branchDecider, type BranchState } from '../../../../libs/domain/src/branch/branch-decider.js';
import { universityDecider, type UniversityState } from '../../../../libs/domain/src/university/university-decider.js';
import type { Decider } from '../../../../libs/domain/src/decider.js';
import { notFound } from '../graphql/api-error.js';
import type { BranchPlace } from '../authorization/authorization.js';
import { StreamStates } from './stream-states.js';

/** Streams folded at once when a command names many branches (a training attendance of a thousand people). */
const BRANCHES_IN_FLIGHT = 16;

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

  /** Where each established branch sits today (absent: no such branch), from the branches' own streams. */
  async branchPlaces(branchIds: readonly string[]): Promise<Map<string, BranchPlace>> {
    const unique = [...new Set(branchIds)];
    const places = new Map<string, BranchPlace>();
    for (let start = 0; start < unique.length; start += BRANCHES_IN_FLIGHT) {
      const slice = unique.slice(start, start + BRANCHES_IN_FLIGHT);
      const states = await Promise.all(slice.map((branchId) => this.branch(branchId)));
      slice.forEach((branchId, index) => {
        const state = states[index]!;
        if (state.status !== 'NOT_ESTABLISHED') places.set(branchId, { branchId, universityId: state.universityId, unitId: state.unitId });
      });
    }
    return places;
  }

  private async fold<Command, Event, State>(streamId: string, decider: Decider<Command, Event, State>): Promise<State> {
    return (await this.states.load(streamId, decider)).state;
  }
}
