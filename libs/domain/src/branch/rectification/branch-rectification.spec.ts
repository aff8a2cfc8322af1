import { AlreadyExistsError, NotFoundError, RuleViolatedError } from '../../domain-errors.js';
import type { BranchEvent } from '../branch-events.js';
import {
  accepted,
  branchId,
  caseClosed,
  caseData,
  caseOpened,
  caseReopened,
  closeCase,
  elected,
  established,
  everyCommand,
  officersOf,
  openCase,
  reopenCase,
  screened,
  spec,
  today,
} from '../branch-examples.js';

describe('branch decider: rectification', () => {
  describe('ScreenBranch (排查)', () => {
    it('records the outcome, absent categories as empty', () => {
      spec.given([established]).when(everyCommand.ScreenBranch).then([
        { type: 'BranchScreened', data: { year: 2018, on: '2018-06-01', outcome: 'NORMAL', categories: [] } },
      ]);
      spec
        .given([established])
        .when({
          type: 'ScreenBranch',
          data: { branchId, year: 2018, on: '2018-04-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'], today },
        })
        .then([screened(2018, 'WEAK_LAX')]);
    });
  });

  describe('OpenRectificationCase (列入台账)', () => {
    const weak = [established, screened(2018, 'WEAK_LAX')];

    it('opens a case today with its plan (一支一策)', () => {
      spec.given(weak).when(openCase()).then([caseOpened()]);
      spec.given([established, screened(2018, 'LAGGING')]).when(openCase()).then([caseOpened()]);
    });

    it('records absent optional fields as null or empty', () => {
      spec
        .given(weak)
        .when(openCase({ causes: undefined, liaisonLeaderId: null, responsiblePersonId: undefined }))
        .then([{ type: 'RectificationCaseOpened', data: { ...caseData, causes: [], liaisonLeaderId: null, responsiblePersonId: null } }]);
    });

    it('refuses a case id already used', () => {
      spec.given([...weak, caseOpened()]).when(openCase()).thenThrows(AlreadyExistsError, /case c1 exists already/);
      spec.given([...weak, caseOpened(), accepted(), caseClosed()]).when(openCase()).thenThrows(AlreadyExistsError, /case c1 exists already/);
    });

    it('refuses a branch not screened weak for the year (CASE_REQUIRES_WEAK_SCREENING)', () => {
      spec.given([established]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec.given([established, screened(2018, 'NORMAL')]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec.given([established, screened(2017, 'WEAK_LAX')]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-03-01'), screened(2018, 'NORMAL', '2018-04-01')])
        .when(openCase())
        .thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
    });

    it('refuses a second case while one is not closed (ONE_OPEN_CASE_PER_BRANCH)', () => {
      spec
        .given([...weak, caseOpened(), screened(2019, 'WEAK_LAX', '2018-06-01')])
        .when(openCase({ caseId: 'c2', year: 2019 }))
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
      spec
        .given([...weak, caseOpened(), accepted(), caseClosed(), caseReopened()])
        .when(openCase({ caseId: 'c2' }))
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
    });

    it('opens another case once the previous one is closed', () => {
      spec
        .given([...weak, caseOpened(), accepted(), caseClosed()])
        .when(openCase({ caseId: 'c2', today }))
        .then([{ type: 'RectificationCaseOpened', data: { ...caseData, caseId: 'c2', openedOn: today } }]);
    });
  });

  describe('RecordRectificationStep', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('records a step on an open case', () => {
      spec.given(open).when(everyCommand.RecordRectificationStep).then([
        { type: 'RectificationStepRecorded', data: { caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', note: null } },
      ]);
    });

    it('treats a SECRETARY_REPLACED step as a note: officers stay', () => {
      const step: BranchEvent = {
        type: 'RectificationStepRecorded',
        data: { caseId: 'c1', on: '2018-06-01', kind: 'SECRETARY_REPLACED', note: '选优配强' },
      };
      expect(officersOf([...open, elected, step])).toEqual(officersOf([...open, elected]));
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(everyCommand.RecordRectificationStep).thenThrows(NotFoundError, /case c1/);
    });

    it('refuses a closed case (CASE_CLOSED)', () => {
      spec
        .given([...open, accepted(), caseClosed()])
        .when(everyCommand.RecordRectificationStep)
        .thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });

    it('records steps on a reopened case', () => {
      spec
        .given([...open, accepted(), caseClosed(), caseReopened()])
        .when(everyCommand.RecordRectificationStep)
        .then([
          { type: 'RectificationStepRecorded', data: { caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', note: null } },
        ]);
    });
  });

  describe('AcceptRectification (验收)', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('records a passed or failed acceptance', () => {
      spec.given(open).when(everyCommand.AcceptRectification).then([
        { type: 'RectificationAccepted', data: { caseId: 'c1', on: '2018-06-01', passed: true, score: null, acceptedBy: '校党委组织部', note: null } },
      ]);
      spec
        .given(open)
        .when({
          type: 'AcceptRectification',
          data: { branchId, caseId: 'c1', on: '2018-06-01', passed: false, score: 58.5, acceptedBy: '校党委组织部', note: '未达标', today },
        })
        .then([
          { type: 'RectificationAccepted', data: { caseId: 'c1', on: '2018-06-01', passed: false, score: 58.5, acceptedBy: '校党委组织部', note: '未达标' } },
        ]);
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(everyCommand.AcceptRectification).thenThrows(NotFoundError, /case c1/);
    });

    it('refuses a closed case (CASE_CLOSED)', () => {
      spec
        .given([...open, accepted(), caseClosed()])
        .when(everyCommand.AcceptRectification)
        .thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });
  });

  describe('CloseRectificationCase (销账)', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('closes a case after a passed acceptance', () => {
      spec.given([...open, accepted()]).when(closeCase()).then([
        { type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-06-20' } },
      ]);
    });

    it('closes a case whose passed acceptance was followed by a failed one', () => {
      spec.given([...open, accepted(), accepted('c1', false)]).when(closeCase()).then([{ type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-06-20' } }]);
    });

    it('refuses closing without a passed acceptance (CLOSE_REQUIRES_PASSED_ACCEPTANCE)', () => {
      spec.given(open).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
      spec.given([...open, accepted('c1', false)]).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
    });

    it('needs a new passed acceptance after a reopening', () => {
      const reopened = [...open, accepted(), caseClosed(), caseReopened()];
      spec.given(reopened).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
      spec.given([...reopened, accepted()]).when(closeCase()).then([{ type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-06-20' } }]);
    });

    it('ignores an acceptance of another case', () => {
      spec
        .given([...open, accepted(), caseClosed(), screened(2018, 'LAGGING', '2018-05-20'), caseOpened('c2')])
        .when(closeCase('c2'))
        .thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
    });

    it('refuses closing a closed case (CASE_CLOSED)', () => {
      spec.given([...open, accepted(), caseClosed()]).when(closeCase()).thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(closeCase()).thenThrows(NotFoundError, /case c1/);
    });
  });

  describe('ReopenRectificationCase (回头看)', () => {
    const closed = [established, screened(2018, 'WEAK_LAX'), caseOpened(), accepted(), caseClosed()];

    it('reopens a closed case', () => {
      spec.given(closed).when(reopenCase()).then([
        { type: 'RectificationCaseReopened', data: { caseId: 'c1', on: '2018-06-25', reason: '回头看' } },
      ]);
    });

    it('refuses a case that is not closed (REOPEN_REQUIRES_CLOSED_CASE)', () => {
      spec
        .given([established, screened(2018, 'WEAK_LAX'), caseOpened()])
        .when(reopenCase())
        .thenThrows(RuleViolatedError, 'REOPEN_REQUIRES_CLOSED_CASE');
      spec.given([...closed, caseReopened()]).when(reopenCase()).thenThrows(RuleViolatedError, 'REOPEN_REQUIRES_CLOSED_CASE');
    });

    it('refuses reopening while another case is open (ONE_OPEN_CASE_PER_BRANCH)', () => {
      spec
        .given([...closed, caseOpened('c2')])
        .when(reopenCase())
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(reopenCase()).thenThrows(NotFoundError, /case c1/);
    });
  });
});
