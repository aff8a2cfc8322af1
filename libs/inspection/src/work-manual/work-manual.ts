import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { SqlExecutor } from '../../../database/src/sql-client.js';
import type { BranchEvent } from '../../../domain/src/branch/branch-events.js';
import type { EventStore } from '../../../event-store/src/event-store.port.js';
import { sessionsAttendedIn } from '../../../projections/src/branch-facts/branch-facts.js';
import type { ReadModelTables } from '../../../projections/src/projection-engine/live-generations.js';
import { beijingTime, labelOf, MEETING_KIND_LABELS, OFFICER_ROLE_LABELS, STEP_LABELS, CATEGORY_LABELS } from '../record-labels.js';
import { registeredNames } from '../registered-names.js';
import { branchYearRecord, personIdsOf, type BranchYearRecord } from './branch-year-record.js';

/** The manual's chapters, as the paper one orders them. */
export const MANUAL_CHAPTERS = ['一、支部基本情况', '二、换届选举与支委会成员', '三、“三会一课”与主题党日', '四、组织生活会与民主评议党员', '五、教育培训', '六、整改情况'] as const;

const ORGANIZATIONAL_LIFE_KINDS = new Set(['ORGANIZATIONAL_LIFE', 'DEMOCRATIC_APPRAISAL']);

export interface WorkManualContents {
  record: BranchYearRecord;
  nameOf: (personId: string | null) => string;
  /** Sessions ending in the year attended by each officer in office at its end. */
  sessionsAttended: Map<string, number>;
  printedAt: Date;
}

/** Reads what a branch's manual records for a year: its events, the registry's names, training attended. */
export async function workManualContents(
  sql: SqlExecutor,
  store: EventStore,
  live: ReadModelTables,
  request: { branchId: string; year: number },
): Promise<WorkManualContents> {
  const events = await store.readStream(`branch-${request.branchId}`);
  const record = branchYearRecord(
    request.branchId,
    request.year,
    events.map((event) => ({ type: event.type, data: event.data, position: Number(event.globalPosition) }) as unknown as BranchEvent & { position: number }),
  );
  const nameOf = await registeredNames(sql, personIdsOf(record));
  const sessionsAttended = await sessionsAttendedIn(sql, live, record.officersAtYearEnd.map((officer) => officer.personId), request.year);
  return { record, nameOf, sessionsAttended, printedAt: new Date() };
}

/** The branch work manual (党支部工作手册) as a Word document. */
export async function workManualDocument(contents: WorkManualContents): Promise<Buffer> {
  const { record, nameOf } = contents;
  const names = (ids: readonly string[]) => (ids.length === 0 ? '—' : ids.map(nameOf).join('、'));
  const heading = (text: string) => new Paragraph({ text, heading: HeadingLevel.HEADING_1 });
  const line = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const table = (headings: string[], rows: string[][]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [headings, ...rows].map(
        (cells, index) =>
          new TableRow({
            tableHeader: index === 0,
            children: cells.map((cell) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: cell, bold: index === 0 })] })] })),
          }),
      ),
    });
  const meetingRows = (filter: (kinds: string[]) => boolean) =>
    [...record.meetingsByMonth.entries()].flatMap(([month, meetings]) =>
      meetings
        .filter((meeting) => filter(meeting.kinds))
        .map((meeting) => [
          `${month}月`,
          meeting.heldOn,
          meeting.kinds.map((kind) => labelOf(MEETING_KIND_LABELS, kind)).join('、'),
          meeting.topic,
          `${meeting.present}/${meeting.expected}`,
          nameOf(meeting.hostPersonId),
          nameOf(meeting.recorderPersonId),
        ]),
    );
  const meetingHeadings = ['月份', '日期', '类别', '主题', '实到/应到', '主持人', '记录人'];

  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: `${record.name} 党支部工作手册（${record.year}年）`, heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER }),
    line(`打印于 ${beijingTime(contents.printedAt)}（北京时间）`),
    heading(MANUAL_CHAPTERS[0]),
    table(['支部', '所属单位', '学校', '类型'], [[record.name, record.unitId, record.universityId, record.kind]]),
    heading(MANUAL_CHAPTERS[1]),
    ...(record.elections.length === 0 ? [line(`${record.year}年未进行换届选举。`)] : []),
    ...record.elections.map((election) =>
      line(`${election.heldOn} 换届选举：书记 ${nameOf(election.secretaryId)}；副书记 ${names(election.deputySecretaryIds)}；委员 ${names(election.committeeMemberIds)}；任期至 ${election.termEndsOn}`),
    ),
    ...record.officerChanges.map((change) =>
      line(`${change.on} ${change.what === 'SECRETARY_REPLACED' ? '书记调整为' : '增补委员'} ${names(change.personIds)}（${change.reason}）`),
    ),
    line(`${record.year}年末在任支委会成员：`),
    table(['姓名', '职务', '任职起'], record.officersAtYearEnd.map((officer) => [nameOf(officer.personId), labelOf(OFFICER_ROLE_LABELS, officer.role), officer.since])),
    heading(MANUAL_CHAPTERS[2]),
    ...(record.plan.length > 0
      ? [line('年度学习计划：'), table(['月份', '学习内容', '活动'], record.plan.map((month) => [`${month.month}月`, month.study, month.activity]))]
      : []),
    table(meetingHeadings, meetingRows((kinds) => !kinds.every((kind) => ORGANIZATIONAL_LIFE_KINDS.has(kind)))),
    heading(MANUAL_CHAPTERS[3]),
    table(meetingHeadings, meetingRows((kinds) => kinds.some((kind) => ORGANIZATIONAL_LIFE_KINDS.has(kind)))),
    heading(MANUAL_CHAPTERS[4]),
    table(
      ['姓名', '职务', '本年参加培训（期）'],
      record.officersAtYearEnd.map((officer) => [nameOf(officer.personId), labelOf(OFFICER_ROLE_LABELS, officer.role), String(contents.sessionsAttended.get(officer.personId) ?? 0)]),
    ),
    heading(MANUAL_CHAPTERS[5]),
    ...(record.cases.length === 0 ? [line(`${record.year}年无整改事项。`)] : []),
    ...record.cases.flatMap((found) => [
      line(
        `${found.caseId}（${found.openedOn}列入）：${found.categories.map((code) => labelOf(CATEGORY_LABELS, code)).join('、')}；问题 ${found.problems.join('；')}；` +
          `措施 ${found.measures.join('；')}；联系领导 ${nameOf(found.liaisonLeaderId) || '—'}；责任人 ${nameOf(found.responsiblePersonId) || '—'}；时限 ${found.deadline}`,
      ),
      ...found.steps.map((step) => line(`  ${step.on} ${stepText(step)}`)),
    ]),
  ];
  const document = new Document({ creator: 'branch-standardization-ledger', title: `${record.name} 党支部工作手册 ${record.year}`, sections: [{ children }] });
  return Packer.toBuffer(document);
}

function stepText(step: { what: string; kind: string; note: string | null }): string {
  const note = step.note ? `：${step.note}` : '';
  switch (step.what) {
    case 'ACCEPTED':
      return `验收通过（${step.kind}）${note}`;
    case 'NOT_ACCEPTED':
      return `验收未通过（${step.kind}）${note}`;
    case 'CLOSED':
      return '销账';
    case 'REOPENED':
      return `回头看${note}`;
    default:
      return `${labelOf(STEP_LABELS, step.kind)}${note}`;
  }
}
