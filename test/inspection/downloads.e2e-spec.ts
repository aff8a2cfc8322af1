import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MANUAL_CHAPTERS } from '../../libs/inspection/src/work-manual/work-manual.js';
import { ERASE_PERSON } from '../recording/organization-fixture.js';
import { storeDigest } from '../../libs/event-store/src/store-digest.js';
import { untilReadable } from '../../libs/event-store/src/throwaway-event-store.js';
import { LEDGER_HEADINGS, ledgerRow, SHEET_NAMES } from '../../libs/inspection/src/ledger-workbook/ledger-workbook.js';
import type { ServiceUnderTest } from '../service-under-test.js';
import { startWithKnownHistory } from '../reading/known-history.js';

const LEDGER_QUERY = `query ($year: Int!, $universityId: ID, $p: String, $asOf: DateTime) {
  rectificationLedger(year: $year, universityId: $universityId, atLeastPosition: $p, asOf: $asOf) {
    policyVersion
    entries { caseId branchId branchName universityId unitId year categories problems causes measures liaisonLeaderId
      responsiblePersonId deadline status steps { on kind note } acceptedOn acceptancePassed acceptanceScore acceptedBy
      closedOn reopenedOn missedFinalDeadline }
  } }`;

/** The fixture's people: 同志1 … 同志8 (known-history.ts). */
const fixtureName = (personId: string | null) => (personId === null ? '' : `同志${personId.slice(1)}`);

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

