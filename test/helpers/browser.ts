/**
 * The browser tests' harness: Debian's Chromium driven by playwright-core (no npm package downloads a browser;
 * scripts/test.sh installs the `chromium` package when missing and exports CHROMIUM_PATH), the console served by the
 * API under test (TestStack.baseUrl: the console and the API share an origin), axe-core for accessibility, and
 * screenshots.
 *
 *   const stack = await TestStack.start();
 *   const browser = await launchBrowser();
 *   const page = await openConsole(browser, { baseUrl: stack.baseUrl, username: 'officer.rabat' });
 *   await expectNoSeriousA11yViolations(page, 'work queue');
 *   await saveScreenshot(page, 'officer-queue');
 *   await page.context().close(); ... await browser.close();
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';

/** Where saveScreenshot writes (git-ignored; the ones the README shows are copied to docs/screenshots/). */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', 'screenshots');

/**
 * Present in the console's shell once a user is signed in and the shell rendered (apps/web AppShellLayout); the sign-in
 * page does not have it.
 */
export const SIGNED_IN_SELECTOR = '[data-testid="signed-in-as"]';

/** The session cookie POST /auth/login sets for the console (httpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'avrr_session';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox', // root in CI containers, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium from CHROMIUM_PATH (scripts/test.sh sets it) or Debian's /usr/bin/chromium. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  } catch (err) {
    throw new Error(
      `could not start Chromium at ${executablePath} (npm test installs Debian's chromium package when it is ` +
        `missing; or set CHROMIUM_PATH): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

export type ConsoleLanguage = 'en' | 'fr' | 'ar';

export interface OpenConsoleOptions {
  /** The API under test, which serves the console on the same origin (TestStack.baseUrl). */
  baseUrl: string;
  username: string;
  /** Default: the demo users' password. */
  password?: string;
  /**
   * The browser's language (navigator.language, what the sign-in page shows) and the user's stored preference
   * (PUT /me/preferences, what the console shows once signed in). The preference is stored for the user: it stays
   * for the rest of the run, so a file that sets it sets it for every test of its own that signs that user in.
   */
  language?: ConsoleLanguage;
  /** Sign in by filling the console's sign-in form instead of POST /auth/login through the page's request context. */
  signInThroughForm?: boolean;
  /** The console path to open once signed in. Default `/console/`. */
  path?: string;
}

/**
 * A page of a fresh browser context (its own cookies), signed in as `username`, showing `path`. By default the session
 * comes from POST /auth/login sent through the page's request context, which shares the context's cookie jar, so the
 * httpOnly session cookie lands in the browser as after a real sign-in, without the form's round of typing; with
 * `signInThroughForm` the form is filled and submitted. Resolves once the console's signed-in shell has rendered.
 * Close it with `page.context().close()`.
 */
export async function openConsole(browser: Browser, opts: OpenConsoleOptions): Promise<Page> {
  const password = opts.password ?? DEMO_PASSWORD;
  if (opts.language) await storeLanguage(opts.baseUrl, opts.username, password, opts.language);
  const context = await browser.newContext({
    baseURL: opts.baseUrl,
    viewport: { width: 1280, height: 800 },
    ...(opts.language ? { locale: opts.language } : {}),
  });
  try {
    const page = await context.newPage();
    trackPageErrors(page);
    const target = opts.path ?? '/console/';
    if (opts.signInThroughForm) {
      await page.goto(target);
      await page.locator('input[autocomplete="username"]').fill(opts.username);
      await page.locator('input[autocomplete="current-password"]').fill(password);
      await page.locator('form button[type="submit"]').click();
    } else {
      const login = await page.request.post('/auth/login', { data: { username: opts.username, password } });
      if (!login.ok()) throw new Error(`POST /auth/login as ${opts.username}: ${login.status()} ${await login.text()}`);
      const cookies = await context.cookies(opts.baseUrl);
      if (!cookies.some((c) => c.name === SESSION_COOKIE)) {
        throw new Error(`POST /auth/login as ${opts.username} set no ${SESSION_COOKIE} cookie in the browser`);
      }
      await page.goto(target);
    }
    await page.locator(SIGNED_IN_SELECTOR).waitFor({ state: 'attached', timeout: 20_000 });
    return page;
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** PUT /me/preferences { language } for the user, with a bearer token of its own (no cookie, no CSRF token). */
async function storeLanguage(baseUrl: string, username: string, password: string, language: ConsoleLanguage) {
  const login = await fetch(`${baseUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`POST /auth/login as ${username}: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const res = await fetch(`${baseUrl}/me/preferences`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ language }),
  });
  if (!res.ok) throw new Error(`PUT /me/preferences as ${username}: ${res.status} ${await res.text()}`);
}

const pageErrors = new WeakMap<Page, string[]>();

/**
 * Records, for expectNoPageErrors, the page's uncaught exceptions, its console errors, Content-Security-Policy
 * refusals (Chromium reports them as console errors) and 5xx answers. A 4xx answer is part of the console's normal
 * flow (401 of GET /auth/session when signed out, 409/422 that a form shows, the favicon's 404), so Chromium's
 * "Failed to load resource" line for it is not an error here. openConsole does this for its pages.
 */
export function trackPageErrors(page: Page): void {
  if (pageErrors.has(page)) return;
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (
      msg.type() !== 'error' ||
      /^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())
    )
      return;
    errors.push(`console.error: ${msg.text()} (${msg.location().url || 'no url'})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 500) errors.push(`${res.status()} from ${res.request().method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`),
  );
}

/**
 * Fails when the page threw or logged an error since it was tracked. `allow` lists patterns of expected ones (e.g. a
 * test that provokes a 409 makes the browser log the failed request).
 */
export function expectNoPageErrors(page: Page, label: string, allow: RegExp[] = []): void {
  const errors = (pageErrors.get(page) ?? []).filter((e) => !allow.some((re) => re.test(e)));
  if (errors.length)
    throw new Error(`${label}: the page reported ${errors.length} error(s):\n  ${errors.join('\n  ')}`);
}

const AXE_SOURCE_PATH = require.resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/**
 * Runs axe-core over the page as it is now and fails listing every serious or critical violation with its nodes
 * (minor and moderate ones are left to review). axe is evaluated through the DevTools protocol rather than added as a
 * <script> element: the console's Content-Security-Policy (script-src 'self') refuses inline scripts, and the tests
 * keep that policy on instead of bypassing it.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  // The callbacks run in the page (this project compiles without the DOM types, hence globalThis).
  const hasAxe = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!hasAxe) {
    axeSource ??= readFileSync(AXE_SOURCE_PATH, 'utf8');
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: object) => Promise<{ violations: AxeViolation[] }> };
    };
    return (await g.axe.run(g.document, { resultTypes: ['violations'] })).violations;
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (!serious.length) return;
  const lines = serious.flatMap((v) => [
    `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html.slice(0, 160)}\n      ${n.failureSummary ?? ''}`),
  ]);
  throw new Error(
    `${label} (${page.url()}): ${serious.length} serious/critical accessibility violation(s)\n${lines.join('\n')}`,
  );
}

/** A full-page screenshot to test/screenshots/<name>.png; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name ${JSON.stringify(name)}: letters, digits, _ . - only`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
