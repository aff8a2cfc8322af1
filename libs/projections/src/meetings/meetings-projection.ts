import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { insertRows, updateRows } from '../projection-engine/bulk-writes.js';
import type { MeetingCorrected, MeetingHeld, MeetingRetracted } from '../../../domain/src/branch/branch-events.js';
import { unhandled, type Projection, type RecordedEvent, type TableNames } from '../projection-engine/projection.js';

type Tables = 'meetings';
type MeetingEvent = MeetingHeld | MeetingCorrected | MeetingRetracted;

type MeetingRow = {
  branch_id: string;
  meeting_id: string;
  held_on?: string | null;
  kinds?: string[] | null;
  retracted?: boolean | null;
  position?: number;
};

/**
 * Meetings as they stand after corrections (a corrected meeting counts as corrected) and
 * retractions (a retracted one counts for nothing): the facts behind the meeting rules.
 */
export const meetingsProjection: Projection<Tables, MeetingEvent> = {
  name: 'meetings',
  // 2: no second index; the primary key serves the by-branch reads and rebuilds insert faster.
  codeVersion: 2,
  readsPolicy: false,
  eventTypes: ['MeetingHeld', 'MeetingCorrected', 'MeetingRetracted'],
  tables: ['meetings'],

  async createTables(sql: SqlExecutor, t: TableNames<Tables>) {
    await sql.exec(`
      CREATE TABLE ${t.meetings} (
        branch_id text NOT NULL, meeting_id text NOT NULL, held_on date NOT NULL, kinds text[] NOT NULL,
        retracted boolean NOT NULL DEFAULT false, position bigint NOT NULL,
        PRIMARY KEY (branch_id, meeting_id));
    `);
  },

  async apply(sql, events, t) {
    const held = new Map<string, MeetingRow>();
    const changes = new Map<string, MeetingRow>();
    for (const event of events) {
      const branchId = event.streamId.slice('branch-'.length);
      const key = `${branchId}\u0000${event.data.meetingId}`;
      const change = meetingChange(event, branchId);
      if (event.type === 'MeetingHeld') {
        held.set(key, change);
        continue;
      }
      const target = held.get(key);
      if (target) {
        mergeChange(target, change);
      } else {
        changes.set(key, mergeChange(changes.get(key) ?? { branch_id: branchId, meeting_id: event.data.meetingId }, change));
      }
    }
    await insertRows(
      sql,
      t.meetings,
      { branch_id: 'text', meeting_id: 'text', held_on: 'date', kinds: 'text[]', retracted: 'boolean', position: 'bigint' },
      [...held.values()],
      'ON CONFLICT DO NOTHING',
    );
    await updateRows(
      sql,
      t.meetings,
      { branch_id: 'text', meeting_id: 'text', held_on: 'date', kinds: 'text[]', retracted: 'boolean' },
      [...changes.values()],
      `held_on = COALESCE(r.held_on, t.held_on), kinds = COALESCE(r.kinds, t.kinds), retracted = COALESCE(r.retracted, t.retracted)`,
      't.branch_id = r.branch_id AND t.meeting_id = r.meeting_id',
    );
  },
};

/** What an event says of its meeting: the whole record, a correction of some fields, or a retraction. */
function meetingChange(event: RecordedEvent<MeetingEvent>, branchId: string): MeetingRow {
  switch (event.type) {
    case 'MeetingHeld':
      return { branch_id: branchId, meeting_id: event.data.meetingId, held_on: event.data.heldOn, kinds: event.data.kinds, retracted: false, position: Number(event.globalPosition) };
    case 'MeetingCorrected':
      return { branch_id: branchId, meeting_id: event.data.meetingId, held_on: event.data.heldOn ?? null, kinds: event.data.kinds ?? null };
    case 'MeetingRetracted':
      return { branch_id: branchId, meeting_id: event.data.meetingId, retracted: true };
    default:
      return unhandled(event);
  }
}

function mergeChange(target: MeetingRow, change: MeetingRow): MeetingRow {
  if (change.held_on) target.held_on = change.held_on;
  if (change.kinds) target.kinds = change.kinds;
  if (change.retracted) target.retracted = true;
  return target;
}
