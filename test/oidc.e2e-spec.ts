import { ChildProcess, spawn } from 'node:child_process';
import { freePort, TestStack } from './helpers/stack';

/**
 * Sign-in through the organisation's identity provider: the authorization code flow with PKCE against a real OpenID
 * Connect provider (oidc-provider, started here as a child process: it is an ES module), driven with plain requests.
 */
describe('OpenID Connect sign-in', () => {
  let stack: TestStack;
  let provider: ChildProcess;
  let issuer: string;
  let apiBase: string;

  beforeAll(async () => {
    const [providerPort, apiPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${providerPort}`;
    apiBase = `http://127.0.0.1:${apiPort}`;
    const redirectUri = `${apiBase}/auth/oidc/callback`;
    provider = spawn(
      process.execPath,
      ['test/helpers/oidc-provider.mjs', String(providerPort), 'avrr-console', 'test-client-secret-0123', redirectUri],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the OIDC provider did not start')), 15_000);
      provider.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('OIDC provider ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      provider.on('exit', (code) => reject(new Error(`the OIDC provider exited (${code})`)));
    });
    stack = await TestStack.start({
      worker: false,
      env: {
        HTTP_PORT: String(apiPort),
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'avrr-console',
        OIDC_CLIENT_SECRET: 'test-client-secret-0123',
        OIDC_REDIRECT_URI: redirectUri,
        OIDC_PROVIDER_NAME: 'Test Identity',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    provider?.kill('SIGTERM');
  });

  /** A browser, as far as this flow needs one: follows redirects by hand and keeps every cookie it is given. */
  function browser() {
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    async function get(url: string): Promise<Response> {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
      for (const line of res.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(';');
        const [name, ...value] = pair.split('=');
        const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
        if (expired || value.join('=') === '') jar.delete(name.trim());
        else jar.set(name.trim(), value.join('='));
      }
      return res;
    }
    /** Follows redirects until one leaves for the API's callback (not followed), returning that URL. */
    async function toCallback(start: string): Promise<string> {
      let url = start;
      for (let hop = 0; hop < 10; hop++) {
        const res = await get(url);
        const location = res.headers.get('location');
        if (!location) throw new Error(`no redirect from ${url}: ${res.status} ${await res.text()}`);
        url = new URL(location, url).href;
        if (url.startsWith(`${apiBase}/auth/oidc/callback`)) return url;
      }
      throw new Error('too many redirects');
    }
    return { jar, get, toCallback };
  }

  async function signInAs(username: string) {
    await fetch(`${issuer}/test/next-login`, { method: 'POST', body: JSON.stringify({ username }) });
    const b = browser();
    const start = await b.get(`${apiBase}/auth/oidc/login`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(b.jar.has('avrr_oidc')).toBe(true);
    const callback = await b.toCallback(authorize.href);
    const done = await b.get(callback);
    return { b, done, callback };
  }

  it('should tell the console that the provider is there', async () => {
    const res = await stack.request('GET', '/auth/sign-in-options');
    expect(res.body).toEqual({ password: true, oidc: { providerName: 'Test Identity', startUrl: '/auth/oidc/login' } });
  });

  it('should sign an existing active user in with the session cookie POST /auth/login sets', async () => {
    const { b, done } = await signInAs('officer.rabat');
    expect([done.status, done.headers.get('location')]).toEqual([302, '/console']);
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith('avrr_session='))!;
    const password = await stack.request('POST', '/auth/login', {
      body: { username: 'officer.rabat', password: 'avrr-demo-2026' },
    });
    const byPassword = password.headers.getSetCookie().find((c) => c.startsWith('avrr_session='))!;
    const attributes = (c: string) =>
      c
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase())
        .sort();
    expect(attributes(cookie)).toEqual(attributes(byPassword));
    expect(b.jar.has('avrr_oidc')).toBe(false); // the pending sign-in is spent
    const session = await fetch(`${apiBase}/auth/session`, {
      headers: { cookie: `avrr_session=${b.jar.get('avrr_session')}` },
    });
    expect(session.status).toBe(200);
    expect(((await session.json()) as { user: unknown }).user).toMatchObject({
      username: 'officer.rabat',
      role: 'officer',
      office: 'MA-RBA',
    });
  });

  it('should refuse a person the provider knows but the staff register does not (no self-provisioning)', async () => {
    const { b, done } = await signInAs('someone.else');
    expect([done.status, done.headers.get('location')]).toEqual([302, '/console?signin=failed']);
    expect(b.jar.has('avrr_session')).toBe(false);
  });

  it('should refuse a callback without its pending sign-in, or replayed', async () => {
    const { callback } = await signInAs('officer.rabat');
    // Replayed by another browser (no pending-sign-in cookie) and by the same one (the cookie was cleared): refused.
    const other = browser();
    const res = await other.get(callback);
    expect([res.status, res.headers.get('location')]).toEqual([302, '/console?signin=failed']);
    expect(other.jar.has('avrr_session')).toBe(false);
    await fetch(`${issuer}/test/next-login`, { method: 'POST', body: JSON.stringify({ username: 'officer.rabat' }) });
    const b = browser();
    await b.get(`${apiBase}/auth/oidc/login`);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state');
    const tampered = await b.get(forged.href);
    expect(tampered.headers.get('location')).toBe('/console?signin=failed');
  });
});
