import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { activeVersion } from '../../../../libs/policy/src/choosing-version/version-for.js';
import { isElectionOverdue } from '../../../../libs/policy/src/checking-term/term-overdue.js';
import { rulesFor, termParams } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
import { memberCountOn, type BranchRow } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { latestElection } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { organizationProjection } from '../../../../libs/projections/src/organization/organization-projection.js';
import { badInput } from '../graphql/api-error.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { PersonRegistry } from '../people/person-registry.js';
import { PolicyCatalog } from '../policy/policy-catalog.js';
import { OrganizationView, type BranchAsOf, type ReadingContext } from './organization-view.js';
import { checkPosition } from './reading-arguments.js';
import { mayRead, readFilter, scopeOf } from '../authorization/authorization.js';
import { ReadModels } from './read-models.js';


const BRANCH_COLUMNS = `branch_id AS "branchId", university_id AS "universityId", unit_id AS "unitId", name, kind,
  established_on AS "establishedOn", establishment_member_count AS "establishmentMemberCount", dissolved_on AS "dissolvedOn"`;

const MAX_PAGE = 500;

interface BranchFilter {
  universityId?: string | null;
  unitId?: string | null;
  kind?: string | null;
  status?: 'ACTIVE' | 'DISSOLVED' | null;
}

/** Universities, units, branches (with their officers in office today) and people. */
@Resolver('Query')
export class OrganizationResolver {
  constructor(
    private readonly readModels: ReadModels,
    private readonly registry: PersonRegistry,
    private readonly view: OrganizationView,
  ) {}

  @Query()
  async universities(@CurrentCaller() caller: Caller, @Args('atLeastPosition') atLeastPosition?: string) {
    checkPosition(atLeastPosition);
    await this.readModels.waitFor(atLeastPosition);
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization) return [];
    const scope = scopeOf(caller);
    const { rows } = await this.readModels.sql.query<{ id: string; name: string }>(
      `SELECT university_id AS id, name FROM ${organization.tables.universities}
       WHERE $1::text IS NULL OR university_id = $1 ORDER BY university_id`,
      [scope.kind === 'everything' ? null : scope.universityId],
    );
    return this.view.withUnits(rows, await this.view.unitsVisibleTo(caller));
  }

  @Query()
  async university(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('atLeastPosition') atLeastPosition?: string) {
    checkPosition(atLeastPosition);
    await this.readModels.waitFor(atLeastPosition);
    const scope = scopeOf(caller);
    // Another university answers as one that does not exist.
    if (scope.kind !== 'everything' && scope.universityId !== id) return null;
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization) return null;
    const { rows } = await this.readModels.sql.query<{ id: string; name: string }>(
      `SELECT university_id AS id, name FROM ${organization.tables.universities} WHERE university_id = $1`,
      [id],
    );
    return rows.length === 0 ? null : (await this.view.withUnits(rows, await this.view.unitsVisibleTo(caller)))[0];
  }

  @Query()
  async branch(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('atLeastPosition') atLeastPosition?: string) {
    checkPosition(atLeastPosition);
    await this.readModels.waitFor(atLeastPosition);
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization) return null;
    const { rows } = await this.readModels.sql.query<BranchRow>(
      `SELECT ${BRANCH_COLUMNS} FROM ${organization.tables.branches} WHERE branch_id = $1`,
      [id],
    );
    const row = rows[0];
    // Outside the scope answers as an id that exists nowhere.
    if (!row || !mayRead(caller, row)) return null;
    return row;
  }

  @Query()
  async branches(
    @CurrentCaller() caller: Caller,
    @Args('filter') filter: BranchFilter | null,
    @Args('first') first: number | null,
    @Args('after') after: string | null,
    @Args('atLeastPosition') atLeastPosition?: string,
  ) {
    const pageSize = first ?? 50;
    if (!Number.isInteger(pageSize) || pageSize < 0 || pageSize > MAX_PAGE) throw badInput(`first must be 0..${MAX_PAGE}`);
    const afterId = after ? decodeCursor(after) : null;
    checkPosition(atLeastPosition);
    await this.readModels.waitFor(atLeastPosition);
    const scope = readFilter(caller, { universityId: filter?.universityId, unitId: filter?.unitId });
    const organization = await this.readModels.live.of(organizationProjection);
    if (!organization) return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    const where = `($1::text IS NULL OR university_id = $1) AND ($2::text IS NULL OR unit_id = $2) AND ($3::text IS NULL OR branch_id = $3)
      AND ($4::text IS NULL OR kind = $4)
      AND ($5::text IS NULL OR ($5 = 'ACTIVE' AND dissolved_on IS NULL) OR ($5 = 'DISSOLVED' AND dissolved_on IS NOT NULL))`;
    const params = [scope.universityId ?? null, scope.unitId ?? null, scope.branchId ?? null, filter?.kind ?? null, filter?.status ?? null];
    const [page, total] = await Promise.all([
      this.readModels.sql.query<BranchRow>(
        `SELECT ${BRANCH_COLUMNS} FROM ${organization.tables.branches}
         WHERE ${where} AND ($6::text IS NULL OR branch_id > $6) ORDER BY branch_id LIMIT $7`,
        [...params, afterId, pageSize + 1],
      ),
      this.readModels.sql.query<{ total: string }>(`SELECT count(*) AS total FROM ${organization.tables.branches} WHERE ${where}`, params),
    ]);
    const rows = page.rows.slice(0, pageSize);
    const edges = rows.map((row) => ({ cursor: encodeCursor(row.branchId), node: row }));
    return {
      edges,
      pageInfo: { hasNextPage: page.rows.length > pageSize, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: Number(total.rows[0]?.total ?? 0),
    };
  }

  @Query()
  async person(@CurrentCaller() caller: Caller, @Args('id') id: string) {
    const person = await this.registry.find(id);
    if (!person || !mayRead(caller, { universityId: person.universityId })) return null;
    return person;
  }

}

