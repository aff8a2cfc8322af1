import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../../database/src/throwaway-database.js';
import type { JsonObject } from '../../../event-store/src/event-store.port.js';
import { PostgresEventStore } from '../../../event-store/src/postgres-event-store.js';
import { baselinePublication } from '../../../policy/src/baseline-policy/baseline-2018-1.js';
import { POLICY_STREAM_ID, policyDecider } from '../../../policy/src/publishing-policy/policy-decider.js';
import { ALL_PROJECTIONS } from '../all-projections.js';
import { RECTIFICATION_LEDGER_READS, rectificationLedger } from '../rectification-ledger/ledger-query.js';
import { withAsOfView } from './as-of-view.js';

const established = (branchId: string, universityId: string, unitId = 'u1') => ({
  type: 'BranchEstablished',
  data: { branchId, universityId, unitId, name: `${branchId} 旧名`, kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 },
});
const opened = (caseId: string, deadline: string) => ({
  type: 'RectificationCaseOpened',
  data: {
    caseId, year: 2019, categories: ['OTHER'], problems: ['p'], causes: [], measures: ['m'], liaisonLeaderId: null,
    responsiblePersonId: 'p1', deadline, openedOn: '2019-02-01',
  },
});
const meeting = (meetingId: string) => ({
  type: 'MeetingHeld',
  data: {
    meetingId, kinds: ['COMMITTEE'], heldOn: '2019-03-01', place: null, expected: 9, present: 9, absentees: [], hostPersonId: null,
    recorderPersonId: null, topic: 't', resolutions: [],
  },
});

/** The ledger's as-of view replays only what the ledger reads; its answer is the full replay's. */
describe.each(backendsUnderTest())('an as-of ledger on %s', (backend) => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createThrowawayDatabase(backend);
    store = new PostgresEventStore(database.sql);
    const [published] = policyDecider.decide(baselinePublication('2018-01-17T16:00:00.000Z'), policyDecider.initialState());
    await store.append(POLICY_STREAM_ID, [{ type: published!.type, data: published!.data as unknown as JsonObject }], {
      metadata: { actor: 'system', universityId: null },
    });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('gives the same ledger from the ledger and organization structure events as from every projection', async () => {
    const mine = { actor: 'test', universityId: '10001' };
    await store.append('university-10001', [{ type: 'UniversityRegistered', data: { universityId: '10001', name: '北京大学' } }], { metadata: mine });
    await store.append('university-10001', [{ type: 'UnitRegistered', data: { universityId: '10001', unitId: 'u1', name: '数学学院' } }], { metadata: mine });
    await store.append('branch-A1', [established('A1', '10001'), meeting('m1'), { type: 'MemberCountReported', data: { on: '2019-01-01', count: 12 } }], { metadata: mine });
    await store.append('branch-A1', [opened('K1', '2019-12-01'), { type: 'RectificationStepRecorded', data: { caseId: 'K1', on: '2019-03-01', kind: 'PROGRESS_NOTE', note: null } }], { metadata: mine });
    await store.append('branch-A2', [established('A2', '10001'), opened('K2', '2019-06-01')], { metadata: mine });
    await store.append('branch-A2', [{ type: 'BranchRenamed', data: { name: 'A2 新名' } }], { metadata: mine });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const asOf = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Recorded after the instant: neither view may show it.
    await store.append('branch-A1', [{ type: 'RectificationAccepted', data: { caseId: 'K1', on: '2019-05-01', passed: true, score: null, acceptedBy: '组织部' } }], { metadata: mine });
    // Another university's case: outside the view.
    await store.append('branch-B1', [established('B1', '10002'), opened('K3', '2019-12-01')], { metadata: { actor: 'test', universityId: '10002' } });

    const ledgerOf = (projections: typeof ALL_PROJECTIONS) =>
      withAsOfView(database.sql, store, projections, { asOf, universityId: '10001' }, (tx, tables, versions) =>
        rectificationLedger(tx, tables, { year: 2019, scope: { universityId: '10001' }, today: '2019-07-01', versions }),
      );
    const full = await ledgerOf(ALL_PROJECTIONS);
    expect(full.entries.map((entry) => [entry.caseId, entry.branchName, entry.status])).toEqual([
      ['K1', 'A1 旧名', 'IN_PROGRESS'],
      ['K2', 'A2 新名', 'OVERDUE'],
    ]);
    expect(await ledgerOf(RECTIFICATION_LEDGER_READS)).toEqual(full);
  });
});
