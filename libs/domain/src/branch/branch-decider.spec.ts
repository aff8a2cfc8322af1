import { NotFoundError, RuleViolatedError } from '../domain-errors.js';
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

    it.each(datedCommands)('%s dated on the establishment day or today is recorded', (_, command, given) => {
      for (const on of ['2018-01-10', today]) {
        spec
          .given([established, ...given])
          .when(command(on))
          .thenEvents((events) => expect(events).toHaveLength(1));
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
    const decidable = Object.values(everyCommand).filter(
      (command) => !['RecordMeeting', 'RateBranch', 'OpenRectificationCase', 'ReopenRectificationCase'].includes(command.type),
    );

    it.each(decidable.map((command) => [command.type, command] as const))('%s records one event', (_, command) => {
      spec.given(given).when(command).thenEvents((events) => expect(events).toHaveLength(1));
    });
  });
});
