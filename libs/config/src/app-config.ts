import { mergeDomainConfig, parseRetentionSchedule, type DomainConfig, type RetentionSchedule } from '@avrr/domain';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsJSON,
  IsNotEmpty,
  IsOptional,
  IsUrl,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';
import { existsSync } from 'node:fs';
import path from 'node:path';

const DEV_PAYLOAD_KEYS = 'dev1:ZGV2LXBheWxvYWQta2V5LW5vdC1mb3ItcHJvZC11c2U=';
const DEV_PII_KEY = 'ZGV2LXBpaS1jb2x1bW4ta2V5LW5vdC1mb3ItcHJvZCE=';
const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-0123456789';

/**
 * The development secrets are published in this repository: production refuses them even when they are passed
 * explicitly (a copied .env), so no token signed with the development secret and no payload sealed with the
 * development keys is ever accepted by a production process.
 */
export const PUBLISHED_DEV_SECRETS = { DEV_PAYLOAD_KEYS, DEV_PII_KEY, DEV_JWT_SECRET } as const;

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value;

const OFFSET = '[+-]?\\d+(?:\\.\\d+)?[dhms]';
const REMINDER_OFFSETS_PATTERN = new RegExp(`^[A-Z_]+=${OFFSET}(?:,${OFFSET})*(?:;[A-Z_]+=${OFFSET}(?:,${OFFSET})*)*$`);
/** The environment variables the processes read; nothing else in the repo touches process.env. */
export class EnvironmentVariables {
  @IsIn(['development', 'test', 'production']) NODE_ENV = 'development';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';

