import { Injectable } from '@nestjs/common';
import { activeVersion, publishedBy } from '../../../../libs/policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { qualifiesAsDualLeader } from '../../../../libs/policy/src/qualifying-dual-leader/dual-leader.js';
import { dualLeaderParams, rulesFor } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
import { scopedBranches, type BranchRow } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { scopeOf, type Scope } from '../authorization/authorization.js';
import { officersOn, type OfficerChange, type OfficerInOffice } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { organizationProjection } from '../../../../libs/projections/src/organization/organization-projection.js';
import type { RequestContext } from '../identity/caller-context.js';
import { PersonRegistry } from '../people/person-registry.js';
import { PolicyCatalog } from '../policy/policy-catalog.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { BranchLoaders } from './branch-loaders.js';
import { ReadModels } from './read-models.js';

export type ReadingContext = RequestContext & { loaders?: BranchLoaders };

/** A branch as the system knew it at an instant of recorded time (branchAsOf): its facts travel with it. */
export type BranchAsOf = BranchRow & {
  asOf?: {
    instant: Date;
    version: number;
    officerChanges: OfficerChange[];
    memberCounts: { on: string; count: number }[];
  };
};

/** The facts a Branch's derived fields are computed from, for today or for an as-of view. */
export interface BranchFacts {
  /** The world day the fields describe: today, or the day of the as-of instant. */
  day: string;
  officerChanges: OfficerChange[];
  memberCounts: { on: string; count: number }[];
  policyVersions: PolicyVersion[];
}

/**
 * What the organization resolvers share: units of universities, officers in office today with
 * names and dual-leader verdicts, the per-request loaders. (Kept out of the resolver classes: Nest
 * takes every method of a schema-first resolver for a field.)
 */
@Injectable()
export class OrganizationView {
  constructor(
    private readonly readModels: ReadModels,
    private readonly registry: PersonRegistry,
    private readonly catalog: PolicyCatalog,
  ) {}

  /** Universities with their units; `visible` (when given) keeps only the units the caller may see. */
  async withUnits(
    universities: { id: string; name: string }[],
    visible: ((unit: { id: string; universityId: string }) => boolean) | null = null,
  ) {
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization || universities.length === 0) return universities.map((university) => ({ ...university, units: [] }));
    const { rows } = await this.readModels.sql.query<{ id: string; name: string; universityId: string }>(
      `SELECT unit_id AS id, name, university_id AS "universityId" FROM ${organization.tables.units}
       WHERE university_id = ANY($1::text[]) ORDER BY university_id, unit_id`,
      [universities.map((university) => university.id)],
    );
    return universities.map((university) => ({
      ...university,
      units: rows.filter((unit) => unit.universityId === university.id && (!visible || visible(unit))),
    }));
  }

  async factsOf(branch: BranchAsOf, context: ReadingContext): Promise<BranchFacts> {
    const versions = await this.catalog.versions();
    if (branch.asOf) {
      return {
        day: shanghaiToday(branch.asOf.instant),
        officerChanges: branch.asOf.officerChanges,
        memberCounts: branch.asOf.memberCounts,
        policyVersions: publishedBy(versions, branch.asOf.instant),
      };
    }
    const loaders = this.loaders(context);
    const [officerChanges, memberCounts] = await Promise.all([
      loaders.officerChanges.load(branch.branchId),
      loaders.memberCounts.load(branch.branchId),
    ]);
    return { day: shanghaiToday(), officerChanges, memberCounts, policyVersions: versions };
  }

  async officersOnDay(branch: BranchAsOf, context: ReadingContext) {
    const facts = await this.factsOf(branch, context);
    const today = facts.day;
    if (branch.dissolvedOn && branch.dissolvedOn <= today) return [];
    const loaders = this.loaders(context);
    const office = officersOn(facts.officerChanges, today);
    const version = activeVersion(facts.policyVersions, today);
    const params = version ? dualLeaderParams(rulesFor(version, branch.universityId)) : null;
    const people = await loaders.people.loadMany(office.officers.map((officer) => officer.personId));
    return office.officers.map((officer: OfficerInOffice, index) => {
      const person = people[index];
      // A name only from the registry of the branch's own university.
      const registered = person && !(person instanceof Error) && person.universityId === branch.universityId ? person : null;
      return {
        ...officer,
        name: registered?.name ?? null,
        dualLeader:
          officer.role === 'SECRETARY' && params
            ? qualifiesAsDualLeader({ title: officer.title as never, academicBackbone: officer.academicBackbone ?? false }, params)
            : null,
      };
    });
  }

  loaders(context: ReadingContext): BranchLoaders {
    context.loaders ??= new BranchLoaders(this.readModels.sql, this.readModels.live, this.registry);
    return context.loaders;
  }

  /**
   * Which units a caller sees of a university: all of them within its scope; a unit admin its own,
   * a secretary the unit its branch belongs to (null: no filter).
   */
  async unitsVisibleTo(caller: Caller): Promise<((unit: { id: string; universityId: string }) => boolean) | null> {
    const scope: Scope = scopeOf(caller);
    switch (scope.kind) {
      case 'everything':
      case 'university':
        return null;
      case 'unit':
        return (unit) => unit.universityId === scope.universityId && unit.id === scope.unitId;
      case 'branch': {
        const [branch] = await scopedBranches(this.readModels.sql, this.readModels.live, { universityId: scope.universityId, branchId: scope.branchId });
        return (unit) => unit.universityId === scope.universityId && unit.id === branch?.unitId;
      }
    }
  }
}
