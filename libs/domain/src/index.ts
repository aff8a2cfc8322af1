/** The pure domain: per aggregate its events, commands, state and decider. No framework, no I/O. */
export * from './decider.js';
export * from './domain-errors.js';
export * from './calendar/calendar-date.js';
export * from './calendar/instants.js';
export * from './calendar/shanghai-calendar.js';
export * from './vocabulary.js';
export * from './domain-event.js';
export * from './occurred-on.js';

export * from './university/university-events.js';
export * from './university/university-commands.js';
export * from './university/university-decider.js';

export * from './branch/branch-events.js';
export * from './branch/branch-commands.js';
export * from './branch/branch-decider.js';

export * from './training-session/training-session-events.js';
export * from './training-session/training-session-commands.js';
export * from './training-session/training-session-decider.js';

export * from './person/person-events.js';
export * from './person/person-commands.js';
export * from './person/person-decider.js';
