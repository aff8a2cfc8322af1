import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { StoredEvent } from '../../../event-store/src/event-store.port.js';
import type {
  BranchDissolved,
  BranchEstablished,
  BranchMoved,
  BranchRenamed,
  CommitteeChanged,
  ElectionHeld,
  MemberCountReported,
  SecretaryReplaced,
} from '../../../domain/src/branch/branch-events.js';
import type { UnitRegistered, UniversityRegistered } from '../../../domain/src/university/university-events.js';
import { insertRows, updateRows } from '../projection-engine/bulk-writes.js';
import { unhandled, type Projection, type TableNames } from '../projection-engine/projection.js';

type Tables = 'universities' | 'units' | 'branches' | 'member_counts' | 'officer_events';

/** Officer changes (换届选举, 调整, 补选): folded by date at query time into who was in office on a day. */
export const OFFICER_EVENT_TYPES = ['ElectionHeld', 'SecretaryReplaced', 'CommitteeChanged'] as const;

type OrganizationEvent =
  | UniversityRegistered
  | UnitRegistered
  | BranchEstablished
  | BranchRenamed
  | BranchMoved
  | BranchDissolved
  | MemberCountReported
  | ElectionHeld
  | SecretaryReplaced
  | CommitteeChanged;

/** What makes the organization's universities, units and branches (not member counts nor officers). */
export const ORGANIZATION_STRUCTURE_EVENT_TYPES = [
  'UniversityRegistered',
  'UnitRegistered',
  'BranchEstablished',
  'BranchRenamed',
  'BranchMoved',
  'BranchDissolved',
] as const satisfies readonly OrganizationEvent['type'][];

const EVENT_TYPES = [
  ...ORGANIZATION_STRUCTURE_EVENT_TYPES,
  'MemberCountReported',
  ...OFFICER_EVENT_TYPES,
] as const satisfies readonly OrganizationEvent['type'][];

const branchIdOf = (event: Pick<StoredEvent, 'streamId'>) => event.streamId.slice('branch-'.length);

type BranchPatch = {
  branch_id?: string;
  name?: string;
  unit_id?: string;
  dissolved_on?: string;
  merged_into?: string | null;
};

/**
 * Universities, units and branches (their lifecycle, member counts and officer changes): the
 * organization every other read model is scoped by.
 */
