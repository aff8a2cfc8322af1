import { useEffect, useState } from 'react';
import { graphql } from '../api/graphql-client.js';
import { AUDIT_TRAIL, BRANCH, BRANCH_AS_OF, type AuditEvent, type AuditTrailData, type Branch } from '../api/queries.js';
import { checkChain, type ChainMark } from '../audit/chain-check.js';
import { LiveBadge, useLiveRefresh } from '../live/live-updates.js';
import { mayReadAuditTrail, type Session } from '../session/token-session.js';
import { BRANCH_KIND_LABELS, BRANCH_STATUS_LABELS, CHAIN_MARK_LABELS, EVENT_TYPE_LABELS, OFFICER_ROLE_LABELS, TITLE_LABELS } from '../../../../libs/inspection/src/record-labels.js';
import { Failure, useQuery } from './use-query.js';

/** A branch: its officers today, its history as a timeline with chain marks, and a replay slider. */
export function BranchPage({ session, branchId }: { session: Session; branchId: string }) {
  const live = useLiveRefresh(session.token, { streamId: `branch-${branchId}` });
  const refresh = live.refresh;
  const branch = useQuery<{ branch: Branch | null }>(session.token, BRANCH, { id: branchId, atLeastPosition: live.atLeastPosition ?? null }, refresh);
  return (
    <section>
      {branch.status === 'loading' && <p>读取中…</p>}
      {branch.status === 'failed' && <Failure error={branch.error} />}
      {branch.status === 'done' && !branch.data.branch && (
        // Outside the token's scope reads as a branch that does not exist (DOMAIN.md §1).
        <p className="failure" role="alert">
          没有党支部 {branchId}（或不在本令牌的范围内）
        </p>
      )}
      {branch.status === 'done' && branch.data.branch && (
        <>
          <h2>
            <span data-testid="branch-name">{branch.data.branch.name}</span> <LiveBadge state={live.state} />
          </h2>
          <BranchFacts branch={branch.data.branch} testId="branch-now" />
        </>
      )}
      {mayReadAuditTrail(session) ? (
        <History session={session} branchId={branchId} refresh={refresh} />
      ) : (
        <p className="note">本角色不查阅事件历史。</p>
      )}
    </section>
  );
}

function BranchFacts({ branch, testId }: { branch: Branch; testId: string }) {
  return (
    <div className="branch-facts" data-testid={testId}>
      <p>
        {BRANCH_KIND_LABELS[branch.kind] ?? branch.kind} · {BRANCH_STATUS_LABELS[branch.status] ?? branch.status} · 院系 {branch.unitId} · 党员{' '}
        {branch.memberCount ?? '—'} 名 · 版本 <span data-testid={`${testId}-version`}>{branch.version}</span>
      </p>
      <p>
        上次换届 {branch.lastElectionOn ?? '—'} · 任期至 {branch.termEndsOn ?? '—'}
        {branch.electionOverdue && <span className="unmet"> · 换届逾期</span>}
      </p>
      <table>
        <thead>
          <tr>
            <th>职务</th>
            <th>姓名</th>
            <th>任职日期</th>
            <th>职称</th>
            <th>双带头人</th>
          </tr>
        </thead>
        <tbody data-testid={`${testId}-officers`}>
          {branch.officers.length === 0 && (
            <tr>
              <td colSpan={5}>尚无支委</td>
            </tr>
          )}
          {branch.officers.map((officer) => (
            <tr key={`${officer.role}-${officer.personId}`}>
              <td>{OFFICER_ROLE_LABELS[officer.role] ?? officer.role}</td>
              <td>{officer.name ?? '（已删除个人信息）'}</td>
              <td>{officer.since}</td>
              <td>{officer.title ? (TITLE_LABELS[officer.title] ?? officer.title) : '—'}</td>
              <td>{officer.dualLeader === null ? '—' : officer.dualLeader ? '是' : '否'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Trail = { status: 'loading' } | { status: 'done'; events: AuditEvent[]; marks: ChainMark[] } | { status: 'failed'; error: Error };

async function wholeTrail(token: string, streamId: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let after: string | null = null;
  for (;;) {
    const page: AuditTrailData = await graphql<AuditTrailData>(token, AUDIT_TRAIL, { streamId, after });
    events.push(...page.auditTrail.edges.map((edge) => edge.node));
    if (!page.auditTrail.pageInfo.hasNextPage) return events;
    after = page.auditTrail.pageInfo.endCursor;
  }
}

function History({ session, branchId, refresh }: { session: Session; branchId: string; refresh: number }) {
  const [trail, setTrail] = useState<Trail>({ status: 'loading' });
  const [replayAt, setReplayAt] = useState<number | undefined>(undefined);
  useEffect(() => {
    let current = true;
    wholeTrail(session.token, `branch-${branchId}`)
      .then(async (events) => ({ events, marks: await checkChain(events) }))
      .then(
        ({ events, marks }) => current && setTrail({ status: 'done', events, marks }),
        (error: Error) => current && setTrail({ status: 'failed', error }),
      );
    return () => {
      current = false;
    };
  }, [session.token, branchId, refresh]);
  if (trail.status === 'loading') return <p>读取事件历史…</p>;
  if (trail.status === 'failed') return <Failure error={trail.error} />;
  const { events, marks } = trail;
  const broken = marks.filter((mark) => mark !== 'VALID').length;
  const at = replayAt ?? events.length - 1;
  return (
    <>
      <h3>历史回放</h3>
      {events.length > 0 && (
        <div className="replay">
          <input
            type="range"
            min={0}
            max={events.length - 1}
            value={at}
            data-testid="as-of-slider"
            aria-label="回放至某一记录时刻"
            onChange={(event) => setReplayAt(event.target.valueAsNumber)}
          />
          <span data-testid="as-of-instant">
            截至 {events[at]!.recordedAt}（第 {at + 1}/{events.length} 条事件）
          </span>
          <Replay session={session} branchId={branchId} asOf={events[at]!.recordedAt} />
        </div>
      )}
      <h3>
        事件时间线 <span className={broken === 0 ? 'met' : 'unmet'} data-testid="chain-summary">{broken === 0 ? `${events.length} 条事件，哈希链完整` : `${broken} 条事件校验失败`}</span>
      </h3>
      <ol className="timeline" data-testid="timeline">
        {events.map((event, index) => (
          <li key={event.eventId} className={marks[index] === 'VALID' ? 'valid' : 'broken'} data-testid="timeline-event" data-chain={marks[index]} data-version={event.version}>
            <span className="mark" title={CHAIN_MARK_LABELS[marks[index]!]}>
              {marks[index] === 'VALID' ? '✔' : '✘'}
            </span>
            <span className="when">{event.recordedAt}</span>
            <strong>{EVENT_TYPE_LABELS[event.type] ?? event.type}</strong>
            <span className="note">
              v{event.version} · #{event.globalPosition} · {event.actor} · {CHAIN_MARK_LABELS[marks[index]!]}
            </span>
            <code className="hash">{event.hash.slice(0, 16)}…</code>
          </li>
        ))}
      </ol>
    </>
  );
}

function Replay({ session, branchId, asOf }: { session: Session; branchId: string; asOf: string }) {
  const replay = useQuery<{ branchAsOf: Branch | null }>(session.token, BRANCH_AS_OF, { id: branchId, asOf });
  if (replay.status === 'loading') return <p>回放中…</p>;
  if (replay.status === 'failed') return <Failure error={replay.error} />;
  if (!replay.data.branchAsOf) return <p>此时尚未成立</p>;
  return <BranchFacts branch={replay.data.branchAsOf} testId="branch-as-of" />;
}
