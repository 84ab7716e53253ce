import type { Browser, Page } from 'playwright-core';
import { expectNoPageErrors, expectNoSeriousA11yViolations, launchBrowser, openConsole } from '../helpers/browser';
import { TestStack } from '../helpers/stack';

/**
 * The retention screen: the operations user sees the periods per category, asks for a dry run and sees its progress
 * and report (counts only); in Arabic the screen is translated and mirrored.
 */
describe('browser: operations run a retention dry run', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' } });
    browser = await launchBrowser();
    page = await openConsole(browser, { baseUrl: stack.baseUrl, username: 'operations', path: '/console/retention' });
  }, 240_000); // worker and API each may take up to 120 s to start on a loaded machine (test/helpers/stack.ts)
  afterAll(async () => {
    await page?.context().close();
    await browser?.close();
    await stack?.stop();
  });

  it('should show the periods, run a dry run and show its report', async () => {
    await page.getByRole('heading', { name: 'Data retention', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'Financial records (kept for audit)' }).first().waitFor();
    await page.getByRole('cell', { name: '10 years' }).waitFor();
    await page.getByRole('button', { name: 'Dry run: count what is due' }).click();
    // This run's report (earlier runs of the suite list their own Done rows below it).
    await page.getByLabel('Retention report').getByText('Done', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText('0 of 0 cases').waitFor();
    await expectNoSeriousA11yViolations(page, 'retention');
    expectNoPageErrors(page, 'retention');
    await page.screenshot({ path: '/tmp/dpret-retention.png', fullPage: true });
  });
});