  /**
   * Directory of the built web console (`npm run build:web`) that the API serves on its own origin; relative paths
   * are taken from the working directory. Unset = `<repo>/dist/web`.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[^\0]+$/, { message: 'WEB_DIST_DIR must be a non-empty path' })
  WEB_DIST_DIR?: string;

  /** Interface the HTTP API binds to. */
  @IsString() @IsNotEmpty() HTTP_HOST = '0.0.0.0';
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) HTTP_PORT = 3000;
  /** Largest accepted request body; larger ones are refused with 413. */
  @Transform(toInt) @IsInt() @Min(1024) @Max(50 * 1024 * 1024) HTTP_BODY_LIMIT_BYTES = 1024 * 1024;
  /** Time a client has to send a whole request (headers and body); a slower one gets 408 REQUEST_TIMEOUT. */
  @Transform(toInt) @IsInt() @Min(100) @Max(600_000) HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @IsString() @IsNotEmpty() DB_HOST = '127.0.0.1';
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) DB_PORT = 5432;
  @IsString() @IsNotEmpty() DB_USER = 'postgres';
  @IsString() DB_PASSWORD = '';
  @IsString()
  @Matches(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { message: 'DB_NAME must be a plain identifier (letters, digits, _)' })
  DB_NAME = 'avrr';
  /** How long getting a PostgreSQL connection may take (connect, or wait for the pool) before a 503. */
  @Transform(toInt) @IsInt() @Min(100) @Max(60_000) DB_CONNECT_TIMEOUT_MS = 3000;
  /** Run pending migrations when the API boots (the start script also runs them by command). */
  @Transform(toBool) @IsBoolean() DB_MIGRATE_ON_START = true;

  @IsString() @IsNotEmpty() REDIS_HOST = '127.0.0.1';
  @Transform(toInt) @IsInt() @Min(1) @Max(65535) REDIS_PORT = 6379;
  @Transform(toInt) @IsInt() @Min(0) @Max(15) REDIS_DB = 0;
  /** Key prefix of every BullMQ key, so test runs and the dev stack never collide. */
  @IsString()
  @Matches(/^[a-zA-Z0-9_.:-]+$/, { message: 'REDIS_PREFIX must be letters, digits, _ . : -' })
  REDIS_PREFIX = 'avrr';

  @IsString() @Matches(/^[^:\s]+:\d+$/, { message: 'TEMPORAL_ADDRESS must be host:port' }) TEMPORAL_ADDRESS =
    '127.0.0.1:7233';
  @IsString() @IsNotEmpty() TEMPORAL_NAMESPACE = 'default';
  @IsString() @IsNotEmpty() TEMPORAL_TASK_QUEUE = 'avrr-cases';
  /** Prebuilt workflow bundle (npm run build:workflows); unset = bundle at worker start. */
  @IsOptional() @IsString() TEMPORAL_WORKFLOW_BUNDLE?: string;
  @IsString() TEMPORAL_UI_URL = 'http://127.0.0.1:8233';
  /** Attempts of a Temporal call the server refuses (unavailable) before the API answers 503; back-off 0.1 s x 1.7^n. */
  @Transform(toInt) @IsInt() @Min(1) @Max(10) TEMPORAL_RPC_ATTEMPTS = 5;
  /**
   * Browser origins allowed to call the codec endpoint (the Temporal UI's), comma separated; empty = the origin of
   * TEMPORAL_UI_URL (with its localhost / 127.0.0.1 twin).
   */
  @IsString()
  @Matches(/^(https?:\/\/[^\s,/]+)?(,https?:\/\/[^\s,/]+)*$/, {
    message: 'CODEC_CORS_ORIGINS must be origins (scheme://host[:port]), comma separated',
  })
  CODEC_CORS_ORIGINS = '';
  /** Port of the worker's Prometheus endpoint (GET /metrics); 0 = none. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535) WORKER_METRICS_PORT = 0;
  /** host:port where the Temporal SDK (the worker's Rust core) serves its own Prometheus metrics; empty = none. */
  @IsString()
  @Matches(/^([^:\s]+:\d+)?$/, { message: 'TEMPORAL_SDK_METRICS_ADDRESS must be host:port' })
  TEMPORAL_SDK_METRICS_ADDRESS = '';
  /**
   * Commands one case may have in flight at once, across all API processes. Temporal admits at most 10 in-flight
   * Updates per workflow (its default) and aborts the rest; keep this below that limit.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(9) COMMANDS_PER_CASE = 8;
  /** How long a command waits for a free slot on a busy case before it is answered 429 CASE_BUSY. */
  @Transform(toInt) @IsInt() @Min(0) @Max(30_000) COMMAND_SLOT_WAIT_MS = 3000;
  /** Age after which the worker projects a command's committed result the API did not record (API died, DB away). */
  @Transform(toInt) @IsInt() @Min(1000) @Max(3_600_000) PENDING_COMMAND_RECONCILE_AFTER_MS = 20_000;

  /** Keys of the Temporal payload codec: `keyId:base64(32 bytes)`, comma separated; old keys stay to decrypt. */
  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.PAYLOAD_ENCRYPTION_KEYS !== undefined)
  @IsString()
  @Matches(/^[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+(,[A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)*$/, {
    message: 'PAYLOAD_ENCRYPTION_KEYS must be keyId:base64Key[,keyId:base64Key...]',
  })
  PAYLOAD_ENCRYPTION_KEYS?: string;
  /** Key id used to encrypt new payloads; defaults to the first of PAYLOAD_ENCRYPTION_KEYS. */
  @IsOptional() @IsString() PAYLOAD_ENCRYPTION_KEY_ID?: string;
  /** base64 of 32 bytes: column-level encryption of special-category (D3) data in PostgreSQL. */
  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.PII_ENCRYPTION_KEY !== undefined)
  @IsString()
  @Matches(/^[A-Za-z0-9+/=]+$/, { message: 'PII_ENCRYPTION_KEY must be base64' })
  PII_ENCRYPTION_KEY?: string;

  /** Overrides of the AVRR rule settings ([C] in the domain brief) as a JSON object, e.g. {"documentExpiryBufferDays":5}. */
  @IsOptional() @IsJSON({ message: 'DOMAIN_RULES must be a JSON object' }) DOMAIN_RULES?: string;

  @ValidateIf((o: EnvironmentVariables) => o.NODE_ENV === 'production' || o.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;
  @Transform(toInt) @IsInt() @Min(60) @Max(86400) JWT_TTL_SECONDS = 3600;
  /**
   * The first administrator, created when the API boots and no active administrator exists (then never again: change
   * the password through the console). Give the password in clear (INITIAL_ADMIN_PASSWORD) or as a hash made by
   * `node dist/libs/auth/src/cli/hash-password.js` (INITIAL_ADMIN_PASSWORD_HASH), not both.
   */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._@-]{1,63}$/, { message: 'INITIAL_ADMIN_USERNAME must be 2-64 of a-z 0-9 . _ @ -' })
  INITIAL_ADMIN_USERNAME?: string;
  @ValidateIf((o: EnvironmentVariables) => o.INITIAL_ADMIN_PASSWORD !== undefined)
  @IsString()
  @MinLength(12, { message: 'INITIAL_ADMIN_PASSWORD must be at least 12 characters' })
  INITIAL_ADMIN_PASSWORD?: string;
  @IsOptional()
  @IsString()
  @Matches(/^\S+\$\S+$/, { message: 'INITIAL_ADMIN_PASSWORD_HASH must be a stored hash' })
  INITIAL_ADMIN_PASSWORD_HASH?: string;

  /** Sign-in through the organisation's OpenID Connect provider: on when OIDC_ISSUER is set (all four then required). */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) OIDC_ISSUER?: string;
  @ValidateIf((o: EnvironmentVariables) => o.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty()
  OIDC_CLIENT_ID?: string;
  @ValidateIf((o: EnvironmentVariables) => o.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty()
  OIDC_CLIENT_SECRET?: string;
  @ValidateIf((o: EnvironmentVariables) => o.OIDC_ISSUER !== undefined)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  OIDC_REDIRECT_URI?: string;
  /** The name the sign-in page shows ("Sign in with <name>"). */
  @IsOptional() @IsString() @MinLength(1) OIDC_PROVIDER_NAME?: string;
  /** The claim matched against usernames: preferred_username (default) or email. */
  @IsIn(['preferred_username', 'email']) OIDC_USERNAME_CLAIM = 'preferred_username';

  /** Bearer token the Prometheus scraper must send to GET /metrics; unset = /metrics is open (restrict it by network). */
  @ValidateIf((o: EnvironmentVariables) => o.METRICS_TOKEN !== undefined)
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string;
  /** The OpenAPI document and its UI at /docs; unset = on outside production, off in production. */
  @IsOptional() @Transform(toBool) @IsBoolean() DOCS_ENABLED?: boolean;
  /**
   * Lets office webhooks target loopback, link-local and private addresses (a receiver on the test machine). Off by
   * default, refused in production: a webhook there must reach a public address (no SSRF into the internal network).
   */
  @Transform(toBool) @IsBoolean() WEBHOOK_ALLOW_PRIVATE_TARGETS = false;
  /** Failed sign-ins of one username before its back-off starts (counted over LOGIN_FAILURE_WINDOW_SECONDS). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) LOGIN_MAX_FAILURES_PER_ACCOUNT = 5;
  /** Failed sign-ins from one client address before its back-off starts (same window). */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000) LOGIN_MAX_FAILURES_PER_ADDRESS = 50;
  /** The window over which failed sign-ins are counted; a success clears the account's count. */
  @Transform(toInt) @IsInt() @Min(10) @Max(86_400) LOGIN_FAILURE_WINDOW_SECONDS = 900;
  /** The longest back-off: each failure past the limit doubles the wait (1 s, 2 s, 4 s, ...) up to this. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86_400) LOGIN_MAX_BACKOFF_SECONDS = 900;

  /**
   * Overrides of reminder offsets (AVRR.md §10), `KIND=offset[,offset];KIND=...`, offsets like `14d`, `-48h`, `30m`,
   * `15s`. Tests use it to make reminders due within seconds; unset = the defaults of libs/domain reminders.ts.
   */
  @IsOptional()
  @IsString()
  @Matches(REMINDER_OFFSETS_PATTERN, { message: 'REMINDER_OFFSETS must be KIND=±<n>(d|h|m|s)[,...][;KIND=...]' })
  REMINDER_OFFSETS?: string;
  /** Local hour (office time zone) at which reminders anchored on a calendar date fire. */
  @Transform(toInt) @IsInt() @Min(0) @Max(23) REMINDER_LOCAL_HOUR = 8;
  /** Reminder jobs processed at once by one worker. */
  @Transform(toInt) @IsInt() @Min(1) @Max(500) REMINDER_CONCURRENCY = 20;
  /** Interval of the reconciliation job that rebuilds missing reminder jobs from PostgreSQL. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400) REMINDER_RECONCILE_EVERY_SECONDS = 300;
  /** Interval of the SLA and stuck-workflow monitor. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400) MONITOR_EVERY_SECONDS = 300;
  /** An activity retrying more than this many attempts makes its case technically stuck. */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) MONITOR_ACTIVITY_ATTEMPTS = 3;
  /** A workflow timer this many seconds past its fire time counts as overdue. */
  @Transform(toInt) @IsInt() @Min(1) @Max(86400) MONITOR_TIMER_GRACE_SECONDS = 120;
  /** Reports: counts under this many people are suppressed, with their complements (AVRR.md §12: 5). */
  @Transform(toInt) @IsInt() @Min(1) @Max(1000) REPORT_SMALL_CELL_THRESHOLD = 5;
  /** Reports: the country whose returnees the inbound headline counts (Moroccan returnees). */
  @IsString() @Matches(/^[A-Z]{2}$/) REPORT_HOME_COUNTRY = 'MA';
  /**
   * Retention periods per data category after a case ended, over libs/domain's defaults (retention.ts):
   * `CATEGORY=<n><s|m|h|d|y>,...`, e.g. `SPECIAL_CATEGORY=730d,FINANCIAL=10y`. Empty = the defaults.
   */
  @IsString() RETENTION_PERIODS = '';
  /** Interval of the scheduled retention run (the job erases what is due; a dry run is on demand only). */
  @Transform(toInt) @IsInt() @Min(1) @Max(7 * 86400) RETENTION_EVERY_SECONDS = 86400;
  /**
   * Per-case payload data keys (crypto-shredding at retention). Off only to record replay fixtures that must decode
   * without the database that held the keys; payloads written with case keys still decode either way.
   */
  @Transform(toBool) @IsBoolean() PAYLOAD_CASE_KEYS = true;
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** Parses REMINDER_OFFSETS into milliseconds per reminder kind (validated by the pattern first). */
export function parseReminderOffsets(value: string | undefined): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const part of (value ?? '').split(';').filter(Boolean)) {
    const [kind, list] = part.split('=');
    out[kind] = list.split(',').map((o) => Math.round(parseFloat(o.slice(0, -1)) * UNIT_MS[o.slice(-1)]));
  }
  return out;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  http: { host: string; port: number; bodyLimitBytes: number; requestTimeoutMs: number };
  /** The built web console the API serves (absolute path; may not exist, e.g. in a build without the console). */
  web: { distDir: string };
  db: {
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
    migrateOnStart: boolean;
    connectTimeoutMs: number;
  };
  redis: { host: string; port: number; db: number; prefix: string };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    workflowBundle?: string;
    uiUrl: string;
    /** Attempts of a refused Temporal call (the client's gRPC retry). */
    rpcAttempts: number;
  };
  /** Per-case admission of commands (API) and the backstop of their projection (worker). */
  commands: { perCase: number; slotWaitMs: number; reconcileAfterMs: number };
  payloadCodec: { activeKeyId: string; keys: Record<string, Buffer>; caseKeys?: boolean };
  piiKey: Buffer;
  jwt: { secret: string; ttlSeconds: number };
  /** Metrics and the codec endpoint (see the README's operability section). */
  observability: { codecCorsOrigins: string[]; workerMetricsPort: number; sdkMetricsAddress?: string };
  /** Token required by GET /metrics, when set. */
  metricsToken?: string;
  /** Whether /docs (the OpenAPI UI and document) is served. */
  docsEnabled: boolean;
  /** Whether office webhooks may target loopback, link-local and private addresses (tests only). */
  webhookAllowPrivateTargets: boolean;
  /** Sign-in throttling: failures per account and per address over the window, then a doubling back-off. */
  login: {
    maxFailuresPerAccount: number;
    maxFailuresPerAddress: number;
    windowSeconds: number;
    maxBackoffSeconds: number;
  };
  /** The administrator created at boot when none exists (password in clear or as a stored hash). */
  initialAdmin?: { username: string; password?: string; passwordHash?: string };
  /** OpenID Connect sign-in, when configured. */
  oidc?: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    providerName: string;
    usernameClaim: 'preferred_username' | 'email';
  };
  reminders: {
    offsetsMs: Record<string, number[]>;
    localHour: number;
    concurrency: number;
    reconcileEverySeconds: number;
  };
  monitor: { everySeconds: number; activityAttempts: number; timerGraceSeconds: number };
  reports: { smallCellThreshold: number; homeCountry: string };
  /** Retention (issue 11 item 4): periods per data category, and how often the job runs. */
  retention: { schedule: RetentionSchedule; everySeconds: number };
  /** The AVRR rule settings: libs/domain's defaults with DOMAIN_RULES applied and checked (mergeDomainConfig). */
  domain: DomainConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function decodeKey(name: string, base64: string, problems: string[]): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) problems.push(`${name}: key must decode to 32 bytes (got ${key.length})`);
  return key;
}

