import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWithKnownHistory, type mutationRunner } from '../reading/known-history.js';
import type { ServiceUnderTest } from '../service-under-test.js';
import { launchChromium, screenshot, screenshotDirectory } from './console-browser.js';

// The inspection console in headless Chromium against the real service: every figure it shows must
// be the one the API serves, and what a role may not read it must not show.

const FIGURES = `query ($year: Int!, $universityId: ID, $asOf: DateTime, $onDate: Date) {
  rectificationLedger(year: $year, universityId: $universityId, asOf: $asOf, onDate: $onDate) { summary { listed converted open overdue conversionRate target targetMet } }
  trainingCoverage(year: $year, universityId: $universityId, asOf: $asOf, onDate: $onDate) { secretaries { inOffice trained rate } committeeMembers { inOffice trained rate } }
  dualLeaderStats(year: $year, universityId: $universityId, asOf: $asOf, onDate: $onDate) { teacherBranches withDualLeader rate trend { year rate } }
  complianceSummary(year: $year, universityId: $universityId, onDate: $onDate) { branches fullyCompliant averageScore }
}`;

/** How the console writes a 0..1 rate. */
function shownAs(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The figures of the overview by test id, as the console must show them for this API answer. */
function expectedFigures(data: Record<string, any>): Record<string, string> {
  const ledger = data.rectificationLedger.summary;
  const training = data.trainingCoverage;
  const dual = data.dualLeaderStats;
  const compliance = data.complianceSummary;
  return {
    'ledger-listed': String(ledger.listed),
    'ledger-converted': String(ledger.converted),
    'ledger-open': String(ledger.open),
    'ledger-overdue': String(ledger.overdue),
    'ledger-rate': shownAs(ledger.conversionRate),
    'ledger-target': shownAs(ledger.target),
    'secretaries-in-office': String(training.secretaries.inOffice),
    'secretaries-trained': String(training.secretaries.trained),
    'secretaries-rate': shownAs(training.secretaries.rate),
    'committee-in-office': String(training.committeeMembers.inOffice),
    'committee-trained': String(training.committeeMembers.trained),
    'committee-rate': shownAs(training.committeeMembers.rate),
    'dual-teacher-branches': String(dual.teacherBranches),
    'dual-with': String(dual.withDualLeader),
    'dual-rate': shownAs(dual.rate),
    'compliance-branches': String(compliance.branches),
    'compliance-full': String(compliance.fullyCompliant),
    'compliance-average': shownAs(compliance.averageScore),
  };
}

/** Waits until the element with this test id shows exactly this text. */
async function waitForText(page: Page, testId: string, text: string, timeout = 30_000): Promise<void> {
  const exactly = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.getByTestId(testId).filter({ hasText: exactly }).waitFor({ timeout });
}

async function shownFigures(page: Page, ids: string[]): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const id of ids) shown[id] = (await page.getByTestId(id).textContent())!.trim();
  return shown;
}

