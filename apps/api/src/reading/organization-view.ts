import { Injectable } from '@nestjs/common';
import { activeVersion, publishedBy } from '../../../../libs/policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { qualifiesAsDualLeader } from '../../../../libs/policy/src/qualifying-dual-leader/dual-leader.js';
import { dualLeaderParams, rulesOfUniversity } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
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

/** The day a branch's derived fields describe and the policy versions known then. */
export interface FieldsDay {
  day: string;
  policyVersions: PolicyVersion[];
}

export type ReadingContext = RequestContext & {
  loaders?: BranchLoaders;
  /** Today's day and policy versions, for every branch of the request that is not as of an instant. */
  today?: Promise<FieldsDay>;
  /** The same once known: the fields of the request's other branches then need no promise. */
  todayKnown?: FieldsDay;
};

/** A value some fields have at hand and others must wait for: graphql-js takes either. */
export type Eventually<T> = T | Promise<T>;

/** `then` for a value that may already be at hand: no promise when it is. */
export function whenKnown<T, U>(value: Eventually<T>, next: (known: T) => U): Eventually<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Two values, either perhaps still to come, combined without a promise when both are at hand. */
export function both<A, B, U>(first: Eventually<A>, second: Eventually<B>, combine: (a: A, b: B) => U): Eventually<U> {
  if (first instanceof Promise || second instanceof Promise) return Promise.all([first, second]).then(([a, b]) => combine(a, b));
  return combine(first, second);
}

/** The facts of a branch row that its fields read, once loaded: see {@link OrganizationView.officerChanges}. */
interface RowFacts {
  officerChanges?: OfficerChange[];
  memberCounts?: { on: string; count: number }[];
}

/** A branch as the system knew it at an instant of recorded time (branchAsOf): its facts travel with it. */
export type BranchAsOf = BranchRow & {
  asOf?: {
    instant: Date;
    version: number;
    officerChanges: OfficerChange[];
    memberCounts: { on: string; count: number }[];
  };
};

/** An officer in office as the Officer type is served from: its name is resolved only when selected. */
export type OfficerOnDay = Readonly<OfficerInOffice & { branchUniversityId: string; dualLeader: boolean | null }>;

