import type { Decider } from './decider.js';
import { stateFrom } from './decider.js';

/**
 * Why a refusal must be the one expected, not just of the right class: a string names the rule of a
 * RuleViolatedError (for another error, a fragment of its message); a RegExp matches the message;
 * the object form asks for both the rule and a message fragment.
 */
export type ExpectedRefusal = string | RegExp | { rule: string; message?: RegExp } | { message: RegExp };

/**
 * Given events / when command / then events or error, in the manner of Emmett's
 * DeciderSpecification:
 *
 *   spec.given([established]).when(holdElection).then([electionHeld]);
 *   spec.given([dissolved]).when(recordMeeting).thenThrows(RuleViolatedError, 'BRANCH_DISSOLVED');
 *   spec.given([]).when(hold(data)).thenThrows(InvalidInputError, /ends before it starts/);
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, stateFrom(decider, events));
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            /** Asserts on the recorded events with a callback, for events carrying generated values. */
            thenEvents(assert: (events: Event[]) => void): void {
              assert(run());
            },
            /** The command is refused with `errorType` for the reason expected (required: a class alone proves little). */
            thenThrows(errorType: abstract new (...args: never[]) => Error, why: ExpectedRefusal): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              const error = thrown as Error & { rule?: unknown };
              if (typeof why === 'string') {
                if ('rule' in error) expect(error.rule).toBe(why);
                else expect(error.message).toContain(why);
              } else if (why instanceof RegExp) {
                expect(error.message).toMatch(why);
              } else {
                if ('rule' in why) expect(error.rule).toBe(why.rule);
                if (why.message !== undefined) expect(error.message).toMatch(why.message);
              }
            },
          };
        },
      };
    },
  };
}
