import { useState } from 'react';
import { LEDGER, type LedgerData, type LedgerStatus } from '../api/queries.js';
import { LiveBadge, useLiveRefresh } from '../live/live-updates.js';
import type { Session } from '../session/token-session.js';
import { CATEGORY_LABELS, LEDGER_STATUS_LABELS, STEP_LABELS } from '../../../../libs/inspection/src/record-labels.js';
import type { Scope } from './scope-bar.js';
import { Failure, useQuery } from './use-query.js';

/** 整顿台账: every case of the scope's year, filtered by status (asked of the API) and by text. */
export function Ledger({ session, scope }: { session: Session; scope: Scope }) {
  const [status, setStatus] = useState<LedgerStatus | ''>('');
  const [text, setText] = useState('');
  const live = useLiveRefresh(session.token, { universityId: scope.universityId, year: scope.year });
  const ledger = useQuery<LedgerData>(
    session.token,
    LEDGER,
    { year: scope.year, universityId: scope.universityId ?? null, unitId: scope.unitId ?? null, status: status || null, atLeastPosition: live.atLeastPosition ?? null },
    live.refresh,
  );
  const needle = text.trim().toLowerCase();
  const entries =
    ledger.status === 'done'
      ? ledger.data.rectificationLedger.entries.filter(
          (entry) => !needle || [entry.caseId, entry.branchId, entry.branchName, entry.unitId].some((field) => field.toLowerCase().includes(needle)),
        )
      : [];
  return (
    <section>
      <h2>
        整顿台账（{scope.year} 年） <LiveBadge state={live.state} />
      </h2>
      <div className="pickers">
        <label>
          状态
          <select value={status} data-testid="ledger-status" onChange={(event) => setStatus(event.target.value as LedgerStatus | '')}>
            <option value="">全部</option>
            {Object.entries(LEDGER_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          筛选
          <input type="search" placeholder="支部、案件或院系" value={text} data-testid="ledger-filter" onChange={(event) => setText(event.target.value)} />
        </label>
      </div>
      {ledger.status === 'loading' && <p>读取中…</p>}
      {ledger.status === 'failed' && <Failure error={ledger.error} />}
      {ledger.status === 'done' && (
        <table data-testid="ledger-table">
          <thead>
            <tr>
              <th>案件</th>
              <th>党支部</th>
              <th>院系</th>
              <th>软弱涣散类型</th>
              <th>整改期限</th>
              <th>状态</th>
              <th>整顿措施</th>
              <th>验收</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 && (
              <tr>
                <td colSpan={8}>没有符合条件的案件</td>
              </tr>
            )}
            {entries.map((entry) => (
              <tr key={entry.caseId} data-testid="ledger-row" data-case-id={entry.caseId}>
                <td>{entry.caseId}</td>
                <td>
                  <a href={`#/branch/${encodeURIComponent(entry.branchId)}`}>{entry.branchName}</a>
                </td>
                <td>{entry.unitId}</td>
                <td>{entry.categories.map((category) => CATEGORY_LABELS[category] ?? category).join('、')}</td>
                <td className={entry.status === 'OVERDUE' ? 'unmet' : undefined}>{entry.deadline}</td>
                <td data-testid="ledger-row-status">{LEDGER_STATUS_LABELS[entry.status] ?? entry.status}</td>
                <td>
                  {entry.steps.length === 0
                    ? '—'
                    : entry.steps.map((step, index) => (
                        <div key={index}>
                          {step.on} {STEP_LABELS[step.kind] ?? step.kind}
                          {step.note ? `：${step.note}` : ''}
                        </div>
                      ))}
                </td>
                <td>
                  {entry.acceptedOn ? `${entry.acceptedOn}${entry.acceptanceScore === null ? '' : ` · ${entry.acceptanceScore} 分`}` : '—'}
                  {entry.closedOn ? ` · ${entry.closedOn} 销账` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