describe('the inspection console in a browser', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let run: ReturnType<typeof mutationRunner>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pictures = screenshotDirectory();

  beforeAll(async () => {
    ({ service, admin, run } = await startWithKnownHistory());
    await run('registerUniversity', { id: '10003', name: '清华大学' });
    await run('registerUnit', { universityId: '10003', unitId: 'q-a', name: '电子系' });
    await run('establishBranch', { branchId: 'Q1', universityId: '10003', unitId: 'q-a', name: '电子系教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 7 });
    // Read-your-writes once, so that the console's first reads see the whole history.
    const settled = await service.graphql(
      `query ($p: String) {
        universities(atLeastPosition: $p) { id }
        rectificationLedger(year: 2019, atLeastPosition: $p) { year }
        trainingCoverage(year: 2019, atLeastPosition: $p) { year }
        dualLeaderStats(year: 2019, atLeastPosition: $p) { year }
        complianceSummary(year: 2019, atLeastPosition: $p) { year }
      }`,
      { p: run.lastPosition() },
      admin,
    );
    expect(settled.errors).toBeUndefined();
    browser = await launchChromium();
  }, 120_000);

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
  });

  afterEach(async () => {
    await context.close();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function signInWithLink(token: string): Promise<void> {
    await page.goto(`${service.url}/console/#token=${encodeURIComponent(token)}`);
    await page.getByTestId('who').waitFor();
  }

  it('signs in with a token and shows the figures the API serves for the university-year', async () => {
    await page.goto(`${service.url}/console`);
    await page.getByTestId('token-input').fill(admin);
    await page.getByTestId('sign-in').click();
    await expect(page.getByTestId('who').textContent()).resolves.toContain('市委教工委');
    await page.getByTestId('university-picker').selectOption('10001');
    await page.getByTestId('year').fill('2019');

    const served = await service.graphql(FIGURES, { year: 2019, universityId: '10001' }, admin);
    const expected = expectedFigures(served.data!);
    await waitForText(page, 'dual-teacher-branches', expected['dual-teacher-branches']!);
    await page.locator('[data-testid="dual-leader-trend"] svg').waitFor();
    expect(await shownFigures(page, Object.keys(expected))).toEqual(expected);
    // The known history: C1 closed, C2 overdue; two teacher branches, one secretary a dual leader.
    expect(expected['ledger-listed']).toBe('2');
    expect(expected['dual-teacher-branches']).toBe('2');
    // The chart plots one point per year of the trend.
    const labels = await page.locator('[data-testid="dual-leader-trend"] svg text').allTextContents();
    for (const point of served.data!.dualLeaderStats.trend) expect(labels).toContain(String(point.year));
    await screenshot(page, pictures, 'overview');
  });

  it('the date picker sets onDate and the instant picker asOf, each shown as the API serves it', async () => {
    await signInWithLink(admin);
    await page.getByTestId('university-picker').selectOption('10001');
    await page.getByTestId('year').fill('2019');
    const today = expectedFigures((await service.graphql(FIGURES, { year: 2019, universityId: '10001' }, admin)).data!);
    await waitForText(page, 'ledger-listed', today['ledger-listed']!);

    // The world on 2019-04-15: C2 not yet opened, T2's and S1's elections not yet held.
    await page.getByTestId('on-date').fill('2019-04-15');
    const onDate = expectedFigures((await service.graphql(FIGURES, { year: 2019, universityId: '10001', onDate: '2019-04-15' }, admin)).data!);
    expect(onDate).not.toEqual(today);
    await waitForText(page, 'secretaries-in-office', onDate['secretaries-in-office']!);
    expect(await shownFigures(page, Object.keys(onDate))).toEqual(onDate);

    // As the system showed it just before T1 was established: the university and its people were
    // registered, no branch yet. (The picker takes Beijing time to the millisecond.)
    const trail = await service.graphql(`{ auditTrail(streamId: "branch-T1", first: 1) { edges { node { recordedAt } } } }`, {}, admin);
    const justBefore = Date.parse(trail.data!.auditTrail.edges[0].node.recordedAt) - 1;
    const asOf = new Date(justBefore).toISOString();
    const beijing = new Date(justBefore + 8 * 3600 * 1000).toISOString().slice(0, 23);
    await page.getByTestId('on-date').fill('');
    await page.getByTestId('as-of').fill(beijing);
    const answered = await service.graphql(FIGURES, { year: 2019, universityId: '10001', asOf }, admin);
    expect(answered.errors).toBeUndefined();
    const then = expectedFigures(answered.data!);
    expect(then['ledger-listed']).toBe('0');
    expect(then['dual-teacher-branches']).toBe('0');
    await waitForText(page, 'ledger-listed', '0');
    await waitForText(page, 'dual-teacher-branches', '0');
    expect(await shownFigures(page, Object.keys(then))).toEqual(then);
    await expect(page.getByTestId('compliance-not-as-of').count()).resolves.toBe(1);
    await screenshot(page, pictures, 'overview-as-of');
  });

  it('a #token= link signs in, and the token leaves the address bar', async () => {
    await signInWithLink(admin);
    expect(page.url()).not.toContain(admin);
    expect(page.url()).not.toContain('token=');
    await expect(page.getByTestId('nav-integrity').count()).resolves.toBe(1);
  });

  it('the ledger lists the cases, filters by status and links to their branches', async () => {
    await signInWithLink(admin);
    await page.getByTestId('nav-ledger').click();
    await page.getByTestId('university-picker').selectOption('10001');
    await page.getByTestId('year').fill('2019');
    await page.locator('[data-testid="ledger-row"][data-case-id="C2"]').waitFor();
    const rows = page.getByTestId('ledger-row');
    expect((await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-case-id')))).sort()).toEqual(['C1', 'C2']);
    await expect(page.locator('[data-case-id="C1"] [data-testid="ledger-row-status"]').textContent()).resolves.toBe('已销账');
    await expect(page.locator('[data-case-id="C1"]').textContent()).resolves.toContain('健全内部管理制度');
    await screenshot(page, pictures, 'ledger');

    await page.getByTestId('ledger-status').selectOption('OVERDUE');
    await page.locator('[data-testid="ledger-row"][data-case-id="C1"]').waitFor({ state: 'detached' });
    await expect(page.getByTestId('ledger-row').getAttribute('data-case-id')).resolves.toBe('C2');

    await page.getByRole('link', { name: '数学本科生支部' }).click();
    await expect(page.getByTestId('branch-name').textContent()).resolves.toBe('数学本科生支部');
  });

  it("a branch's timeline shows its events with valid chain marks, and the slider replays an earlier state", async () => {
    await signInWithLink(admin);
    await page.goto(`${service.url}/console/#/branch/T1`);
    await page.getByTestId('timeline-event').first().waitFor();
    const trail = await service.graphql(`{ auditTrail(streamId: "branch-T1") { edges { node { version type } } } }`, {}, admin);
    const versions = trail.data!.auditTrail.edges.map((edge: { node: { version: number } }) => String(edge.node.version));
    const shown = page.getByTestId('timeline-event');
    expect(await shown.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-version')))).toEqual(versions);
    expect(new Set(await shown.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-chain'))))).toEqual(new Set(['VALID']));
    await expect(page.getByTestId('chain-summary').textContent()).resolves.toContain('哈希链完整');
    await expect(page.getByTestId('branch-now-officers').textContent()).resolves.toContain('同志1');
    await expect(page.getByTestId('branch-as-of-version').textContent()).resolves.toBe(String(versions.length));
    await screenshot(page, pictures, 'branch');

    // Back to the first recorded instant: the branch just established, nobody elected yet.
    await page.getByTestId('as-of-slider').focus();
    await page.keyboard.press('Home');
    await waitForText(page, 'branch-as-of-version', '1');
    await expect(page.getByTestId('branch-as-of-officers').textContent()).resolves.toContain('尚无支委');
    await expect(page.getByTestId('branch-now-officers').textContent()).resolves.toContain('同志1');
    // One step on: the election is in.
    await page.keyboard.press('ArrowRight');
    await waitForText(page, 'branch-as-of-version', '2');
    await expect(page.getByTestId('branch-as-of-officers').textContent()).resolves.toContain('同志1');
    await page.keyboard.press('Home');
    await waitForText(page, 'branch-as-of-version', '1');
    await screenshot(page, pictures, 'branch-as-of');
  });

  it('the overview follows live updates: a branch recorded elsewhere shows without reloading', async () => {
    await signInWithLink(admin);
    await page.getByTestId('university-picker').selectOption('10001');
    await page.getByTestId('year').fill('2019');
    const before = await service.graphql(FIGURES, { year: 2019, universityId: '10001' }, admin);
    const teacherBranches = before.data!.dualLeaderStats.teacherBranches as number;
    await waitForText(page, 'dual-teacher-branches', String(teacherBranches));
    await page.locator('[data-testid="live-state"][data-state="live"]').waitFor();

    await run('establishBranch', { branchId: 'T3', universityId: '10001', unitId: 'u-b', name: '物理教工二支部', kind: 'TEACHER', establishedOn: '2018-06-01', memberCount: 4 });
    // figuresChanged arrives once the projections applied it; the console re-reads at that position.
    await waitForText(page, 'dual-teacher-branches', String(teacherBranches + 1), 5_000);
    const after = await service.graphql(FIGURES, { year: 2019, universityId: '10001' }, admin);
    expect(await shownFigures(page, Object.keys(expectedFigures(after.data!)))).toEqual(expectedFigures(after.data!));
    await screenshot(page, pictures, 'overview-live');
  });

  it('a portal token sees only its university: no picker, no integrity view, other branches refused', async () => {
    const portal = await service.token({ role: 'PORTAL', universityId: '10003' });
    await signInWithLink(portal);
    await page.getByTestId('year').fill('2019');
    await expect(page.getByTestId('university-picker').count()).resolves.toBe(0);
    await expect(page.getByTestId('nav-integrity').count()).resolves.toBe(0);
    await expect(page.getByTestId('own-university').textContent()).resolves.toContain('10003');
    const served = await service.graphql(FIGURES, { year: 2019, universityId: '10003' }, portal);
    const expected = expectedFigures(served.data!);
    expect(expected['dual-teacher-branches']).toBe('1');
    await waitForText(page, 'dual-teacher-branches', expected['dual-teacher-branches']!);
    expect(await shownFigures(page, Object.keys(expected))).toEqual(expected);
    await screenshot(page, pictures, 'portal-overview');

    await page.goto(`${service.url}/console/#/branch/T1`);
    await page.getByRole('alert').first().waitFor();
    // Another university's branch reads as one that does not exist.
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('没有党支部 T1');
    await expect(page.locator('body').textContent()).resolves.not.toContain('数学教工一支部');
  });

  it('a tampered event shows as broken on the timeline and in the integrity view', async () => {
    await service.database.sql.query(`UPDATE events SET data = jsonb_set(data, '{memberCount}', '99') WHERE stream_id = 'branch-T1' AND version = 1`);
    await signInWithLink(admin);
    await page.goto(`${service.url}/console/#/branch/T1`);
    await page.getByTestId('timeline-event').first().waitFor();
    await expect(page.locator('[data-testid="timeline-event"][data-version="1"]').getAttribute('data-chain')).resolves.toBe('HASH_MISMATCH');
    await expect(page.locator('[data-testid="timeline-event"][data-version="2"]').getAttribute('data-chain')).resolves.toBe('VALID');
    await expect(page.getByTestId('chain-summary').textContent()).resolves.toContain('1 条事件校验失败');
    await screenshot(page, pictures, 'branch-tampered');

    await page.getByTestId('nav-integrity').click();
    await page.getByTestId('integrity-report').waitFor();
    await expect(page.getByTestId('integrity-ok').textContent()).resolves.toBe('发现被篡改的事件');
    await expect(page.getByTestId('broken-stream').textContent()).resolves.toBe('branch-T1');
    await expect(page.getByTestId('broken-version').textContent()).resolves.toBe('1');
    await screenshot(page, pictures, 'integrity');
  });
});
