import Redis from 'ioredis';
import { spawnSync } from 'node:child_process';
import { PUBLISHED_DEV_SECRETS } from '../libs/config/src/app-config';
import { DEMO_PASSWORD } from '../libs/persistence/src/demo-data';
import { signJwt, TestStack } from './helpers/stack';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Later test files share the Redis prefix: leave no failed-sign-in count or back-off behind. */
async function clearLoginThrottle(stack: TestStack): Promise<void> {
  const redis = new Redis({ host: stack.config.redis.host, port: stack.config.redis.port, db: stack.config.redis.db });
  const keys = await redis.keys(`${stack.config.redis.prefix}:login:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}

/** Sign-in throttling with small limits: a doubling back-off per account, 429 LOGIN_RATE_LIMITED with Retry-After. */
describe('hardening: sign-in throttling', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start({
      worker: false,
      env: {
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        LOGIN_MAX_BACKOFF_SECONDS: '4',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false',
      },
    });
  });
  afterAll(async () => {
    await clearLoginThrottle(stack);
    await stack?.stop();
  });

  const login = (username: string, password: string) =>
    stack.request('POST', '/auth/login', { body: { username, password } });

  it('should back off an account after the limit, even for the right password, and let it in afterwards', async () => {
    for (let i = 0; i < 2; i += 1) expect((await login('medical.rabat', 'wrong')).status).toBe(401);
    // The third failure reaches the limit: the back-off starts (1 s), the right password is refused meanwhile.
    expect((await login('medical.rabat', 'wrong')).status).toBe(401);
    const blocked = await login('medical.rabat', DEMO_PASSWORD);
    expect([blocked.status, blocked.body.code]).toEqual([429, 'LOGIN_RATE_LIMITED']);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await sleep(1100);
    // Another failure doubles it.
    expect((await login('medical.rabat', 'wrong')).status).toBe(401);
    const again = await login('medical.rabat', DEMO_PASSWORD);
    expect([again.status, Number(again.headers.get('retry-after'))]).toEqual([429, 2]);
    await sleep(2100);
    expect((await login('medical.rabat', DEMO_PASSWORD)).status).toBe(200);
    // A success cleared the count: one failure does not block again.
    expect((await login('medical.rabat', 'wrong')).status).toBe(401);
    expect((await login('medical.rabat', DEMO_PASSWORD)).status).toBe(200);
  });

  it('should refuse office webhooks that reach loopback, link-local or private addresses', async () => {
    for (const webhookUrl of [
      'http://127.0.0.1:9/x',
      'http://localhost/x',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
    ]) {
      const res = await stack.request('PUT', '/ops/offices/CI-ABJ/settings', { as: 'admin', body: { webhookUrl } });
      expect([webhookUrl, res.status, res.body.code]).toEqual([webhookUrl, 400, 'WEBHOOK_TARGET_REFUSED']);
    }
  });

  it('should throttle an unknown username like a known one', async () => {
    for (let i = 0; i < 3; i += 1) expect((await login('nobody.here', 'x')).status).toBe(401);
    expect((await login('nobody.here', 'x')).body.code).toBe('LOGIN_RATE_LIMITED');
  });
});

/** Production: the published development secrets stop the boot; a valid production stack has no /docs. */
describe('hardening: production mode', () => {
  const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-secret-of-forty-characters!!',
    PAYLOAD_ENCRYPTION_KEYS: `prod1:${key(7)}`,
    PII_ENCRYPTION_KEY: key(8),
    METRICS_TOKEN: 'a-metrics-token-of-enough-length',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false',
    DB_MIGRATE_ON_START: 'false',
  };

  it('should refuse to start with the published development JWT secret', () => {
    const run = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
      env: { ...process.env, ...production, JWT_SECRET: PUBLISHED_DEV_SECRETS.DEV_JWT_SECRET, HTTP_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr + run.stdout).toMatch(/JWT_SECRET: the published development secret is refused in production/);
  });

  describe('a production API', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await TestStack.start({ worker: false, env: production });
    });
    afterAll(async () => {
      await clearLoginThrottle(stack);
      await stack?.stop();
    });

    it('should serve no /docs, refuse tokens signed with the development secret and the demo password', async () => {
      expect((await stack.request('GET', '/docs/openapi.json')).status).toBe(404);
      const forged = signJwt(
        {
          sub: 'x',
          username: 'admin',
          role: 'admin',
          office: null,
          country: null,
          exp: Math.floor(Date.now() / 1000) + 600,
        },
        PUBLISHED_DEV_SECRETS.DEV_JWT_SECRET,
      );
      const me = await stack.request('GET', '/me', { token: forged });
      expect([me.status, me.body.code]).toEqual([401, 'TOKEN_INVALID']);
      const demo = await stack.request('POST', '/auth/login', {
        body: { username: 'officer.rabat', password: DEMO_PASSWORD },
      });
      expect([demo.status, demo.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
      expect((await stack.request('GET', '/metrics')).status).toBe(401);
    });
  });
});
