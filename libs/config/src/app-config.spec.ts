import { defaultDomainConfig } from '@avrr/domain';
import path from 'node:path';
import { ConfigError, loadConfig, PUBLISHED_DEV_SECRETS } from './app-config';

describe('loadConfig', () => {
  it('should give working local defaults when nothing is set', () => {
    const sut = loadConfig({});
    expect(sut.http.port).toBe(3000);
    expect(sut.db).toMatchObject({ host: '127.0.0.1', port: 5432, database: 'avrr', migrateOnStart: true });
    expect(sut.temporal.address).toBe('127.0.0.1:7233');
    expect(sut.payloadCodec.keys[sut.payloadCodec.activeKeyId]).toHaveLength(32);
    expect(sut.piiKey).toHaveLength(32);
  });

  it('should convert numbers and booleans from strings', () => {
    const sut = loadConfig({ HTTP_PORT: '8080', DB_MIGRATE_ON_START: 'false', REDIS_DB: '3' });
    expect(sut.http.port).toBe(8080);
    expect(sut.db.migrateOnStart).toBe(false);
    expect(sut.redis.db).toBe(3);
  });

  it('should name the variable and what it expects when a value is invalid', () => {
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT.*integer/);
    expect(() => loadConfig({ TEMPORAL_ADDRESS: 'localhost' })).toThrow(/TEMPORAL_ADDRESS must be host:port/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
  });

  it('should report every problem at once', () => {
    try {
      loadConfig({ HTTP_PORT: '-1', DB_PORT: 'x' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect([...new Set((err as ConfigError).problems.map((p) => p.split(':')[0]))].sort()).toEqual([
        'DB_PORT',
        'HTTP_PORT',
      ]);
    }
  });

  it('should require secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_ENCRYPTION_KEYS/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PII_ENCRYPTION_KEY/);
  });

  it('should refuse the published development secrets, an open /metrics and the test switches in production', () => {
    const key = (byte: number) => Buffer.alloc(32, byte).toString('base64');
    const good = {
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      PAYLOAD_ENCRYPTION_KEYS: `k1:${key(1)}`,
      PII_ENCRYPTION_KEY: key(2),
      METRICS_TOKEN: 'm'.repeat(24),
    };
    const sut = loadConfig(good);
    expect([sut.env, sut.docsEnabled, sut.webhookAllowPrivateTargets]).toEqual(['production', false, false]);
    expect(loadConfig({ ...good, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
    const dev = PUBLISHED_DEV_SECRETS;
    expect(() => loadConfig({ ...good, JWT_SECRET: dev.DEV_JWT_SECRET })).toThrow(
      /JWT_SECRET: the published development secret is refused/,
    );
    expect(() => loadConfig({ ...good, PAYLOAD_ENCRYPTION_KEYS: `k1:${key(1)},${dev.DEV_PAYLOAD_KEYS}` })).toThrow(
      /PAYLOAD_ENCRYPTION_KEYS: the published development key is refused/,
    );
    expect(() => loadConfig({ ...good, PII_ENCRYPTION_KEY: dev.DEV_PII_KEY })).toThrow(/PII_ENCRYPTION_KEY: the/);
    expect(() => loadConfig({ ...good, METRICS_TOKEN: undefined })).toThrow(/METRICS_TOKEN: required in production/);
    expect(() => loadConfig({ ...good, WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' })).toThrow(
      /WEBHOOK_ALLOW_PRIVATE_TARGETS: a test switch/,
    );
    // Outside production the development values stay the defaults, and /docs is on.
    expect(loadConfig({ JWT_SECRET: dev.DEV_JWT_SECRET }).docsEnabled).toBe(true);
  });

  it('should take the sign-in throttling limits', () => {
    expect(loadConfig({}).login).toEqual({
      maxFailuresPerAccount: 5,
      maxFailuresPerAddress: 50,
      windowSeconds: 900,
      maxBackoffSeconds: 900,
    });
    expect(loadConfig({ LOGIN_MAX_FAILURES_PER_ADDRESS: '500' }).login.maxFailuresPerAddress).toBe(500);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT/);
  });

  it('should take an optional metrics scrape token and refuse a short one', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(24) }).metricsToken).toBe('x'.repeat(24));
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 24 characters/);
  });

  it('should reject a payload key that is not 32 bytes and an unknown active key id', () => {
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/32 bytes/);
    const key = Buffer.alloc(32, 1).toString('base64');
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key}`, PAYLOAD_ENCRYPTION_KEY_ID: 'k9' })).toThrow(
      /PAYLOAD_ENCRYPTION_KEY_ID/,
    );
    const ok = loadConfig({ PAYLOAD_ENCRYPTION_KEYS: `k2:${key},k1:${key}` });
    expect(ok.payloadCodec.activeKeyId).toBe('k2');
    expect(Object.keys(ok.payloadCodec.keys)).toEqual(['k2', 'k1']);
  });

  it("should serve the console from the checkout's dist/web unless WEB_DIST_DIR says otherwise", () => {
    // This spec runs from libs/config/src; the checkout root is three levels up.
    expect(loadConfig({}).web.distDir).toBe(path.resolve(__dirname, '../../..', 'dist', 'web'));
    expect(loadConfig({ WEB_DIST_DIR: '/srv/console' }).web.distDir).toBe('/srv/console');
    expect(loadConfig({ WEB_DIST_DIR: 'build/web' }).web.distDir).toBe(path.resolve('build/web'));
    expect(() => loadConfig({ WEB_DIST_DIR: '' })).toThrow(/WEB_DIST_DIR must be a non-empty path/);
  });

  it('should read DOMAIN_RULES as a JSON object and refuse anything else', () => {
    expect(loadConfig({ DOMAIN_RULES: '{"documentExpiryBufferDays":5}' }).domain).toEqual({
      ...defaultDomainConfig,
      documentExpiryBufferDays: 5,
    });
    expect(loadConfig({}).domain).toEqual(defaultDomainConfig);
    expect(() => loadConfig({ DOMAIN_RULES: '{broken' })).toThrow(/DOMAIN_RULES must be a JSON object/);
    expect(() => loadConfig({ DOMAIN_RULES: '[1,2]' })).toThrow(/DOMAIN_RULES: must be a JSON object/);
  });

  it('should fail the boot on DOMAIN_RULES that break a rule setting, naming each setting', () => {
    expect(() => loadConfig({ DOMAIN_RULES: '{"handoverAckWorkingDays":0,"documentExpiryBuffer":5}' })).toThrow(
      'Invalid configuration:\n  - DOMAIN_RULES.documentExpiryBuffer: not a rule setting',
    );
    expect(() => loadConfig({ DOMAIN_RULES: '{"handoverAckWorkingDays":0}' })).toThrow(
      'Invalid configuration:\n  - DOMAIN_RULES.handoverAckWorkingDays: a whole number >= 1',
    );
  });
  it('should read the initial administrator: a username with exactly one of a password and a hash', () => {
    expect(loadConfig({}).initialAdmin).toBeUndefined();
    expect(
      loadConfig({ INITIAL_ADMIN_USERNAME: 'it.admin', INITIAL_ADMIN_PASSWORD: 'a-long-password!' }).initialAdmin,
    ).toEqual({ username: 'it.admin', password: 'a-long-password!' });
    expect(
      loadConfig({
        INITIAL_ADMIN_USERNAME: 'it.admin',
        INITIAL_ADMIN_PASSWORD_HASH: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
      }).initialAdmin,
    ).toEqual({ username: 'it.admin', passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' });
    expect(() => loadConfig({ INITIAL_ADMIN_USERNAME: 'it.admin' })).toThrow(/exactly one of/);
    expect(() => loadConfig({ INITIAL_ADMIN_PASSWORD: 'a-long-password!' })).toThrow(/needs INITIAL_ADMIN_USERNAME/);
    expect(() => loadConfig({ INITIAL_ADMIN_USERNAME: 'it.admin', INITIAL_ADMIN_PASSWORD: 'short' })).toThrow(
      /at least 12/,
    );
    expect(() =>
      loadConfig({ INITIAL_ADMIN_USERNAME: 'Bad Name', INITIAL_ADMIN_PASSWORD: 'a-long-password!' }),
    ).toThrow(/INITIAL_ADMIN_USERNAME/);
  });

  it('should turn OpenID Connect on with the issuer, requiring the client and the redirect URI', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    const oidc = {
      OIDC_ISSUER: 'https://login.example.org/realms/staff',
      OIDC_CLIENT_ID: 'avrr',
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_REDIRECT_URI: 'https://avrr.example.org/auth/oidc/callback',
    };
    expect(loadConfig(oidc).oidc).toEqual({
      issuer: oidc.OIDC_ISSUER,
      clientId: 'avrr',
      clientSecret: 'secret',
      redirectUri: oidc.OIDC_REDIRECT_URI,
      providerName: 'login.example.org',
      usernameClaim: 'preferred_username',
    });
    expect(() => loadConfig({ ...oidc, OIDC_CLIENT_SECRET: undefined })).toThrow(/OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ ...oidc, OIDC_USERNAME_CLAIM: 'sub' })).toThrow(/OIDC_USERNAME_CLAIM/);
  });
});

describe('retention configuration', () => {
  it('should read the retention periods over the defaults and refuse an unknown category by name', () => {
    const config = loadConfig({ RETENTION_PERIODS: 'SPECIAL_CATEGORY=30d,FINANCIAL=10y' });
    expect(config.retention.schedule.SPECIAL_CATEGORY).toBe(30 * 86_400);
    expect(config.retention.schedule.IDENTITY_CONTACT).toBe(5 * 365 * 86_400);
    expect(() => loadConfig({ RETENTION_PERIODS: 'PHOTOS=1d' })).toThrow(/RETENTION_PERIODS: unknown category PHOTOS/);
  });
});
