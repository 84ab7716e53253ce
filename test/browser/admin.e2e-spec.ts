import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { TestStack } from '../helpers/stack';
import {
  expectNoPageErrors,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openConsole,
  saveScreenshot,
} from '../helpers/browser';

/** A full-page screenshot from the top (the shell's header is fixed). */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await saveScreenshot(page, name);
}

/**
 * Administration on screen: the administrator adds an office, creates an officer for it (the console shows the
 * generated password once), the officer signs in with it, the administrator forces the officer's sign-out, and the
 * officer's next request is refused.
 */
describe('browser: an administrator creates an officer, who signs in, then forces their sign-out', () => {
  const suffix = randomUUID().slice(0, 4).toUpperCase();
  const office = `MA-B${suffix}`;
  const username = `officer.b${suffix.toLowerCase()}`;
  let stack: TestStack;
  let browser: Browser;
  let admin: Page;
  let officer: Page;
  let temporaryPassword: string;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    browser = await launchBrowser();
    admin = await openConsole(browser, { baseUrl: stack.baseUrl, username: 'admin', path: '/console/admin/offices' });
  }, 120_000);
  afterAll(async () => {
    for (const p of [admin, officer]) await p?.context().close();
    await browser?.close();
    await stack?.stop();
  });

  it('should add an office to the register', async () => {
    await admin.getByRole('heading', { name: 'Offices', level: 1 }).waitFor();
    const form = admin.locator('form');
    await form.getByRole('textbox', { name: /^Code/ }).fill(office);
    await form.getByRole('textbox', { name: /^Country/ }).fill('MA');
    await form.getByRole('textbox', { name: /^Name/ }).fill('Benslimane (test office)');
    await form.getByRole('textbox', { name: /^Time zone/ }).fill('Africa/Casablanca');
    await form.getByRole('textbox', { name: /^Currency/ }).fill('MAD');
    await form.getByRole('button', { name: 'Add' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Office ${office} was added.` })
      .waitFor();
    await admin.locator(`tr[data-office="${office}"]`).waitFor();
    await expectNoSeriousA11yViolations(admin, 'admin offices');
    await shot(admin, 'admin-offices');
    await admin.getByRole('link', { name: office }).click();
    await admin.getByRole('heading', { name: `Office ${office}: Benslimane (test office)` }).waitFor();
    await admin.getByRole('table').getByText('Office added').waitFor(); // its audit trail
    await expectNoSeriousA11yViolations(admin, 'admin office edit');
    await shot(admin, 'admin-office-edit');
  });

  it('should create an officer for that office and show the temporary password once', async () => {
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await admin.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const form = admin.locator('form');
    await form.getByRole('textbox', { name: /^User name/ }).fill(username);
    await form.getByRole('textbox', { name: /^Name/ }).fill('Case officer, Benslimane');
    await form
      .getByLabel(/^Office/)
      .first()
      .click();
    await admin.getByRole('option', { name: new RegExp(`^${office}`) }).click();
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    const password = admin.getByTestId('temporary-password');
    await password.waitFor();
    temporaryPassword = (await password.textContent())!.trim();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const row = admin.locator(`tr[data-username="${username}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(office);
    await expectNoSeriousA11yViolations(admin, 'admin users');
    await shot(admin, 'admin-users');
  });

  it('should let the officer sign in with it', async () => {
    officer = await openConsole(browser, {
      baseUrl: stack.baseUrl,
      username,
      password: temporaryPassword,
      signInThroughForm: true,
    });
    const session = await officer.request.get('/auth/session');
    expect(session.status()).toBe(200);
    expect((await session.json()).user).toMatchObject({ username, role: 'officer', office });
  });

  it("should refuse the officer's next request once the administrator forces the sign-out", async () => {
    await admin.getByRole('button', { name: `End sessions of ${username}` }).click();
    // Nothing happens before the confirmation: the officer is still signed in.
    expect((await officer.request.get('/auth/session')).status()).toBe(200);
    await admin.getByText(`Confirm: end sessions for ${username}?`).waitFor();
    await admin.getByRole('button', { name: 'Yes, end sessions' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `${username} is signed out everywhere.` })
      .waitFor();
    const refused = await officer.request.get('/auth/session');
    expect(refused.status()).toBe(401);
    expect((await refused.json()).code).toBe('SESSION_REVOKED');
    await officer.reload();
    await officer.getByRole('heading', { name: 'Sign in to the AVRR console' }).waitFor();
    await shot(officer, 'admin-officer-signed-out');
    // The trail on the officer's page: created, then signed out, by the administrator.
    await admin.getByRole('link', { name: username }).click();
    await admin.getByRole('heading', { name: `User ${username}` }).waitFor();
    await admin.getByRole('table').getByText('Signed out everywhere').waitFor();
    await expectNoSeriousA11yViolations(admin, 'admin user edit');
    await shot(admin, 'admin-user-edit');
    expectNoPageErrors(admin, 'admin');
  });

  it('should list the RSS weight sets with the one that applies now, beside the form to add a version', async () => {
    // Looked at only: a set added here would score every later survey of the run's shared database with it.
    await admin.getByRole('link', { name: 'RSS weights' }).click();
    await admin.getByRole('heading', { name: 'RSS weights', level: 1 }).waitFor();
    await admin.getByText('Applies now').first().waitFor();
    // The form starts from the weights that apply now to the instrument chosen (it opens on the only one; other test
    // files of the run may have added sets of their own instruments to the shared database).
    const instrument = admin.getByRole('combobox', { name: 'Instrument' });
    if ((await instrument.inputValue()) !== 'RSS-1') {
      await instrument.click();
      await admin.getByRole('option', { name: 'RSS-1', exact: true }).click();
    }
    await admin.getByLabel('Weight of ECO_SATISFACTION in the composite').waitFor();
    await admin.getByRole('button', { name: 'Add' }).waitFor();
    await expectNoSeriousA11yViolations(admin, 'admin RSS weights');
    await shot(admin, 'admin-rss-weights');
    expectNoPageErrors(admin, 'admin');
  });
});
