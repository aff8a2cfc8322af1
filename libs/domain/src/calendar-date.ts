/** Moved to `calendar/calendar-date.ts`; this path stays while apps and scripts import it. */
export * from './calendar/calendar-date.js';
