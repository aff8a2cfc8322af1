import type { Decider } from './decider.js';
import { stateFrom } from './decider.js';

/**
 * Given events / when command / then events or error, in the manner of Emmett's
 * DeciderSpecification:
 *
 *   spec.given([established]).when(holdElection).then([electionHeld]);
 *   spec.given([dissolved]).when(recordMeeting).thenThrows(RuleViolatedError, 'BRANCH_DISSOLVED');
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
            thenThrows(errorType: abstract new (...args: never[]) => Error, ruleOrMessage?: string | RegExp): void {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorType);
              if (typeof ruleOrMessage === 'string' && thrown && typeof thrown === 'object' && 'rule' in thrown) {
                expect((thrown as { rule: string }).rule).toBe(ruleOrMessage);
              } else if (ruleOrMessage !== undefined) {
                expect((thrown as Error).message).toMatch(ruleOrMessage);
              }
            },
          };
        },
      };
    },
  };
}
