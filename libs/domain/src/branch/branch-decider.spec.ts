import { NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type { BranchCommand } from './branch-commands.js';
import type { BranchEvent } from './branch-events.js';
import {
  accepted,
  caseOpened,
  datedCommands,
  dissolved,
  elected,
  established,
  everyCommand,
  healthChecked,
  meetingHeld,
  screened,
  spec,
  today,
} from './branch-examples.js';

/** The checks every command of the branch shares, whichever part of the aggregate decides it. */
describe('branch decider', () => {
  describe('every command', () => {
    it.each(Object.values(everyCommand).map((command) => [command.type, command] as const))(
      '%s on a branch never established is NOT_FOUND',
      (_, command) => {
        spec.given([]).when(command).thenThrows(NotFoundError, /branch b1/);
      },
    );

    it.each(Object.values(everyCommand).map((command) => [command.type, command] as const))(
      '%s on a dissolved branch is BRANCH_DISSOLVED',
      (_, command) => {
        spec
          .given([established, elected, meetingHeld, healthChecked, screened(2018, 'WEAK_LAX'), caseOpened(), dissolved])
          .when(command)
          .thenThrows(RuleViolatedError, 'BRANCH_DISSOLVED');
      },
    );

    it.each(datedCommands)('%s dated after today is DATE_IN_FUTURE', (_, command, given) => {
      spec
        .given([established, ...given])
        .when(command('2018-07-01'))
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });

    it.each(datedCommands)('%s dated before the establishment is BEFORE_ESTABLISHMENT', (_, command, given) => {
      spec
        .given([established, ...given])
        .when(command('2018-01-09'))
        .thenThrows(RuleViolatedError, 'BEFORE_ESTABLISHMENT');
    });

    it.each(datedCommands)('%s dated on the establishment day or today is recorded', (_, command, given, records) => {
      for (const on of ['2018-01-10', today]) {
        spec
          .given([established, ...given])
          .when(command(on))
          .then([records(on)]);
      }
    });
  });

  /** The sample commands above are valid, so the shared NOT_FOUND and BRANCH_DISSOLVED checks are the only reason they fail there. */
  describe('every sample command decided on an active branch', () => {
    const given = [
      established,
      elected,
      meetingHeld,
      healthChecked,
      screened(2018, 'WEAK_LAX'),
      caseOpened(),
      accepted(),
    ];
    /** Refused on that history for their own rules (meeting and case ids taken, a weak year's rating), tested beside them. */
    const undecidable = ['RecordMeeting', 'RateBranch', 'OpenRectificationCase', 'ReopenRectificationCase'] as const;
    type Decidable = Exclude<BranchCommand['type'], 'EstablishBranch' | (typeof undecidable)[number]>;
    const isDecidable = (command: BranchCommand): command is Extract<BranchCommand, { type: Decidable }> =>
      !(undecidable as readonly string[]).includes(command.type);
    const decidable = Object.values(everyCommand).filter(isDecidable);

    /** What each sample records on that history: the event's type and its full payload. */
    const recorded: { [T in Decidable]: BranchEvent } = {
      RenameBranch: { type: 'BranchRenamed', data: { name: '新名称' } },
      MoveBranch: { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-06-01' } },
      DissolveBranch: { type: 'BranchDissolved', data: { on: '2018-06-01', reason: '撤销', mergedInto: null } },
      ReportMemberCount: { type: 'MemberCountReported', data: { on: '2018-06-01', count: 13 } },
      HoldElection: elected,
      ReplaceSecretary: {
        type: 'SecretaryReplaced',
        data: {
          on: '2018-06-01',
          secretary: { personId: 'x', title: 'LECTURER', academicBackbone: false },
          previousSecretaryId: 'sec',
          reason: '调离',
        },
      },
      ChangeCommittee: { type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: ['x'], removeIds: [], reason: '补选' } },
      CorrectMeeting: {
        type: 'MeetingCorrected',
        data: { meetingId: 'mt1', reason: '人数录错', kinds: null, heldOn: null, expected: null, present: 9, topic: null },
      },
      RetractMeeting: { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复' } },
      AdoptAnnualPlan: { type: 'AnnualPlanAdopted', data: { year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] } },
      RecordHealthCheck: { type: 'HealthCheckRecorded', data: { year: 2018, on: '2018-06-01', findings: [] } },
      ResolveFinding: { type: 'FindingResolved', data: { findingId: 'f1', on: '2018-06-01', note: '整改' } },
      ReviewSecretary: { type: 'SecretaryReviewed', data: { year: 2018, grade: 'GOOD' } },
      ScreenBranch: { type: 'BranchScreened', data: { year: 2018, on: '2018-06-01', outcome: 'NORMAL', categories: [] } },
      RecordRectificationStep: {
        type: 'RectificationStepRecorded',
        data: { caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', note: null },
      },
      AcceptRectification: {
        type: 'RectificationAccepted',
        data: { caseId: 'c1', on: '2018-06-01', passed: true, score: null, acceptedBy: '校党委组织部', note: null },
      },
      CloseRectificationCase: { type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-06-20' } },
      AssignLiaison: { type: 'LiaisonAssigned', data: { liaisonLeaderId: 'leader', on: '2018-06-01' } },
      RecordPersonnelReview: { type: 'PersonnelReviewRecorded', data: { on: '2018-06-01', matter: 'PROMOTION', note: null } },
      AllocateFunds: { type: 'FundsAllocated', data: { year: 2018, amountYuan: 5000 } },
      RecordFundsUse: {
        type: 'FundsUsed',
        data: { year: 2018, on: '2018-06-01', amountYuan: 800, purpose: '购买学习资料' },
      },
    };

    it.each(decidable.map((command) => [command.type, command] as const))('%s records one event', (_, command) => {
      spec.given(given).when(command).then([recorded[command.type]]);
    });
  });
});