export const organizationProjection: Projection<Tables, OrganizationEvent> = {
  name: 'organization',
  codeVersion: 1,
  readsPolicy: false,
  eventTypes: EVENT_TYPES,
  tables: ['universities', 'units', 'branches', 'member_counts', 'officer_events'],

  async createTables(sql: SqlExecutor, t: TableNames<Tables>) {
    await sql.exec(`
      CREATE TABLE ${t.universities} (university_id text PRIMARY KEY, name text NOT NULL, position bigint NOT NULL);
      CREATE TABLE ${t.units} (
        university_id text NOT NULL, unit_id text NOT NULL, name text NOT NULL, position bigint NOT NULL,
        PRIMARY KEY (university_id, unit_id));
      CREATE TABLE ${t.branches} (
        branch_id text PRIMARY KEY, university_id text NOT NULL, unit_id text NOT NULL, name text NOT NULL,
        kind text NOT NULL, established_on date NOT NULL, establishment_member_count integer NOT NULL,
        dissolved_on date, merged_into text, position bigint NOT NULL);
      CREATE TABLE ${t.member_counts} (branch_id text NOT NULL, reported_on date NOT NULL, count integer NOT NULL, position bigint NOT NULL,
        PRIMARY KEY (branch_id, position));
      CREATE TABLE ${t.officer_events} (branch_id text NOT NULL, position bigint NOT NULL, effective_on date NOT NULL, type text NOT NULL,
        data jsonb NOT NULL, PRIMARY KEY (branch_id, position));
    `);
  },

  async createIndexes(sql: SqlExecutor, t: TableNames<Tables>) {
    // Lists and scope checks walk a university's or a unit's branches in id order.
    await sql.exec(`CREATE INDEX ${t.branches}_scope ON ${t.branches} (university_id, unit_id, branch_id)`);
  },

  async apply(sql, events, t) {
    const universities: Record<string, unknown>[] = [];
    const units: Record<string, unknown>[] = [];
    const branches = new Map<string, Record<string, unknown>>();
    const patches = new Map<string, BranchPatch>();
    const memberCounts: Record<string, unknown>[] = [];
    const officerEvents: Record<string, unknown>[] = [];
    for (const event of events) {
      const position = Number(event.globalPosition);
      switch (event.type) {
        case 'UniversityRegistered':
          universities.push({ university_id: event.data.universityId, name: event.data.name, position });
          break;
        case 'UnitRegistered':
          units.push({ university_id: event.data.universityId, unit_id: event.data.unitId, name: event.data.name, position });
          break;
        case 'BranchEstablished': {
          const { data } = event;
          branches.set(data.branchId, {
            branch_id: data.branchId,
            university_id: data.universityId,
            unit_id: data.unitId,
            name: data.name,
            kind: data.kind,
            established_on: data.establishedOn,
            establishment_member_count: data.memberCount,
            dissolved_on: null,
            merged_into: null,
            position,
          });
          break;
        }
        case 'BranchRenamed':
        case 'BranchMoved':
        case 'BranchDissolved': {
          const branchId = branchIdOf(event);
          const patch: BranchPatch =
            event.type === 'BranchRenamed'
              ? { name: event.data.name }
              : event.type === 'BranchMoved'
                ? { unit_id: event.data.toUnitId }
                : { dissolved_on: event.data.on, merged_into: event.data.mergedInto ?? null };
          const fresh = branches.get(branchId);
          if (fresh) Object.assign(fresh, patch);
          else patches.set(branchId, { ...patches.get(branchId), ...patch, branch_id: branchId });
          break;
        }
        case 'MemberCountReported':
          memberCounts.push({ branch_id: branchIdOf(event), reported_on: event.data.on, count: event.data.count, position });
          break;
        case 'ElectionHeld':
        case 'SecretaryReplaced':
        case 'CommitteeChanged':
          officerEvents.push({
            branch_id: branchIdOf(event),
            position,
            effective_on: event.type === 'ElectionHeld' ? event.data.heldOn : event.data.on,
            type: event.type,
            data: event.data,
          });
          break;
        default:
          unhandled(event);
      }
    }
    await insertRows(sql, t.universities, { university_id: 'text', name: 'text', position: 'bigint' }, universities, 'ON CONFLICT DO NOTHING');
    await insertRows(sql, t.units, { university_id: 'text', unit_id: 'text', name: 'text', position: 'bigint' }, units, 'ON CONFLICT DO NOTHING');
    await insertRows(
      sql,
      t.branches,
      {
        branch_id: 'text', university_id: 'text', unit_id: 'text', name: 'text', kind: 'text', established_on: 'date',
        establishment_member_count: 'integer', dissolved_on: 'date', merged_into: 'text', position: 'bigint',
      },
      [...branches.values()],
      'ON CONFLICT DO NOTHING',
    );
    await updateRows(
      sql,
      t.branches,
      { branch_id: 'text', name: 'text', unit_id: 'text', dissolved_on: 'date', merged_into: 'text' },
      [...patches.values()],
      `name = COALESCE(r.name, t.name), unit_id = COALESCE(r.unit_id, t.unit_id),
       dissolved_on = COALESCE(r.dissolved_on, t.dissolved_on), merged_into = COALESCE(r.merged_into, t.merged_into)`,
      't.branch_id = r.branch_id',
    );
    await insertRows(
      sql,
      t.member_counts,
      { branch_id: 'text', reported_on: 'date', count: 'integer', position: 'bigint' },
      memberCounts,
      'ON CONFLICT DO NOTHING',
    );
    await insertRows(
      sql,
      t.officer_events,
      { branch_id: 'text', position: 'bigint', effective_on: 'date', type: 'text', data: 'jsonb' },
      officerEvents,
      'ON CONFLICT DO NOTHING',
    );
  },
};

/**
 * The organization projection fed only its structure events: the `universities`, `units` and
 * `branches` tables as the whole projection fills them, `member_counts` and `officer_events` left
 * empty. Only for an as-of view of a figure that reads no more than those three tables (the
 * rectification ledger): the view replays a few thousand events instead of a university's whole
 * history. It keeps the projection's name so that `tables.of(organizationProjection)` finds it;
 * never run it as a live projection.
 */
export const organizationStructureProjection: Projection<Tables, OrganizationEvent> = {
  ...organizationProjection,
  eventTypes: ORGANIZATION_STRUCTURE_EVENT_TYPES,
};
