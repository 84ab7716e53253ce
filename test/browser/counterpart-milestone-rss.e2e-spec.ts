import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { RSS_INSTRUMENT_V1, scoreRss } from '../../libs/domain/src/rss';
import type { CaseDriver } from '../helpers/journey';
import { days } from '../helpers/journey';
import { expectEventually, TestStack } from '../helpers/stack';
import { arrivedInConakry, CONAKRY, GOOD_RSS, readyForPlan } from '../journeys/reintegration-support';
import { expectNoSeriousA11yViolations, launchBrowser, openConsole, saveScreenshot } from '../helpers/browser';

/** A full-page screenshot from the top (the shell's header is fixed: scrolled, it would sit mid-page in the image). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}

/**
 * The counterpart in the country of origin, entirely on screen once the returnee has arrived and the needs were
 * assessed (through the API): agrees the plan with the plan editor, records a photo as evidence and the milestone with
 * it, then an RSS survey whose scores the screen previews and the engine computes and shows.
 */
describe('browser: a counterpart agrees the plan, records a milestone and an RSS survey', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let c: CaseDriver;
  let familyName: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchBrowser();
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    familyName = (await stack.request('GET', `/cases/${c.caseId}`, { as: CONAKRY })).body.members[0].personal
      .familyName;
  }, 120_000);
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await stack?.stop();
  });

  const open = (title: string) => page.getByRole('button', { name: title, exact: true }).click();

  it('should list the case among the counterpart cases and open its reintegration page', async () => {
    page = await openConsole(browser, { baseUrl: stack.baseUrl, username: CONAKRY, path: '/console/counterpart' });
    await page.getByRole('heading', { name: 'Reintegration cases' }).waitFor();
    // The plan is the counterpart's work now (GET /cases?awaiting=mine), said in words.
    const waiting = page.getByRole('region', { name: 'Other cases waiting for you' });
    const row = waiting.getByRole('row', { name: new RegExp(c.view.reference) });
    expect(await row.textContent()).toContain('Agree the reintegration plan');
    await expectNoSeriousA11yViolations(page, 'counterpart queue');
    await shot(page, 'counterpart-queue-en');
    await row.getByRole('link', { name: c.view.reference }).click();
    await page.getByTestId('case-stage').getByText('Reintegration counselling').waitFor();
    await page.getByRole('heading', { name: 'Handover' }).waitFor();
    await page.getByRole('heading', { name: 'No plan agreed yet' }).waitFor();
    // The counterpart sees the returnee by name (casework); the page shows what the API gives the role.
    expect(await page.textContent('main')).toContain(familyName);
    await expectNoSeriousA11yViolations(page, 'counterpart case page');
    await shot(page, 'counterpart-case-en');
  });

  it('should agree the plan through the plan editor, with totals by dimension and level', async () => {
    await open('Agree the reintegration plan');
    const form = page.getByRole('form', { name: 'Agree the reintegration plan' });
    await form.getByLabel('Activity id').fill('A-SHOP');
    await form.getByLabel('Budget (EUR)').fill('900');
    await form.getByRole('button', { name: 'Add a milestone' }).click();
    await form.getByLabel('Milestone 1: id').fill('M-MARKET');
    await form.getByLabel('Milestone 1: what (code)').fill('MARKET_ASSESSMENT');
    await form.getByLabel('Milestone 1: due date').fill(days(30));
    await form.getByRole('button', { name: 'Add an activity' }).click();
    const second = form.getByRole('group', { name: 'Activity 2' });
    await second.getByLabel('Activity id').fill('A-MHPSS');
    await second.getByLabel('Dimension').selectOption('PSYCHOSOCIAL');
    await second.getByLabel('Level').selectOption('COMMUNITY');
    await second.getByLabel('Kind').selectOption('MHPSS');
    await second.getByLabel('Budget (EUR)').fill('100');
    await form.getByLabel('Amount (EUR)').fill('1000');
    await form.getByLabel('Payee reference').fill('PAYEE-MM-0042');
    await form.getByLabel('The returnee signed the plan').check();
    await form.getByLabel('Reference of the signed plan').fill('PLAN-SIG-UI-1');
    const summary = form.getByRole('table', { name: 'Budget by dimension and level' });
    expect(await summary.getByRole('row', { name: /Psychosocial/ }).textContent()).toContain('100');
    expect(await summary.getByRole('row', { name: /Plan total/ }).textContent()).toContain('1,000');
    await expectNoSeriousA11yViolations(page, 'plan editor');
    await shot(page, 'counterpart-plan-editor-en');
    await form.getByRole('button', { name: 'Agree the plan' }).click();
    await page.getByTestId('case-stage').getByText('Plan agreed').waitFor();
    await page.getByRole('heading', { name: 'Plan (version 1)' }).waitFor();
    const view = (await stack.request('GET', `/cases/${c.caseId}`, { as: CONAKRY })).body;
    expect(view.reintegration.plan).toMatchObject({ budget: 1000, currency: 'EUR' });
    expect(view.reintegration.milestones.map((m: any) => m.milestoneId)).toEqual(['M-MARKET']);
  });

  it('should record a photo as evidence (its fingerprint computed in the browser) and the milestone as done with it', async () => {
    const photo = Buffer.from('a photo of the market assessment, kept by the office');
    await open('Record evidence');
    const evidenceForm = page.getByRole('form', { name: 'Record evidence' });
    await evidenceForm.locator('input[type="file"]').setInputFiles({
      name: 'market.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    const checksum = createHash('sha256').update(photo).digest('hex');
    await expectEventually(async () =>
      expect(await evidenceForm.getByLabel('SHA-256 fingerprint').inputValue()).toBe(checksum),
    );
    const evidenceId = await evidenceForm.getByLabel('Evidence reference').inputValue();
    expect(evidenceId).toBe(`EV-${checksum.slice(0, 10).toUpperCase()}`);
    await evidenceForm.getByLabel('Purpose').selectOption('MILESTONE');
    await evidenceForm.getByLabel(/^Milestone( \*)?$/).selectOption('M-MARKET');
    await expectNoSeriousA11yViolations(page, 'evidence form');
    await evidenceForm.getByRole('button', { name: 'Record the evidence' }).click();
    await page.getByRole('status').getByText('Record evidence').waitFor();

    await open('Record a milestone');
    const form = page.getByRole('form', { name: 'Record a milestone' });
    await form.getByLabel(/^Milestone( \*)?$/).selectOption('M-MARKET');
    await form.getByLabel('Status').selectOption('DONE');
    await form.getByLabel(new RegExp(`^${evidenceId}`)).check();
    await form.getByRole('button', { name: 'Record the milestone' }).click();
    const row = page.locator('[data-milestone="M-MARKET"]');
    await row.getByText('Done').waitFor();
    await row.getByText(new RegExp(`${evidenceId} · image/jpeg`)).waitFor();
    const view = (await stack.request('GET', `/cases/${c.caseId}`, { as: CONAKRY })).body;
    expect(view.reintegration.milestones[0]).toMatchObject({
      milestoneId: 'M-MARKET',
      status: 'DONE',
      evidenceIds: [evidenceId],
    });
    expect(view.reintegration.evidence).toEqual([
      expect.objectContaining({ evidenceId, checksum, contentType: 'image/jpeg', purpose: 'MILESTONE' }),
    ]);
    await shot(page, 'counterpart-milestone-en');
  });

  it('should record an RSS survey, preview its scores, and show the scores the engine computed', async () => {
    await open('Record the reintegration sustainability survey');
    const form = page.getByRole('form', { name: 'Record a sustainability survey' });
    await form.getByLabel('When in the programme').selectOption('BASELINE');
    for (const [indicator, answer] of Object.entries(GOOD_RSS)) {
      await form.locator(`select[data-indicator="${indicator}"]`).selectOption(String(answer));
    }
    const expected = scoreRss(RSS_INSTRUMENT_V1, GOOD_RSS);
    const percent = (x: number | null) => `${Math.round((x ?? 0) * 100)}%`;
    const preview = form.getByTestId('rss-scores');
    expect(await preview.getByRole('row', { name: /Composite/ }).textContent()).toContain(percent(expected.composite));
    await expectNoSeriousA11yViolations(page, 'RSS survey form');
    await shot(page, 'counterpart-rss-form-en');
    await form.getByRole('button', { name: 'Record the survey' }).click();

    const recorded = page.locator('[data-rss]').first();
    await recorded.waitFor();
    const view = (await stack.request('GET', `/cases/${c.caseId}`, { as: CONAKRY })).body;
    const rss = view.reintegration.rss[0];
    expect(rss.composite).toBeCloseTo(expected.composite!, 4);
    const engine = recorded.getByTestId('rss-scores');
    expect(await engine.getByRole('row', { name: /Composite/ }).textContent()).toContain(percent(rss.composite));
    for (const [dimension, label] of [
      ['ECONOMIC', 'Economic'],
      ['SOCIAL', 'Social'],
      ['PSYCHOSOCIAL', 'Psychosocial'],
    ] as const) {
      expect(await engine.getByRole('row', { name: new RegExp(`^${label}`) }).textContent()).toContain(
        percent(rss.dimensionScores[dimension]),
      );
    }
    // Read again from the API after a reload (the cookie session stays): the recorded result, not the form's echo.
    await page.reload();
    await page.locator('[data-rss]').first().getByTestId('rss-scores').waitFor();
    await expectNoSeriousA11yViolations(page, 'counterpart case page with an RSS result');
    await shot(page, 'counterpart-rss-result-en');
  });

  it('should show the same page in Arabic, right to left', async () => {
    await page.getByLabel('Language').first().selectOption('ar');
    await page.getByRole('heading', { name: 'استبيان استدامة إعادة الإدماج' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectNoSeriousA11yViolations(page, 'counterpart case page in Arabic');
    await shot(page, 'counterpart-rss-result-ar');
    await page.goto('/console/counterpart'); // the cookie session survives the navigation
    await page.getByRole('heading', { name: 'حالات إعادة الإدماج' }).waitFor();
    // Among the office's cases (nothing waits for the counterpart once the plan is agreed, until a visit falls due).
    await page.getByRole('region', { name: 'كل حالات مكتبي' }).getByRole('link', { name: c.view.reference }).waitFor();
    await shot(page, 'counterpart-queue-ar');
    // The choice is stored for the user: back to English for the other browser tests of the run.
    await page.getByLabel('اللغة').first().selectOption('en');
    await page.getByRole('heading', { name: 'Reintegration cases' }).waitFor();
  });
});
