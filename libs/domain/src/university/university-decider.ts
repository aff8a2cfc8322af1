import type { Decider } from '../decider.js';
import { unreachable } from '../decider.js';
import { refuseFutureDate } from '../dated-facts.js';
import { AlreadyExistsError, NotFoundError } from '../domain-errors.js';
import type {
  RecordBranchWorkStudyData,
  RecordPartyMembersHomeData,
  RegisterUniversityData,
  RegisterUnitData,
  UniversityCommand,
} from './university-commands.js';
import type { UniversityEvent } from './university-events.js';

/** What decisions on a university need: whether it is registered, and its units' ids. */
export type UniversityState =
  | { registered: false }
  | { registered: true; universityId: string; unitIds: ReadonlySet<string> };

type RegisteredUniversity = Extract<UniversityState, { registered: true }>;

function registered(state: UniversityState, universityId: string): RegisteredUniversity {
  if (!state.registered) throw new NotFoundError('university', universityId);
  return state;
}

function requireUnit(state: RegisteredUniversity, unitId: string): void {
  if (!state.unitIds.has(unitId)) throw new NotFoundError('unit', unitId);
}

function registerUniversity(data: RegisterUniversityData, state: UniversityState): UniversityEvent[] {
  if (state.registered) throw new AlreadyExistsError(`university ${data.id} is already registered`);
  return [{ type: 'UniversityRegistered', data: { universityId: data.id, name: data.name } }];
}

function registerUnit(data: RegisterUnitData, state: UniversityState): UniversityEvent[] {
  const university = registered(state, data.universityId);
  if (university.unitIds.has(data.unitId)) {
    throw new AlreadyExistsError(`unit ${data.unitId} is already registered in university ${data.universityId}`);
  }
  return [{ type: 'UnitRegistered', data: { universityId: data.universityId, unitId: data.unitId, name: data.name } }];
}

/** 专题研究党支部工作 by the university committee or one of its unit committees. */
function recordBranchWorkStudy(data: RecordBranchWorkStudyData, state: UniversityState): UniversityEvent[] {
  const university = registered(state, data.universityId);
  const unitId = data.unitId ?? null;
  if (unitId !== null) requireUnit(university, unitId);
  refuseFutureDate('the study', data.on, data.today);
  return [
    { type: 'BranchWorkStudied', data: { universityId: data.universityId, unitId, on: data.on, topic: data.topic } },
  ];
}

/** 党员之家 built by a unit. */
function recordPartyMembersHome(data: RecordPartyMembersHomeData, state: UniversityState): UniversityEvent[] {
  const university = registered(state, data.universityId);
  requireUnit(university, data.unitId);
  refuseFutureDate("the party members' home", data.on, data.today);
  return [
    { type: 'PartyMembersHomeBuilt', data: { universityId: data.universityId, unitId: data.unitId, on: data.on } },
  ];
}

export const universityDecider: Decider<UniversityCommand, UniversityEvent, UniversityState> = {
  decide(command, state) {
    switch (command.type) {
      case 'RegisterUniversity':
        return registerUniversity(command.data, state);
      case 'RegisterUnit':
        return registerUnit(command.data, state);
      case 'RecordBranchWorkStudy':
        return recordBranchWorkStudy(command.data, state);
      case 'RecordPartyMembersHome':
        return recordPartyMembersHome(command.data, state);
      default:
        return unreachable(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'UniversityRegistered':
        return { registered: true, universityId: event.data.universityId, unitIds: new Set() };
      case 'UnitRegistered':
        if (!state.registered) return state;
        return { ...state, unitIds: new Set([...state.unitIds, event.data.unitId]) };
      case 'BranchWorkStudied':
      case 'PartyMembersHomeBuilt':
        return state;
      default:
        return unreachable(event);
    }
  },
  initialState: () => ({ registered: false }),
};
