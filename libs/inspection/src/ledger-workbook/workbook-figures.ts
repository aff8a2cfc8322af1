import type { EventStore } from '../../../event-store/src/event-store.port.js';
import type { SqlClient, SqlExecutor } from '../../../database/src/sql-client.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { FACT_PROJECTIONS } from '../../../projections/src/all-projections.js';
import { withAsOfView } from '../../../projections/src/as-of/as-of-view.js';
import { dualLeaderStats, type DualLeaderStats } from '../../../projections/src/dual-leader/dual-leader-query.js';
import type { ReadModelTables } from '../../../projections/src/projection-engine/live-generations.js';
import { rectificationLedger, type RectificationLedger } from '../../../projections/src/rectification-ledger/ledger-query.js';
import { trainingCoverage, type TrainingCoverage } from '../../../projections/src/training-coverage/training-coverage-query.js';
import { scopedBranches } from '../../../projections/src/branch-facts/branch-facts.js';
import { organizationProjection } from '../../../projections/src/organization/organization-projection.js';
import { registeredNames } from '../registered-names.js';

export interface WorkbookRequest {
  universityId: string;
  year: number;
  /** The figures as recorded by this instant (an as-of view); the live read models when absent. */
  asOf?: Date | null;
  /** Today in Shanghai: the deciding day of a year not yet over. */
  today: string;
}

/** The three figures of a university-year, as the GraphQL queries serve them, and the names they mention. */
export interface WorkbookFigures {
  universityId: string;
  year: number;
  /** The instant the figures describe: `asOf`, or when they were read. */
  asOf: Date;
  ledger: RectificationLedger;
  coverage: TrainingCoverage;
  dualLeader: DualLeaderStats;
  nameOf: (personId: string | null) => string;
  /** The university's name as the organization read model has it (its id when it has none). */
  universityName: string;
  /** Branch names by id, for the rows that name a branch by id (the untrained officers). */
  branchNames: Map<string, string>;
}

/**
 * Reads the figures with the same query functions, arguments and policy versions as the
 * `rectificationLedger`, `trainingCoverage` and `dualLeaderStats` queries, so the workbook
 * shows what the portal shows.
 */
export async function workbookFigures(
  sql: SqlClient,
  store: EventStore,
  live: ReadModelTables,
  versions: PolicyVersion[],
  request: WorkbookRequest,
): Promise<WorkbookFigures> {
  const readAt = new Date();
  const scope = { universityId: request.universityId };
  const { year, today } = request;
  const query = async (tx: SqlExecutor, tables: ReadModelTables, policy: PolicyVersion[]) => ({
    ledger: await rectificationLedger(tx, tables, { year, scope, today, versions: policy }),
    coverage: await trainingCoverage(tx, tables, { year, scope, today, versions: policy }),
    dualLeader: await dualLeaderStats(tx, tables, { year, scope, today, fallbackVersions: policy }),
    ...(await organizationNames(tx, tables, request.universityId)),
  });
  const figures = request.asOf
    ? await withAsOfView(sql, store, FACT_PROJECTIONS, { asOf: request.asOf, universityId: request.universityId }, query)
    : await query(sql, live, versions);
  const nameOf = await registeredNames(sql, [
    ...figures.ledger.entries.flatMap((entry) => [entry.liaisonLeaderId, entry.responsiblePersonId]),
    ...figures.coverage.untrained.map((officer) => officer.personId),
  ]);
  return { universityId: request.universityId, year, asOf: request.asOf ?? readAt, ...figures, nameOf };
}

/** The university's and its branches' names, from the same tables as the figures. */
async function organizationNames(
  sql: SqlExecutor,
  tables: ReadModelTables,
  universityId: string,
): Promise<{ universityName: string; branchNames: Map<string, string> }> {
  const organization = await tables.of(organizationProjection);
  const { rows } = organization
    ? await sql.query<{ name: string }>(`SELECT name FROM ${organization.tables.universities} WHERE university_id = $1`, [universityId])
    : { rows: [] };
  const branches = await scopedBranches(sql, tables, { universityId });
  return { universityName: rows[0]?.name ?? universityId, branchNames: new Map(branches.map((branch) => [branch.branchId, branch.name])) };
}
