import { Injectable } from '@nestjs/common';
import { activeVersion } from '../../../../libs/policy/src/choosing-version/version-for.js';
import { qualifiesAsDualLeader } from '../../../../libs/policy/src/qualifying-dual-leader/dual-leader.js';
import { dualLeaderParams, rulesFor } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
import type { BranchRow } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { officersOn, type OfficerInOffice } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { organizationProjection } from '../../../../libs/projections/src/organization/organization-projection.js';
import type { RequestContext } from '../identity/caller-context.js';
import { PersonRegistry } from '../people/person-registry.js';
import { PolicyCatalog } from '../policy/policy-catalog.js';
import { shanghaiToday } from '../recording/shanghai-calendar.js';
import { BranchLoaders } from './branch-loaders.js';
import { ReadModels } from './read-models.js';

export type ReadingContext = RequestContext & { loaders?: BranchLoaders };

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

  async withUnits(universities: { id: string; name: string }[]) {
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization || universities.length === 0) return universities.map((university) => ({ ...university, units: [] }));
    const { rows } = await this.readModels.sql.query<{ id: string; name: string; universityId: string }>(
      `SELECT unit_id AS id, name, university_id AS "universityId" FROM ${organization.tables.units}
       WHERE university_id = ANY($1::text[]) ORDER BY university_id, unit_id`,
      [universities.map((university) => university.id)],
    );
    return universities.map((university) => ({ ...university, units: rows.filter((unit) => unit.universityId === university.id) }));
  }

  async officersToday(branch: BranchRow, context: ReadingContext) {
    const today = shanghaiToday();
    if (branch.dissolvedOn && branch.dissolvedOn <= today) return [];
    const loaders = this.loaders(context);
    const office = officersOn(await loaders.officerChanges.load(branch.branchId), today);
    const version = activeVersion(await this.catalog.versions(), today);
    const params = version ? dualLeaderParams(rulesFor(version, branch.universityId)) : null;
    const people = await loaders.people.loadMany(office.officers.map((officer) => officer.personId));
    return office.officers.map((officer: OfficerInOffice, index) => {
      const person = people[index];
      return {
        ...officer,
        name: person && !(person instanceof Error) ? person.name : null,
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
}
