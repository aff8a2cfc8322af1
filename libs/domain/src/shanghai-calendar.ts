/** Moved to `calendar/shanghai-calendar.ts`; this path stays while apps and scripts import it. */
export * from './calendar/shanghai-calendar.js';
