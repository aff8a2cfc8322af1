import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '../../../../libs/database/src/sql-client.js';
import type { ReadModelTables } from '../../../../libs/projections/src/projection-engine/live-generations.js';
import type { PolicyVersion } from '../../../../libs/policy/src/policy-model/policy-version.js';
import { ledgerConversionParams, rulesOfUniversity } from '../../../../libs/policy/src/selecting-rules/rules-for-university.js';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Caller } from '../../../../libs/identity/src/caller.js';
import { complianceOf, complianceSummary } from '../../../../libs/projections/src/branch-compliance/compliance-query.js';
import { scopedBranches, type BranchScope } from '../../../../libs/projections/src/branch-facts/branch-facts.js';
import { dualLeaderStats } from '../../../../libs/projections/src/dual-leader/dual-leader-query.js';
import { RECTIFICATION_LEDGER_READS, rectificationLedger, type LedgerStatus } from '../../../../libs/projections/src/rectification-ledger/ledger-query.js';
import { trainingCoverage, type TrainingCoverage } from '../../../../libs/projections/src/training-coverage/training-coverage-query.js';
import { FIRST_READY_YEAR } from '../../../../libs/projections/src/ready-figures/branch-year-rows.js';
import {
  figureSource,
  type FigureSource,
  readyBranchCompliance,
  readyComplianceSummary,
  readyDualLeaderStats,
  readyTrainingCoverage,
  readyUntrained,
  readyLedgerSummary,
  readyYear,
  readyYears,
} from '../../../../libs/projections/src/ready-figures/ready-figures-query.js';
import { badInput, notFound } from '../graphql/api-error.js';
import { PersonRegistry } from '../people/person-registry.js';
import { PolicyCatalog } from '../policy/policy-catalog.js';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { mayRead, readFilter } from '../authorization/authorization.js';
import { checkAsOf, checkPosition } from './reading-arguments.js';
import { ReadModels } from './read-models.js';

export interface FigureArgs {
  year: number;
  asOf?: Date | null;
  universityId?: string | null;
  unitId?: string | null;
  onDate?: string | null;
  atLeastPosition?: string | null;
}

function checkYear(year: number): void {
  // (GraphQL has already refused non-integers beyond 32 bits.)
  if (!Number.isInteger(year) || year < 1921 || year > 2100) throw badInput('year must be between 1921 and 2100');
}

/** What every figure's handler reads from: the live read models, the policy versions, the registry of names. */
@Injectable()
export class FigureQueryHandler {
  constructor(
    protected readonly readModels: ReadModels,
    protected readonly catalog: PolicyCatalog,
    protected readonly registry: PersonRegistry,
  ) {}

  /**
   * What every university-year figure checks first: the year, the caller's scope, the arguments,
   * and read-your-writes; then the day and the policy versions it is computed under.
   */
  protected async prepare(caller: Caller, args: FigureArgs) {
    checkYear(args.year);
    const scope = readFilter(caller, args);
    await checkFigureArguments(args, this.catalog);
    await this.readModels.waitFor(args.atLeastPosition);
    const versions = await this.catalog.versions();
    const today = shanghaiToday();
    return { scope, today, versions };
  }

  /**
   * A figure without `asOf`, shared per state of what it reads ({@link ReadModels.answer}: one
   * university's answers stand until that university changes). `compute` gets where the figures
   * come from in that state (the figures kept ready answer only a question without onDate).
   */
  protected shared<T>(question: unknown[], scope: BranchScope, versions: PolicyVersion[], compute: (source: FigureSource) => Promise<T>): Promise<T> {
    return this.readModels.answer(question, versions, async (tables) => compute(await figureSource(tables, versions)), scope.universityId);
  }
}

/** A field resolved on demand, computed once for every caller the answer it belongs to is shared with. */
function computedOnce<T>(compute: () => Promise<T>): () => Promise<T> {
  let computing: Promise<T> | undefined;
  return () => {
    computing ??= compute();
    // A failure is not kept: the next caller computes again.
    computing.catch(() => {
      computing = undefined;
    });
    return computing;
  };
}

