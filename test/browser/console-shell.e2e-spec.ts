import type { Browser } from 'playwright-core';
import {
  expectNoPageErrors,
  expectNoSeriousA11yViolations,
  launchBrowser,
  openConsole,
  saveScreenshot,
  SESSION_COOKIE,
  trackPageErrors,
} from '../helpers/browser';
import { TestStack } from '../helpers/stack';

/**
 * The API serves the built console (dist/web, `npm run build`) on its own origin: index.html at / and for every client
 * route under /console, the hashed bundles under /assets, and nothing else changes for the API's own paths.
 */
describe('console shell: the built console served by the API', () => {
  let stack: TestStack;
  let browser: Browser;
  let indexHtml: string;

  beforeAll(async () => {
    stack = await TestStack.start({ worker: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const get = (path: string, init: RequestInit = {}) => fetch(`${stack.baseUrl}${path}`, init);

  it('should serve index.html at / with the security headers, to anyone, never from a stale cache', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split(/;\s*/)).toEqual(
      expect.arrayContaining([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
        "object-src 'none'",
      ]),
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    indexHtml = await res.text();
    expect(indexHtml).toMatch(/<script type="module"[^>]* src="\/assets\/[^"]+\.js"/);
  });

  it.each([
    '/console',
    '/console/',
    '/console/cases/6b0c3a6e-54a4-4e1b-9a57-2f1f6c1f3d10',
    '/console/ops/stuck?kind=TECHNICAL',
    '/console/does/not/exist',
  ])('should answer the client route %s with index.html and the same headers', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(indexHtml);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('should serve every bundle index.html names as immutable for a year', async () => {
    const assets = [...indexHtml.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const res = await get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/^(text\/css|application\/javascript|text\/javascript)/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it("should leave the API's own paths alone: unknown ones still get the JSON 404", async () => {
    for (const path of ['/no-such-route', '/assets/no-such-bundle.js', '/assets/', '/consoles', '/index.html']) {
      const res = await stack.request('GET', path);
      expect({ path, status: res.status, code: res.body?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
    // Only GET (and HEAD) are the console's; another method on its paths is an unknown route.
    const post = await stack.request('POST', '/console/cases', { body: {} });
    expect([post.status, post.body.code]).toEqual([404, 'NOT_FOUND']);
    // An API route keeps its answer and its errors.
    expect((await stack.request('GET', '/health/live')).status).toBe(200);
    expect((await stack.request('GET', '/cases')).body.code).toBe('AUTH_REQUIRED');
  });

  it('should declare none of it in the OpenAPI document', async () => {
    const doc = await stack.request('GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths as object);
    expect(paths.filter((p) => p === '/' || p.startsWith('/console') || p.startsWith('/assets'))).toEqual([]);
  });

  it('should start and answer 404 CONSOLE_NOT_BUILT when there is no build', async () => {
    const bare = await TestStack.start({ worker: false, env: { WEB_DIST_DIR: '/nonexistent/avrr-web' } });
    try {
      for (const path of ['/', '/console/cases']) {
        const res = await bare.request('GET', path);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'CONSOLE_NOT_BUILT',
        });
        expect(res.body.requestId).toEqual(expect.any(String));
      }
      expect((await bare.request('GET', '/assets/index.js')).body.code).toBe('NOT_FOUND');
      expect((await bare.request('GET', '/health/ready')).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });

  it('should run in Chromium under its Content-Security-Policy, with no error and no serious accessibility issue', async () => {
    const context = await browser.newContext({ baseURL: stack.baseUrl, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      trackPageErrors(page);
      // Signed out: the console renders its sign-in page (scripts and styles loaded, React mounted).
      await page.goto('/console/');
      await page.locator('input[autocomplete="username"]').waitFor();
      expectNoPageErrors(page, 'signed-out console');
      await expectNoSeriousA11yViolations(page, 'sign-in page');
      await saveScreenshot(page, 'sign-in');
    } finally {
      await context.close();
    }
  });

  describe.each([
    ['POST /auth/login through the page', false],
    ["the console's sign-in form", true],
  ])('signed in with %s', (_how, signInThroughForm) => {
    it('should hold an httpOnly session cookie that answers GET /auth/session for the user', async () => {
      const page = await openConsole(browser, { baseUrl: stack.baseUrl, username: 'officer.rabat', signInThroughForm });
      try {
        const session = await page.request.get('/auth/session');
        expect(session.status()).toBe(200);
        expect((await session.json()).user.username).toBe('officer.rabat');
        const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
        expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
        // No script of the page can read it.
        const visible = await page.evaluate(
          () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
        );
        expect(visible).not.toContain(SESSION_COOKIE);
        expectNoPageErrors(page, 'signed-in console');
      } finally {
        await page.context().close();
      }
    });
  });
});
