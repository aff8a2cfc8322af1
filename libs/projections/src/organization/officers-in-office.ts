import type { JsonObject } from '../../../event-store/src/event-store.port.js';
import type { CommitteeChanged, ElectionHeld, SecretaryFacts, SecretaryReplaced } from '../../../domain/src/branch/branch-events.js';
type OfficerEvent = ElectionHeld | SecretaryReplaced | CommitteeChanged;

/** One stored officer change (换届选举 ElectionHeld, SecretaryReplaced, CommitteeChanged). */
export interface OfficerChange {
  position: number;
  effectiveOn: string;
  type: OfficerEvent['type'];
  /** The event's payload; a plain JSON object where a caller builds the change from an unnarrowed stored event (the audit trail). */
  data: OfficerEvent['data'] | JsonObject;
}

/** The domain event a change records: its type and payload were stored together, from that event. */
function eventOf(change: OfficerChange): OfficerEvent {
  return { type: change.type, data: change.data } as OfficerEvent;
}

export type OfficerRole = 'SECRETARY' | 'DEPUTY_SECRETARY' | 'COMMITTEE_MEMBER';

export interface OfficerInOffice {
  personId: string;
  role: OfficerRole;
  since: string;
  title: string | null;
  academicBackbone: boolean | null;
}

export interface OfficeOnDay {
  officers: OfficerInOffice[];
  secretary: OfficerInOffice | null;
  lastElection: { heldOn: string; termEndsOn: string } | null;
}

/**
 * Who is in office on `day`: the latest election on or before it, then the replacements and
 * committee changes after it up to that day, in date order (recording order within a day).
 */
export function officersOn(changes: readonly OfficerChange[], day: string): OfficeOnDay {
  const ordered = changes
    .filter((change) => change.effectiveOn <= day)
    .sort((a, b) => (a.effectiveOn === b.effectiveOn ? a.position - b.position : a.effectiveOn < b.effectiveOn ? -1 : 1));
  let officers = new Map<string, OfficerInOffice>();
  let lastElection: OfficeOnDay['lastElection'] = null;
  for (const change of ordered) {
    const event = eventOf(change);
    switch (event.type) {
      case 'ElectionHeld': {
        const { data } = event;
        officers = new Map();
        const on = change.effectiveOn;
        officers.set(data.secretary.personId, secretaryOf(data.secretary, on));
        for (const id of data.deputySecretaryIds ?? []) officers.set(id, member(id, 'DEPUTY_SECRETARY', on));
        for (const id of data.committeeMemberIds ?? []) officers.set(id, member(id, 'COMMITTEE_MEMBER', on));
        lastElection = { heldOn: on, termEndsOn: data.termEndsOn };
        break;
      }
      case 'SecretaryReplaced': {
        const { data } = event;
        for (const [id, officer] of officers) if (officer.role === 'SECRETARY') officers.delete(id);
        officers.delete(data.secretary.personId);
        officers.set(data.secretary.personId, secretaryOf(data.secretary, change.effectiveOn));
        break;
      }
      case 'CommitteeChanged': {
        const { data } = event;
        for (const id of data.removeIds ?? []) officers.delete(id);
        for (const id of data.addIds ?? []) {
          if (!officers.has(id)) officers.set(id, member(id, 'COMMITTEE_MEMBER', change.effectiveOn));
        }
        break;
      }
    }
  }
  const list = [...officers.values()];
  return { officers: list, secretary: list.find((officer) => officer.role === 'SECRETARY') ?? null, lastElection };
}

/** The latest election of all that are recorded (whatever the day asked). */
export function latestElection(changes: readonly OfficerChange[]): { heldOn: string; termEndsOn: string } | null {
  let latest: { heldOn: string; termEndsOn: string; position: number } | null = null;
  for (const change of changes) {
    const event = eventOf(change);
    if (event.type !== 'ElectionHeld') continue;
    if (!latest || change.effectiveOn > latest.heldOn || (change.effectiveOn === latest.heldOn && change.position > latest.position)) {
      latest = { heldOn: change.effectiveOn, termEndsOn: event.data.termEndsOn, position: change.position };
    }
  }
  return latest ? { heldOn: latest.heldOn, termEndsOn: latest.termEndsOn } : null;
}

function secretaryOf(secretary: SecretaryFacts, since: string): OfficerInOffice {
  return { personId: secretary.personId, role: 'SECRETARY', since, title: secretary.title, academicBackbone: secretary.academicBackbone };
}

function member(personId: string, role: OfficerRole, since: string): OfficerInOffice {
  return { personId, role, since, title: null, academicBackbone: null };
}
