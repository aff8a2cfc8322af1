import ExcelJS from 'exceljs';
import type { LedgerEntry } from '../../../projections/src/rectification-ledger/ledger-query.js';
import type { Coverage } from '../../../projections/src/training-coverage/training-coverage-query.js';
import {
  beijingTime,
  CATEGORY_LABELS,
  labelOf,
  LEDGER_STATUS_LABELS,
  OFFICER_ROLE_LABELS,
  percent,
  STEP_LABELS,
} from '../record-labels.js';
import type { WorkbookFigures } from './workbook-figures.js';

/** The ledger's columns, as the university offices head them. */
export const LEDGER_HEADINGS = ['支部', '类别', '问题', '整改措施', '联系领导', '责任人', '时限', '进展', '验收', '状态'] as const;

export const SHEET_NAMES = { ledger: '整顿台账', coverage: '轮训', dualLeader: '双带头人' } as const;

/** Rows above the data: title, policy version and instant, headings. They stay frozen when scrolling. */
const HEADER_ROWS = 3;

/** One ledger row as printed: the cells under {@link LEDGER_HEADINGS}. */
export function ledgerRow(entry: LedgerEntry, nameOf: (personId: string | null) => string): string[] {
  const acceptance =
    entry.acceptedOn === null
      ? ''
      : [
          entry.acceptedOn,
          entry.acceptancePassed ? '通过' : '未通过',
          entry.acceptanceScore === null ? null : `${entry.acceptanceScore}分`,
          entry.acceptedBy,
        ]
          .filter((part) => part !== null)
          .join(' ');
  return [
    entry.branchName,
    entry.categories.map((code) => labelOf(CATEGORY_LABELS, code)).join('、'),
    entry.problems.join('；'),
    entry.measures.join('；'),
    nameOf(entry.liaisonLeaderId),
    nameOf(entry.responsiblePersonId),
    entry.deadline,
    entry.steps.map((step) => `${step.on} ${labelOf(STEP_LABELS, step.kind)}${step.note ? `：${step.note}` : ''}`).join('\n'),
    acceptance,
    labelOf(LEDGER_STATUS_LABELS, entry.status),
  ];
}

/**
 * The university-year's workbook (Excel, via exceljs): 整顿台账 with one row per case, 轮训 and
 * 双带头人, each sheet headed by its policy version and the instant the figures describe.
 */
export async function ledgerWorkbook(figures: WorkbookFigures): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'branch-standardization-ledger';
  workbook.created = figures.asOf;
  const stamp = (policyVersion: string) =>
    `政策版本 ${policyVersion} · 截至 ${beijingTime(figures.asOf)}（北京时间）· ${figures.asOf.toISOString()}`;
  const sheet = (name: string, title: string, policyVersion: string, headings: readonly string[], widths: number[]) => {
    const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: HEADER_ROWS }] });
    worksheet.addRow([`${figures.universityName} ${figures.year}年度 ${title}`]).font = { bold: true, size: 14 };
    worksheet.addRow([stamp(policyVersion)]);
    const heading = worksheet.addRow([...headings]);
    heading.font = { bold: true };
    heading.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } };
    widths.forEach((width, index) => (worksheet.getColumn(index + 1).width = width));
    return worksheet;
  };

  const ledger = sheet(SHEET_NAMES.ledger, '软弱涣散党支部整顿台账', figures.ledger.policyVersion, LEDGER_HEADINGS, [22, 16, 30, 30, 10, 10, 12, 36, 28, 10]);
  for (const entry of figures.ledger.entries) {
    ledger.addRow(ledgerRow(entry, figures.nameOf)).alignment = { wrapText: true, vertical: 'top' };
  }
  const { summary } = figures.ledger;
  ledger.addRow([]);
  ledger.addRow(['列入', summary.listed, '已销账', summary.converted, '未销账', summary.open, '逾期', summary.overdue, '转化率', percent(summary.conversionRate)]);

  const coverage = sheet(SHEET_NAMES.coverage, '支部书记和支委轮训', figures.coverage.policyVersion, ['范围', '对象', '在任人数', '已轮训', '覆盖率'], [16, 12, 10, 10, 10]);
  const coverageRows = (where: string, secretaries: Coverage, committeeMembers: Coverage) => {
    coverage.addRow([where, '支部书记', secretaries.inOffice, secretaries.trained, percent(secretaries.rate)]);
    coverage.addRow([where, '支委委员', committeeMembers.inOffice, committeeMembers.trained, percent(committeeMembers.rate)]);
  };
  coverageRows('全校', figures.coverage.secretaries, figures.coverage.committeeMembers);
  for (const unit of figures.coverage.byUnit) coverageRows(unit.unitName ?? unit.unitId, unit.secretaries, unit.committeeMembers);
  coverage.addRow([]);
  coverage.addRow(['未轮训', '姓名', '支部', '职务']).font = { bold: true };
  for (const officer of figures.coverage.untrained) {
    coverage.addRow(['', figures.nameOf(officer.personId), figures.branchNames.get(officer.branchId) ?? officer.branchId, labelOf(OFFICER_ROLE_LABELS, officer.role)]);
  }

  const dual = sheet(SHEET_NAMES.dualLeader, '教师党支部书记“双带头人”', figures.dualLeader.policyVersion, ['范围', '教师党支部', '书记为双带头人', '比例'], [16, 12, 16, 10]);
  dual.addRow(['全校', figures.dualLeader.teacherBranches, figures.dualLeader.withDualLeader, percent(figures.dualLeader.rate)]);
  for (const unit of figures.dualLeader.byUnit) dual.addRow([unit.unitName ?? unit.unitId, unit.teacherBranches, unit.withDualLeader, percent(unit.rate)]);
  dual.addRow([]);
  dual.addRow(['本年换届选举', figures.dualLeader.electionsHeld, '符合要求', figures.dualLeader.electionsMeetingRequirement]);
  dual.addRow([]);
  dual.addRow(['年度', '比例']).font = { bold: true };
  for (const point of figures.dualLeader.trend) dual.addRow([point.year, percent(point.rate)]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

