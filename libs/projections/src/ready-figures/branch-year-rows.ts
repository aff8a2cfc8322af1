import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { decidingDay } from '../../../policy/src/choosing-version/deciding-day.js';
import { versionFor } from '../../../policy/src/choosing-version/version-for.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { complianceFacts, complianceFromFacts, type ComplianceFacts } from '../branch-compliance/compliance-query.js';
import { isActiveOn, type BranchRow } from '../branch-facts/branch-facts.js';
import { ledgerCountsOfYears } from '../rectification-ledger/ledger-query.js';
import { electionsOfYear, secretaryChangesOf, secretaryQualifies, type SecretaryChange } from '../dual-leader/dual-leader-query.js';
import { officersOn, type OfficerRole } from '../organization/officers-in-office.js';
import type { ReadModelTables } from '../projection-engine/live-generations.js';
import { officersTrained, trainingRequirements } from '../training-coverage/training-coverage-query.js';

/** The first year the figures are kept ready for: the plan's first year (the dual-leader trend starts there too). */
export const FIRST_READY_YEAR = 2018;

/**
 * One branch's figures for one year on the year's own deciding day (the year's last day, capped at
 * today): what the dashboards add up, so that a scope's figures are sums of rows, not folds of facts.
 */
export interface BranchYearFigures {
  branch_id: string;
  year: number;
  university_id: string;
  unit_id: string;
  deciding_day: string;
  active: boolean;
  /** Compliance, active or not (`branchCompliance` answers for any branch); null score: no rule-period counted. */
  score: number | null;
  /** The rule-periods (`RuleCompliance`), stored as their JSON text: read back one row at a time. */
  rules: unknown[];
  compliance_version: string;
  secretaries_in_office: number;
  secretaries_trained: number;
  committee_in_office: number;
  committee_trained: number;
  untrained: { personId: string; branchId: string; role: OfficerRole }[];
  teacher_active: boolean;
  dual_leader: boolean;
  elections_held: number;
  elections_meeting_requirement: number;
  /** 整顿台账: the cases opened for the year, those closed, those overdue on the deciding day. */
  ledger_listed: number;
  ledger_converted: number;
  ledger_overdue: number;
}

/** What the rows of some branches for some years are computed from: their facts, read once for all the years. */
export interface BranchYearFacts {
  compliance: ComplianceFacts;
  secretaryChanges: Map<string, SecretaryChange[]>;
  ledger: Map<number, Map<string, { listed: number; converted: number; overdue: number }>>;
}

/** The years asked of any branch, in order. */
function yearsOf(wanted: readonly { years: readonly number[] }[]): number[] {
  return [...new Set(wanted.flatMap((entry) => entry.years))].sort();
}

/**
 * Reads the facts of some branches for some years from `tables` (the ready-figures generation's
 * own copies, or any read models with the same shape): about eight statements, whatever the
 * number of branches and years.
 */
export async function branchYearFacts(
  sql: SqlExecutor,
  tables: ReadModelTables,
  wanted: readonly { branch: BranchRow; years: readonly number[] }[],
  today: string,
): Promise<BranchYearFacts | null> {
  const branches = wanted.map((entry) => entry.branch);
  const years = yearsOf(wanted);
  if (branches.length === 0 || years.length === 0) return null;
  const dayOf = (year: number) => decidingDay(year, null, today);
  const ids = branches.map((branch) => branch.branchId);
  const [compliance, secretaryChanges, ledger] = await Promise.all([
    complianceFacts(sql, tables, branches, years, dayOf),
    secretaryChangesOf(sql, tables, ids),
    ledgerCountsOfYears(sql, tables, ids, years, dayOf),
  ]);
  return { compliance, secretaryChanges, ledger };
}

/**
 * Computes the rows of some branches for some years from their facts, by the same rules as the
 * figures computed per request: one definition of each figure. No statement: the caller may have
 * PostgreSQL write the previous rows meanwhile.
 */
export function branchYearRows(
  facts: BranchYearFacts | null,
  wanted: readonly { branch: BranchRow; years: readonly number[] }[],
  today: string,
  versions: readonly PolicyVersion[],
): BranchYearFigures[] {
  if (!facts) return [];
  const { compliance: complianceFacts, secretaryChanges, ledger } = facts;
  const dayOf = (year: number) => decidingDay(year, null, today);
  const rows: BranchYearFigures[] = [];
  for (const year of yearsOf(wanted)) {
    const day = dayOf(year);
    const version = versionFor(versions, day);
    if (!version) continue;
    const inYear = wanted.filter((entry) => entry.years.includes(year)).map((entry) => entry.branch);
    const compliance = complianceFromFacts(complianceFacts, inYear, { year, today, onDate: null, versions });
    const attended = complianceFacts.attended.get(year) ?? new Map<string, number>();
    const requirementsOf = trainingRequirements(version);
    for (const branch of inYear) {
      const active = isActiveOn(branch, day);
      const office = officersOn(complianceFacts.changes.get(branch.branchId) ?? [], day);
      const tally = { secretaries_in_office: 0, secretaries_trained: 0, committee_in_office: 0, committee_trained: 0 };
      const untrained: BranchYearFigures['untrained'] = [];
      // Officers of an inactive branch count for nothing (DOMAIN.md §5: in office in a branch active that day).
      for (const { officer, trained } of active ? officersTrained(office, attended, requirementsOf(branch.universityId)) : []) {
        if (officer.role === 'SECRETARY') {
          tally.secretaries_in_office += 1;
          if (trained) tally.secretaries_trained += 1;
        } else {
          tally.committee_in_office += 1;
          if (trained) tally.committee_trained += 1;
        }
        if (!trained) untrained.push({ personId: officer.personId, branchId: branch.branchId, role: officer.role });
      }
      const teacher = branch.kind === 'TEACHER';
      const secretaryHistory = secretaryChanges.get(branch.branchId) ?? [];
      const elections = teacher ? electionsOfYear(secretaryHistory, year, day) : [];
      const result = compliance.get(branch.branchId)!;
      const cases = ledger.get(year)?.get(branch.branchId);
      rows.push({
        branch_id: branch.branchId,
        year,
        university_id: branch.universityId,
        unit_id: branch.unitId,
        deciding_day: day,
        active,
        score: result.score,
        rules: [...result.rules],
        compliance_version: result.policyVersion,
        ...tally,
        untrained,
        teacher_active: teacher && active,
        dual_leader: teacher && active && secretaryQualifies(secretaryHistory, day, version.version),
        elections_held: elections.length,
        elections_meeting_requirement: elections.filter((election) => election.qualifies[version.version] === true).length,
        ledger_listed: cases?.listed ?? 0,
        ledger_converted: cases?.converted ?? 0,
        ledger_overdue: cases?.overdue ?? 0,
      });
    }
  }
  return rows;
}

/** The rows of some branches for some years: their facts read, then the rows computed (`branchYearFacts`, `branchYearRows`). */
export async function branchYearFigures(
  sql: SqlExecutor,
  tables: ReadModelTables,
  wanted: readonly { branch: BranchRow; years: readonly number[] }[],
  today: string,
  versions: readonly PolicyVersion[],
): Promise<BranchYearFigures[]> {
  return branchYearRows(await branchYearFacts(sql, tables, wanted, today), wanted, today, versions);
}
