import { Client, Connection } from '@temporalio/client';
import { ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { AppConfig, loadConfig } from '../../libs/config/src/app-config';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';
import { CaseKeyring } from '../../libs/temporal/src/case-keyring';
import { EncryptionCodec } from '../../libs/temporal/src/encryption-codec';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A process of ours (API or worker) started from dist/, as in production; its output is kept for diagnostics. */
export class AppProcess {
  readonly output: string[] = [];
  private exited?: Promise<number | null>;
  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (d) => this.output.push(String(d)));
    child.stderr?.on('data', (d) => this.output.push(String(d)));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        // STACK_LOG_DIR=<dir>: keep each process's output, for debugging a failed run.
        if (process.env.STACK_LOG_DIR) {
          mkdirSync(process.env.STACK_LOG_DIR, { recursive: true });
          writeFileSync(path.join(process.env.STACK_LOG_DIR, `${name}-${child.pid}.log`), this.output.join(''));
        }
        resolve(code);
      }),
    );
  }
  static spawn(name: string, script: string, env: Record<string, string>): AppProcess {
    return new AppProcess(
      name,
      spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }
  get pid() {
    return this.child.pid;
  }
  async waitForOutput(pattern: RegExp, timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS ?? 30000)): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output.join(''))) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited: ${this.output.join('').slice(-2000)}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not print ${pattern}: ${this.output.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async waitForHttp(url: string, timeoutMs = 30000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited: ${this.output.join('').slice(-2000)}`);
      const ok = await fetch(url).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready at ${url}: ${this.output.join('').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** SIGTERM (graceful) or SIGKILL (crash). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    await this.exited;
  }
}

/**
 * A beforeAll that starts a stack needs this much (worker and API each wait up to 120 s on a loaded machine): the e2e
 * project's testTimeout in jest.config.js is not applied (a global option), so hooks would otherwise get 60 s.
 */
export const STACK_START_TIMEOUT_MS = 300_000;

/** The API and the worker as real processes against the run's PostgreSQL, Redis and Temporal. */
export class TestStack {
  readonly config: AppConfig = loadConfig();
  api!: AppProcess;
  worker?: AppProcess;
  baseUrl!: string;
  temporal!: Client;
  db!: PgClient;
  /** The per-case data keys, read from the run's PostgreSQL (no cache: a destroyed key fails at once). */
  readonly keyring = new CaseKeyring(
    this.config.payloadCodec.keys,
    this.config.payloadCodec.activeKeyId,
    async (sql, params) => (await this.db.query(sql, params)).rows,
    0,
  );
  /** The payload codec the API and the worker use (master keys and the case keys). */
  readonly codec = new EncryptionCodec(
    this.config.payloadCodec.keys,
    this.config.payloadCodec.activeKeyId,
    this.keyring,
  );
  private connection!: Connection;
  private tokens = new Map<string, string>();
  private env: Record<string, string> = {};

  static async start(opts: { worker?: boolean; env?: Record<string, string> } = {}): Promise<TestStack> {
    const stack = new TestStack();
    try {
      await stack.boot(opts);
    } catch (err) {
      await stack.stop().catch(() => undefined); // never leave processes behind for jest to wait on
      throw err;
    }
    return stack;
  }

  private async boot(opts: { worker?: boolean; env?: Record<string, string> }): Promise<void> {
    // Replay fixtures must decode without this run's database (it holds the per-case payload keys).
    if (process.env.RECORD_HISTORIES === '1') opts = { ...opts, env: { PAYLOAD_CASE_KEYS: 'false', ...opts.env } };
    this.env = opts.env ?? {};
    if (opts.worker !== false) await this.startWorker(opts.env);
    // A test that must know the API's address before it starts (an OIDC redirect URI) passes HTTP_PORT.
    this.baseUrl = `http://127.0.0.1:${opts.env?.HTTP_PORT ?? (await freePort())}`;
    await this.startApi();
    this.connection = await Connection.connect({ address: this.config.temporal.address });
    this.temporal = new Client({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      dataConverter: {
        payloadCodecs: [this.codec],
      },
    });
    this.db = new PgClient({
      host: this.config.db.host,
      port: this.config.db.port,
      user: this.config.db.user,
      password: this.config.db.password,
      database: this.config.db.database,
    });
    await this.db.connect();
  }

  /** Starts the API (again, after a crash) on the stack's port. */
  async startApi(): Promise<AppProcess> {
    this.api = AppProcess.spawn('api', 'dist/apps/api/src/main.js', {
      HTTP_PORT: new URL(this.baseUrl).port,
      HTTP_HOST: '127.0.0.1',
      DB_MIGRATE_ON_START: 'false',
      ...this.env,
    });
    await this.api.waitForHttp(`${this.baseUrl}/health/ready`, 120_000);
    return this.api;
  }

  async startWorker(env: Record<string, string> = {}): Promise<AppProcess> {
    this.worker = AppProcess.spawn('worker', 'dist/apps/worker/src/main.js', {
      DB_MIGRATE_ON_START: 'false',
      LOG_LEVEL: 'info',
      ...env,
    });
    // A loaded machine (shared CI) may take well over 30 s to load the workflow bundle.
    await this.worker.waitForOutput(/Temporal worker ready/, 120_000);
    return this.worker;
  }

  async stop(): Promise<void> {
    await this.api?.stop();
    await this.worker?.stop();
    await this.connection?.close().catch(() => undefined);
    await this.db?.end().catch(() => undefined);
  }

  async request<T = any>(
    method: string,
    url: string,
    opts: { token?: string; as?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const token = opts.token ?? (opts.as ? await this.login(opts.as) : undefined);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    const payload = opts.body !== undefined ? JSON.stringify(opts.body) : opts.rawBody;
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${url}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: body as T, headers: res.headers };
  }

  async login(username: string): Promise<string> {
    const cached = this.tokens.get(username);
    if (cached) return cached;
    const res = await this.request('POST', '/auth/login', { body: { username, password: DEMO_PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  }
}

/** An HS256 JWT signed here, for tests of forged and expired tokens. */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** Polls until fn stops throwing (eventual read models, background jobs). */
export async function expectEventually<T>(fn: () => Promise<T>, timeoutMs = 15000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
