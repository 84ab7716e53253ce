import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';
import { singleAdult } from '../helpers/households';
import { booking, CaseDriver, days, departure, singleAdultReady } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { expectAccessible, label, launchChromium, screenshot, serveConsole, signIn, signOut } from './console-harness';

/**
 * Issue 11 item 6 in the console: a man who returned from Rabat with assistance comes back to Oujda under a
 * transliterated, reordered name, the same date of birth and his phone in national format. The Oujda officer sees the
 * Rabat case as a reference with its score and what matched (never the Rabat person's data), records "same person",
 * and the case says a supervisor's exception is needed (default rule), which an Oujda supervisor records.
 */
describe('browser: possible earlier cases on the case page', () => {
  let stack: TestStack;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let earlier: CaseDriver;
  let later: CaseDriver;
  const family = `Camara${randomUUID().slice(0, 6).replace(/\d/g, 'q')}`;
  const digits = String(10_000_000 + Math.floor(Math.random() * 89_999_999));
  const supervisor = `supervisor.ouj${randomUUID().slice(0, 6)}`;
  // What the Rabat office holds of the man and Oujda must not see: its spelling of the name, and its phone format.
  const rabatOnly = ['Mohamed', `+212 6${digits}`];

  beforeAll(async () => {
    stack = await TestStack.start();
    site = await serveConsole(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });

    const first = singleAdult();
    Object.assign(first.members[0], {
      givenName: 'Mohamed',
      familyName: family,
      dateOfBirth: '1987-09-14',
      phone: `+212 6${digits}`,
    });
    earlier = await CaseDriver.open(stack, 'officer.rabat', first, ['pa']);
    await singleAdultReady(earlier, days(30));
    await earlier.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    await earlier.run('movement.rabat', 'RecordDeparture', departure);
    expect(earlier.stage).toBe('DEPARTED');

    const second = singleAdult({ hostOffice: 'MA-OUJ' });
    Object.assign(second.members[0], {
      givenName: family.toUpperCase(),
      familyName: 'Muhammad',
      dateOfBirth: '1987-09-14',
      phone: `06 ${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`,
    });
    later = await CaseDriver.open(stack, 'officer.oujda', second, ['pa']);

    // The demo data has no supervisor in Oujda: the administrator adds one.
    const created = await stack.request('POST', '/admin/users', {
      as: 'admin',
      body: {
        username: supervisor,
        displayName: 'Supervisor, Oujda',
        role: 'supervisor',
        office: 'MA-OUJ',
        password: DEMO_PASSWORD,
      },
    });
    expect(created.status).toBe(200);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  const section = (name = 'Possible earlier cases'): Locator => page.getByRole('region', { name });
  const candidate = (): Locator => section().getByRole('listitem').filter({ hasText: earlier.view.reference });

  async function expectNoRabatData(): Promise<void> {
    const text = (await page.locator('body').textContent()) ?? '';
    for (const personal of rabatOnly) expect(text).not.toContain(personal);
  }

  it('should list the Rabat case by reference, score and what matched, and nothing of the Rabat person', async () => {
    expect(later.view.possibleDuplicates).toEqual([
      expect.objectContaining({ caseId: earlier.caseId, stage: 'DEPARTED', direction: 'FOUND', decision: null }),
    ]);
    const score = later.view.possibleDuplicates[0].score as number;
    expect(score).toBeGreaterThan(0.9);

    await page.goto(`${site.url}/console`);
    await signIn(page, 'officer.oujda');
    await page.goto(`${site.url}/console/cases/${later.caseId}`);
    await candidate().waitFor();
    const text = (await candidate().textContent()) ?? '';
    expect(text).toContain(`Score ${Math.round(score * 100)}%`);
    expect(text).toContain('Office MA-RBA, stage: Departed');
    expect(text).toContain('What matched: phone number, same name (any word order), same date of birth');
    expect(text).toContain('Not decided yet');
    await expectNoRabatData();
    await expectAccessible(page, 'case page with a possible earlier case');
    await screenshot(page, 'officer-possible-duplicate-en');
  });

  it('should record "same person" and show the decision and that a supervisor must record an exception', async () => {
    const form = page.getByRole('form', { name: `Decision on ${earlier.view.reference}` });
    await form.getByLabel('Same person: linked').check();
    await form.getByRole('button', { name: 'Record the decision' }).click();
    await section()
      .getByRole('status')
      .filter({ hasText: `Decision recorded for ${earlier.view.reference}.` })
      .waitFor();
    await candidate().getByText('Same person: linked', { exact: true }).first().waitFor();

    const repeat = page.getByTestId('repeat-applicant');
    await repeat.waitFor();
    const warning = (await repeat.textContent()) ?? '';
    expect(warning).toContain(`This person already returned with assistance: ${earlier.view.reference}`);
    expect(warning).toContain('A supervisor must record an exception before the return can be approved.');
    expect(warning).toContain("Waiting for a supervisor's exception.");
    // The officer may not record it: no form for it, here or in the command panel.
    expect(await page.getByRole('form', { name: 'Repeat-applicant exception' }).count()).toBe(0);

    const view = await later.refresh('officer.oujda');
    expect(view.possibleDuplicates[0]).toMatchObject({ caseId: earlier.caseId, decision: 'SAME_PERSON' });
    expect(view.repeatApplicant).toEqual({
      candidateReferences: [earlier.view.reference],
      rule: 'SUPERVISOR_EXCEPTION',
      exceptionRequired: true,
    });
    await expectNoRabatData();
    await expectAccessible(page, 'case page after the duplicate decision');
    await screenshot(page, 'officer-duplicate-decided-en');
  });

  it('should show the section right to left in Arabic, references kept in their own direction', async () => {
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await section('ملفات سابقة محتملة').getByText('الشخص نفسه: مرتبط', { exact: true }).first().waitFor();
    const text = (await section('ملفات سابقة محتملة').textContent()) ?? '';
    expect(text).toContain('يجب أن يسجّل مشرف استثناءً');
    // The confirmation follows the language too.
    expect(text).toContain(`سُجّل القرار بشأن ${earlier.view.reference}`);
    await expectNoRabatData();
    await expectAccessible(page, 'case page with a possible earlier case (ar)');
    await screenshot(page, 'officer-duplicate-decided-ar');
    await page.getByLabel('اللغة').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('should let the Oujda supervisor record the repeat-applicant exception with a reason', async () => {
    await signOut(page);
    await signIn(page, supervisor);
    await page.goto(`${site.url}/console/cases/${later.caseId}`);
    const form = page.getByRole('form', { name: 'Repeat-applicant exception' });
    await form.waitFor();
    await form.getByLabel(label('Reason for the exception')).selectOption({ label: 'Protection need' });
    await expectAccessible(page, 'case page, repeat-applicant exception');
    await form.getByRole('button', { name: 'Record the exception' }).click();
    await section().getByRole('status').filter({ hasText: 'Repeat-applicant exception recorded.' }).waitFor();
    const repeat = page.getByTestId('repeat-applicant');
    await repeat.getByText('Exception recorded: Protection need', { exact: false }).waitFor();
    expect(await page.getByRole('form', { name: 'Repeat-applicant exception' }).count()).toBe(0);
    expect(await repeat.textContent()).not.toContain('A supervisor must record an exception');
    expect((await later.refresh(supervisor)).repeatApplicant).toMatchObject({
      exceptionRequired: false,
      exception: { reason: 'PROTECTION_NEED' },
    });
    await expectNoRabatData();
    await screenshot(page, 'supervisor-repeat-exception-en');
  });
});
