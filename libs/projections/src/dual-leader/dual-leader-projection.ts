import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { PolicyVersion } from '../../../policy/src/policy-model/policy-version.js';
import { qualifiesAsDualLeader } from '../../../policy/src/qualifying-dual-leader/dual-leader.js';
import { dualLeaderParams, rulesOfUniversity } from '../../../policy/src/selecting-rules/rules-for-university.js';
import { insertRows } from '../projection-engine/bulk-writes.js';
import type { CommitteeChanged, ElectionHeld, SecretaryFacts, SecretaryReplaced } from '../../../domain/src/branch/branch-events.js';
import { unhandled, type Projection, type TableNames } from '../projection-engine/projection.js';

type Tables = 'secretary_changes';
type OfficerEvent = ElectionHeld | SecretaryReplaced | CommitteeChanged;

/**
 * 双带头人: every change of a branch's secretary, with whether the new secretary counts as a dual
 * leader under each policy version this generation knows. The verdicts depend on the DUAL_LEADER
 * rule, so a policy publication builds a new generation while this one keeps serving.
 */
export const dualLeaderProjection: Projection<Tables, OfficerEvent> = {
  name: 'dual-leader',
  codeVersion: 1,
  readsPolicy: true,
  eventTypes: ['ElectionHeld', 'SecretaryReplaced', 'CommitteeChanged'],
  tables: ['secretary_changes'],

  async createTables(sql: SqlExecutor, t: TableNames<Tables>) {
    await sql.exec(`
      CREATE TABLE ${t.secretary_changes} (
        branch_id text NOT NULL, position bigint NOT NULL, effective_on date NOT NULL, via text NOT NULL,
        person_id text, title text, academic_backbone boolean, removed_ids text[] NOT NULL DEFAULT '{}',
        qualifies jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (branch_id, position));
    `);
  },

  async apply(sql, events, t, context) {
    const rows = events.map((event) => {
      const base = { branch_id: event.streamId.slice('branch-'.length), position: Number(event.globalPosition) };
      let change: { effective_on: string; via: 'ELECTION' | 'REPLACEMENT'; secretary: SecretaryFacts };
      switch (event.type) {
        case 'CommitteeChanged':
          return {
            ...base, effective_on: event.data.on, via: 'COMMITTEE_CHANGE', person_id: null, title: null, academic_backbone: null,
            removed_ids: event.data.removeIds ?? [], qualifies: {},
          };
        case 'ElectionHeld':
          change = { effective_on: event.data.heldOn, via: 'ELECTION', secretary: event.data.secretary };
          break;
        case 'SecretaryReplaced':
          change = { effective_on: event.data.on, via: 'REPLACEMENT', secretary: event.data.secretary };
          break;
        default:
          return unhandled(event);
      }
      const { secretary } = change;
      return {
        ...base,
        effective_on: change.effective_on,
        via: change.via,
        person_id: secretary.personId,
        title: secretary.title,
        academic_backbone: secretary.academicBackbone,
        removed_ids: [],
        qualifies: verdicts(secretary, event.universityId, context.policyVersions),
      };
    });
    await insertRows(
      sql,
      t.secretary_changes,
      {
        branch_id: 'text', position: 'bigint', effective_on: 'date', via: 'text', person_id: 'text', title: 'text',
        academic_backbone: 'boolean', removed_ids: 'text[]', qualifies: 'jsonb',
      },
      rows,
      'ON CONFLICT DO NOTHING',
    );
  },
};

function verdicts(
  secretary: SecretaryFacts,
  universityId: string | null,
  versions: readonly PolicyVersion[],
): Record<string, boolean> {
  const result: Record<string, boolean> = {};
  for (const version of versions) {
    const params = dualLeaderParams(rulesOfUniversity(version, universityId));
    result[version.version] = qualifiesAsDualLeader(secretary, params);
  }
  return result;
}
