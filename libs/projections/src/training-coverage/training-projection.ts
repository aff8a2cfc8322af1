import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { insertRows } from '../projection-engine/bulk-writes.js';
import type { TrainingSessionEvent } from '../../../domain/src/training-session/training-session-events.js';
import { unhandled, type Projection, type TableNames } from '../projection-engine/projection.js';

type Tables = 'training_sessions' | 'training_attendance';

/** 轮训: the sessions held and who attended each one (a person counts once per session). */
export const trainingProjection: Projection<Tables, TrainingSessionEvent> = {
  name: 'training',
  codeVersion: 1,
  readsPolicy: false,
  eventTypes: ['TrainingSessionHeld', 'TrainingAttendanceRecorded'],
  tables: ['training_sessions', 'training_attendance'],

  async createTables(sql: SqlExecutor, t: TableNames<Tables>) {
    await sql.exec(`
      CREATE TABLE ${t.training_sessions} (
        session_id text PRIMARY KEY, organizer text NOT NULL, university_id text, unit_id text, title text NOT NULL,
        starts_on date NOT NULL, ends_on date NOT NULL, hours numeric NOT NULL);
      CREATE TABLE ${t.training_attendance} (
        session_id text NOT NULL, person_id text NOT NULL, branch_id text NOT NULL, role text NOT NULL, ends_on date NOT NULL,
        PRIMARY KEY (session_id, person_id));
    `);
  },

  async createIndexes(sql: SqlExecutor, t: TableNames<Tables>) {
    // Coverage asks, for a set of people, which sessions each attended that ended within a year.
    await sql.exec(`CREATE INDEX ${t.training_attendance}_by_person ON ${t.training_attendance} (person_id, ends_on)`);
  },

  async apply(sql, events, t) {
    const sessions: Record<string, unknown>[] = [];
    const attendance: Record<string, unknown>[] = [];
    for (const event of events) {
      const sessionId = event.streamId.slice('training-session-'.length);
      switch (event.type) {
        case 'TrainingSessionHeld': {
          const { data } = event;
          sessions.push({
            session_id: sessionId, organizer: data.organizer, university_id: data.universityId ?? null, unit_id: data.unitId ?? null,
            title: data.title, starts_on: data.startsOn, ends_on: data.endsOn, hours: data.hours,
          });
          break;
        }
        case 'TrainingAttendanceRecorded':
          for (const attendee of event.data.attendees) {
            attendance.push({ session_id: sessionId, person_id: attendee.personId, branch_id: attendee.branchId, role: attendee.role });
          }
          break;
        default:
          unhandled(event);
      }
    }
    await insertRows(
      sql,
      t.training_sessions,
      { session_id: 'text', organizer: 'text', university_id: 'text', unit_id: 'text', title: 'text', starts_on: 'date', ends_on: 'date', hours: 'numeric' },
      sessions,
      'ON CONFLICT DO NOTHING',
    );
    if (attendance.length === 0) return;
    // A session always precedes its attendance in the log, so its end day is already stored.
    await sql.query(
      `INSERT INTO ${t.training_attendance} (session_id, person_id, branch_id, role, ends_on)
       SELECT a.session_id, a.person_id, a.branch_id, a.role, s.ends_on
       FROM jsonb_to_recordset($1::jsonb) AS a(session_id text, person_id text, branch_id text, role text)
       JOIN ${t.training_sessions} s ON s.session_id = a.session_id
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(attendance)],
    );
  },
};
