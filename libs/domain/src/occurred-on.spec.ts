import type { CalendarDate } from './calendar/calendar-date.js';
import type { DomainEvent, DomainEventType } from './domain-event.js';
import { DOMAIN_EVENT_TYPES } from './domain-event.js';
import { occurredOn } from './occurred-on.js';

type Example<T extends DomainEventType> = { event: Extract<DomainEvent, { type: T }>; occurredOn: CalendarDate | null };

/** One event of every type with the day it occurred on (the type map makes a new event type need its example). */
const examples: { [T in DomainEventType]: Example<T> } = {
  UniversityRegistered: {
    event: { type: 'UniversityRegistered', data: { universityId: '10001', name: '北京大学' } },
    occurredOn: null,
  },
  UnitRegistered: {
    event: { type: 'UnitRegistered', data: { universityId: '10001', unitId: 'physics', name: '物理学院党委' } },
    occurredOn: null,
  },
  BranchWorkStudied: {
    event: { type: 'BranchWorkStudied', data: { universityId: '10001', unitId: null, on: '2018-03-01', topic: '支部建设' } },
    occurredOn: '2018-03-01',
  },
  PartyMembersHomeBuilt: {
    event: { type: 'PartyMembersHomeBuilt', data: { universityId: '10001', unitId: 'physics', on: '2018-03-02' } },
    occurredOn: '2018-03-02',
  },
  BranchEstablished: {
    event: {
      type: 'BranchEstablished',
      data: { branchId: 'b1', universityId: '10001', unitId: 'physics', name: '教工第一党支部', kind: 'TEACHER', establishedOn: '2018-01-10', memberCount: 12 },
    },
    occurredOn: '2018-01-10',
  },
  BranchRenamed: { event: { type: 'BranchRenamed', data: { name: '新名称' } }, occurredOn: null },
  BranchMoved: {
    event: { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-02-01' } },
    occurredOn: '2018-02-01',
  },
  BranchDissolved: {
    event: { type: 'BranchDissolved', data: { on: '2018-02-02', reason: '撤销', mergedInto: null } },
    occurredOn: '2018-02-02',
  },
  MemberCountReported: { event: { type: 'MemberCountReported', data: { on: '2018-02-03', count: 13 } }, occurredOn: '2018-02-03' },
  ElectionHeld: {
    event: {
      type: 'ElectionHeld',
      data: {
        heldOn: '2018-03-01',
        termYears: 3,
        termEndsOn: '2021-03-01',
        secretary: { personId: 'sec', title: 'PROFESSOR', academicBackbone: true },
        deputySecretaryIds: [],
        committeeMemberIds: [],
        approvedOn: '2018-03-10',
      },
    },
    occurredOn: '2018-03-01',
  },
  SecretaryReplaced: {
    event: {
      type: 'SecretaryReplaced',
      data: { on: '2018-03-02', secretary: { personId: 'new', title: 'OTHER', academicBackbone: false }, previousSecretaryId: 'sec', reason: '调离' },
    },
    occurredOn: '2018-03-02',
  },
  CommitteeChanged: {
    event: { type: 'CommitteeChanged', data: { on: '2018-03-03', addIds: ['n1'], removeIds: [], reason: '补选' } },
    occurredOn: '2018-03-03',
  },
  MeetingHeld: {
    event: {
      type: 'MeetingHeld',
      data: {
        meetingId: 'mt1',
        kinds: ['THEMED_PARTY_DAY'],
        heldOn: '2018-05-20',
        place: null,
        expected: 12,
        present: 10,
        absentees: [],
        hostPersonId: null,
        recorderPersonId: null,
        topic: '学习党章',
        resolutions: [],
      },
    },
    occurredOn: '2018-05-20',
  },
  MeetingCorrected: {
    event: {
      type: 'MeetingCorrected',
      data: { meetingId: 'mt1', reason: '日期录错', kinds: null, heldOn: '2018-05-19', expected: null, present: null, topic: null },
    },
    occurredOn: null,
  },
  MeetingRetracted: { event: { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复录入' } }, occurredOn: null },
  AnnualPlanAdopted: {
    event: { type: 'AnnualPlanAdopted', data: { year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] } },
    occurredOn: null,
  },
  PersonnelReviewRecorded: {
    event: { type: 'PersonnelReviewRecorded', data: { on: '2018-04-01', matter: 'HIRING', note: null } },
    occurredOn: '2018-04-01',
  },
  LiaisonAssigned: { event: { type: 'LiaisonAssigned', data: { liaisonLeaderId: 'leader', on: '2018-04-02' } }, occurredOn: '2018-04-02' },
  FundsAllocated: { event: { type: 'FundsAllocated', data: { year: 2018, amountYuan: 5000 } }, occurredOn: null },
  FundsUsed: {
    event: { type: 'FundsUsed', data: { year: 2018, on: '2018-04-03', amountYuan: 800, purpose: '购买学习资料' } },
    occurredOn: '2018-04-03',
  },
  BranchRated: { event: { type: 'BranchRated', data: { year: 2018, stars: 4 } }, occurredOn: null },
  HealthCheckRecorded: {
    event: { type: 'HealthCheckRecorded', data: { year: 2018, on: '2018-04-20', findings: [{ findingId: 'f1', area: 'VENUE', description: '缺少活动场所' }] } },
    occurredOn: '2018-04-20',
  },
  FindingResolved: { event: { type: 'FindingResolved', data: { findingId: 'f1', on: '2018-04-21', note: '整改' } }, occurredOn: '2018-04-21' },
  SecretaryReviewed: { event: { type: 'SecretaryReviewed', data: { year: 2018, grade: 'GOOD' } }, occurredOn: null },
  BranchScreened: {
    event: { type: 'BranchScreened', data: { year: 2018, on: '2018-04-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'] } },
    occurredOn: '2018-04-01',
  },
  RectificationCaseOpened: {
    event: {
      type: 'RectificationCaseOpened',
      data: {
        caseId: 'c1',
        year: 2018,
        categories: ['RULES_ON_PAPER_ONLY'],
        problems: ['三会一课不规范'],
        causes: [],
        measures: ['建立月度提醒'],
        liaisonLeaderId: null,
        responsiblePersonId: null,
        deadline: '2018-12-31',
        openedOn: '2018-04-10',
      },
    },
    occurredOn: null,
  },
  RectificationStepRecorded: {
    event: { type: 'RectificationStepRecorded', data: { caseId: 'c1', on: '2018-04-11', kind: 'TRAINING', note: null } },
    occurredOn: '2018-04-11',
  },
  RectificationAccepted: {
    event: {
      type: 'RectificationAccepted',
      data: { caseId: 'c1', on: '2018-05-10', passed: true, score: 92, acceptedBy: '校党委组织部', note: null },
    },
    occurredOn: '2018-05-10',
  },
  RectificationCaseClosed: { event: { type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-05-15' } }, occurredOn: '2018-05-15' },
  RectificationCaseReopened: {
    event: { type: 'RectificationCaseReopened', data: { caseId: 'c1', on: '2018-06-01', reason: '回头看' } },
    occurredOn: '2018-06-01',
  },
  TrainingSessionHeld: {
    event: {
      type: 'TrainingSessionHeld',
      data: { sessionId: 's1', organizer: 'UNIVERSITY', universityId: '10001', unitId: null, title: '集中轮训', startsOn: '2018-07-10', endsOn: '2018-07-12', hours: 24 },
    },
    occurredOn: '2018-07-10',
  },
  TrainingAttendanceRecorded: {
    event: { type: 'TrainingAttendanceRecorded', data: { attendees: [{ personId: 'p1', branchId: 'b1', role: 'SECRETARY' }] } },
    occurredOn: null,
  },
  PersonRegistered: { event: { type: 'PersonRegistered', data: { personId: 'p1', universityId: '10001' } }, occurredOn: null },
};

/** How the command recorder guessed the day before events said it themselves: the first day-valued field of these. */
function guessedFromFieldNames(data: object): CalendarDate | null {
  const fields = data as Record<string, unknown>;
  for (const field of ['heldOn', 'on', 'establishedOn', 'startsOn']) {
    const value = fields[field];
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  }
  return null;
}

const everyExample = DOMAIN_EVENT_TYPES.map((type) => [type, examples[type]] as const);

describe('the day an event occurred on', () => {
  it.each(everyExample)('%s', (_, example) => {
    expect(occurredOn(example.event)).toBe(example.occurredOn);
  });

  it('is the guess the recorder made from field names for every event but a meeting correction', () => {
    for (const [type, { event }] of everyExample) {
      if (type === 'MeetingCorrected') continue;
      expect({ type, day: occurredOn(event) }).toEqual({ type, day: guessedFromFieldNames(event.data) });
    }
  });

  it('dates a meeting correction when it is recorded, not on the meeting day it corrects (the guess took heldOn)', () => {
    const { event } = examples.MeetingCorrected;
    expect(guessedFromFieldNames(event.data)).toBe('2018-05-19');
    expect(occurredOn(event)).toBeNull();
    expect(occurredOn({ ...event, data: { ...event.data, heldOn: null, present: 9 } })).toBeNull();
  });

  it('covers every event type once', () => {
    expect(new Set(DOMAIN_EVENT_TYPES).size).toBe(DOMAIN_EVENT_TYPES.length);
    expect(Object.keys(examples).sort()).toEqual([...DOMAIN_EVENT_TYPES].sort());
  });
});
