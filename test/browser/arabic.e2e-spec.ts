import type { Browser, Page } from 'playwright-core';
import { singleAdult } from '../helpers/households';
import { CaseDriver, counselling } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { expectAccessible, launchChromium, screenshot, serveConsole, signIn } from './console-harness';

/** The Arabic console is right to left: <html dir="rtl" lang="ar">, the navigation on the right, mirrored layout. */
describe('browser: the Arabic console renders right to left', () => {
  let stack: TestStack;
  let site: { url: string; close: () => Promise<void> };
  let browser: Browser;
  let page: Page;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
    site = await serveConsole(stack);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    c = await CaseDriver.open(stack, 'officer.oujda', singleAdult({ hostOffice: 'MA-OUJ' }), ['pa']);
    await c.run('officer.oujda', 'RecordCounsellingSession', counselling);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await stack?.stop();
  });

  const html = async () => ({
    dir: await page.locator('html').getAttribute('dir'),
    lang: await page.locator('html').getAttribute('lang'),
  });

  it('should switch to Arabic from the language menu and mirror the layout', async () => {
    await page.goto(`${site.url}/console`);
    await signIn(page, 'officer.oujda');
    expect(await html()).toEqual({ dir: 'ltr', lang: 'en' });

    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await html()).toEqual({ dir: 'rtl', lang: 'ar' });

    const nav = (await page.getByRole('navigation', { name: 'التنقل الرئيسي' }).boundingBox())!;
    const main = (await page.getByRole('main').boundingBox())!;
    const width = page.viewportSize()!.width;
    // The navigation hugs the right edge, the content is to its left.
    expect(Math.round(nav.x + nav.width)).toBe(width);
    expect(main.x).toBeLessThan(nav.x);
    await page.getByRole('heading', { level: 1, name: 'قائمة المهام' }).waitFor();
    await expectAccessible(page, 'work queue (ar)');
    await screenshot(page, 'officer-work-queue-ar');
  });

  it('should show the case page in Arabic, stages and commands from the catalogues', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'إحالة جديدة' }).click();
    await page.getByRole('form', { name: 'إحالة أو أسرة جديدة' }).waitFor();
    await screenshot(page, 'officer-new-referral-ar');

    await page.goto(`${site.url}/console/cases/${c.caseId}`);
    await page.getByRole('navigation').waitFor();
    await page.getByTestId('case-stage').filter({ hasText: 'الإرشاد' }).waitFor();
    expect(await html()).toEqual({ dir: 'rtl', lang: 'ar' });
    await page.getByRole('button', { name: 'بدء الفحص الأولي' }).waitFor();
    await page.getByRole('heading', { name: 'السجل الزمني' }).waitFor();
    await expectAccessible(page, 'case page (ar)');
    await screenshot(page, 'officer-case-ar');
  });

  it('should keep the choice for the user and go back to English on request', async () => {
    await page.getByLabel('اللغة').selectOption('en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await html()).toEqual({ dir: 'ltr', lang: 'en' });
  });
});
