import { INTEGRITY, type IntegrityData } from '../api/queries.js';
import type { Session } from '../session/token-session.js';
import { EVENT_TYPE_LABELS } from '../../../../libs/inspection/src/record-labels.js';
import type { Scope } from './scope-bar.js';
import { Failure, useQuery } from './use-query.js';

/** verifyIntegrity over the scope: how much was checked, and the first event whose hash fails. */
export function Integrity({ session, scope }: { session: Session; scope: Scope }) {
  const report = useQuery<IntegrityData>(session.token, INTEGRITY, { universityId: scope.universityId ?? null });
  return (
    <section>
      <h2>完整性校验{scope.universityId ? `（高校 ${scope.universityId}）` : '（全市）'}</h2>
      {report.status === 'loading' && <p>校验中…</p>}
      {report.status === 'failed' && <Failure error={report.error} />}
      {report.status === 'done' && (
        <div data-testid="integrity-report">
          <p className={report.data.verifyIntegrity.ok ? 'met big' : 'unmet big'} data-testid="integrity-ok">
            {report.data.verifyIntegrity.ok ? '全部哈希链完整' : '发现被篡改的事件'}
          </p>
          <p>
            已校验 <span data-testid="integrity-streams">{report.data.verifyIntegrity.streamsChecked}</span> 条事件流、
            <span data-testid="integrity-events">{report.data.verifyIntegrity.eventsChecked}</span> 条事件
          </p>
          {report.data.verifyIntegrity.firstBroken && (
            <div className="broken-event" data-testid="integrity-broken">
              <h3>第一条校验失败的事件</h3>
              <dl>
                <dt>事件流</dt>
                <dd data-testid="broken-stream">{report.data.verifyIntegrity.firstBroken.streamId}</dd>
                <dt>版本</dt>
                <dd data-testid="broken-version">{report.data.verifyIntegrity.firstBroken.version}</dd>
                <dt>类型</dt>
                <dd>{EVENT_TYPE_LABELS[report.data.verifyIntegrity.firstBroken.type] ?? report.data.verifyIntegrity.firstBroken.type}</dd>
                <dt>事件编号</dt>
                <dd>{report.data.verifyIntegrity.firstBroken.eventId}</dd>
                <dt>记录时间</dt>
                <dd>{report.data.verifyIntegrity.firstBroken.recordedAt}</dd>
              </dl>
              {report.data.verifyIntegrity.firstBroken.streamId.startsWith('branch-') && (
                <a href={`#/branch/${encodeURIComponent(report.data.verifyIntegrity.firstBroken.streamId.slice('branch-'.length))}`}>查看该支部的事件时间线</a>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
