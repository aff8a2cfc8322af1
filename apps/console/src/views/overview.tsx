import { useState } from 'react';
import { OVERVIEW, type Coverage, type OverviewData } from '../api/queries.js';
import { DualLeaderTrendChart } from '../charts/trend-chart.js';
import { LiveBadge, useLiveRefresh } from '../live/live-updates.js';
import type { Session } from '../session/token-session.js';
import { percent } from '../../../../libs/inspection/src/record-labels.js';
import type { Scope } from './scope-bar.js';
import { Failure, useQuery } from './use-query.js';

/**
 * A university's year at a glance: 整顿台账 against its target, 轮训覆盖, 双带头人 with its trend, 合规.
 * `onDate` is the world date the figures describe; `asOf` shows them as the system showed them then.
 */
export function Overview({ session, scope }: { session: Session; scope: Scope }) {
  const [onDate, setOnDate] = useState('');
  const [asOfLocal, setAsOfLocal] = useState('');
  const asOf = asOfLocal ? new Date(asOfLocal).toISOString() : undefined;
  // Figures as the system showed them at an instant do not move; today's follow every change.
  const live = useLiveRefresh(session.token, { universityId: scope.universityId, year: scope.year });
  const figures = useQuery<OverviewData>(
    session.token,
    OVERVIEW,
    {
      year: scope.year,
      universityId: scope.universityId ?? null,
      unitId: scope.unitId ?? null,
      onDate: onDate || null,
      asOf: asOf ?? null,
      atLeastPosition: asOf ? null : (live.atLeastPosition ?? null),
    },
    asOf ? 0 : live.refresh,
  );
  return (
    <section>
      <h2>
        年度概览 <LiveBadge state={live.state} />
      </h2>
      <div className="pickers">
        <label>
          统计日期（onDate）
          <input type="date" value={onDate} data-testid="on-date" onChange={(event) => setOnDate(event.target.value)} />
        </label>
        <label>
          系统当时所示（asOf）
          <input type="datetime-local" step={0.001} value={asOfLocal} data-testid="as-of" onChange={(event) => setAsOfLocal(event.target.value)} />
        </label>
        {(onDate || asOfLocal) && (
          <button
            type="button"
            onClick={() => {
              setOnDate('');
              setAsOfLocal('');
            }}
          >
            回到当前
          </button>
        )}
      </div>
      {figures.status === 'loading' && <p>读取中…</p>}
      {figures.status === 'failed' && <Failure error={figures.error} />}
      {figures.status === 'done' && <Figures data={figures.data} asOf={asOf} />}
    </section>
  );
}

function Figures({ data, asOf }: { data: OverviewData; asOf: string | undefined }) {
  const ledger = data.rectificationLedger.summary;
  const training = data.trainingCoverage;
  const dual = data.dualLeaderStats;
  const compliance = data.complianceSummary;
  return (
    <div className="cards" data-testid="overview-figures">
      <article className="card">
        <h3>整顿台账</h3>
        <Figure label="列入台账" value={ledger.listed} id="ledger-listed" />
        <Figure label="已销账" value={ledger.converted} id="ledger-converted" />
        <Figure label="未销账" value={ledger.open} id="ledger-open" />
        <Figure label="逾期" value={ledger.overdue} id="ledger-overdue" />
        <Figure label="转化率" value={percent(ledger.conversionRate)} id="ledger-rate" />
        <Figure label="目标" value={percent(ledger.target)} id="ledger-target" />
        <p className={ledger.targetMet ? 'met' : 'unmet'} data-testid="ledger-target-met">
          {ledger.targetMet ? '已达到目标' : '未达到目标'}
        </p>
        <p className="note">政策版本 {data.rectificationLedger.policyVersion}</p>
      </article>
      <article className="card">
        <h3>轮训覆盖</h3>
        <CoverageFigures label="书记" coverage={training.secretaries} id="secretaries" />
        <CoverageFigures label="支委委员" coverage={training.committeeMembers} id="committee" />
        {training.untrained.length > 0 && (
          <details>
            <summary>未参训 {training.untrained.length} 人</summary>
            <ul>
              {training.untrained.map((officer) => (
                <li key={`${officer.personId}-${officer.branchId}-${officer.role}`}>
                  {officer.name ?? '（已删除个人信息）'} · <a href={`#/branch/${encodeURIComponent(officer.branchId)}`}>{officer.branchId}</a>
                </li>
              ))}
            </ul>
          </details>
        )}
      </article>
      <article className="card wide">
        <h3>双带头人</h3>
        <div className="row">
          <Figure label="教工党支部" value={dual.teacherBranches} id="dual-teacher-branches" />
          <Figure label="书记为双带头人" value={dual.withDualLeader} id="dual-with" />
          <Figure label="比例" value={percent(dual.rate)} id="dual-rate" />
          <Figure label="本年换届" value={dual.electionsHeld} id="dual-elections" />
          <Figure label="符合要求" value={dual.electionsMeetingRequirement} id="dual-elections-met" />
        </div>
        <DualLeaderTrendChart trend={dual.trend} />
      </article>
      <article className="card">
        <h3>合规</h3>
        <Figure label="党支部" value={compliance.branches} id="compliance-branches" />
        <Figure label="全部达标" value={compliance.fullyCompliant} id="compliance-full" />
        <Figure label="平均得分" value={percent(compliance.averageScore)} id="compliance-average" />
        {/* The contract's complianceSummary takes onDate but no asOf: say so rather than mislead. */}
        {asOf && (
          <p className="note" data-testid="compliance-not-as-of">
            合规统计不按 asOf 回放，显示的是当前记录。
          </p>
        )}
      </article>
    </div>
  );
}

function CoverageFigures({ label, coverage, id }: { label: string; coverage: Coverage; id: string }) {
  return (
    <div className="coverage">
      <Figure label={`${label}在任`} value={coverage.inOffice} id={`${id}-in-office`} />
      <Figure label="已参训" value={coverage.trained} id={`${id}-trained`} />
      <Figure label="覆盖率" value={percent(coverage.rate)} id={`${id}-rate`} />
    </div>
  );
}

function Figure({ label, value, id }: { label: string; value: number | string; id: string }) {
  return (
    <div className="figure">
      <span className="label">{label}</span>
      <span className="value" data-testid={id}>
        {value}
      </span>
    </div>
  );
}
