import { stateFrom } from '../../decider.js';
import { AlreadyExistsError, InvalidInputError, RuleViolatedError } from '../../domain-errors.js';
import type { BranchCommand } from '../branch-commands.js';
import type { EstablishedBranchState } from '../branch-decider.js';
import { branchDecider, memberCountOn } from '../branch-decider.js';
import {
  branchId,
  dissolved,
  established,
  establishedData,
  everyCommand,
  memberCount,
  spec,
  today,
} from '../branch-examples.js';

describe('branch decider: lifecycle', () => {
  describe('EstablishBranch', () => {
    const establish = (establishedOn = '2018-01-10'): BranchCommand => ({
      type: 'EstablishBranch',
      data: { ...establishedData, establishedOn, today },
    });

    it('establishes the branch (党支部成立)', () => {
      spec.given([]).when(establish()).then([established]);
    });

    it('refuses a branch that exists, dissolved or not', () => {
      spec.given([established]).when(establish()).thenThrows(AlreadyExistsError, /branch b1 exists already/);
      spec.given([established, dissolved]).when(establish()).thenThrows(AlreadyExistsError, /branch b1 exists already/);
    });

    it('refuses an establishment dated after today', () => {
      spec
        .given([])
        .when(establish('2018-07-01'))
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });

  describe('RenameBranch', () => {
    it('records the new name', () => {
      spec.given([established]).when(everyCommand.RenameBranch).then([{ type: 'BranchRenamed', data: { name: '新名称' } }]);
    });
  });

  describe('MoveBranch', () => {
    it('records the unit it leaves and the unit it joins', () => {
      spec
        .given([established])
        .when(everyCommand.MoveBranch)
        .then([{ type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-06-01' } }]);
    });

    it('moves on from the unit of the previous move', () => {
      spec
        .given([established, { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-03-01' } }])
        .when({ type: 'MoveBranch', data: { branchId, unitId: 'physics', on: '2018-06-01', today } })
        .then([{ type: 'BranchMoved', data: { fromUnitId: 'chemistry', toUnitId: 'physics', on: '2018-06-01' } }]);
    });

    it('keeps the university and the current unit in the state', () => {
      const state = stateFrom(branchDecider, [
        established,
        { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-03-01' } },
      ]);
      expect(state).toMatchObject({ status: 'ACTIVE', universityId: '10001', unitId: 'chemistry' });
    });

    it('refuses a move to the unit it is in', () => {
      spec
        .given([established])
        .when({ type: 'MoveBranch', data: { branchId, unitId: 'physics', on: '2018-06-01', today } })
        .thenThrows(InvalidInputError, /branch b1 is in unit physics already/);
    });
  });

  describe('DissolveBranch', () => {
    it('dissolves the branch (撤销) with mergedInto null', () => {
      spec
        .given([established])
        .when(everyCommand.DissolveBranch)
        .then([{ type: 'BranchDissolved', data: { on: '2018-06-01', reason: '撤销', mergedInto: null } }]);
    });

    it('merges it into another branch (合并)', () => {
      spec
        .given([established])
        .when({ type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '合并', mergedInto: 'b2', today } })
        .then([{ type: 'BranchDissolved', data: { on: '2018-06-01', reason: '合并', mergedInto: 'b2' } }]);
    });

    it('refuses merging a branch into itself', () => {
      spec
        .given([established])
        .when({ type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '合并', mergedInto: branchId, today } })
        .thenThrows(InvalidInputError, /cannot be merged into itself/);
    });
  });

  describe('ReportMemberCount', () => {
    it('records the member count (党员人数) as of a day', () => {
      spec
        .given([established])
        .when(everyCommand.ReportMemberCount)
        .then([{ type: 'MemberCountReported', data: { on: '2018-06-01', count: 13 } }]);
    });

    it('keeps the timeline: the latest report on or before a day, else the establishment count', () => {
      const state = stateFrom(branchDecider, [
        established,
        memberCount('2018-05-01', 6),
        memberCount('2018-03-01', 8),
        memberCount('2018-05-01', 9),
      ]) as EstablishedBranchState;
      expect(memberCountOn(state, '2018-02-28')).toBe(12);
      expect(memberCountOn(state, '2018-03-01')).toBe(8);
      expect(memberCountOn(state, '2018-04-30')).toBe(8);
      expect(memberCountOn(state, '2018-05-01')).toBe(9);
    });
  });
});
