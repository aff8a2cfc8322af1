import { unreachable } from '../../decider.js';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import type {
  AdoptAnnualPlan,
  AdoptAnnualPlanData,
  AllocateFunds,
  AllocateFundsData,
  AssignLiaison,
  AssignLiaisonData,
  RateBranch,
  RateBranchData,
  RecordFundsUse,
  RecordFundsUseData,
  RecordHealthCheck,
  RecordHealthCheckData,
  RecordPersonnelReview,
  RecordPersonnelReviewData,
  ResolveFinding,
  ResolveFindingData,
  ReviewSecretary,
  ReviewSecretaryData,
} from '../branch-commands.js';
import type {
  AnnualPlanAdopted,
  BranchRated,
  FindingResolved,
  FundsAllocated,
  FundsUsed,
  HealthCheckRecorded,
  LiaisonAssigned,
  PersonnelReviewRecorded,
  SecretaryReviewed,
} from '../branch-events.js';
import { active, refuseDuplicates, refuseOutsideLife } from '../branch-checks.js';
import type { BranchState } from '../branch-state.js';
import { evolveEstablished, isWeak, withEntry } from '../branch-state.js';

/**
 * The branch's other records: the annual plan (一表), ratings (评星定级), health checks (体检) and
 * their findings, the secretary's review (述职评议考核), liaison (联系指导), personnel reviews
 * (把好政治关、师德关) and activity funds (活动经费).
 */
export type RecordsCommand =
  | AdoptAnnualPlan
  | RateBranch
  | RecordHealthCheck
  | ResolveFinding
  | ReviewSecretary
  | AssignLiaison
  | RecordPersonnelReview
  | AllocateFunds
  | RecordFundsUse;
export type RecordsEvent =
  | AnnualPlanAdopted
  | BranchRated
  | HealthCheckRecorded
  | FindingResolved
  | SecretaryReviewed
  | LiaisonAssigned
  | PersonnelReviewRecorded
  | FundsAllocated
  | FundsUsed;

/** 一表: each month planned once. */
function adoptAnnualPlan(data: AdoptAnnualPlanData, state: BranchState): AnnualPlanAdopted[] {
  active(state, data.branchId);
  refuseDuplicates(data.months.map((m) => String(m.month)), 'a month is planned once');
  return [
    {
      type: 'AnnualPlanAdopted',
      data: {
        year: data.year,
        months: data.months.map(({ month, study, activity }) => ({ month, study, activity })),
      },
    },
  ];
}

/** 评星定级: RATING_CAPPED_BY_SCREENING. */
function rateBranch(data: RateBranchData, state: BranchState): BranchRated[] {
  const branch = active(state, data.branchId);
  const screening = branch.screenings.get(data.year);
  if (data.stars >= 3 && isWeak(screening)) {
    throw new RuleViolatedError(
      'RATING_CAPPED_BY_SCREENING',
      `the branch is screened ${screening?.outcome} for ${data.year}: at most 2 stars`,
    );
  }
  return [{ type: 'BranchRated', data: { year: data.year, stars: data.stars } }];
}

/** 体检: finding ids are the client's and unique within the branch. */
function recordHealthCheck(data: RecordHealthCheckData, state: BranchState): HealthCheckRecorded[] {
  const branch = active(state, data.branchId);
  for (const { findingId } of data.findings) {
    if (branch.findings.has(findingId)) throw new AlreadyExistsError(`finding ${findingId} is recorded already`);
  }
  refuseDuplicates(data.findings.map((f) => f.findingId), 'a finding is recorded once');
  refuseOutsideLife(branch, 'the health check', data.on, data.today);
  return [
    {
      type: 'HealthCheckRecorded',
      data: {
        year: data.year,
        on: data.on,
        findings: data.findings.map(({ findingId, area, description }) => ({ findingId, area, description })),
      },
    },
  ];
}

/** FINDING_ALREADY_RESOLVED */
function resolveFinding(data: ResolveFindingData, state: BranchState): FindingResolved[] {
  const branch = active(state, data.branchId);
  const finding = branch.findings.get(data.findingId);
  if (!finding) throw new NotFoundError('finding', data.findingId);
  if (finding.resolved) {
    throw new RuleViolatedError('FINDING_ALREADY_RESOLVED', `finding ${data.findingId} is resolved already`);
  }
  refuseOutsideLife(branch, 'the resolution', data.on, data.today);
  return [{ type: 'FindingResolved', data: { findingId: data.findingId, on: data.on, note: data.note } }];
}

function reviewSecretary(data: ReviewSecretaryData, state: BranchState): SecretaryReviewed[] {
  active(state, data.branchId);
  return [{ type: 'SecretaryReviewed', data: { year: data.year, grade: data.grade } }];
}

function assignLiaison(data: AssignLiaisonData, state: BranchState): LiaisonAssigned[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the liaison', data.on, data.today);
  return [{ type: 'LiaisonAssigned', data: { liaisonLeaderId: data.liaisonLeaderId, on: data.on } }];
}

function recordPersonnelReview(data: RecordPersonnelReviewData, state: BranchState): PersonnelReviewRecorded[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the personnel review', data.on, data.today);
  return [{ type: 'PersonnelReviewRecorded', data: { on: data.on, matter: data.matter, note: data.note ?? null } }];
}

function allocateFunds(data: AllocateFundsData, state: BranchState): FundsAllocated[] {
  active(state, data.branchId);
  return [{ type: 'FundsAllocated', data: { year: data.year, amountYuan: data.amountYuan } }];
}

function recordFundsUse(data: RecordFundsUseData, state: BranchState): FundsUsed[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the spending', data.on, data.today);
  return [
    { type: 'FundsUsed', data: { year: data.year, on: data.on, amountYuan: data.amountYuan, purpose: data.purpose } },
  ];
}

export function decideRecords(command: RecordsCommand, state: BranchState): RecordsEvent[] {
  switch (command.type) {
    case 'AdoptAnnualPlan':
      return adoptAnnualPlan(command.data, state);
    case 'RateBranch':
      return rateBranch(command.data, state);
    case 'RecordHealthCheck':
      return recordHealthCheck(command.data, state);
    case 'ResolveFinding':
      return resolveFinding(command.data, state);
    case 'ReviewSecretary':
      return reviewSecretary(command.data, state);
    case 'AssignLiaison':
      return assignLiaison(command.data, state);
    case 'RecordPersonnelReview':
      return recordPersonnelReview(command.data, state);
    case 'AllocateFunds':
      return allocateFunds(command.data, state);
    case 'RecordFundsUse':
      return recordFundsUse(command.data, state);
    default:
      return unreachable(command);
  }
}

/** Only health checks and their findings matter to later decisions; the other records are kept for reading. */
export function evolveRecords(state: BranchState, event: RecordsEvent): BranchState {
  switch (event.type) {
    case 'HealthCheckRecorded':
      return evolveEstablished(state, (branch) => {
        const findings = branch.findings.withMutations((recorded) => {
          for (const { findingId } of event.data.findings) recorded.set(findingId, { resolved: false });
        });
        return { ...branch, findings };
      });
    case 'FindingResolved':
      return evolveEstablished(state, (branch) =>
        branch.findings.has(event.data.findingId)
          ? { ...branch, findings: withEntry(branch.findings, event.data.findingId, { resolved: true }) }
          : branch,
      );
    case 'AnnualPlanAdopted':
    case 'BranchRated':
    case 'SecretaryReviewed':
    case 'LiaisonAssigned':
    case 'PersonnelReviewRecorded':
    case 'FundsAllocated':
    case 'FundsUsed':
      return state;
    default:
      return unreachable(event);
  }
}