/**
 * The checkout (or image) root: the nearest directory above this file with a package.json. The same code runs from
 * libs/config/src (ts-jest) and from dist/libs/config/src (dist/ has no package.json), so a fixed `..` count would
 * be wrong in one of them.
 */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

/**
 * What production refuses although each value is well formed: the published development secrets, test switches,
 * and an open /metrics (it would tell anyone the case load per office and stage).
 */
function productionProblems(vars: EnvironmentVariables): string[] {
  const problems: string[] = [];
  if (vars.JWT_SECRET === DEV_JWT_SECRET)
    problems.push('JWT_SECRET: the published development secret is refused in production');
  const devKey = DEV_PAYLOAD_KEYS.split(':')[1];
  if ((vars.PAYLOAD_ENCRYPTION_KEYS ?? '').split(',').some((entry) => entry.split(':')[1] === devKey))
    problems.push('PAYLOAD_ENCRYPTION_KEYS: the published development key is refused in production');
  if (vars.PII_ENCRYPTION_KEY === DEV_PII_KEY)
    problems.push('PII_ENCRYPTION_KEY: the published development key is refused in production');
  if (vars.WEBHOOK_ALLOW_PRIVATE_TARGETS)
    problems.push('WEBHOOK_ALLOW_PRIVATE_TARGETS: a test switch, refused in production');
  if (!vars.METRICS_TOKEN) problems.push('METRICS_TOKEN: required in production (/metrics is not public there)');
  return problems;
}

