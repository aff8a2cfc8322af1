import { Injectable } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { BRANCH_COLUMNS, type BranchRow } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { organizationProjection } from '../../../../libs/projections/src/organization/organization-projection.js';
import { badInput } from '../graphql/api-error.js';
import { PersonRegistry } from '../people/person-registry.js';
import { OrganizationView } from './organization-view.js';
import { checkPosition } from './reading-arguments.js';
import { mayRead, readFilter, scopeOf } from '../authorization/authorization.js';
import { ReadModels } from './read-models.js';


const MAX_PAGE = 500;

interface BranchFilter {
  universityId?: string | null;
  unitId?: string | null;
  kind?: string | null;
  status?: 'ACTIVE' | 'DISSOLVED' | null;
}

/** What these queries' handlers read from. */
@Injectable()
export class OrganizationQueryHandler {
  constructor(
    protected readonly readModels: ReadModels,
    protected readonly registry: PersonRegistry,
    protected readonly view: OrganizationView,
  ) {}
}

/** The `universities` query of a caller. */
export class UniversitiesQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { atLeastPosition?: string },
  ) {}
}

/** The `university` query of a caller. */
export class UniversityQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { id: string; atLeastPosition?: string },
  ) {}
}

/** The `branch` query of a caller. */
export class BranchQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { id: string; atLeastPosition?: string },
  ) {}
}

/** The `branches` query of a caller. */
export class BranchesQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { filter: BranchFilter | null; first: number | null; after: string | null; atLeastPosition?: string },
  ) {}
}

/** The `person` query of a caller. */
export class PersonQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { id: string },
  ) {}
}

@QueryHandler(UniversitiesQuery)
export class UniversitiesQueryHandler extends OrganizationQueryHandler implements IQueryHandler<UniversitiesQuery> {
  async execute({ caller, args }: UniversitiesQuery) {
    const { atLeastPosition } = args;
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
}

@QueryHandler(UniversityQuery)
export class UniversityQueryHandler extends OrganizationQueryHandler implements IQueryHandler<UniversityQuery> {
  async execute({ caller, args }: UniversityQuery) {
    const { id, atLeastPosition } = args;
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
}

@QueryHandler(BranchQuery)
export class BranchQueryHandler extends OrganizationQueryHandler implements IQueryHandler<BranchQuery> {
  async execute({ caller, args }: BranchQuery) {
    const { id, atLeastPosition } = args;
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
}

@QueryHandler(BranchesQuery)
export class BranchesQueryHandler extends OrganizationQueryHandler implements IQueryHandler<BranchesQuery> {
  async execute({ caller, args }: BranchesQuery) {
    const { filter, first, after, atLeastPosition } = args;
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
    // A page is shared until its university changes (all of Beijing's: until anything is written).
    const [page, total] = await this.readModels.answer(['branches', params, afterId, pageSize], [], async (tables) => {
      const branches = (await tables.of(organizationProjection))?.tables.branches ?? organization.tables.branches;
      return Promise.all([
        this.readModels.sql.query<BranchRow>(
          `SELECT ${BRANCH_COLUMNS} FROM ${branches}
           WHERE ${where} AND ($6::text IS NULL OR branch_id > $6) ORDER BY branch_id LIMIT $7`,
          [...params, afterId, pageSize + 1],
        ),
        this.readModels.sql.query<{ total: string }>(`SELECT count(*) AS total FROM ${branches} WHERE ${where}`, params),
      ]);
    }, scope.universityId);
    const rows = page.rows.slice(0, pageSize);
    const edges = rows.map((row) => ({ cursor: encodeCursor(row.branchId), node: row }));
    return {
      edges,
      pageInfo: { hasNextPage: page.rows.length > pageSize, endCursor: edges[edges.length - 1]?.cursor ?? null },
      totalCount: Number(total.rows[0]?.total ?? 0),
    };
  }
}

@QueryHandler(PersonQuery)
export class PersonQueryHandler extends OrganizationQueryHandler implements IQueryHandler<PersonQuery> {
  async execute({ caller, args }: PersonQuery) {
    const { id } = args;
    const person = await this.registry.find(id);
    if (!person || !mayRead(caller, { universityId: person.universityId })) return null;
    return person;
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
