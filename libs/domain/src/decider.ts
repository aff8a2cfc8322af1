/**
 * The decider pattern: an aggregate is three pure functions over its own events.
 * `decide` answers a command with the events it records (or throws a DomainError);
 * `evolve` folds one event into the state; `initialState` is the state of an empty stream.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/** Folds a stream's events into the decider's state. */
export function stateFrom<Command, Event, State>(decider: Decider<Command, Event, State>, events: readonly Event[]): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}

/** For `switch` exhaustiveness: compiling fails when a union member is not handled. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