function officersOnDayOf(branch: BranchAsOf, changes: readonly OfficerChange[], day: string, policyVersions: readonly PolicyVersion[]): readonly OfficerOnDay[] {
  if (branch.dissolvedOn && branch.dissolvedOn <= day) return Object.freeze([]);
  const office = officersOn(changes, day);
  const version = activeVersion(policyVersions as PolicyVersion[], day);
  const params = version ? dualLeaderParams(rulesOfUniversity(version, branch.universityId)) : null;
  // Shared between requests: frozen, so that no resolver can change what another request is served.
  return Object.freeze(
    office.officers.map((officer: OfficerInOffice) =>
      Object.freeze({
        ...officer,
        branchUniversityId: branch.universityId,
        dualLeader:
          officer.role === 'SECRETARY' && params
            ? qualifiesAsDualLeader({ title: officer.title as never, academicBackbone: officer.academicBackbone ?? false }, params)
            : null,
      }),
    ),
  );
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

  /**
   * The day a branch's derived fields describe and the policy versions known then. Each field
   * then loads only the facts it needs (officer changes, member counts, names), batched per
   * request: a page that asks none costs nothing beyond the page itself.
   */
  dayOf(branch: BranchAsOf, context?: ReadingContext): Eventually<FieldsDay> {
    if (branch.asOf) {
      const instant = branch.asOf.instant;
      return this.catalog.versions().then((versions) => ({ day: shanghaiToday(instant), policyVersions: publishedBy(versions, instant) }));
    }
    if (!context) return this.today();
    // Today is the same for every branch of a request: worked out once (a page asks it of each
    // field of 50 branches), and at hand without a promise when the catalog is.
    if (context.todayKnown) return context.todayKnown;
    if (!context.today) {
      const versions = this.catalog.freshVersions();
      if (versions) {
        context.todayKnown = { day: shanghaiToday(), policyVersions: versions };
        context.today = Promise.resolve(context.todayKnown);
        return context.todayKnown;
      }
      context.today = this.today().then((today) => (context.todayKnown = today));
    }
    return context.today;
  }

  private today(): Promise<FieldsDay> {
    return this.catalog.versions().then((versions) => ({ day: shanghaiToday(), policyVersions: versions }));
  }

  /**
   * A branch's officer changes. Those of a row once loaded are kept with the row (a weak map):
   * a kept page's rows are shared by every request served that page, and so are their facts, read
   * under the same university's change stamps (BranchLoaders), so the next request's fields
   * have them at hand; a row read afresh (one branch, a page computed again) loads its own.
   */
  officerChanges(branch: BranchAsOf, context: ReadingContext): Eventually<OfficerChange[]> {
    return branch.asOf ? branch.asOf.officerChanges : this.factOfRow(branch, 'officerChanges', this.loaders(context).officerChanges);
  }

  /** A branch's member counts, kept with its row like {@link officerChanges}. */
  memberCounts(branch: BranchAsOf, context: ReadingContext): Eventually<{ on: string; count: number }[]> {
    return branch.asOf ? branch.asOf.memberCounts : this.factOfRow(branch, 'memberCounts', this.loaders(context).memberCounts);
  }

  /** One kind of fact of a row: the one kept with it, else loaded (batched per request) and kept. */
  private factOfRow<Kind extends keyof RowFacts>(
    branch: BranchAsOf,
    kind: Kind,
    loader: { load(branch: BranchAsOf): Promise<NonNullable<RowFacts[Kind]>> },
  ): Eventually<NonNullable<RowFacts[Kind]>> {
    const known = this.factsOfRows.get(branch)?.[kind];
    if (known) return known;
    return loader.load(branch).then((fact) => {
      this.factsOfRows.set(branch, { ...this.factsOfRows.get(branch), [kind]: fact });
      return fact;
    });
  }

  /** By branch row: forgotten with the row (when no kept answer holds it any more). */
  private readonly factsOfRows = new WeakMap<BranchAsOf, RowFacts>();

  /**
   * The officers in office on the branch's day with their dual-leader verdicts; names are resolved
   * only when asked ({@link nameOf}). Worked out once per branch's officer changes, day and policy:
   * the changes are shared between requests until the university changes (BranchLoaders), and a
   * page asks for them from several fields (secretary, officers) of each of its branches.
   */
  officersOnDay(branch: BranchAsOf, context: ReadingContext): Eventually<readonly OfficerOnDay[]> {
    return both(this.dayOf(branch, context), this.officerChanges(branch, context), (day, changes) => this.officersWorkedOutFor(branch, changes, day));
  }

  private officersWorkedOutFor(branch: BranchAsOf, changes: OfficerChange[], { day, policyVersions }: FieldsDay): readonly OfficerOnDay[] {
    const known = this.officersWorkedOut.get(changes);
    const { universityId, dissolvedOn } = branch;
    if (known && known.day === day && known.policyVersions === policyVersions && known.universityId === universityId && known.dissolvedOn === dissolvedOn) {
      return known.officers;
    }
    const officers = officersOnDayOf(branch, changes, day, policyVersions);
    this.officersWorkedOut.set(changes, { day, policyVersions, universityId, dissolvedOn, officers });
    return officers;
  }

  /** By the officer changes they were worked out from (an array shared while its answer is kept): forgotten with it. */
  private readonly officersWorkedOut = new WeakMap<
    readonly OfficerChange[],
    { day: string; policyVersions: readonly PolicyVersion[]; universityId: string; dissolvedOn: BranchAsOf['dissolvedOn']; officers: readonly OfficerOnDay[] }
  >();

  /**
   * An officer's name, from the registry of the branch's own university only (null once erased).
   * Kept with the officer: an officer worked out from kept facts is served only while the names
   * read with them stand (both are keyed by the count of erasures, ReadModels), and one worked out
   * for a request (as of an instant) is that request's own.
   */
  nameOf(officer: OfficerOnDay, context: ReadingContext): Eventually<string | null> {
    const known = this.namesOfOfficers.get(officer);
    if (known !== undefined) return known;
    return this.loaders(context)
      .people.load({ personId: officer.personId, universityId: officer.branchUniversityId })
      .then((person) => {
        const name = person?.name ?? null;
        this.namesOfOfficers.set(officer, name);
        return name;
      });
  }

  private readonly namesOfOfficers = new WeakMap<OfficerOnDay, string | null>();

  loaders(context: ReadingContext): BranchLoaders {
    context.loaders ??= new BranchLoaders(this.readModels, this.registry);
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