/** The `rectificationLedger` query of a caller. */
export class RectificationLedgerQuery {
  constructor(
    readonly caller: Caller,
    readonly args: FigureArgs & { status?: LedgerStatus | null },
  ) {}
}

/** The `trainingCoverage` query of a caller. */
export class TrainingCoverageQuery {
  constructor(
    readonly caller: Caller,
    readonly args: FigureArgs,
  ) {}
}

/** The `dualLeaderStats` query of a caller. */
export class DualLeaderStatsQuery {
  constructor(
    readonly caller: Caller,
    readonly args: FigureArgs,
  ) {}
}

/** The `branchCompliance` query of a caller. */
export class BranchComplianceQuery {
  constructor(
    readonly caller: Caller,
    readonly args: { branchId: string; year: number; onDate?: string | null; atLeastPosition?: string | null },
  ) {}
}

/** The `complianceSummary` query of a caller. */
export class ComplianceSummaryQuery {
  constructor(
    readonly caller: Caller,
    readonly args: FigureArgs,
  ) {}
}

@QueryHandler(RectificationLedgerQuery)
export class RectificationLedgerQueryHandler extends FigureQueryHandler implements IQueryHandler<RectificationLedgerQuery> {
  async execute({ caller, args }: RectificationLedgerQuery) {
    const { scope, today, versions } = await this.prepare(caller, args);
    const question = ['ledger', args.year, scope, args.status, args.onDate, today];
    const ledgerOf = (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) =>
      rectificationLedger(sql, tables, { year: args.year, scope, status: args.status, onDate: args.onDate, today, versions });
    if (args.asOf) return this.readModels.figure(question, args.asOf, scope, versions, ledgerOf, undefined, RECTIFICATION_LEDGER_READS);
    return this.shared(question, scope, versions, async (source) => {
      const figures = args.onDate ? null : await readyYear(this.readModels.sql, source, scope, args.year, today);
      if (!figures) return ledgerOf(this.readModels.sql, source.tables, source.versions);
      const version = source.versions.find((candidate) => candidate.version === figures.version)!;
      const { target } = ledgerConversionParams(rulesOfUniversity(version, scope.universityId ?? null));
      return {
        year: args.year,
        universityId: scope.universityId ?? null,
        summary: readyLedgerSummary(figures, target),
        policyVersion: figures.version,
        // The entries, case by case, only when selected.
        entries: computedOnce(async () => (await ledgerOf(this.readModels.sql, source.tables, source.versions)).entries),
      };
    });
  }
}

@QueryHandler(TrainingCoverageQuery)
export class TrainingCoverageQueryHandler extends FigureQueryHandler implements IQueryHandler<TrainingCoverageQuery> {
  async execute({ caller, args }: TrainingCoverageQuery) {
    const { scope, today, versions } = await this.prepare(caller, args);
    // Names only from the registry of the university read (every university's for a city-wide view).
    const named = async (untrained: TrainingCoverage['untrained']) => {
      const people = await this.registry.findMany(untrained.map((officer) => officer.personId));
      const nameOf = (personId: string) => {
        const person = people.get(personId);
        return person && (!scope.universityId || person.universityId === scope.universityId) ? person.name : null;
      };
      return untrained.map((officer) => ({ ...officer, name: nameOf(officer.personId) }));
    };
    const question = ['coverage', args.year, scope, args.onDate, today];
    const coverageOf = (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) =>
      trainingCoverage(sql, tables, { year: args.year, scope, onDate: args.onDate, today, versions });
    const withNames = async (coverage: TrainingCoverage) => ({ ...coverage, untrained: await named(coverage.untrained) });
    if (args.asOf) return this.readModels.figure(question, args.asOf, scope, versions, coverageOf, withNames);
    return this.shared(question, scope, versions, async (source) => {
      const figures = args.onDate ? null : await readyYear(this.readModels.sql, source, scope, args.year, today);
      if (!figures) return withNames(await coverageOf(this.readModels.sql, source.tables, source.versions));
      // The untrained officers (and their names, which an erasure changes at once: the answer's key) only when selected.
      const coverage = readyTrainingCoverage(this.readModels.sql, source, figures, scope, computedOnce(async () =>
        named(await readyUntrained(this.readModels.sql, source.ready!, scope, args.year)),
      ));
      return { ...coverage, byUnit: computedOnce(coverage.byUnit) };
    });
  }
}

