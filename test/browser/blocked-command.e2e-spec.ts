import type { Browser, Page } from 'playwright-core';
import { singleAdult } from '../helpers/households';
import { CaseDriver, counselling, eligible } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { expectAccessible, launchChromium, screenshot, serveConsole, signIn } from './console-harness';

/**
 * "Why can't I advance?": a command the rules block shows its reasons in words, translated from the requirement
 * codes, per member by name; in French as in English (never the API's English message).
 */
describe('browser: a blocked command shows its reasons in words', () => {
  let stack: TestStack;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let c: CaseDriver;
  let fullName: string;

  beforeAll(async () => {
    stack = await TestStack.start();
    site = await serveConsole(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const household = singleAdult();
    fullName = `Mamadou ${(household.members[0] as { familyName: string }).familyName}`;
    c = await CaseDriver.open(stack, 'officer.rabat', household, ['pa']);
    await c.run('officer.rabat', 'RecordCounsellingSession', counselling);
    await c.run('officer.rabat', 'StartScreening', {});
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  it('should list the approval as blocked with every unmet requirement, the member named', async () => {
    await page.goto(`${site.url}/console/cases/${c.caseId}`);
    await signIn(page, 'officer.rabat');
    const approve = page.getByTestId('blocked-Approve');
    await approve.waitFor();
    const text = (await approve.textContent()) ?? '';
    expect(text).toContain('Approve the return');
    expect(text).toContain('Eligibility has not been recorded.');
    expect(text).toContain('The vulnerability screening has not been recorded.');
    expect(text).toContain(`${fullName}: The voluntary return declaration is not signed.`);
    expect(text).not.toMatch(/DECLARATION_NOT_SIGNED|ELIGIBILITY_NOT_RECORDED/);
    await expectAccessible(page, 'case page with blocked commands');
    await screenshot(page, 'blocked-command-en');
  });

  it('should drop a reason once it is met, and keep the others', async () => {
    await c.run('officer.rabat', 'RecordEligibility', eligible);
    await page.reload();
    // The session is the cookie: a reload keeps it.
    await page.getByRole('navigation').waitFor();
    const approve = page.getByTestId('blocked-Approve');
    await approve.getByText('The vulnerability screening has not been recorded.').waitFor();
    expect(await approve.textContent()).not.toContain('Eligibility has not been recorded.');
  });

  it('should say the same reasons in French, from the codes', async () => {
    await page.getByLabel('Language').first().selectOption('fr');
    const approve = page.getByTestId('blocked-Approve');
    await approve.getByText('Approuver le retour').waitFor();
    const text = (await approve.textContent()) ?? '';
    expect(text).toContain("Le dépistage des vulnérabilités n'est pas enregistré.");
    expect(text).toContain(`${fullName} : La déclaration de retour volontaire n'est pas signée.`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await screenshot(page, 'blocked-command-fr');
    // The choice is stored for the user: back to English for the other browser tests of the run.
    await page.getByLabel('Langue').first().selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });
});
