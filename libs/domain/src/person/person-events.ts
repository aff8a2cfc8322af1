/** The stream of one person. */
export const personStreamId = (personId: string): string => `person-${personId}`;

/**
 * A person (secretary, officer, liaison leader, trainee) registered with their university. The
 * name lives in the person registry, never in an event, so erasing it leaves the history intact.
 */
export type PersonRegisteredData = {
  personId: string;
  universityId: string;
};

export type PersonRegistered = { type: 'PersonRegistered'; data: PersonRegisteredData };

/** Everything recorded on `person-<id>`. */
export type PersonEvent = PersonRegistered;

export type PersonEventType = PersonEvent['type'];

/** Every event type of the stream, e.g. for a projection's subscription. */
export const PERSON_EVENT_TYPES = ['PersonRegistered'] as const satisfies readonly PersonEventType[];
