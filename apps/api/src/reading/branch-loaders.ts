import DataLoader from 'dataloader';
import type { SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import { memberCountsOf, officerChangesOf } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { OfficerChange } from '../../../../libs/projections/src/organization/officers-in-office.js';
import type { LiveGenerations } from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { PersonRegistry, RegisteredPerson } from '../people/person-registry.js';

/**
 * Per-request batching: a page of 50 branches with officers and names costs one statement per
 * kind of fact, not one per branch, and a kind of fact no selected field needs costs none
 * (test/reading/branch-page-cost.e2e-spec.ts counts them).
 */
export class BranchLoaders {
  readonly officerChanges: DataLoader<string, OfficerChange[]>;
  readonly memberCounts: DataLoader<string, { on: string; count: number }[]>;
  readonly streamVersions: DataLoader<string, number>;
  readonly people: DataLoader<string, RegisteredPerson | null>;

  constructor(sql: SqlExecutor, live: LiveGenerations, registry: PersonRegistry) {
    this.officerChanges = new DataLoader(async (branchIds) => {
      const changes = await officerChangesOf(sql, live, branchIds);
      return branchIds.map((id) => changes.get(id) ?? []);
    });
    this.memberCounts = new DataLoader(async (branchIds) => {
      const counts = await memberCountsOf(sql, live, branchIds);
      return branchIds.map((id) => counts.get(id) ?? []);
    });
    this.streamVersions = new DataLoader(async (branchIds) => {
      const versions = await live.store.streamVersions(branchIds.map((id) => `branch-${id}`));
      return branchIds.map((id) => versions.get(`branch-${id}`) ?? 0);
    });
    this.people = new DataLoader(async (personIds) => {
      const found = await registry.findMany(personIds);
      return personIds.map((id) => found.get(id) ?? null);
    });
  }
}
