import { unreachable } from '../../decider.js';
import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import type {
  AcceptRectification,
  AcceptRectificationData,
  CloseRectificationCase,
  CloseRectificationCaseData,
  OpenRectificationCase,
  OpenRectificationCaseData,
  RecordRectificationStep,
  RecordRectificationStepData,
  ReopenRectificationCase,
  ReopenRectificationCaseData,
  ScreenBranch,
  ScreenBranchData,
} from '../branch-commands.js';
import type {
  BranchScreened,
  RectificationAccepted,
  RectificationCaseClosed,
  RectificationCaseOpened,
  RectificationCaseReopened,
  RectificationStepRecorded,
} from '../branch-events.js';
import { active, refuseOutsideLife } from '../branch-checks.js';
import type { BranchState, EstablishedBranchState, RectificationCaseRecord } from '../branch-state.js';
import { evolveEstablished, isWeak, withEntry } from '../branch-state.js';

/**
 * Weak and lax branches (软弱涣散): the screening (排查) and the rectification ledger (整顿台账) —
 * a case opened (列入台账), its steps, its acceptance (验收), its closing (销账) and reopening (回头看).
 */
export type RectificationCommand =
  | ScreenBranch
  | OpenRectificationCase
  | RecordRectificationStep
  | AcceptRectification
  | CloseRectificationCase
  | ReopenRectificationCase;
export type RectificationEvent =
  | BranchScreened
  | RectificationCaseOpened
  | RectificationStepRecorded
  | RectificationAccepted
  | RectificationCaseClosed
  | RectificationCaseReopened;

function rectificationCase(branch: EstablishedBranchState, caseId: string): RectificationCaseRecord {
  const found = branch.cases.get(caseId);
  if (!found) throw new NotFoundError('case', caseId);
  return found;
}

/** CASE_CLOSED: nothing is recorded on a closed case. */
function refuseClosedCase(found: RectificationCaseRecord, caseId: string, what: string): void {
  if (found.closed) throw new RuleViolatedError('CASE_CLOSED', `case ${caseId} is closed: ${what} refused`);
}

/** ONE_OPEN_CASE_PER_BRANCH: at most one case of the branch is not closed at a time. */
function refuseAnotherOpenCase(branch: EstablishedBranchState, caseId: string): void {
  for (const [otherId, other] of branch.cases) {
    if (otherId !== caseId && !other.closed) {
      throw new RuleViolatedError('ONE_OPEN_CASE_PER_BRANCH', `case ${otherId} of the branch is not closed`);
    }
  }
}

/** 排查 */
function screenBranch(data: ScreenBranchData, state: BranchState): BranchScreened[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the screening', data.on, data.today);
  return [
    {
      type: 'BranchScreened',
      data: { year: data.year, on: data.on, outcome: data.outcome, categories: [...(data.categories ?? [])] },
    },
  ];
}

/** 列入台账: CASE_REQUIRES_WEAK_SCREENING, ONE_OPEN_CASE_PER_BRANCH; opened today. */
function openRectificationCase(data: OpenRectificationCaseData, state: BranchState): RectificationCaseOpened[] {
  const branch = active(state, data.branchId);
  if (branch.cases.has(data.caseId)) throw new AlreadyExistsError(`case ${data.caseId} exists already`);
  const screening = branch.screenings.get(data.year);
  if (!isWeak(screening)) {
    throw new RuleViolatedError(
      'CASE_REQUIRES_WEAK_SCREENING',
      screening
        ? `the branch is screened ${screening.outcome} for ${data.year}`
        : `the branch is not screened for ${data.year}`,
    );
  }
  refuseAnotherOpenCase(branch, data.caseId);
  return [
    {
      type: 'RectificationCaseOpened',
      data: {
        caseId: data.caseId,
        year: data.year,
        categories: [...data.categories],
        problems: [...data.problems],
        causes: [...(data.causes ?? [])],
        measures: [...data.measures],
        liaisonLeaderId: data.liaisonLeaderId ?? null,
        responsiblePersonId: data.responsiblePersonId ?? null,
        deadline: data.deadline,
        openedOn: data.today,
      },
    },
  ];
}

function recordRectificationStep(data: RecordRectificationStepData, state: BranchState): RectificationStepRecorded[] {
  const branch = active(state, data.branchId);
  refuseClosedCase(rectificationCase(branch, data.caseId), data.caseId, 'a step');
  refuseOutsideLife(branch, 'the step', data.on, data.today);
  return [
    {
      type: 'RectificationStepRecorded',
      data: { caseId: data.caseId, on: data.on, kind: data.kind, note: data.note ?? null },
    },
  ];
}

