import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { days } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { expectAccessible, label, launchChromium, screenshot, serveConsole, signIn, signOut } from './console-harness';

/**
 * Issue 9: an officer takes a single adult from referral to departure entirely through the console, and the movement
 * assistant books and records the departure; every form is the one the console generates from the API's document.
 */
describe('browser: a single adult from referral to departure through the console', () => {
  let stack: TestStack;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let caseUrl: string;
  let reference: string;
  const familyName = `Bah-${randomUUID().slice(0, 6)}`;
  const fullName = `Mamadou ${familyName}`;

  beforeAll(async () => {
    stack = await TestStack.start();
    site = await serveConsole(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  const commandForm = (name: string): Locator => page.getByRole('form', { name });
  const stage = () => page.getByTestId('case-stage');

  /** Opens the command's form, lets `fill` fill it, submits, and waits for the engine's answer on screen. */
  async function run(command: string, fill: (form: Locator) => Promise<void> = async () => undefined): Promise<void> {
    await page.getByRole('button', { name: command, exact: true }).click();
    const form = commandForm(command);
    await form.waitFor();
    await fill(form);
    await form.getByRole('button', { name: 'Submit' }).click();
    // The engine's answer: the confirmation, or an error alert whose words make the failure readable.
    const recorded = page.getByRole('status').filter({ hasText: `Recorded: ${command}.` });
    const refused = page.getByRole('alert');
    const answered = await recorded
      .or(refused)
      .first()
      .waitFor({ timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    if (!answered) {
      await screenshot(page, `officer-unanswered-${command.replace(/\W+/g, '-')}`);
      throw new Error(`${command}: neither recorded nor refused within 60 s (see the screenshot)`);
    }
    if (!(await recorded.isVisible())) {
      await screenshot(page, `officer-refused-${command.replace(/\W+/g, '-')}`);
      throw new Error(`${command} was refused: ${await refused.first().textContent()}`);
    }
  }

  async function expectStage(label: string): Promise<void> {
    await page.getByTestId('case-stage').filter({ hasText: label }).waitFor();
    expect(await stage().textContent()).toBe(label);
  }

  it('should register a referral with the adult’s consent from the new-referral form', async () => {
    await page.goto(`${site.url}/console`);
    await signIn(page, 'officer.rabat');

    await page.getByRole('navigation').getByRole('link', { name: 'New referral' }).click();
    const form = page.getByRole('form', { name: 'New referral or household' });
    expect(await form.getByLabel('Host office').inputValue()).toBe('MA-RBA');
    await form.getByLabel('Country of origin').fill('GN');
    await form.getByLabel('Referral source').selectOption({ label: 'Walk-in' });
    await form.getByLabel('Programme').fill('AVRR-MA-2026');
    await form.getByLabel('Given name').fill('Mamadou');
    await form.getByLabel('Family name').fill(familyName);
    await form.getByLabel('Sex').selectOption({ label: 'Male' });
    await form.getByLabel('Date of birth').fill('1995-04-02');
    await form.getByLabel('Nationality').fill('GN');
    await form.getByLabel('Languages').fill('fr, ff');
    await form.getByLabel('Phone').fill('+212 661 234 567');
    // Kept only as a digest, for the duplicate search of later registrations.
    await form.getByLabel('Passport or ID numbers').fill(`GN-${randomUUID().slice(0, 8)}`);
    await form.getByLabel('Consent to the processing of personal data was given').check();
    await form.getByLabel('Form version').fill('DP-2026-1');
    await form.getByLabel('Language the consent was explained in').fill('fr');
    await expectAccessible(page, 'new referral');
    await screenshot(page, 'officer-new-referral-en');
    await form.getByRole('button', { name: 'Register the referral' }).click();

    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await expectStage('Registered');
    reference = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Registered', '').trim();
    expect(reference).toMatch(/^MA-RBA-\d{4}-/);
    await page.getByRole('region', { name: 'Household members' }).getByText(fullName).waitFor();
  });

  it('should counsel and screen the adult, each step from its generated form', async () => {
    await run('Record a counselling session', async (f) => {
      await f.getByLabel(label('Language')).fill('fr');
      await f.getByLabel('How the session was held').selectOption({ label: 'In person' });
      await f.getByLabel('Topics covered').fill('RETURN, REINTEGRATION, ALTERNATIVES, RIGHTS, DATA_USE');
    });
    await expectStage('Counselling');
    await run('Start screening');
    await expectStage('Screening');

    // The case now waits on the officer (eligibility, screening): it is in the work queue, with its stage.
    await page.getByRole('navigation').getByRole('link', { name: 'Work queue' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Screening');
    await expectAccessible(page, 'work queue');
    await screenshot(page, 'officer-work-queue-en');
    await row.getByRole('link', { name: reference }).click();
    await expectStage('Screening');
    await run('Record eligibility', async (f) => {
      await f.getByLabel(label('Eligible')).check();
      await f.getByLabel('Eligibility rule').fill('RULE-GN-2026');
    });
    await run('Record the rapid vulnerability screening', async (f) => {
      // One finding per member: the member is chosen by name, never typed as an id.
      await f.getByLabel('Household member').selectOption({ label: fullName });
    });
    await expectStage('Screening');
  });

  it('should say why the return cannot be approved yet, then approve once the declaration is signed', async () => {
    const approve = page.getByTestId('blocked-Approve');
    await approve.waitFor();
    expect(await approve.textContent()).toContain(`${fullName}: The voluntary return declaration is not signed.`);
    await expectAccessible(page, 'case page (screening)');
    await screenshot(page, 'officer-case-blocked-en');

    await run('Sign the voluntary return declaration', async (f) => {
      await f.getByLabel('Household member').selectOption({ label: fullName });
      await f.getByLabel('Signed by').selectOption({ label: 'The person themselves' });
      await f.getByLabel('Form version').fill('VRD-2026-1');
      await f.getByLabel(label('Language')).fill('fr');
    });
    await run('Approve the return');
    await expectStage('Approved');
  });

  it('should obtain the laissez-passer and the exit authorization, and mark the case ready for booking', async () => {
    await run('Request a travel document', async (f) => {
      await f.getByLabel('Household member').selectOption({ label: fullName });
      await f.getByLabel('Document type').selectOption({ label: 'Laissez-passer' });
      await f.getByLabel('Issuing authority').fill('CONSULATE-GN-RABAT');
      await f.getByLabel('Consent to transfer data (reference)').fill('tr-2026-0412');
    });
    await expectStage('Documentation');
    await run('Record a document issued', async (f) => {
      await f.getByLabel('Household member').selectOption({ label: fullName });
      await f.getByLabel('Document type').selectOption({ label: 'Laissez-passer' });
      await f.getByLabel('Document record reference').fill('doc-lp-1');
      await f.getByLabel('Expiry date').fill(days(30));
    });
    await run('Request the exit authorization', async (f) => {
      await f.getByLabel('Household member').selectOption({ label: fullName });
      await f.getByLabel('Issuing authority').fill('DGSN');
    });
    await run('Record the exit authorization', async (f) => {
      await f.getByLabel('Household member').selectOption({ label: fullName });
      await f.getByLabel('Exit was granted').check();
    });
    await run('Mark ready for booking', async (f) => {
      await f.getByLabel('Reception confirmed by the receiving office').check();
    });
    await expectStage('Ready for booking');
    const documents = page.getByRole('region', { name: 'Travel documents' });
    expect(await documents.textContent()).toContain('Laissez-passer');
    await screenshot(page, 'officer-case-ready-en');
  });

  it('should let the movement assistant find the case in the bookings to make, book, ticket and record the departure', async () => {
    await signOut(page);
    await signIn(page, 'movement.rabat');
    await page.getByRole('navigation').getByRole('link', { name: 'Bookings and departures' }).click();
    const bookings = page.getByRole('region', { name: 'Bookings to make, change or ticket' });
    await bookings.getByRole('link', { name: reference }).click();
    expect(page.url()).toBe(caseUrl);
    await expectStage('Ready for booking');

    await run('Confirm the booking', async (f) => {
      await f.getByLabel('Departure date').fill(days(0));
      await f.getByLabel('Arrival date').fill(days(0));
      await f.getByLabel('Itinerary reference').fill('IT-RBA-CKY-1');
      await f.getByLabel('Funds available').check();
    });
    await expectStage('Booked');
    await run('Record the ticket issued', async (f) => {
      await f.getByLabel('Itinerary reference').fill('IT-RBA-CKY-1');
    });
    await expectAccessible(page, 'case page (movement)');
    await screenshot(page, 'movement-case-booked-en');
    await run('Record the departure', async (f) => {
      await f.getByLabel('Voluntariness reconfirmed on the day').check();
      const pocketMoney = f.getByRole('group', { name: 'Pocket money' });
      await pocketMoney.getByLabel(label('Amount')).fill('30');
      await pocketMoney.getByLabel(label('Currency')).fill('EUR');
    });
    await expectStage('Departed');
  });

  it('should tell the story in words on the timeline', async () => {
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const text = (await timeline.textContent()) ?? '';
    for (const sentence of [
      'recorded a counselling session',
      'approved the return',
      'confirmed the booking',
      'recorded the departure',
      'Stage: Booked → Departed',
    ]) {
      expect(text).toContain(sentence);
    }
    await screenshot(page, 'movement-case-departed-en');
  });
});