/** The codec endpoint's CORS origins: the configured list, else the Temporal UI's origin and its loopback twin. */
function codecOrigins(configured: string, uiUrl: string): string[] {
  if (configured) return configured.split(',');
  let origin: string;
  try {
    origin = new URL(uiUrl).origin;
  } catch {
    return [];
  }
  const twin = origin.includes('//127.0.0.1')
    ? origin.replace('//127.0.0.1', '//localhost')
    : origin.replace('//localhost', '//127.0.0.1');
  return [...new Set([origin, twin])];
}

/** Reads and validates the environment. Throws ConfigError naming every bad variable and what it expects. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const input: Record<string, string> = {};
  for (const key of [
    ...known,
    'PAYLOAD_ENCRYPTION_KEYS',
    'PAYLOAD_ENCRYPTION_KEY_ID',
    'PII_ENCRYPTION_KEY',
    'JWT_SECRET',
    'METRICS_TOKEN',
    'DOCS_ENABLED',
    'TEMPORAL_WORKFLOW_BUNDLE',
    'DOMAIN_RULES',
    'REMINDER_OFFSETS',
    'WEB_DIST_DIR',
    'INITIAL_ADMIN_USERNAME',
    'INITIAL_ADMIN_PASSWORD',
    'INITIAL_ADMIN_PASSWORD_HASH',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'OIDC_CLIENT_SECRET',
    'OIDC_REDIRECT_URI',
    'OIDC_PROVIDER_NAME',
  ]) {
    if (env[key] !== undefined) input[key] = env[key];
  }
  const vars = plainToInstance(EnvironmentVariables, input);
  const problems = validateSync(vars, { whitelist: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg} (got ${JSON.stringify(e.value)})`),
  );
  if (problems.length) throw new ConfigError(problems);

  const keyList = (vars.PAYLOAD_ENCRYPTION_KEYS ?? DEV_PAYLOAD_KEYS).split(',').map((entry) => entry.split(':'));
  const keys: Record<string, Buffer> = {};
  for (const [id, b64] of keyList) keys[id] = decodeKey(`PAYLOAD_ENCRYPTION_KEYS (${id})`, b64, problems);
  const activeKeyId = vars.PAYLOAD_ENCRYPTION_KEY_ID ?? keyList[0][0];
  if (!keys[activeKeyId])
    problems.push(`PAYLOAD_ENCRYPTION_KEY_ID: "${activeKeyId}" is not one of PAYLOAD_ENCRYPTION_KEYS`);
  const domainRules: unknown = vars.DOMAIN_RULES ? JSON.parse(vars.DOMAIN_RULES) : {};
  let domain: DomainConfig | undefined;
  if (typeof domainRules !== 'object' || domainRules === null || Array.isArray(domainRules)) {
    problems.push('DOMAIN_RULES: must be a JSON object');
  } else {
    const merged = mergeDomainConfig(domainRules as Record<string, unknown>);
    problems.push(...merged.problems.map((p) => `DOMAIN_RULES.${p}`));
    domain = merged.config;
  }
  if (vars.INITIAL_ADMIN_USERNAME && !vars.INITIAL_ADMIN_PASSWORD === !vars.INITIAL_ADMIN_PASSWORD_HASH)
    problems.push('INITIAL_ADMIN_USERNAME: give exactly one of INITIAL_ADMIN_PASSWORD and INITIAL_ADMIN_PASSWORD_HASH');
  if (!vars.INITIAL_ADMIN_USERNAME && (vars.INITIAL_ADMIN_PASSWORD || vars.INITIAL_ADMIN_PASSWORD_HASH))
    problems.push('INITIAL_ADMIN_PASSWORD: needs INITIAL_ADMIN_USERNAME');
  const retention = parseRetentionSchedule(vars.RETENTION_PERIODS);
  problems.push(...retention.problems.map((p) => `RETENTION_PERIODS: ${p}`));
  const piiKey = decodeKey('PII_ENCRYPTION_KEY', vars.PII_ENCRYPTION_KEY ?? DEV_PII_KEY, problems);
  if (vars.NODE_ENV === 'production') problems.push(...productionProblems(vars));
  if (problems.length || !domain) throw new ConfigError(problems);

  return {
    env: vars.NODE_ENV as AppConfig['env'],
    logLevel: vars.LOG_LEVEL,
    http: {
      host: vars.HTTP_HOST,
      port: vars.HTTP_PORT,
      bodyLimitBytes: vars.HTTP_BODY_LIMIT_BYTES,
      requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS,
    },
    web: { distDir: path.resolve(vars.WEB_DIST_DIR ?? path.join(repoRoot(), 'dist', 'web')) },
    db: {
      host: vars.DB_HOST,
      port: vars.DB_PORT,
      user: vars.DB_USER,
      password: vars.DB_PASSWORD,
      database: vars.DB_NAME,
      migrateOnStart: vars.DB_MIGRATE_ON_START,
      connectTimeoutMs: vars.DB_CONNECT_TIMEOUT_MS,
    },
    redis: { host: vars.REDIS_HOST, port: vars.REDIS_PORT, db: vars.REDIS_DB, prefix: vars.REDIS_PREFIX },
    temporal: {
      address: vars.TEMPORAL_ADDRESS,
      namespace: vars.TEMPORAL_NAMESPACE,
      taskQueue: vars.TEMPORAL_TASK_QUEUE,
      workflowBundle: vars.TEMPORAL_WORKFLOW_BUNDLE || undefined,
      uiUrl: vars.TEMPORAL_UI_URL,
      rpcAttempts: vars.TEMPORAL_RPC_ATTEMPTS,
    },
    commands: {
      perCase: vars.COMMANDS_PER_CASE,
      slotWaitMs: vars.COMMAND_SLOT_WAIT_MS,
      reconcileAfterMs: vars.PENDING_COMMAND_RECONCILE_AFTER_MS,
    },
    payloadCodec: { activeKeyId, keys, caseKeys: vars.PAYLOAD_CASE_KEYS },
    piiKey,
    jwt: { secret: vars.JWT_SECRET ?? DEV_JWT_SECRET, ttlSeconds: vars.JWT_TTL_SECONDS },
    observability: {
      codecCorsOrigins: codecOrigins(vars.CODEC_CORS_ORIGINS, vars.TEMPORAL_UI_URL),
      workerMetricsPort: vars.WORKER_METRICS_PORT,
      sdkMetricsAddress: vars.TEMPORAL_SDK_METRICS_ADDRESS || undefined,
    },
    ...(vars.METRICS_TOKEN ? { metricsToken: vars.METRICS_TOKEN } : {}),
    docsEnabled: vars.DOCS_ENABLED ?? vars.NODE_ENV !== 'production',
    webhookAllowPrivateTargets: vars.WEBHOOK_ALLOW_PRIVATE_TARGETS,
    login: {
      maxFailuresPerAccount: vars.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: vars.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: vars.LOGIN_FAILURE_WINDOW_SECONDS,
      maxBackoffSeconds: vars.LOGIN_MAX_BACKOFF_SECONDS,
    },
    ...(vars.INITIAL_ADMIN_USERNAME
      ? {
          initialAdmin: {
            username: vars.INITIAL_ADMIN_USERNAME,
            ...(vars.INITIAL_ADMIN_PASSWORD ? { password: vars.INITIAL_ADMIN_PASSWORD } : {}),
            ...(vars.INITIAL_ADMIN_PASSWORD_HASH ? { passwordHash: vars.INITIAL_ADMIN_PASSWORD_HASH } : {}),
          },
        }
      : {}),
    ...(vars.OIDC_ISSUER
      ? {
          oidc: {
            issuer: vars.OIDC_ISSUER,
            clientId: vars.OIDC_CLIENT_ID!,
            clientSecret: vars.OIDC_CLIENT_SECRET!,
            redirectUri: vars.OIDC_REDIRECT_URI!,
            providerName: vars.OIDC_PROVIDER_NAME ?? new URL(vars.OIDC_ISSUER).hostname,
            usernameClaim: vars.OIDC_USERNAME_CLAIM as 'preferred_username' | 'email',
          },
        }
      : {}),
    reminders: {
      offsetsMs: parseReminderOffsets(vars.REMINDER_OFFSETS),
      localHour: vars.REMINDER_LOCAL_HOUR,
      concurrency: vars.REMINDER_CONCURRENCY,
      reconcileEverySeconds: vars.REMINDER_RECONCILE_EVERY_SECONDS,
    },
    monitor: {
      everySeconds: vars.MONITOR_EVERY_SECONDS,
      activityAttempts: vars.MONITOR_ACTIVITY_ATTEMPTS,
      timerGraceSeconds: vars.MONITOR_TIMER_GRACE_SECONDS,
    },
    reports: { smallCellThreshold: vars.REPORT_SMALL_CELL_THRESHOLD, homeCountry: vars.REPORT_HOME_COUNTRY },
    retention: { schedule: retention.schedule, everySeconds: vars.RETENTION_EVERY_SECONDS },
    domain,
  };
}
