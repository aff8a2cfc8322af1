import type { BranchEvent } from './branch/branch-events.js';
import { BRANCH_EVENT_TYPES } from './branch/branch-events.js';
import type { PersonEvent } from './person/person-events.js';
import { PERSON_EVENT_TYPES } from './person/person-events.js';
import type { TrainingSessionEvent } from './training-session/training-session-events.js';
import { TRAINING_SESSION_EVENT_TYPES } from './training-session/training-session-events.js';
import type { UniversityEvent } from './university/university-events.js';
import { UNIVERSITY_EVENT_TYPES } from './university/university-events.js';

/*
 * Compile-time guards: every payload is plain JSON (no Date, no undefined, no optional field), so
 * it can be appended as is and hashes the same everywhere; every event type is listed.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonPayloads<E extends { data: { [key: string]: Json } }> = E;
type Listed<All extends string, List extends readonly string[]> = [Exclude<All, List[number]>] extends [never]
  ? true
  : { missing: Exclude<All, List[number]> };

const payloadsAreJson: [
  JsonPayloads<UniversityEvent>,
  JsonPayloads<BranchEvent>,
  JsonPayloads<TrainingSessionEvent>,
  JsonPayloads<PersonEvent>,
] | null = null;
const everyTypeListed: [
  Listed<UniversityEvent['type'], typeof UNIVERSITY_EVENT_TYPES>,
  Listed<BranchEvent['type'], typeof BRANCH_EVENT_TYPES>,
  Listed<TrainingSessionEvent['type'], typeof TRAINING_SESSION_EVENT_TYPES>,
  Listed<PersonEvent['type'], typeof PERSON_EVENT_TYPES>,
] = [true, true, true, true];

describe('event payloads', () => {
  it('are JSON and every event type is listed once', () => {
    expect(payloadsAreJson).toBeNull();
    expect(everyTypeListed).toEqual([true, true, true, true]);
    for (const list of [UNIVERSITY_EVENT_TYPES, BRANCH_EVENT_TYPES, TRAINING_SESSION_EVENT_TYPES, PERSON_EVENT_TYPES]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });
});