/**
 * The Branch type's derived fields, batched per request. Plain (parent, args, context) signatures,
 * no parameter decorators: Nest then calls them directly, which matters on a page of 50 branches.
 */
@Resolver('Branch')
export class BranchFieldsResolver {
  constructor(
    private readonly catalog: PolicyCatalog,
    private readonly view: OrganizationView,
  ) {}

  @ResolveField() id(branch: BranchRow) {
    return branch.branchId;
  }

  @ResolveField() status(branch: BranchAsOf) {
    return branch.dissolvedOn ? 'DISSOLVED' : 'ACTIVE';
  }

  @ResolveField() async memberCount(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    const facts = await this.view.factsOf(branch, context);
    return memberCountOn(branch, facts.memberCounts, facts.day);
  }

  @ResolveField() async officers(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return this.view.officersOnDay(branch, context);
  }

  @ResolveField() async secretary(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    const officers = await this.view.officersOnDay(branch, context);
    return officers.find((officer) => officer.role === 'SECRETARY') ?? null;
  }

  @ResolveField() async lastElectionOn(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return latestElection((await this.view.factsOf(branch, context)).officerChanges)?.heldOn ?? null;
  }

  @ResolveField() async termEndsOn(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return latestElection((await this.view.factsOf(branch, context)).officerChanges)?.termEndsOn ?? null;
  }

  @ResolveField() async electionOverdue(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    const facts = await this.view.factsOf(branch, context);
    if (branch.dissolvedOn && branch.dissolvedOn <= facts.day) return false;
    const version = activeVersion(facts.policyVersions, facts.day);
    if (!version) return false;
    const election = latestElection(facts.officerChanges);
    return isElectionOverdue(
      { termEndsOn: election?.termEndsOn ?? null, establishedOn: branch.establishedOn },
      facts.day,
      termParams(rulesFor(version, branch.universityId)),
    );
  }

  @ResolveField() async version(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return branch.asOf ? branch.asOf.version : this.view.loaders(context).streamVersions.load(branch.branchId);
  }
}

function encodeCursor(branchId: string): string {
  return Buffer.from(`branch:${branchId}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('branch:')) throw badInput('after is not a cursor this query gave out');
  return decoded.slice('branch:'.length);
}
