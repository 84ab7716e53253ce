import type { Browser, Page } from 'playwright-core';
import { expectNoSeriousA11yViolations, launchBrowser, openConsole, saveScreenshot } from '../helpers/browser';
import { singleAdult } from '../helpers/households';
import { booking, CaseDriver, days, singleAdultReady, type Payload } from '../helpers/journey';
import { STACK_START_TIMEOUT_MS, TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  readyForPlan,
  releaseTranche,
  SUPERVISOR_CKY,
} from '../journeys/reintegration-support';

/** A full-page screenshot from the top (the shell's header is fixed). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}

/** Version 2 of the business plan: the remaining budget moves to training (AVRR.md §8.3: a failed business is re-planned). */
const draft: Payload<'DraftPlanAmendment'> = {
  ...businessPlan({
    activities: [
      {
        activityId: 'A-TRAINING-2',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'TRAINING',
        budget: 700.5,
        milestones: [],
      },
    ],
    budget: 700.5,
    modality: 'CASH',
    tranches: [{ amount: 700.5, payeeRef: 'PAYEE-MM-0042' }],
  }),
  reasonCode: 'BUSINESS_FAILED',
};

/**
 * Issue 10's screens, as their users see them: the receiving office's counterpart finds a booked returnee among the
 * incoming cases; the movement assistant finds the ticket to cancel after a withdrawal in the task inbox; the officer
 * reads a nationality as declared until a consulate confirms it; a drafted plan amendment waits, visible with the
 * returnee's agreement, until a supervisor approves it from the command panel. In English and Arabic.
 */
