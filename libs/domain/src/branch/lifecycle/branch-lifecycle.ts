import { unreachable } from '../../decider.js';
import { refuseFutureDate } from '../../dated-facts.js';
import { AlreadyExistsError, InvalidInputError } from '../../domain-errors.js';
import type {
  DissolveBranch,
  DissolveBranchData,
  EstablishBranch,
  EstablishBranchData,
  MoveBranch,
  MoveBranchData,
  RenameBranch,
  RenameBranchData,
  ReportMemberCount,
  ReportMemberCountData,
} from '../branch-commands.js';
import type {
  BranchDissolved,
  BranchEstablished,
  BranchMoved,
  BranchRenamed,
  MemberCountReported,
} from '../branch-events.js';
import { active, refuseOutsideLife } from '../branch-checks.js';
import type { BranchState } from '../branch-state.js';
import { evolveEstablished, noRecords } from '../branch-state.js';

/** The branch's life: established (党支部成立), renamed, moved, dissolved or merged (撤销/合并), and its 党员人数. */
export type LifecycleCommand = EstablishBranch | RenameBranch | MoveBranch | DissolveBranch | ReportMemberCount;
export type LifecycleEvent = BranchEstablished | BranchRenamed | BranchMoved | BranchDissolved | MemberCountReported;

/** 党支部成立 */
function establishBranch(data: EstablishBranchData, state: BranchState): BranchEstablished[] {
  if (state.status !== 'NOT_ESTABLISHED') throw new AlreadyExistsError(`branch ${data.branchId} exists already`);
  refuseFutureDate('the establishment', data.establishedOn, data.today);
  return [
    {
      type: 'BranchEstablished',
      data: {
        branchId: data.branchId,
        universityId: data.universityId,
        unitId: data.unitId,
        name: data.name,
        kind: data.kind,
        establishedOn: data.establishedOn,
        memberCount: data.memberCount,
      },
    },
  ];
}

function renameBranch(data: RenameBranchData, state: BranchState): BranchRenamed[] {
  active(state, data.branchId);
  return [{ type: 'BranchRenamed', data: { name: data.name } }];
}

function moveBranch(data: MoveBranchData, state: BranchState): BranchMoved[] {
  const branch = active(state, data.branchId);
  if (data.unitId === branch.unitId) throw new InvalidInputError(`branch ${data.branchId} is in unit ${data.unitId} already`);
  refuseOutsideLife(branch, 'the move', data.on, data.today);
  return [{ type: 'BranchMoved', data: { fromUnitId: branch.unitId, toUnitId: data.unitId, on: data.on } }];
}

/** 撤销/合并: whether `mergedInto` exists and is active is the application's check. */
function dissolveBranch(data: DissolveBranchData, state: BranchState): BranchDissolved[] {
  const branch = active(state, data.branchId);
  const mergedInto = data.mergedInto ?? null;
  if (mergedInto === data.branchId) throw new InvalidInputError('a branch cannot be merged into itself');
  refuseOutsideLife(branch, 'the dissolution', data.on, data.today);
  return [{ type: 'BranchDissolved', data: { on: data.on, reason: data.reason, mergedInto } }];
}

function reportMemberCount(data: ReportMemberCountData, state: BranchState): MemberCountReported[] {
  const branch = active(state, data.branchId);
  refuseOutsideLife(branch, 'the member count', data.on, data.today);
  return [{ type: 'MemberCountReported', data: { on: data.on, count: data.count } }];
}

export function decideLifecycle(command: LifecycleCommand, state: BranchState): LifecycleEvent[] {
  switch (command.type) {
    case 'EstablishBranch':
      return establishBranch(command.data, state);
    case 'RenameBranch':
      return renameBranch(command.data, state);
    case 'MoveBranch':
      return moveBranch(command.data, state);
    case 'DissolveBranch':
      return dissolveBranch(command.data, state);
    case 'ReportMemberCount':
      return reportMemberCount(command.data, state);
    default:
      return unreachable(command);
  }
}

export function evolveLifecycle(state: BranchState, event: LifecycleEvent): BranchState {
  switch (event.type) {
    case 'BranchEstablished':
      return {
        status: 'ACTIVE',
        universityId: event.data.universityId,
        unitId: event.data.unitId,
        establishedOn: event.data.establishedOn,
        establishmentMemberCount: event.data.memberCount,
        memberCountReports: [],
        officers: { secretaryId: null, deputySecretaryIds: [], committeeMemberIds: [] },
        meetings: noRecords(),
        cases: noRecords(),
        findings: noRecords(),
        screenings: noRecords(),
      };
    case 'BranchMoved':
      return evolveEstablished(state, (branch) => ({ ...branch, unitId: event.data.toUnitId }));
    case 'BranchDissolved':
      return evolveEstablished(state, (branch) => ({ ...branch, status: 'DISSOLVED' }));
    case 'MemberCountReported':
      return evolveEstablished(state, (branch) => ({
        ...branch,
        memberCountReports: [...branch.memberCountReports, { on: event.data.on, count: event.data.count }],
      }));
    case 'BranchRenamed':
      return state;
    default:
      return unreachable(event);
  }
}
