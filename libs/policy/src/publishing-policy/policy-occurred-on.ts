import type { CalendarDate } from '../../../domain/src/calendar/calendar-date.js';
import { unreachable } from '../../../domain/src/decider.js';
import type { DomainEvent } from '../../../domain/src/domain-event.js';
import { occurredOn } from '../../../domain/src/occurred-on.js';
import type { PolicyEvent } from './policy-decider.js';

/**
 * The day a policy event occurred on; null: when it was recorded. A version is published when it
 * is recorded (`publishedAt` is that instant); `effectiveFrom` says from when it applies, which is
 * not when anything happened.
 */
export function policyEventOccurredOn(event: PolicyEvent): CalendarDate | null {
  switch (event.type) {
    case 'PolicyVersionPublished':
      return null;
    default:
      return unreachable(event.type);
  }
}

/** Every event the service records: the domain's and the policy's. */
export type RecordedEvent = DomainEvent | PolicyEvent;

/** The day any recorded event occurred on (see `occurredOn`); null: when it was recorded. */
export function recordedEventOccurredOn(event: RecordedEvent): CalendarDate | null {
  return event.type === 'PolicyVersionPublished' ? policyEventOccurredOn(event) : occurredOn(event);
}
