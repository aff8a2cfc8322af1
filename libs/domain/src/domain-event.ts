import type { BranchEvent } from './branch/branch-events.js';
import { BRANCH_EVENT_TYPES } from './branch/branch-events.js';
import type { PersonEvent } from './person/person-events.js';
import { PERSON_EVENT_TYPES } from './person/person-events.js';
import type { TrainingSessionEvent } from './training-session/training-session-events.js';
import { TRAINING_SESSION_EVENT_TYPES } from './training-session/training-session-events.js';
import type { UniversityEvent } from './university/university-events.js';
import { UNIVERSITY_EVENT_TYPES } from './university/university-events.js';

/**
 * Everything the domain records, on any of its streams (`university-`, `branch-`,
 * `training-session-`, `person-`). Policy versions are the policy library's (`PolicyEvent`).
 */
export type DomainEvent = UniversityEvent | BranchEvent | TrainingSessionEvent | PersonEvent;

export type DomainEventType = DomainEvent['type'];

/** Every domain event type, stream by stream. */
export const DOMAIN_EVENT_TYPES = [
  ...UNIVERSITY_EVENT_TYPES,
  ...BRANCH_EVENT_TYPES,
  ...TRAINING_SESSION_EVENT_TYPES,
  ...PERSON_EVENT_TYPES,
] as const satisfies readonly DomainEventType[];
