import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { familyOfFour, singleAdult } from '../helpers/households';
import { CaseDriver } from '../helpers/journey';
import { ownOffice } from '../helpers/offices';
import { TestStack } from '../helpers/stack';
import {
  expectNoPageErrors,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openConsole,
  saveScreenshot,
} from '../helpers/browser';

/**
 * The M&E report on screen (issue 12): me.rabat opens the report, sees the figures of cases opened through commands
 * (a small group marked suppressed, with the legend), switches to per-case counting, downloads the CSV (and finds it
 * in the export audit), and reads the same screen in Arabic, right to left. The cases are opened in a host office of
 * the file's own (created through the admin API) and the screen is filtered by it: the other files of a run share the
 * database, and the figures checked must be this file's.
 */
describe('browser: the M&E officer reads the programme indicators and downloads them', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  const today = new Date().toISOString().slice(0, 10);
  /** The screen's period and office (set once the office exists). */
  let filters = '';
  /** The TOTAL of one column of an indicator, as the API gives it for the screen's period and office. */
  const apiTotal = async (indicator: string, column: string): Promise<number> => {
    const res = await stack.request('GET', `/reports/indicators?${filters}`, { as: 'me.rabat' });
    const t = res.body.tables.find((x: any) => x.indicator === indicator);
    const v = t.total.values[t.columns.indexOf(column)];
    // This file's cohort: 10 people (the family counting four) in 7 cases.
    expect(v).toBe(indicator === 'pipeline' ? 10 : 7);
    return v;
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    const own = await ownOffice(stack, ['officer']);
    const officer = own.users.officer;
    filters = `from=${today.slice(0, 4)}-01-01&to=${today}&office=${own.office}`;
    // Six single men and a family of four registered in the office; two of the men withdraw.
    const cases: CaseDriver[] = [];
    for (let i = 0; i < 6; i += 1)
      cases.push(await CaseDriver.open(stack, officer, singleAdult({ hostOffice: own.office }), ['pa']));
    const family = { ...familyOfFour(), hostOffice: own.office };
    await CaseDriver.open(stack, officer, family, ['mother', 'father', 'daughter', 'son']);
    await cases[0].run(officer, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    await cases[1].run(officer, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    browser = await launchBrowser();
    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'me.rabat',
      path: `/console/reports?${filters}`,
    });
  }, 300_000);
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await stack?.stop();
  });

  it('should land on the report, with the figures per individual and the suppressed cells marked', async () => {
    await page.getByRole('heading', { name: 'Programme indicators', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Reports' }).waitFor();
    const pipeline = page.locator('table[data-indicator="pipeline"]');
    await pipeline.waitFor();
    // Received: 10 people (the family counting four), as the API gives it; withdrawn: 2 of them, suppressed.
    const total = pipeline.locator('tbody tr').last();
    await expectText(total.locator('td').nth(0), String(await apiTotal('pipeline', 'received')));
    expect(await total.locator('td').nth(5).locator('[data-suppressed]').count()).toBe(1);
    await page
      .getByTestId('report-legend')
      .getByText(/fewer than 5 people/)
      .waitFor();
    await expectNoSeriousA11yViolations(page, 'reports');
    await page.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(page, 'reports-me');
  });

  it('should count per case when asked: 7 cases', async () => {
    await page.getByText('Per case', { exact: true }).click();
    const perCase = page.locator('table[data-indicator="pipelineCases"]');
    await perCase.waitFor();
    await expectText(
      perCase.locator('tbody tr').last().locator('td').nth(0),
      String(await apiTotal('pipelineCases', 'received')),
    );
    await page.getByText('Per individual', { exact: true }).click();
    await page.locator('table[data-indicator="pipeline"]').waitFor();
  });

  it('should download the CSV, which the export audit then lists', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^indicators-.*\.csv$/);
    const text = readFileSync(await download.path(), 'utf8');
    expect(text.split('\n')[0]).toBe('indicator,unit,breakdown,key,measure,value,note');
    expect(text).toContain(`pipeline,individuals,office,TOTAL,received,${await apiTotal('pipeline', 'received')},`);
    expect(text).not.toMatch(/Diallo|Bah-|Mamadou/);
    await page.getByTestId('report-exports').getByRole('cell', { name: 'CSV' }).first().waitFor();
  });

  it('should read the report in Arabic, right to left', async () => {
    const ar = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'me.rabat',
      language: 'ar',
      path: `/console/reports?${filters}`,
    });
    try {
      await ar.getByRole('heading', { name: 'مؤشرات البرنامج', level: 1 }).waitFor();
      expect(await ar.evaluate('document.documentElement.dir')).toBe('rtl');
      expect(await ar.evaluate('document.documentElement.lang')).toBe('ar');
      await ar.locator('table[data-indicator="pipeline"]').waitFor();
      await ar.getByRole('button', { name: 'تنزيل CSV' }).waitFor();
      // The title sits at the right edge in a right-to-left layout.
      const box = await ar.getByRole('heading', { level: 1 }).boundingBox();
      const width = await ar.evaluate<number>('document.documentElement.clientWidth');
      expect(box && box.x + box.width).toBeGreaterThan(width / 2);
      await ar.evaluate('window.scrollTo(0, 0)');
      await saveScreenshot(ar, 'reports-me-ar');
      expectNoPageErrors(ar, 'reports in Arabic');
    } finally {
      await ar.context().close();
    }
    expectNoPageErrors(page, 'reports');
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.waitFor();
  await expect(locator.innerText()).resolves.toBe(text);
}