describe('browser: the receiving office, the task inbox, a declared nationality and a pending amendment', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page | undefined;
  let booked: CaseDriver;
  let withdrawn: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
    browser = await launchBrowser();
    booked = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(booked, days(40));
    await booked.run(
      'movement.rabat',
      'ConfirmBooking',
      booking(days(5), { arrivalDate: days(6), itineraryRef: 'AT-0555' }),
    );
    withdrawn = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(withdrawn, days(40));
    await withdrawn.run('movement.rabat', 'ConfirmBooking', booking(days(9), { itineraryRef: 'AT-0909' }));
    await withdrawn.run('officer.rabat', 'Withdraw', {});
  }, STACK_START_TIMEOUT_MS);
  afterEach(async () => {
    await page?.context().close();
    page = undefined;
  });
  afterAll(async () => {
    // The Arabic preference is stored per user: give the users back their English for the files that follow.
    for (const as of [CONAKRY, 'movement.rabat', 'dpo.rabat', SUPERVISOR_CKY])
      await stack?.request('PUT', '/me/preferences', { as, body: { language: 'en' } });
    await browser?.close();
    await stack?.stop();
  });

  it('should show the booked returnee to the receiving counterpart among the incoming cases', async () => {
    page = await openConsole(browser, { baseUrl: stack.baseUrl, username: CONAKRY, path: '/console/incoming' });
    await page.getByRole('heading', { name: 'Incoming returnees' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: booked.view.reference }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('AT-0555');
    // The withdrawn traveller is no longer expected.
    expect(await page.getByRole('link', { name: withdrawn.view.reference }).count()).toBe(0);
    await expectNoSeriousA11yViolations(page, 'incoming returnees');
    await shot(page, 'incoming-en');
    await page.context().close();

    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: CONAKRY,
      language: 'ar',
      path: '/console/incoming',
    });
    await page.getByRole('link', { name: booked.view.reference }).waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await shot(page, 'incoming-ar');
  });

  it('should give the movement assistant the ticket to cancel in the task inbox, linked to its command', async () => {
    page = await openConsole(browser, { baseUrl: stack.baseUrl, username: 'movement.rabat', path: '/console/tasks' });
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: withdrawn.view.reference }) });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    expect(text).toContain('Cancel the tickets');
    expect(text).toContain('Record the tickets cancelled'); // the completing command, a link to the case
    await expectNoSeriousA11yViolations(page, 'tasks');
    await shot(page, 'tasks-movement-en');
    await page.context().close();

    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'movement.rabat',
      language: 'ar',
      path: '/console/tasks',
    });
    await page.getByText('إلغاء التذاكر').first().waitFor();
    await shot(page, 'tasks-movement-ar');
  });

  it('should show the nationality as declared until a consulate confirms it', async () => {
    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'officer.rabat',
      path: `/console/cases/${booked.caseId}`,
    });
    const members = page.getByRole('region', { name: 'Household members' });
    await members.getByText('GN (declared)').waitFor();
    await expectNoSeriousA11yViolations(page, 'case page with nationality');

    // The consulate confirms it (AVRR.md §6: nationality declared / confirmed): the page says so.
    const memberId = booked.view.members[0].memberId;
    await booked.run('officer.rabat', 'RecordNationality', {
      memberId,
      nationality: 'GN',
      status: 'CONFIRMED',
      authority: 'CONSULATE-GN-RABAT',
    });
    await page.reload();
    await members.getByText('GN (confirmed)').waitFor();
    expect(await members.getByText('GN (declared)').count()).toBe(0);
  });

  it('should let the data protection focal point decide a transfer outside the allow-list only with a reason', async () => {
    const recipientName = `CLINIC-${booked.view.reference.slice(-4)}`;
    const requested = await stack.request('POST', `/cases/${booked.caseId}/transfers`, {
      as: 'officer.rabat',
      body: {
        recipientKind: 'SERVICE_PROVIDER',
        recipientName,
        purpose: 'MEDICAL_REFERRAL',
        items: ['NAME', 'CONTACT_DETAILS'],
        memberIds: [booked.view.members[0].memberId],
        legalBasis: { kind: 'AGREEMENT', ref: 'DSA-2026-3' },
        safeguards: ['ENCRYPTED_CHANNEL'],
      },
    });
    expect(requested.status).toBe(201);
    // In Arabic first (the layout mirrored, the reason list in words), then decided in English.
    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'dpo.rabat',
      language: 'ar',
      path: '/console/data-protection',
    });
    await page.getByRole('row').filter({ hasText: recipientName }).waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await expectNoSeriousA11yViolations(page, 'data protection (ar)');
    await shot(page, 'dpo-transfer-pending-ar');
    await page.context().close();
    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: 'dpo.rabat',
      language: 'en',
      path: '/console/data-protection',
    });
    const row = page.getByRole('row').filter({ hasText: recipientName });
    await row.waitFor();
    // No decision without its reason (AVRR.md §13 principle 13).
    expect(await row.getByRole('button', { name: 'Decide' }).isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(page, 'data protection');
    await shot(page, 'dpo-transfer-pending-en');
    await row.getByPlaceholder('Choose a reason').click();
    await page.getByRole('option', { name: 'the assistance needs it' }).click();
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.waitFor({ state: 'detached' });
    const transfers = await stack.request('GET', `/cases/${booked.caseId}/transfers`, { as: 'dpo.rabat' });
    expect(transfers.body.items.find((x: any) => x.recipientName === recipientName)).toMatchObject({
      status: 'APPROVED',
      decisionReason: 'NECESSARY_FOR_ASSISTANCE',
    });
  });

  it('should show a drafted plan amendment to the supervisor, who approves it from the command panel', async () => {
    const c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(CONAKRY, 'AgreePlan', businessPlan());
    await releaseTranche(c, 'P1-T1');
    await c.run(CONAKRY, 'DraftPlanAmendment', draft);
    expect(c.view.reintegration.pendingAmendment).toMatchObject({ planVersion: 2, budget: 700.5 });

    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: SUPERVISOR_CKY,
      language: 'ar',
      path: `/console/counterpart/cases/${c.caseId}`,
    });
    await page.getByRole('region', { name: 'تعديل في انتظار موافقة المشرف (الإصدار 2)' }).waitFor();
    await expectNoSeriousA11yViolations(page, 'pending amendment (ar)');
    await shot(page, 'amendment-pending-ar');
    await page.context().close();
    page = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username: SUPERVISOR_CKY,
      language: 'en',
      path: `/console/counterpart/cases/${c.caseId}`,
    });
    const pending = page.getByRole('region', { name: 'Amendment waiting for a supervisor (version 2)' });
    await pending.waitFor();
    const text = (await pending.textContent()) ?? '';
    expect(text).toContain('BUSINESS_FAILED');
    expect(text).toContain('Signed'); // the returnee's agreement
    expect(text).toContain('A-TRAINING-2');
    await expectNoSeriousA11yViolations(page, 'counterpart case page with a pending amendment');
    await shot(page, 'amendment-pending-en');

    await page.getByRole('button', { name: 'Approve the plan amendment', exact: true }).click();
    const form = page.getByRole('form', { name: 'Approve the plan amendment' });
    await form.waitFor();
    await form.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Plan (version 2)' }).waitFor();
    expect(await pending.count()).toBe(0);
  });
});
