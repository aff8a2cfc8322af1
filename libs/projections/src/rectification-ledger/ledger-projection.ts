import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { insertRows, updateRows } from '../projection-engine/bulk-writes.js';
import type {
  RectificationAccepted,
  RectificationCaseClosed,
  RectificationCaseOpened,
  RectificationCaseReopened,
  RectificationStepRecorded,
} from '../../../domain/src/branch/branch-events.js';
import { unhandled, type Projection, type RecordedEvent, type TableNames } from '../projection-engine/projection.js';

type Tables = 'ledger_cases';
type LedgerEvent = RectificationCaseOpened | RectificationStepRecorded | RectificationAccepted | RectificationCaseClosed | RectificationCaseReopened;

/** One dated fact in a case's life, in recording order; statuses are derived from them per deciding day. */
export type CaseHistoryItem =
  | { kind: 'STEP'; on: string; step: string; note: string | null }
  | { kind: 'ACCEPTANCE'; on: string; passed: boolean; score: number | null; acceptedBy: string }
  | { kind: 'CLOSED'; on: string }
  | { kind: 'REOPENED'; on: string };

/** 整顿台账: each rectification case with its plan (一支一策) and its history. */
export const ledgerProjection: Projection<Tables, LedgerEvent> = {
  name: 'rectification-ledger',
  codeVersion: 1,
  readsPolicy: false,
  eventTypes: [
    'RectificationCaseOpened',
    'RectificationStepRecorded',
    'RectificationAccepted',
    'RectificationCaseClosed',
    'RectificationCaseReopened',
  ],
  tables: ['ledger_cases'],

  async createTables(sql: SqlExecutor, t: TableNames<Tables>) {
    await sql.exec(`
      CREATE TABLE ${t.ledger_cases} (
        branch_id text NOT NULL, case_id text NOT NULL, university_id text NOT NULL, year integer NOT NULL,
        categories text[] NOT NULL, problems jsonb NOT NULL, causes jsonb NOT NULL, measures jsonb NOT NULL,
        liaison_leader_id text, responsible_person_id text, deadline date NOT NULL, opened_on date NOT NULL,
        history jsonb NOT NULL DEFAULT '[]', position bigint NOT NULL,
        PRIMARY KEY (branch_id, case_id));
    `);
  },

  async createIndexes(sql: SqlExecutor, t: TableNames<Tables>) {
    // The ledger is read by year, within a university.
    await sql.exec(`CREATE INDEX ${t.ledger_cases}_by_year ON ${t.ledger_cases} (university_id, year)`);
  },

  async apply(sql, events, t) {
    const opened = new Map<string, { history: CaseHistoryItem[]; [column: string]: unknown }>();
    const appended = new Map<string, { branch_id: string; case_id: string; items: CaseHistoryItem[] }>();
    for (const event of events) {
      const branchId = event.streamId.slice('branch-'.length);
      const key = `${branchId}\u0000${event.data.caseId}`;
      if (event.type === 'RectificationCaseOpened') {
        const { data } = event;
        opened.set(key, {
          branch_id: branchId, case_id: data.caseId, university_id: event.universityId ?? '', year: data.year,
          categories: data.categories, problems: data.problems, causes: data.causes ?? [], measures: data.measures,
          liaison_leader_id: data.liaisonLeaderId ?? null, responsible_person_id: data.responsiblePersonId ?? null,
          deadline: data.deadline, opened_on: data.openedOn, history: [], position: Number(event.globalPosition),
        });
        continue;
      }
      const item = historyItemOf(event);
      const fresh = opened.get(key);
      if (fresh) fresh.history.push(item);
      else {
        const pending = appended.get(key) ?? { branch_id: branchId, case_id: String(event.data.caseId), items: [] as CaseHistoryItem[] };
        pending.items.push(item);
        appended.set(key, pending);
      }
    }
    await insertRows(
      sql,
      t.ledger_cases,
      {
        branch_id: 'text', case_id: 'text', university_id: 'text', year: 'integer', categories: 'text[]', problems: 'jsonb',
        causes: 'jsonb', measures: 'jsonb', liaison_leader_id: 'text', responsible_person_id: 'text', deadline: 'date',
        opened_on: 'date', history: 'jsonb', position: 'bigint',
      },
      [...opened.values()],
      'ON CONFLICT DO NOTHING',
    );
    await updateRows(
      sql,
      t.ledger_cases,
      { branch_id: 'text', case_id: 'text', items: 'jsonb' },
      [...appended.values()],
      'history = t.history || r.items',
      't.branch_id = r.branch_id AND t.case_id = r.case_id',
    );
  },
};

/** The dated fact an event adds to its case's history. */
function historyItemOf(event: Exclude<RecordedEvent<LedgerEvent>, { type: 'RectificationCaseOpened' }>): CaseHistoryItem {
  switch (event.type) {
    case 'RectificationStepRecorded':
      return { kind: 'STEP', on: event.data.on, step: event.data.kind, note: event.data.note ?? null };
    case 'RectificationAccepted':
      return { kind: 'ACCEPTANCE', on: event.data.on, passed: event.data.passed, score: event.data.score ?? null, acceptedBy: event.data.acceptedBy };
    case 'RectificationCaseClosed':
      return { kind: 'CLOSED', on: event.data.on };
    case 'RectificationCaseReopened':
      return { kind: 'REOPENED', on: event.data.on };
    default:
      return unhandled(event);
  }
}
