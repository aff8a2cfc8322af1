import { UNIVERSITIES, type UniversitiesData } from '../api/queries.js';
import { picksUniversity, type Session } from '../session/token-session.js';
import { useQuery } from './use-query.js';

/** The university-year every view reads: chosen by whole-scope readers, the token's own for the others. */
export interface Scope {
  year: number;
  universityId?: string;
  unitId?: string;
}

export function scopeOf(session: Session, chosenUniversityId: string | undefined, year: number): Scope {
  if (picksUniversity(session)) return { year, universityId: chosenUniversityId };
  return { year, universityId: session.universityId, unitId: session.role === 'UNIT_ADMIN' ? session.unitId : undefined };
}

export function ScopeBar(props: {
  session: Session;
  universityId: string | undefined;
  year: number;
  onUniversity: (id: string | undefined) => void;
  onYear: (year: number) => void;
}) {
  const { session } = props;
  return (
    <div className="scope-bar">
      {picksUniversity(session) ? (
        <UniversityPicker token={session.token} value={props.universityId} onChange={props.onUniversity} />
      ) : (
        <span data-testid="own-university">
          本校：{session.universityId ?? '—'}
          {session.unitId ? ` · 院系 ${session.unitId}` : ''}
        </span>
      )}
      <label>
        年度
        <input
          type="number"
          min={2018}
          max={2100}
          value={props.year}
          data-testid="year"
          onChange={(event) => event.target.valueAsNumber && props.onYear(event.target.valueAsNumber)}
        />
      </label>
    </div>
  );
}

function UniversityPicker({ token, value, onChange }: { token: string; value: string | undefined; onChange: (id: string | undefined) => void }) {
  const universities = useQuery<UniversitiesData>(token, UNIVERSITIES, {});
  return (
    <label>
      高校
      <select data-testid="university-picker" value={value ?? ''} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">全市（全部高校）</option>
        {universities.status === 'done' &&
          universities.data.universities.map((university) => (
            <option key={university.id} value={university.id}>
              {university.name}（{university.id}）
            </option>
          ))}
      </select>
    </label>
  );
}