describe('downloads and the store digest', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let run: Awaited<ReturnType<typeof startWithKnownHistory>>['run'];

  const download = (path: string, token?: string) =>
    fetch(`${service.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function graphql(query: string, variables: Record<string, unknown>, token: string) {
    return service.graphql(query, { ...variables, p: run.lastPosition() }, token);
  }

  beforeAll(async () => {
    ({ service, admin, run } = await startWithKnownHistory());
    // Exports and the digest stop at what every reader sees; a transaction open elsewhere on the cluster holds that back.
    await untilReadable(service.runtime.eventStore, await lastCursor(), 120_000);
  }, 300_000);

  async function lastCursor(): Promise<string> {
    const { rows } = await service.database.sql.query<{ cursor: string }>(
      `SELECT transaction_id::text || ':' || global_position AS cursor FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    return rows[0]!.cursor;
  }

  afterAll(async () => {
    await service.stop();
  });

  it('serves the ledger workbook whose sheets, headings and ledger rows are the rectificationLedger of that university-year', async () => {
    const answer = await graphql(LEDGER_QUERY, { year: 2019, universityId: '10001' }, admin);
    expect(answer.errors).toBeUndefined();
    const ledger = answer.data!.rectificationLedger;
    expect(ledger.entries.length).toBe(2);

    const response = await download('/exports/ledger.xlsx?universityId=10001&year=2019', admin);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([SHEET_NAMES.ledger, SHEET_NAMES.coverage, SHEET_NAMES.dualLeader]);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(cellText(sheet.getCell('A2').value)).toMatch(/^政策版本 2018\.1 · 截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}（北京时间）/);
    }
    const sheet = workbook.getWorksheet(SHEET_NAMES.ledger)!;
    expect((sheet.getRow(3).values as ExcelJS.CellValue[]).slice(1)).toEqual([...LEDGER_HEADINGS]);
    expect(LEDGER_HEADINGS).toEqual(['支部', '类别', '问题', '整改措施', '联系领导', '责任人', '时限', '进展', '验收', '状态']);
    const rows: string[][] = [];
    for (let number = 4; cellText(sheet.getRow(number).getCell(1).value) !== ''; number += 1) {
      rows.push(LEDGER_HEADINGS.map((_, column) => cellText(sheet.getRow(number).getCell(column + 1).value)));
    }
    expect(rows).toEqual(ledger.entries.map((entry: any) => ledgerRow(entry, fixtureName)));
    // What the cells say, independently of ledgerRow: T2's closed case C1 and S1's overdue C2.
    expect(rows).toEqual([
      ['物理教工支部', '制度空转', '三会一课不落实', '建立台账', '同志1', '', '2019-10-31', '2019-04-01 健全内部管理制度：制定制度', '2019-09-01 通过 92分 校党委组织部', '已销账'],
      ['数学本科生支部', '凝聚力弱', '凝聚力弱', '谈心谈话', '', '', '2019-06-30', '', '', '逾期'],
    ]);

    const coverage = workbook.getWorksheet(SHEET_NAMES.coverage)!;
    expect((coverage.getRow(3).values as ExcelJS.CellValue[]).slice(1)).toEqual(['范围', '对象', '在任人数', '已轮训', '覆盖率']);
    expect((coverage.getRow(4).values as ExcelJS.CellValue[]).slice(1, 3)).toEqual(['全校', '支部书记']);
    const dual = workbook.getWorksheet(SHEET_NAMES.dualLeader)!;
    expect((dual.getRow(3).values as ExcelJS.CellValue[]).slice(1)).toEqual(['范围', '教师党支部', '书记为双带头人', '比例']);
    // Named as the office files them: the university, its units and branches by name, not by id.
    for (const worksheet of [sheet, coverage, dual]) expect(cellText(worksheet.getRow(1).getCell(1).value)).toMatch(/^北京大学 2019年度/);
    const column = (worksheet: ExcelJS.Worksheet, number: number) =>
      Array.from({ length: worksheet.rowCount }, (_, index) => cellText(worksheet.getRow(index + 1).getCell(number).value));
    expect(column(coverage, 1)).toEqual(expect.arrayContaining(['数学学院', '物理学院']));
    expect(column(dual, 1)).toEqual(expect.arrayContaining(['数学学院', '物理学院']));
    const untrainedAt = column(coverage, 1).indexOf('未轮训');
    const untrainedBranches = column(coverage, 3).slice(untrainedAt + 1).filter((cell) => cell !== '');
    expect(untrainedBranches.length).toBeGreaterThan(0);
    for (const branch of untrainedBranches) expect(['数学教工一支部', '物理教工支部', '数学本科生支部']).toContain(branch);
  }, 120_000);

  it('serves an as-of workbook: the ledger as recorded by an instant', async () => {
    const { rows } = await service.database.sql.query<{ recorded_at: Date }>(
      `SELECT recorded_at FROM events WHERE stream_id = 'branch-S1' AND type = 'RectificationCaseOpened'`,
    );
    const beforeSecondCase = new Date(new Date(rows[0]!.recorded_at).getTime() - 1).toISOString();
    const answer = await graphql(LEDGER_QUERY, { year: 2019, universityId: '10001', asOf: beforeSecondCase }, admin);
    expect(answer.data!.rectificationLedger.entries.map((entry: any) => entry.caseId)).toEqual(['C1']);

    const response = await download(`/exports/ledger.xlsx?universityId=10001&year=2019&asOf=${encodeURIComponent(beforeSecondCase)}`, admin);
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet(SHEET_NAMES.ledger)!;
    expect(cellText(sheet.getCell('A2').value)).toContain(beforeSecondCase);
    expect(LEDGER_HEADINGS.map((_, column) => cellText(sheet.getRow(4).getCell(column + 1).value))).toEqual(
      ledgerRow(answer.data!.rectificationLedger.entries[0], fixtureName),
    );
    expect(cellText(sheet.getRow(5).getCell(1).value)).toBe('');
  }, 120_000);

  it('refuses downloads: 401 without a valid token, 403 outside the scope whether the target exists or not, 400 for bad parameters', async () => {
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=2019')).status).toBe(401);
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=2019', 'not-a-jwt')).status).toBe(401);
    const otherUniversity = await service.token({ role: 'UNIVERSITY_ADMIN', universityId: '10002' });
    const existing = await download('/exports/ledger.xlsx?universityId=10001&year=2019', otherUniversity);
    const missing = await download('/exports/ledger.xlsx?universityId=99999&year=2019', otherUniversity);
    expect([existing.status, missing.status]).toEqual([403, 403]);
    const unitAdmin = await service.token({ role: 'UNIT_ADMIN', universityId: '10001', unitId: 'u-a' });
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=2019', unitAdmin)).status).toBe(403);
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=19', admin)).status).toBe(400);
    expect((await download('/exports/ledger.xlsx?year=2019', admin)).status).toBe(400);
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=2019&asOf=yesterday', admin)).status).toBe(400);
    expect((await download('/exports/events.ndjson', otherUniversity)).status).toBe(403);
    expect((await download('/exports/events.ndjson?universityId=10001', otherUniversity)).status).toBe(403);
    expect((await download('/exports/events.ndjson?universityId=%27%3B', admin)).status).toBe(400);
    const own = await service.token({ role: 'UNIVERSITY_ADMIN', universityId: '10001' });
    expect((await download('/exports/ledger.xlsx?universityId=10001&year=2019', own)).status).toBe(200);
  }, 120_000);

  it('serves the events exactly as stored: a university its own, inspectors the whole store', async () => {
    const own = await service.token({ role: 'UNIVERSITY_ADMIN', universityId: '10001' });
    const mine = await download('/exports/events.ndjson?universityId=10001', own);
    expect(mine.status).toBe(200);
    const lines = (await mine.text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThan(10);
    expect(new Set(lines.map((line) => line.universityId))).toEqual(new Set(['10001']));

    const inspector = await service.token({ role: 'INSPECTOR' });
    const whole = (await (await download('/exports/events.ndjson', inspector)).text()).trimEnd().split('\n').map((line) => JSON.parse(line));
    const { rows } = await service.database.sql.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(whole).toHaveLength(Number(rows[0]!.n));
    const { rows: stored } = await service.database.sql.query<{ hash: string; data: unknown }>(
      `SELECT hash, data FROM events WHERE global_position = $1`,
      [whole[5].globalPosition],
    );
    expect(whole[5]).toMatchObject({ hash: stored[0]!.hash, data: stored[0]!.data });
  }, 120_000);

  it('serves the store digest to inspectors and the Municipal Committee only', async () => {
    const query = 'query ($at: String) { storeDigest(at: $at) { digest position events } }';
    const inspector = await service.token({ role: 'INSPECTOR' });
    const now = await service.graphql(query, {}, inspector);
    expect(now.errors).toBeUndefined();
    const expected = await storeDigest(service.database.sql);
    expect(now.data!.storeDigest).toEqual({ digest: expected.digest, position: expected.position, events: expected.events });
    expect((await service.graphql(query, { at: now.data!.storeDigest.position }, admin)).data!.storeDigest).toEqual(now.data!.storeDigest);
    const earlier = await service.graphql(query, { at: '5' }, inspector);
    expect(earlier.data!.storeDigest).toMatchObject({ position: '5', events: 5 });
    expect(earlier.data!.storeDigest.digest).not.toBe(now.data!.storeDigest.digest);

    for (const role of ['UNIVERSITY_ADMIN', 'UNIT_ADMIN', 'BRANCH_SECRETARY', 'PORTAL'] as const) {
      const token = await service.token({ role, universityId: '10001', unitId: 'u-a', branchId: 'T1' });
      expect((await service.graphql(query, {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await service.graphql(query, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await service.graphql(query, { at: 'yesterday' }, inspector)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await service.graphql(query, { at: '99999999' }, inspector)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 120_000);

  /** The text of a .docx (a zip whose word/document.xml holds the paragraphs), one line per paragraph. */
  async function documentText(response: Response): Promise<string> {
    const zip = await JSZip.loadAsync(await response.arrayBuffer());
    const xml = await zip.file('word/document.xml')!.async('string');
    return xml
      .split('</w:p>')
      .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join(''))
      .filter((text) => text !== '')
      .join('\n');
  }

  it('serves the branch work manual: elections, meetings month by month, training, rectification, with names from the registry', async () => {
    const manual = await download('/exports/work-manual.docx?branchId=T2&year=2019', admin);
    expect(manual.status).toBe(200);
    expect(manual.headers.get('content-type')).toContain('wordprocessingml');
    const text = await documentText(manual);
    expect(text).toContain('物理教工支部 党支部工作手册（2019年）');
    for (const chapter of MANUAL_CHAPTERS) expect(text).toContain(chapter);
    expect(text).toContain('2019-05-01 换届选举：书记 同志4；副书记 同志5');
    expect(text).toMatch(/C1（\d{4}-\d{2}-\d{2}列入）：制度空转；问题 三会一课不落实；措施 建立台账；联系领导 同志1/);
    expect(text).toContain('2019-04-01 健全内部管理制度：制定制度');
    expect(text).toContain('2019-09-01 验收通过（校党委组织部）：92分');
    expect(text).toContain('2019-09-15 销账');
    expect(text).toMatch(/同志4\n书记\n2019-05-01/); // in office at the year's end
  }, 120_000);

  it('prints an erased person as erased, and keeps meetings retracted or corrected as the record has them', async () => {
    const erased = await service.graphql(ERASE_PERSON, { personId: 'p2', reason: '本人申请' }, admin);
    expect(erased.errors).toBeUndefined();
    const text = await documentText(await download('/exports/work-manual.docx?branchId=T1&year=2019', admin));
    expect(text).toContain('2019年未进行换届选举。');
    expect(text).toMatch(/同志1\n书记\n2018-03-01/);
    expect(text).toMatch(/「已删除」\n副书记\n2018-03-01/);
    expect(text).not.toContain('同志2');
    expect(text).toContain('2019-03-12');
    expect(text).toContain('2019-05-10');
    expect(text).not.toContain('2019-04-12'); // retracted
    expect(text).toMatch(/2019-05-10\n支部委员会\n集中学习/); // corrected from STUDY to COMMITTEE; topic kept
    expect(text).toMatch(/同志1\n书记\n1\n/); // attended M1 in 2019
  }, 120_000);

  it('refuses work manuals outside the scope alike whether the branch exists, and 404 only to those who read everything', async () => {
    const otherUniversity = await service.token({ role: 'UNIVERSITY_ADMIN', universityId: '10002' });
    const secretaryOfT1 = await service.token({ role: 'BRANCH_SECRETARY', universityId: '10001', unitId: 'u-a', branchId: 'T1' });
    expect((await download('/exports/work-manual.docx?branchId=T2&year=2019', otherUniversity)).status).toBe(403);
    expect((await download('/exports/work-manual.docx?branchId=NOPE&year=2019', otherUniversity)).status).toBe(403);
    expect((await download('/exports/work-manual.docx?branchId=T2&year=2019', secretaryOfT1)).status).toBe(403);
    expect((await download('/exports/work-manual.docx?branchId=T1&year=2019', secretaryOfT1)).status).toBe(200);
    expect((await download('/exports/work-manual.docx?branchId=NOPE&year=2019', admin)).status).toBe(404);
    expect((await download('/exports/work-manual.docx?branchId=T1&year=twenty', admin)).status).toBe(400);
    expect((await download('/exports/work-manual.docx?branchId=T1&year=2019')).status).toBe(401);
  }, 120_000);
});
