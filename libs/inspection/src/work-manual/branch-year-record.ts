import type { BranchEvent } from '../../../domain/src/branch/branch-events.js';
import { officersOn, type OfficerChange, type OfficerInOffice } from '../../../projections/src/organization/officers-in-office.js';

/** A meeting as the manual records it: corrections applied, retracted ones left out. */
export interface ManualMeeting {
  meetingId: string;
  heldOn: string;
  kinds: string[];
  topic: string;
  expected: number;
  present: number;
  hostPersonId: string | null;
  recorderPersonId: string | null;
}

export interface ManualCase {
  caseId: string;
  openedOn: string;
  categories: string[];
  problems: string[];
  measures: string[];
  liaisonLeaderId: string | null;
  responsiblePersonId: string | null;
  deadline: string;
  /** Steps, acceptance, closing and reopening in the order recorded. */
  steps: { on: string; what: string; kind: string; note: string | null }[];
}

/**
 * What the paper 《党支部工作手册》 records for one branch and one year, folded from the branch's
 * own events: its elections and officers, the meetings month by month, the organizational life
 * meetings and appraisal, the rectification cases. Person ids only; names come from the registry.
 */
export interface BranchYearRecord {
  branchId: string;
  year: number;
  name: string;
  universityId: string;
  unitId: string;
  kind: string;
  elections: { heldOn: string; termEndsOn: string; secretaryId: string; deputySecretaryIds: string[]; committeeMemberIds: string[] }[];
  officerChanges: { on: string; what: 'SECRETARY_REPLACED' | 'COMMITTEE_CHANGED'; personIds: string[]; reason: string }[];
  /** Officers in office on the year's last day. */
  officersAtYearEnd: OfficerInOffice[];
  /** Month 1–12 → the meetings held in it, in date order. */
  meetingsByMonth: Map<number, ManualMeeting[]>;
  cases: ManualCase[];
  plan: { month: number; study: string; activity: string }[];
}

export class BranchNotEstablishedError extends Error {
  override readonly name = 'BranchNotEstablishedError';
}

