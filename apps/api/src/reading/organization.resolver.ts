import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { BranchesQuery, BranchQuery, PersonQuery, UniversitiesQuery, UniversityQuery } from './organization-queries.js';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { activeVersion } from '../../../../libs/policy/src/choosing-version/version-for.js';
import { isElectionOverdue } from '../../../../libs/policy/src/checking-term/term-overdue.js';
import { rulesOfUniversity, termParams } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
import { memberCountOn, type BranchRow } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { latestElection } from '../../../../libs/projections/src/organization/officers-in-office.js';
import { CurrentCaller } from '../identity/caller-context.js';
import { both, OrganizationView, whenKnown, type BranchAsOf, type OfficerOnDay, type ReadingContext } from './organization-view.js';


interface BranchFilter {
  universityId?: string | null;
  unitId?: string | null;
  kind?: string | null;
  status?: 'ACTIVE' | 'DISSOLVED' | null;
}

/** Universities, units, branches (with their officers in office today) and people. */
@Resolver('Query')
export class OrganizationResolver {
  constructor(private readonly queryBus: QueryBus) {}

  @Query()
  universities(@CurrentCaller() caller: Caller, @Args('atLeastPosition') atLeastPosition?: string) {
    return this.queryBus.execute(new UniversitiesQuery(caller, { atLeastPosition }));
  }

  @Query()
  university(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('atLeastPosition') atLeastPosition?: string) {
    return this.queryBus.execute(new UniversityQuery(caller, { id, atLeastPosition }));
  }

  @Query()
  branch(@CurrentCaller() caller: Caller, @Args('id') id: string, @Args('atLeastPosition') atLeastPosition?: string) {
    return this.queryBus.execute(new BranchQuery(caller, { id, atLeastPosition }));
  }

  @Query()
  branches(@CurrentCaller() caller: Caller, @Args('filter') filter: BranchFilter | null, @Args('first') first: number | null, @Args('after') after: string | null, @Args('atLeastPosition') atLeastPosition?: string) {
    return this.queryBus.execute(new BranchesQuery(caller, { filter, first, after, atLeastPosition }));
  }

  @Query()
  person(@CurrentCaller() caller: Caller, @Args('id') id: string) {
    return this.queryBus.execute(new PersonQuery(caller, { id }));
  }
}

/**
 * The Branch type's derived fields, batched per request. Plain (parent, args, context) signatures,
 * no parameter decorators: Nest then calls them directly, which matters on a page of 50 branches.
 * Each answers at once when what it reads is at hand (a kept page's facts, today's policy), and
 * with a promise only when something must be loaded: a promise per field and branch was most of
 * what the dashboard's page cost (docs/BENCHMARKS.md, session 6).
 */
@Resolver('Branch')
export class BranchFieldsResolver {
  constructor(private readonly view: OrganizationView) {}

  @ResolveField() id(branch: BranchRow) {
    return branch.branchId;
  }

  @ResolveField() status(branch: BranchAsOf) {
    return branch.dissolvedOn ? 'DISSOLVED' : 'ACTIVE';
  }

  @ResolveField() memberCount(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return both(this.view.dayOf(branch, context), this.view.memberCounts(branch, context), ({ day }, counts) => memberCountOn(branch, counts, day));
  }

  @ResolveField() officers(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return this.view.officersOnDay(branch, context);
  }

  @ResolveField() secretary(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return whenKnown(this.view.officersOnDay(branch, context), (officers) => officers.find((officer) => officer.role === 'SECRETARY') ?? null);
  }

  @ResolveField() lastElectionOn(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return whenKnown(this.view.officerChanges(branch, context), (changes) => latestElection(changes)?.heldOn ?? null);
  }

  @ResolveField() termEndsOn(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return whenKnown(this.view.officerChanges(branch, context), (changes) => latestElection(changes)?.termEndsOn ?? null);
  }

  @ResolveField() electionOverdue(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return both(this.view.dayOf(branch, context), this.view.officerChanges(branch, context), ({ day, policyVersions }, changes) => {
      if (branch.dissolvedOn && branch.dissolvedOn <= day) return false;
      const version = activeVersion(policyVersions, day);
      if (!version) return false;
      const election = latestElection(changes);
      return isElectionOverdue(
        { termEndsOn: election?.termEndsOn ?? null, establishedOn: branch.establishedOn },
        day,
        termParams(rulesOfUniversity(version, branch.universityId)),
      );
    });
  }

  @ResolveField() async version(branch: BranchAsOf, _args: unknown, context: ReadingContext) {
    return branch.asOf ? branch.asOf.version : this.view.loaders(context).streamVersions.load(branch.branchId);
  }
}

/** An officer's name, read (batched per request) only when a query selects it. */
@Resolver('Officer')
export class OfficerFieldsResolver {
  constructor(private readonly view: OrganizationView) {}

  @ResolveField() name(officer: OfficerOnDay, _args: unknown, context: ReadingContext) {
    return this.view.nameOf(officer, context);
  }
}