/** 验收 */
function acceptRectification(data: AcceptRectificationData, state: BranchState): RectificationAccepted[] {
  const branch = active(state, data.branchId);
  refuseClosedCase(rectificationCase(branch, data.caseId), data.caseId, 'an acceptance');
  refuseOutsideLife(branch, 'the acceptance', data.on, data.today);
  return [
    {
      type: 'RectificationAccepted',
      data: {
        caseId: data.caseId,
        on: data.on,
        passed: data.passed,
        score: data.score ?? null,
        acceptedBy: data.acceptedBy,
        note: data.note ?? null,
      },
    },
  ];
}

/** 销账 (整顿一个销账一个): CLOSE_REQUIRES_PASSED_ACCEPTANCE since opened or last reopened. */
function closeRectificationCase(data: CloseRectificationCaseData, state: BranchState): RectificationCaseClosed[] {
  const branch = active(state, data.branchId);
  const found = rectificationCase(branch, data.caseId);
  refuseClosedCase(found, data.caseId, 'closing');
  if (!found.passedAcceptanceSinceOpened) {
    throw new RuleViolatedError(
      'CLOSE_REQUIRES_PASSED_ACCEPTANCE',
      `case ${data.caseId} has no passed acceptance since it was opened or last reopened`,
    );
  }
  refuseOutsideLife(branch, 'the closing', data.on, data.today);
  return [{ type: 'RectificationCaseClosed', data: { caseId: data.caseId, on: data.on } }];
}

/** 回头看: REOPEN_REQUIRES_CLOSED_CASE, and the reopened case is the branch's one open case. */
function reopenRectificationCase(data: ReopenRectificationCaseData, state: BranchState): RectificationCaseReopened[] {
  const branch = active(state, data.branchId);
  const found = rectificationCase(branch, data.caseId);
  if (!found.closed) {
    throw new RuleViolatedError('REOPEN_REQUIRES_CLOSED_CASE', `case ${data.caseId} is not closed`);
  }
  refuseAnotherOpenCase(branch, data.caseId);
  refuseOutsideLife(branch, 'the reopening', data.on, data.today);
  return [{ type: 'RectificationCaseReopened', data: { caseId: data.caseId, on: data.on, reason: data.reason } }];
}

export function decideRectification(command: RectificationCommand, state: BranchState): RectificationEvent[] {
  switch (command.type) {
    case 'ScreenBranch':
      return screenBranch(command.data, state);
    case 'OpenRectificationCase':
      return openRectificationCase(command.data, state);
    case 'RecordRectificationStep':
      return recordRectificationStep(command.data, state);
    case 'AcceptRectification':
      return acceptRectification(command.data, state);
    case 'CloseRectificationCase':
      return closeRectificationCase(command.data, state);
    case 'ReopenRectificationCase':
      return reopenRectificationCase(command.data, state);
    default:
      return unreachable(command);
  }
}

function updateCase(
  branch: EstablishedBranchState,
  caseId: string,
  change: (found: RectificationCaseRecord) => RectificationCaseRecord,
): EstablishedBranchState {
  const found = branch.cases.get(caseId);
  return found ? { ...branch, cases: withEntry(branch.cases, caseId, change(found)) } : branch;
}

export function evolveRectification(state: BranchState, event: RectificationEvent): BranchState {
  switch (event.type) {
    case 'BranchScreened':
      return evolveEstablished(state, (branch) => {
        const inForce = branch.screenings.get(event.data.year);
        if (inForce && inForce.on > event.data.on) return branch;
        return {
          ...branch,
          screenings: withEntry(branch.screenings, event.data.year, { on: event.data.on, outcome: event.data.outcome }),
        };
      });
    case 'RectificationCaseOpened':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        cases: withEntry(branch.cases, event.data.caseId, { closed: false, passedAcceptanceSinceOpened: false }),
      }));
    case 'RectificationAccepted':
      return evolveEstablished(state, (branch) =>
        event.data.passed
          ? updateCase(branch, event.data.caseId, (found) => ({ ...found, passedAcceptanceSinceOpened: true }))
          : branch,
      );
    case 'RectificationCaseClosed':
      return evolveEstablished(state, (branch) =>
        updateCase(branch, event.data.caseId, (found) => ({ ...found, closed: true })),
      );
    case 'RectificationCaseReopened':
      return evolveEstablished(state, (branch) =>
        updateCase(branch, event.data.caseId, () => ({ closed: false, passedAcceptanceSinceOpened: false })),
      );
    case 'RectificationStepRecorded':
      return state;
    default:
      return unreachable(event);
  }
}
