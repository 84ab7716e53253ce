import type { Browser, Page } from 'playwright-core';
import type { CaseDriver } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  FINANCE,
  FINANCE2,
  readyForPlan,
} from '../journeys/reintegration-support';
import { expectNoSeriousA11yViolations, launchBrowser, openConsole, saveScreenshot } from '../helpers/browser';

/** A full-page screenshot from the top (the shell's header is fixed: scrolled, it would sit mid-page in the image). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}

/**
 * Two finance officers release a tranche on screen: the first approves it and is shown that they cannot also pay it
 * (the button says why; the API refuses it too), the second records the payment. The counterpart's request comes
 * through the API beforehand.
 */
describe('browser: two finance officers approve and pay a tranche', () => {
  let stack: TestStack;
  let browser: Browser;
  let c: CaseDriver;
  const pages: Page[] = [];

  const openAs = async (username: string, path: string): Promise<Page> => {
    const page = await openConsole(browser, { baseUrl: stack.baseUrl, username, path });
    pages.push(page);
    return page;
  };
  const row = (page: Page) => page.locator('[data-tranche="P1-T1"]');

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchBrowser();
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(CONAKRY, 'AgreePlan', businessPlan());
    await c.run(CONAKRY, 'RequestTranche', { trancheId: 'P1-T1' });
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.context().close();
    await browser?.close();
    await stack?.stop();
  });

  it('should list the requested tranche among those to approve (GET /cases?awaiting=mine)', async () => {
    const page = await openAs(FINANCE, '/console/finance');
    const toApprove = page.getByRole('region', { name: /To approve/ });
    await toApprove.getByRole('link', { name: c.view.reference }).waitFor();
    expect(await page.getByRole('region', { name: /To pay/ }).textContent()).not.toContain(c.view.reference);
    await expectNoSeriousA11yViolations(page, 'finance queue');
    await shot(page, 'finance-queue-en');
  });

  it('should approve the tranche as the first finance officer', async () => {
    const page = pages[0];
    await page.goto(`/console/finance/cases/${c.caseId}`); // the cookie session survives the navigation
    await page.getByRole('heading', { name: `Tranches of case ${c.view.reference}` }).waitFor();
    expect(await row(page).textContent()).toContain('Requested');
    await expectNoSeriousA11yViolations(page, 'finance case page, tranche requested');
    await shot(page, 'finance-tranche-to-approve-en');
    await row(page).getByRole('button', { name: 'Approve P1-T1' }).click();
    await page.getByRole('status').getByText('Tranche P1-T1 approved.').waitFor();
    await row(page).getByText('Approved', { exact: true }).waitFor();
    expect(await row(page).textContent()).toMatch(/Approved by: you/);
  });

  it('should show the approver that another finance officer pays, and keep the payment closed to them', async () => {
    const page = pages[0];
    const pay = row(page).getByRole('button', { name: 'Record the payment of P1-T1' });
    await pay.waitFor();
    expect(await pay.isDisabled()).toBe(true);
    expect(await row(page).getByTestId('two-person-rule').textContent()).toBe(
      'You approved this tranche: another finance officer records its payment (two-person rule).',
    );
    // The API says the same, whatever the screen shows.
    const refused = await c.send(
      FINANCE,
      'RecordTranchePayment',
      { trancheId: 'P1-T1', paymentRef: 'MM-TX-SELF-1' },
      {
        expectedVersion: (await c.refresh(FINANCE)).version,
      },
    );
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body.details.requirements)).toContain('SEGREGATION_OF_DUTIES');
    await expectNoSeriousA11yViolations(page, 'finance case page, tranche approved by me');
    await shot(page, 'finance-approver-cannot-pay-en');
  });

  it('should let the second finance officer record the payment', async () => {
    const page = await openAs(FINANCE2, `/console/finance/cases/${c.caseId}`);
    await row(page).getByText('Approved', { exact: true }).waitFor();
    await row(page).getByLabel('Payment reference for P1-T1').fill('MM-TX-88231');
    await row(page).getByRole('button', { name: 'Record the payment of P1-T1' }).click();
    await page.getByRole('status').getByText('Payment of tranche P1-T1 recorded.').waitFor();
    await row(page).getByText('Paid', { exact: true }).waitFor();
    const text = (await row(page).textContent()) ?? '';
    expect(text).toMatch(/Paid by: you/);
    expect(text).toContain('MM-TX-88231');
    const view = (await stack.request('GET', `/cases/${c.caseId}`, { as: FINANCE })).body;
    const tranche = view.reintegration.tranches.find((t: any) => t.trancheId === 'P1-T1');
    expect(tranche).toMatchObject({ status: 'PAID', paymentRef: 'MM-TX-88231' });
    expect(tranche.paidBy).not.toBe(tranche.approvedBy);
    await expectNoSeriousA11yViolations(page, 'finance case page, tranche paid');
    await shot(page, 'finance-tranche-paid-en');
  });

  it('should show the tranches in Arabic, right to left', async () => {
    const page = pages[1];
    await page.getByLabel('Language').first().selectOption('ar');
    await page.getByRole('heading', { name: `دفعات الحالة ${c.view.reference}` }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expectNoSeriousA11yViolations(page, 'finance case page in Arabic');
    await shot(page, 'finance-tranche-paid-ar');
    // The choice is stored for the user: back to English for the other browser tests of the run.
    await page.getByLabel('اللغة').first().selectOption('en');
    await page.getByRole('heading', { name: `Tranches of case ${c.view.reference}` }).waitFor();
  });
});