/** Folds a branch's events (as stored, in version order) into what its manual records for `year`. */
export function branchYearRecord(branchId: string, year: number, events: readonly (BranchEvent & { position: number })[]): BranchYearRecord {
  const inYear = (day: string) => day.startsWith(`${year}-`);
  let identity: Pick<BranchYearRecord, 'name' | 'universityId' | 'unitId' | 'kind'> | undefined;
  const elections: BranchYearRecord['elections'] = [];
  const officerChanges: BranchYearRecord['officerChanges'] = [];
  const changes: OfficerChange[] = [];
  const meetings = new Map<string, ManualMeeting>();
  const cases = new Map<string, ManualCase>();
  let plan: BranchYearRecord['plan'] = [];

  for (const event of events) {
    switch (event.type) {
      case 'BranchEstablished':
        identity = { name: event.data.name, universityId: event.data.universityId, unitId: event.data.unitId, kind: event.data.kind };
        break;
      case 'BranchRenamed':
        if (identity) identity = { ...identity, name: event.data.name };
        break;
      case 'BranchMoved':
        if (identity) identity = { ...identity, unitId: event.data.toUnitId };
        break;
      case 'ElectionHeld':
        changes.push({ position: event.position, effectiveOn: event.data.heldOn, type: event.type, data: event.data });
        if (inYear(event.data.heldOn)) {
          elections.push({
            heldOn: event.data.heldOn,
            termEndsOn: event.data.termEndsOn,
            secretaryId: event.data.secretary.personId,
            deputySecretaryIds: event.data.deputySecretaryIds,
            committeeMemberIds: event.data.committeeMemberIds,
          });
        }
        break;
      case 'SecretaryReplaced':
        changes.push({ position: event.position, effectiveOn: event.data.on, type: event.type, data: event.data });
        if (inYear(event.data.on)) {
          officerChanges.push({ on: event.data.on, what: 'SECRETARY_REPLACED', personIds: [event.data.secretary.personId], reason: event.data.reason });
        }
        break;
      case 'CommitteeChanged':
        changes.push({ position: event.position, effectiveOn: event.data.on, type: event.type, data: event.data });
        if (inYear(event.data.on)) {
          officerChanges.push({ on: event.data.on, what: 'COMMITTEE_CHANGED', personIds: event.data.addIds, reason: event.data.reason });
        }
        break;
      case 'MeetingHeld':
        meetings.set(event.data.meetingId, {
          meetingId: event.data.meetingId,
          heldOn: event.data.heldOn,
          kinds: event.data.kinds,
          topic: event.data.topic,
          expected: event.data.expected,
          present: event.data.present,
          hostPersonId: event.data.hostPersonId,
          recorderPersonId: event.data.recorderPersonId,
        });
        break;
      case 'MeetingCorrected': {
        const meeting = meetings.get(event.data.meetingId);
        if (meeting) {
          meetings.set(meeting.meetingId, {
            ...meeting,
            kinds: event.data.kinds ?? meeting.kinds,
            heldOn: event.data.heldOn ?? meeting.heldOn,
            expected: event.data.expected ?? meeting.expected,
            present: event.data.present ?? meeting.present,
            topic: event.data.topic ?? meeting.topic,
          });
        }
        break;
      }
      case 'MeetingRetracted':
        meetings.delete(event.data.meetingId);
        break;
      case 'AnnualPlanAdopted':
        if (event.data.year === year) plan = event.data.months;
        break;
      case 'RectificationCaseOpened':
        if (event.data.year === year) {
          cases.set(event.data.caseId, {
            caseId: event.data.caseId,
            openedOn: event.data.openedOn,
            categories: event.data.categories,
            problems: event.data.problems,
            measures: event.data.measures,
            liaisonLeaderId: event.data.liaisonLeaderId,
            responsiblePersonId: event.data.responsiblePersonId,
            deadline: event.data.deadline,
            steps: [],
          });
        }
        break;
      case 'RectificationStepRecorded':
        cases.get(event.data.caseId)?.steps.push({ on: event.data.on, what: 'STEP', kind: event.data.kind, note: event.data.note });
        break;
      case 'RectificationAccepted':
        cases.get(event.data.caseId)?.steps.push({
          on: event.data.on,
          what: event.data.passed ? 'ACCEPTED' : 'NOT_ACCEPTED',
          kind: event.data.acceptedBy,
          note: event.data.score === null ? event.data.note : `${event.data.score}分${event.data.note ? ` ${event.data.note}` : ''}`,
        });
        break;
      case 'RectificationCaseClosed':
        cases.get(event.data.caseId)?.steps.push({ on: event.data.on, what: 'CLOSED', kind: '', note: null });
        break;
      case 'RectificationCaseReopened':
        cases.get(event.data.caseId)?.steps.push({ on: event.data.on, what: 'REOPENED', kind: '', note: event.data.reason });
        break;
      case 'BranchDissolved':
      case 'MemberCountReported':
      case 'PersonnelReviewRecorded':
      case 'LiaisonAssigned':
      case 'FundsAllocated':
      case 'FundsUsed':
      case 'BranchRated':
      case 'HealthCheckRecorded':
      case 'FindingResolved':
      case 'SecretaryReviewed':
      case 'BranchScreened':
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`no manual entry for ${(unexpected as { type: string }).type}`);
      }
    }
  }
  if (!identity) throw new BranchNotEstablishedError(`branch ${branchId} is not established`);

  const meetingsByMonth = new Map<number, ManualMeeting[]>();
  for (const meeting of [...meetings.values()].filter((held) => inYear(held.heldOn)).sort((a, b) => (a.heldOn < b.heldOn ? -1 : a.heldOn > b.heldOn ? 1 : 0))) {
    const month = Number(meeting.heldOn.slice(5, 7));
    meetingsByMonth.set(month, [...(meetingsByMonth.get(month) ?? []), meeting]);
  }
  return {
    branchId,
    year,
    ...identity,
    elections,
    officerChanges,
    officersAtYearEnd: officersOn(changes, `${year}-12-31`).officers,
    meetingsByMonth,
    cases: [...cases.values()],
    plan,
  };
}

/** Every person id the manual names (for one registry lookup). */
export function personIdsOf(record: BranchYearRecord): string[] {
  return [
    ...record.elections.flatMap((election) => [election.secretaryId, ...election.deputySecretaryIds, ...election.committeeMemberIds]),
    ...record.officerChanges.flatMap((change) => change.personIds),
    ...record.officersAtYearEnd.map((officer) => officer.personId),
    ...[...record.meetingsByMonth.values()].flat().flatMap((meeting) => [meeting.hostPersonId, meeting.recorderPersonId].filter((id): id is string => id !== null)),
    ...record.cases.flatMap((found) => [found.liaisonLeaderId, found.responsiblePersonId].filter((id): id is string => id !== null)),
  ];
}
