import DataLoader from 'dataloader';
import type { SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import { memberCountsOf, officerChangesOf } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { OfficerChange } from '../../../../libs/projections/src/organization/officers-in-office.js';
import type { ReadModelTables } from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { PersonRegistry, RegisteredPerson } from '../people/person-registry.js';
import type { ReadModels } from './read-models.js';

/** A branch a field needs facts of: its university says which change stamps its facts are shared under. */
export interface BranchRef {
  branchId: string;
  universityId: string;
}

/**
 * Per-request batching: a page of 50 branches with officers and names costs one statement per
 * kind of fact, not one per branch, and a kind of fact no selected field needs costs none
 * (test/reading/branch-page-cost.e2e-spec.ts counts them). The officers and member counts of a
 * page are shared between requests until the university changes ({@link ReadModels.answer}).
 */
export class BranchLoaders {
  readonly officerChanges: DataLoader<BranchRef, OfficerChange[], string>;
  readonly memberCounts: DataLoader<BranchRef, { on: string; count: number }[], string>;
  readonly streamVersions: DataLoader<string, number>;
  readonly people: DataLoader<string, RegisteredPerson | null>;

  constructor(readModels: ReadModels, registry: PersonRegistry) {
    const byBranch = { cacheKeyFn: (branch: BranchRef) => branch.branchId };
    this.officerChanges = new DataLoader((branches) => sharedPerUniversity(readModels, 'officer-changes', branches, officerChangesOf, []), byBranch);
    this.memberCounts = new DataLoader((branches) => sharedPerUniversity(readModels, 'member-counts', branches, memberCountsOf, []), byBranch);
    this.streamVersions = new DataLoader(async (branchIds) => {
      const versions = await readModels.store.streamVersions(branchIds.map((id) => `branch-${id}`));
      return branchIds.map((id) => versions.get(`branch-${id}`) ?? 0);
    });
    this.people = new DataLoader(async (personIds) => {
      const found = await registry.findMany(personIds);
      return personIds.map((id) => found.get(id) ?? null);
    });
  }
}

/** One kind of fact of a batch of branches: one shared answer per university the batch spans. */
async function sharedPerUniversity<Fact>(
  readModels: ReadModels,
  kind: string,
  branches: readonly BranchRef[],
  read: (sql: SqlExecutor, tables: ReadModelTables, branchIds: readonly string[]) => Promise<Map<string, Fact>>,
  none: Fact,
): Promise<Fact[]> {
  const universities = new Map<string, string[]>();
  for (const branch of branches) {
    const ids = universities.get(branch.universityId);
    if (ids) ids.push(branch.branchId);
    else universities.set(branch.universityId, [branch.branchId]);
  }
  const found = new Map<string, Fact>();
  await Promise.all(
    [...universities].map(async ([universityId, branchIds]) => {
      const facts = await readModels.answer([kind, branchIds], [], (tables) => read(readModels.sql, tables, branchIds), universityId);
      for (const [branchId, fact] of facts) found.set(branchId, fact);
    }),
  );
  return branches.map((branch) => found.get(branch.branchId) ?? none);
}
