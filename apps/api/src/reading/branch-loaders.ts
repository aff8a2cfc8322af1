import DataLoader from 'dataloader';
import type { SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import { memberCountsOf, officerChangesOf } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { OfficerChange } from '../../../../libs/projections/src/organization/officers-in-office.js';
import type { ReadModelTables } from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { PersonRegistry, RegisteredPerson } from '../people/person-registry.js';
import type { ReadModels } from './read-models.js';

/** A person whose name a field shows, as the registry of the branch's university knows them. */
export interface PersonRef {
  personId: string;
  universityId: string;
}

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
  /** A person by id, as the registry of the given university knows them (null: not registered there). */
  readonly people: DataLoader<PersonRef, RegisteredPerson | null, string>;

  constructor(readModels: ReadModels, registry: PersonRegistry) {
    const byBranch = { cacheKeyFn: (branch: BranchRef) => branch.branchId };
    this.officerChanges = new DataLoader((branches) => sharedPerUniversity(readModels, 'officer-changes', branches, officerChangesOf, []), byBranch);
    this.memberCounts = new DataLoader((branches) => sharedPerUniversity(readModels, 'member-counts', branches, memberCountsOf, []), byBranch);
    this.streamVersions = new DataLoader(async (branchIds) => {
      const versions = await readModels.store.streamVersions(branchIds.map((id) => `branch-${id}`));
      return branchIds.map((id) => versions.get(`branch-${id}`) ?? 0);
    });
    // Names are shared like the facts, per university: a registered person's name never changes
    // but by erasure, and every erasure is part of the answers' key (ReadModels, migration 009).
    this.people = new DataLoader(
      async (people) => {
        const byUniversity = new Map<string, string[]>();
        for (const { personId, universityId } of people) byUniversity.set(universityId, [...(byUniversity.get(universityId) ?? []), personId]);
        const found = new Map<string, RegisteredPerson>();
        await Promise.all(
          [...byUniversity].map(async ([universityId, personIds]) => {
            const registered = await readModels.answer(['people', personIds], [], () => registry.findMany(personIds), universityId);
            for (const [personId, person] of registered) if (person.universityId === universityId) found.set(`${universityId}\u0000${personId}`, person);
          }),
        );
        return people.map(({ personId, universityId }) => found.get(`${universityId}\u0000${personId}`) ?? null);
      },
      { cacheKeyFn: (person: PersonRef) => `${person.universityId}\u0000${person.personId}` },
    );
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