@QueryHandler(DualLeaderStatsQuery)
export class DualLeaderStatsQueryHandler extends FigureQueryHandler implements IQueryHandler<DualLeaderStatsQuery> {
  async execute({ caller, args }: DualLeaderStatsQuery) {
    const { scope, today, versions } = await this.prepare(caller, args);
    const question = ['dual-leader', args.year, scope, args.onDate, today];
    const statsOf = (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) =>
      dualLeaderStats(sql, tables, { year: args.year, scope, onDate: args.onDate, today, fallbackVersions: versions });
    if (args.asOf) return this.readModels.figure(question, args.asOf, scope, versions, statsOf);
    return this.shared(question, scope, versions, async (source) => {
      // The year asked and the trend's years from 2018, in one read.
      const years = Array.from({ length: args.year - FIRST_READY_YEAR + 1 }, (_, index) => FIRST_READY_YEAR + index);
      const kept = args.onDate ? null : await readyYears(this.readModels.sql, source, scope, years, today);
      if (!kept) return statsOf(this.readModels.sql, source.tables, source.versions);
      const stats = readyDualLeaderStats(this.readModels.sql, source, kept.at(-1)!, kept.slice(0, -1), scope);
      return { ...stats, byUnit: computedOnce(stats.byUnit) };
    });
  }
}

@QueryHandler(BranchComplianceQuery)
export class BranchComplianceQueryHandler extends FigureQueryHandler implements IQueryHandler<BranchComplianceQuery> {
  async execute({ caller, args }: BranchComplianceQuery) {
    checkYear(args.year);
    checkPosition(args.atLeastPosition);
    await this.readModels.waitFor(args.atLeastPosition);
    const [branch] = await scopedBranches(this.readModels.sql, this.readModels.live, { branchId: args.branchId });
    // Outside the scope answers exactly as a branch that does not exist.
    if (!branch || !mayRead(caller, branch)) throw notFound('branch', args.branchId);
    const today = shanghaiToday();
    const versions = await this.catalog.versions();
    return this.shared(['branch-compliance', branch.branchId, args.year, args.onDate, today], branch, versions, async (source) => {
      const result =
        (!args.onDate && (await readyBranchCompliance(this.readModels.sql, source, branch.branchId, args.year, today))) ||
        (await complianceOf(this.readModels.sql, source.tables, [branch], { year: args.year, onDate: args.onDate, today, versions: source.versions })).get(
          branch.branchId,
        )!;
      return { branchId: branch.branchId, year: args.year, rules: result.rules, score: result.score, policyVersion: result.policyVersion };
    });
  }
}

@QueryHandler(ComplianceSummaryQuery)
export class ComplianceSummaryQueryHandler extends FigureQueryHandler implements IQueryHandler<ComplianceSummaryQuery> {
  async execute({ caller, args }: ComplianceSummaryQuery) {
    const { scope, today, versions } = await this.prepare(caller, args);
    const question = ['compliance-summary', args.year, scope, args.onDate, today];
    const summaryOf = (sql: SqlExecutor, tables: ReadModelTables, versions: PolicyVersion[]) =>
      complianceSummary(sql, tables, scope, { year: args.year, onDate: args.onDate, today, versions });
    if (args.asOf) return this.readModels.figure(question, args.asOf, scope, versions, summaryOf);
    return this.shared(question, scope, versions, async (source) => {
      const figures = args.onDate ? null : await readyYear(this.readModels.sql, source, scope, args.year, today);
      return figures ? readyComplianceSummary(figures, scope) : summaryOf(this.readModels.sql, source.tables, source.versions);
    });
  }
}

/** The arguments every figure shares: a well-formed position, and an `asOf` no earlier than the first recorded policy. */
async function checkFigureArguments(args: FigureArgs, catalog: PolicyCatalog): Promise<void> {
  checkPosition(args.atLeastPosition);
  if (args.asOf) checkAsOf(args.asOf, await catalog.earliestAsOf());
}
