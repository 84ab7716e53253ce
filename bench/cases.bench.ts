/**
 * Cases benchmark (run by hand: `npm run bench:cases -- --cases 20`; scripts/bench.sh provisions and then runs this).
 *
 * Three arms on the same Temporal dev server, in rounds whose order rotates:
 *   case     N single-adult cases driven through the whole pre-departure journey over HTTP (POST /cases, then one
 *            POST /cases/:id/commands per step), i.e. API -> Update on the case workflow -> the API's projection
 *            (PostgreSQL), then the answer;
 *   bare     N workflows of bench/bare/bare.workflow.ts driven with the Temporal client directly (executeUpdate): the
 *            same number of Updates (no activity, as a case command since 'projection-after-commit') and the same
 *            timers as a case's history shows, run by a worker process of its own (bench/bare/index.ts);
 *   bare+PG  the bare workflow whose every Update also writes one row to PostgreSQL in one transaction (a local
 *            activity), the row as large as the case arm's audit row (case_events, measured after the warm-up): the
 *            least a durable command costs, Temporal and one PostgreSQL write.
 * Then a latency phase per arm: open-loop commands at a fixed rate for a fixed time, latency measured from the time
 * each command was due (so a backlog counts). Prints cases/s, CPU seconds per case of each process, p50/p99 command
 * latency and the ratios against the targets; writes the result to .data/bench/last-cases.json.
 *
 * Expects the environment scripts/bench.sh sets: DB_*, REDIS_*, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_TASK_QUEUE, TEMPORAL_WORKFLOW_BUNDLE, TEMPORAL_PID (the dev server, for its CPU), a migrated and seeded
 * database. Imports no @nestjs package (Nest 12 is ESM): the API and the worker run as processes from dist/.
 */
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { loadConfig } from '../libs/config/src/app-config';
import { DEMO_PASSWORD } from '../libs/persistence/src/demo-data';
import { EncryptionCodec } from '../libs/temporal/src/encryption-codec';
import { AUDIT_ROW_TABLE } from './bare/audit-row';
import { bareStepUpdate, bareWorkflow } from './bare/bare.workflow';
import { counselling, JOURNEY_END_STAGE, journeySteps, singleAdult, Step, User, USERS } from './journey';
import { backendDelta, cpuSecondsOf, postgresCpuSeconds, procAvailable } from './proc-cpu';
import { Breakdown, Sample, SEGMENTS, segmentsOf, summarizeSegments } from './breakdown';
import { LatencySummary, round, summarize } from './stats';

// ------------------------------------------------------------------------------------------------ options

interface Options {
  cases: number;
  rounds: number;
  concurrency: number;
  rate: number;
  latencySeconds: number;
  warmup: number;
  pool: number;
  bareCodec: boolean;
  out: string;
}

const USAGE = `usage: npm run bench:cases -- [options]
  --cases N            cases per arm per round (default 20)
  --rounds R           rounds; each runs the three arms (case, bare, bare+PG), the order rotating (default 4)
  --concurrency C      cases driven at once in the throughput rounds (default 4)
  --rate Q             commands per second in the latency phase (default 20)
  --latency-seconds S  length of the latency phase, per arm (default 20; 0 skips it)
  --warmup W           unmeasured cases per arm before the rounds (default: C)
  --pool P             cases (workflows) the latency phase spreads its commands over, one command in flight
                       per case (default: the rate, at least 10)
  --bare-codec         give the bare arms the engine's payload codec (AES-GCM) too (default: plain payloads)
  --out FILE           where to write the JSON result (default .data/bench/last-cases.json)`;

function parseOptions(argv: string[]): Options {
  const o: Options = {
    cases: 20,
    rounds: 4,
    concurrency: 4,
    rate: 20,
    latencySeconds: 20,
    warmup: -1,
    pool: -1,
    bareCodec: false,
    out: '.data/bench/last-cases.json',
  };
  const ints: Record<string, keyof Options> = {
    '--cases': 'cases',
    '--rounds': 'rounds',
    '--concurrency': 'concurrency',
    '--rate': 'rate',
    '--latency-seconds': 'latencySeconds',
    '--warmup': 'warmup',
    '--pool': 'pool',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (flag === '--bare-codec') o.bareCodec = true;
    else if (flag === '--out') o.out = value();
    else if (ints[flag]) {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0 || (flag !== '--latency-seconds' && flag !== '--warmup' && n <= 0))
        fail(`${flag}: bad number`);
      (o as unknown as Record<string, number>)[ints[flag]] = n;
    } else fail(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (o.warmup < 0) o.warmup = o.concurrency;
  if (o.pool < 0) o.pool = Math.max(10, Math.ceil(o.rate));
  return o;
}

function fail(message: string): never {
  console.error(`!!  ${message}`);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------------ processes

const ROOT = process.cwd();
/** The dist/ this file was built into (scripts/bench.sh runs a copy of it, so that a rebuild meanwhile changes nothing). */
const DIST = path.resolve(__dirname, '..');
const RUN_DIR = path.resolve(process.env.BENCH_RUN_DIR ?? path.join(ROOT, '.data/bench', `run-${Date.now()}`));

/** A process of ours started from dist/; its output goes to RUN_DIR/<name>.log. */
class AppProcess {
  private exited: Promise<number | null>;
  private expectedExit = false;
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    child.on('exit', (code, signal) => {
      if (!this.expectedExit)
        abort(`${name} (pid ${child.pid}) exited unexpectedly (${signal ?? code})\n${this.tail()}`);
    });
  }

  static spawn(name: string, script: string, env: Record<string, string>): AppProcess {
    const logFile = path.join(RUN_DIR, `${name}.log`);
    const fd = openSync(logFile, 'a');
    // BENCH_CPU_PROFILE_DIR: V8 CPU profiles of the API and workers (written when they exit), for chrome://inspect.
    // One folder per process; a profile per thread (the workers run workflows in worker threads).
    const profile = process.env.BENCH_CPU_PROFILE_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROFILE_DIR, name)}`]
      : [];
    const child = spawn(process.execPath, [...profile, script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    return new AppProcess(name, child, logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8')
        .split('\n')
        .slice(-lines)
        .map((l) => `    | ${l}`)
        .join('\n');
    } catch {
      return '';
    }
  }

  async waitForLog(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let text = '';
      try {
        text = readFileSync(this.logFile, 'utf8');
      } catch {
        /* not yet */
      }
      if (pattern.test(text)) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not log ${pattern} within ${timeoutMs / 1000}s\n${this.tail()}`);
      await sleep(100);
    }
  }

  async waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (
        await fetch(url).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} not ready at ${url} within ${timeoutMs / 1000}s\n${this.tail()}`);
      await sleep(150);
    }
  }

  async stop(timeoutMs = 20_000): Promise<void> {
    this.expectedExit = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const killed = await Promise.race([this.exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (killed) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

const processes: AppProcess[] = [];
let aborting = false;

async function stopAll(): Promise<void> {
  for (const p of [...processes].reverse()) await p.stop().catch(() => undefined);
}

function abort(message: string, code = 1): void {
  if (aborting) return;
  aborting = true;
  console.error(`!!  ${message}`);
  console.error(`!!  logs: ${RUN_DIR}`);
  void stopAll().finally(() => process.exit(code));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// ------------------------------------------------------------------------------------------------ CPU accounting

interface CpuSnapshot {
  at: number;
  worker: number;
  bareWorker: number;
  api: number;
  temporal: number;
  postgres: number;
  postgresDb: Map<number, number>;
  driver: number;
  machineBusy: number;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat (USER_HZ = 100). */
function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / 100;
  } catch {
    return NaN;
  }
}

interface Pids {
  api: number;
  worker: number;
  bareWorker: number;
  temporal?: number;
  database: string;
}

function snapshot(p: Pids): CpuSnapshot {
  const pg = postgresCpuSeconds(p.database);
  const u = process.cpuUsage();
  return {
    at: performance.now(),
    worker: cpuSecondsOf(p.worker),
    bareWorker: cpuSecondsOf(p.bareWorker),
    api: cpuSecondsOf(p.api),
    temporal: cpuSecondsOf(p.temporal),
    postgres: pg.all,
    postgresDb: pg.database,
    driver: (u.user + u.system) / 1e6,
    machineBusy: machineBusySeconds(),
  };
}

/** CPU seconds per process over an arm's run; `worker` is that arm's worker, `idleWorker` the other arm's. */
interface CpuUse {
  worker: number;
  api: number;
  temporal: number;
  postgres: number;
  postgresDb: number;
  driver: number;
  idleWorker: number;
  /** Everything else the machine ran meanwhile (other users' processes): busy time minus all of the above. */
  others: number;
  machineBusy: number;
}

function cpuDelta(arm: ArmName, a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const caseWorker = b.worker - a.worker;
  const bareWorker = b.bareWorker - a.bareWorker;
  const c = {
    // both bare arms run on the bare worker
    worker: arm === 'case' ? caseWorker : bareWorker,
    idleWorker: arm === 'case' ? bareWorker : caseWorker,
    api: b.api - a.api,
    temporal: b.temporal - a.temporal,
    postgres: b.postgres - a.postgres,
    postgresDb: backendDelta(a.postgresDb, b.postgresDb),
    driver: b.driver - a.driver,
    machineBusy: b.machineBusy - a.machineBusy,
  };
  return {
    ...c,
    others: Math.max(0, c.machineBusy - (c.worker + c.idleWorker + c.api + c.temporal + c.postgres + c.driver)),
  };
}

function addCpu(a: CpuUse, b: CpuUse): CpuUse {
  return Object.fromEntries(
    Object.keys(a).map((k) => [k, a[k as keyof CpuUse] + b[k as keyof CpuUse]]),
  ) as unknown as CpuUse;
}

const ZERO_CPU: CpuUse = {
  worker: 0,
  api: 0,
  temporal: 0,
  postgres: 0,
  postgresDb: 0,
  driver: 0,
  idleWorker: 0,
  others: 0,
  machineBusy: 0,
};

/** Worker + API + Temporal + PostgreSQL: the server side (the driver, i.e. this process, apart). */
const serverSide = (c: CpuUse) => c.worker + c.api + c.temporal + c.postgres;

// ------------------------------------------------------------------------------------------------ arms

type ArmName = 'case' | 'bare' | 'barePg';
const ARM_NAMES: readonly ArmName[] = ['case', 'bare', 'barePg'];
const ARM_LABEL: Record<ArmName, string> = { case: 'case', bare: 'bare', barePg: 'bare+PG' };

/** Latencies in ms of one arm's run: `open` = the first Update (POST /cases or update-with-start), `commands` = the rest. */
interface Latencies {
  open: number[];
  commands: number[];
}

/** A case (or bare workflow) the latency phase sends commands to, one at a time. */
interface Target {
  id: string;
  version: number;
  samples: Sample[];
}

interface Arm {
  name: ArmName;
  /** One case through the whole journey; pushes the latency of every Update. */
  runCase(lat: Latencies): Promise<string>;
  /** A case in a stage where the latency command can be repeated. */
  prepareTarget(): Promise<Target>;
  latencyCommand(target: Target): Promise<void>;
}

const ms = (t0: number) => performance.now() - t0;

class CaseArm implements Arm {
  readonly name = 'case' as const;
  private tokens = {} as Record<User, string>;
  constructor(
    private readonly baseUrl: string,
    private readonly steps: () => Step[],
  ) {}

  async login(): Promise<void> {
    for (const username of USERS) {
      const res = await this.request('POST', '/auth/login', undefined, { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      this.tokens[username] = res.body.accessToken;
    }
  }

  private async request(
    method: string,
    url: string,
    as?: User,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> {
    const h: Record<string, string> = { ...headers };
    if (as) h.authorization = `Bearer ${this.tokens[as]}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  private async open(lat: number[]): Promise<{ caseId: string; memberId: string; version: number }> {
    const t0 = performance.now();
    const res = await this.request('POST', '/cases', 'officer.rabat', singleAdult(), {
      'idempotency-key': `bench-${randomUUID()}`,
    });
    lat.push(ms(t0));
    if (res.status !== 201) throw new Error(`POST /cases: ${res.status} ${JSON.stringify(res.body)}`);
    return { caseId: res.body.caseId, memberId: res.body.members[0].memberId, version: res.body.version };
  }

  private async command(
    c: { caseId: string; version: number },
    as: User,
    type: string,
    payload: object,
    lat: number[],
  ): Promise<any> {
    const t0 = performance.now();
    const res = await this.request(
      'POST',
      `/cases/${c.caseId}/commands`,
      as,
      { type, expectedVersion: c.version, payload },
      { 'idempotency-key': randomUUID() },
    );
    lat.push(ms(t0));
    if (res.status !== 200)
      throw new Error(`${type} on ${c.caseId} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
    if (res.body.version !== c.version + 1) throw new Error(`${type}: version ${c.version} -> ${res.body.version}`);
    c.version = res.body.version;
    return res.body;
  }

  async runCase(lat: Latencies): Promise<string> {
    const c = await this.open(lat.open);
    let view: any;
    for (const step of this.steps())
      view = await this.command(c, step.as, step.type, step.payload(c.memberId), lat.commands);
    if (view?.stage !== JOURNEY_END_STAGE)
      throw new Error(`case ${c.caseId} ended at ${view?.stage}, not ${JOURNEY_END_STAGE}`);
    return c.caseId;
  }

  async prepareTarget(): Promise<Target> {
    const c = await this.open([]);
    await this.command(c, 'officer.rabat', 'RecordCounsellingSession', counselling, []); // REGISTERED -> COUNSELLING
    return { id: c.caseId, version: c.version, samples: [] };
  }

  /** A further counselling session: stays in COUNSELLING, one Update and one projection like any command. */
  async latencyCommand(t: Target): Promise<void> {
    await this.command(
      { caseId: t.id, version: t.version },
      'officer.rabat',
      'RecordCounsellingSession',
      counselling,
      [],
    ).then((view) => {
      t.version = view.version;
    });
  }
}

class BareArm implements Arm {
  /** Set from the case arm's history before the bare arm runs. */
  timerAfter: number[] = [];
  /** The bare+PG arm: the size of the row each Update writes (set from the case arm's audit rows before it runs). */
  auditRow?: { bytes: number };
  constructor(
    readonly name: 'bare' | 'barePg',
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly updatesPerCase: number,
    private readonly runId: string,
  ) {}

  private async open(lat: number[], timerAfter: number[]): Promise<string> {
    const workflowId = `${this.name === 'bare' ? 'bare' : 'barepg'}-${this.runId}-${randomUUID()}`;
    if (this.name === 'barePg' && !this.auditRow) throw new Error('the bare+PG arm needs the audit row size first');
    const startWorkflowOperation = new WithStartWorkflowOperation(bareWorkflow, {
      workflowId,
      taskQueue: this.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ timerAfter, timerMs: 30 * 24 * 3_600_000, ...(this.auditRow ? { auditRow: this.auditRow } : {}) }],
    });
    const t0 = performance.now();
    await this.client.workflow.executeUpdateWithStart(bareStepUpdate, {
      args: [{ step: 'open' }],
      updateId: `open:${workflowId}`,
      startWorkflowOperation,
    });
    lat.push(ms(t0));
    return workflowId;
  }

  private async step(workflowId: string, label: string, lat: number[]): Promise<number> {
    const t0 = performance.now();
    const r = await this.client.workflow
      .getHandle(workflowId)
      .executeUpdate(bareStepUpdate, { args: [{ step: label }], updateId: randomUUID() });
    lat.push(ms(t0));
    return r.n;
  }

  async runCase(lat: Latencies): Promise<string> {
    const id = await this.open(lat.open, this.timerAfter);
    let n = 1;
    for (let i = 1; i < this.updatesPerCase; i += 1) n = await this.step(id, `step-${i}`, lat.commands);
    if (n !== this.updatesPerCase)
      throw new Error(`bare workflow ${id} applied ${n} Updates, expected ${this.updatesPerCase}`);
    return id;
  }

  async prepareTarget(): Promise<Target> {
    const id = await this.open([], []); // no timer: the case targets wait in COUNSELLING
    await this.step(id, 'counselling', []);
    return { id, version: 2, samples: [] };
  }

  async latencyCommand(t: Target): Promise<void> {
    t.version = await this.step(t.id, 'counselling', []);
  }
}

// ------------------------------------------------------------------------------------------------ history shape

const ET = temporal.api.enums.v1.EventType;
/** The marker the SDK records for a completed local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

interface Shape {
  updates: number;
  activities: number;
  localActivities: number;
  timers: number;
  workflowTasks: number;
  searchAttributeUpserts: number;
  events: number;
  historyBytes: number;
  timerAfter: number[];
}

/** What one workflow's history holds: Updates accepted, activities, timers (and after how many Updates each started). */
async function historyShape(client: Client, workflowId: string): Promise<Shape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const s: Shape = {
    updates: 0,
    activities: 0,
    localActivities: 0,
    timers: 0,
    workflowTasks: 0,
    searchAttributeUpserts: 0,
    events: history.events?.length ?? 0,
    historyBytes: temporal.api.history.v1.History.encode(history).finish().length,
    timerAfter: [],
  };
  for (const e of history.events ?? []) {
    switch (e.eventType) {
      case ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        s.updates += 1;
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        s.activities += 1;
        break;
      case ET.EVENT_TYPE_MARKER_RECORDED:
        if (e.markerRecordedEventAttributes?.markerName === LOCAL_ACTIVITY_MARKER) s.localActivities += 1;
        break;
      case ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        s.workflowTasks += 1;
        break;
      case ET.EVENT_TYPE_TIMER_STARTED:
        s.timers += 1;
        s.timerAfter.push(s.updates);
        break;
      case ET.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        s.searchAttributeUpserts += 1;
        break;
      default:
        break;
    }
  }
  return s;
}

// ------------------------------------------------------------------------------------------------ phases

interface RoundResult {
  round: number;
  arm: ArmName;
  cases: number;
  wallSeconds: number;
  casesPerSecond: number;
  cpu: CpuUse;
  open: LatencySummary;
  commands: LatencySummary;
}

async function throughputRound(
  arm: Arm,
  pids: Pids,
  cases: number,
  concurrency: number,
  label: string,
  lat: Latencies,
): Promise<{ wall: number; cpu: CpuUse }> {
  const before = snapshot(pids);
  let started = 0;
  let done = 0;
  let nextReport = Math.max(1, Math.ceil(cases / 4));
  await Promise.all(
    Array.from({ length: Math.min(concurrency, cases) }, async () => {
      while (started < cases) {
        started += 1;
        await arm.runCase(lat);
        done += 1;
        if (done >= nextReport && done < cases) {
          console.log(
            `    ${label}: ${done}/${cases} cases done (${((performance.now() - before.at) / 1000).toFixed(1)}s)`,
          );
          nextReport += Math.max(1, Math.ceil(cases / 4));
        }
      }
    }),
  );
  const after = snapshot(pids);
  return { wall: (after.at - before.at) / 1000, cpu: cpuDelta(arm.name, before, after) };
}

interface LatencyResult {
  arm: ArmName;
  rate: number;
  seconds: number;
  sent: number;
  achievedRate: number;
  backlogged: number;
  cpu: CpuUse;
  /** From the time each command was due (includes waiting for a free target: an open-loop measure). */
  latency: LatencySummary;
  /** From the time each command was actually sent. */
  service: LatencySummary;
  /** Where the time went, per segment (from the targets' histories). */
  breakdown?: Breakdown;
}

async function latencyPhase(arm: Arm, pids: Pids, o: Options, client: Client): Promise<LatencyResult> {
  const targets: Target[] = [];
  for (let i = 0; i < o.pool; i += Math.max(1, o.concurrency)) {
    targets.push(
      ...(await Promise.all(Array.from({ length: Math.min(o.concurrency, o.pool - i) }, () => arm.prepareTarget()))),
    );
  }
  await sleep(1000); // let the preparation's tail settle
  const total = Math.round(o.rate * o.latencySeconds);
  const interval = 1000 / o.rate;
  const idle = [...targets];
  const pending: number[] = [];
  const latency: number[] = [];
  const service: number[] = [];
  let backlogged = 0;
  let inFlight = 0;
  let failure: unknown;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  let dispatched = 0;

  const launch = (t: Target, due: number) => {
    inFlight += 1;
    const sent = performance.now();
    arm
      .latencyCommand(t)
      .then(
        () => {
          const now = performance.now();
          latency.push(now - due);
          service.push(now - sent);
          t.samples.push({ sent: performance.timeOrigin + sent, done: performance.timeOrigin + now });
        },
        (err) => {
          failure ??= err;
        },
      )
      .finally(() => {
        inFlight -= 1;
        const next = pending.shift();
        if (next !== undefined && !failure) launch(t, next);
        else idle.push(t);
        if (dispatched === total && inFlight === 0 && pending.length === 0) allDone();
      });
  };

  const before = snapshot(pids);
  const start = performance.now() + 50;
  let nextReport = 5;
  for (let k = 0; k < total && !failure; k += 1) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    dispatched += 1;
    const t = idle.shift();
    if (t) launch(t, due);
    else {
      pending.push(due);
      backlogged += 1;
    }
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= nextReport && k + 1 < total) {
      console.log(`    latency ${ARM_LABEL[arm.name]}: ${k + 1}/${total} commands sent (${elapsed.toFixed(0)}s)`);
      nextReport += 5;
    }
  }
  if (inFlight > 0 || pending.length > 0) await finished;
  if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
  const after = snapshot(pids);
  const seconds = (after.at - start) / 1000;
  return {
    arm: arm.name,
    rate: o.rate,
    seconds: o.latencySeconds,
    sent: total,
    achievedRate: total / seconds,
    backlogged,
    cpu: cpuDelta(arm.name, before, after),
    latency: summarize(latency),
    service: summarize(service),
    breakdown: await breakdownOf(client, targets),
  };
}

/** Per segment of a command, from the targets' histories (after the CPU snapshot: fetching them is not measured). */
async function breakdownOf(client: Client, targets: Target[]): Promise<Breakdown | undefined> {
  const rows = (
    await Promise.all(
      targets.map(async (t) => segmentsOf(await client.workflow.getHandle(t.id).fetchHistory(), t.samples)),
    )
  ).flat();
  const expected = targets.reduce((a, t) => a + t.samples.length, 0);
  if (rows.length !== expected) {
    console.log(`!!  time breakdown: ${rows.length} of ${expected} commands matched their history; not shown`);
    return undefined;
  }
  return summarizeSegments(rows);
}

// ------------------------------------------------------------------------------------------------ report

interface ArmTotals {
  cases: number;
  wallSeconds: number;
  casesPerSecond: number;
  cpuPerCase: CpuUse;
  open: LatencySummary;
  commands: LatencySummary;
}

function totals(rounds: RoundResult[], lats: Latencies): ArmTotals {
  const cases = rounds.reduce((a, r) => a + r.cases, 0);
  const wall = rounds.reduce((a, r) => a + r.wallSeconds, 0);
  const cpu = rounds.reduce((a, r) => addCpu(a, r.cpu), ZERO_CPU);
  const per = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / cases])) as unknown as CpuUse;
  return {
    cases,
    wallSeconds: wall,
    casesPerSecond: cases / wall,
    cpuPerCase: per,
    open: summarize(lats.open),
    commands: summarize(lats.commands),
  };
}

const f = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d);
const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

// ------------------------------------------------------------------------------------------------ main

/**
 * The case arm's targets against each floor: cases/s at least `throughput` x the arm's, p99 at --rate at most
 * `latencyMs` above its p99. Against bare+PG (issue 15, the real minimum of a durable command); against bare (issue 13).
 */
const TARGETS = { barePg: { throughput: 0.8, latencyMs: 10 }, bare: { throughput: 0.7, latencyMs: 15 } } as const;

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (!procAvailable()) fail('this benchmark reads CPU times from /proc (Linux only)');
  mkdirSync(RUN_DIR, { recursive: true });
  const config = loadConfig();
  const runId = process.env.BENCH_RUN_ID ?? String(Date.now());
  const bareTaskQueue = `${config.temporal.taskQueue}-bare`;
  const temporalPid = Number(process.env.TEMPORAL_PID) || undefined;
  if (!temporalPid) console.warn('!!  TEMPORAL_PID is not set: the Temporal column will read 0');
  const steps = journeySteps();
  const updatesPerCase = 1 + steps.length;

  console.log(
    `==> cases benchmark: ${o.cases} cases x ${o.rounds} rounds per arm, concurrency ${o.concurrency}; ` +
      `latency ${o.rate} commands/s for ${o.latencySeconds}s per arm over ${o.pool} cases`,
  );
  const loadAverageAtStart = os.loadavg();
  if (loadAverageAtStart[0] > 0.5 * os.cpus().length) {
    console.log(
      `!!  the machine is busy (load average ${loadAverageAtStart[0].toFixed(2)} on ${os.cpus().length} CPUs): expect noisy results`,
    );
  }
  console.log(
    `    machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `node ${process.version}, load average ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `    journey: POST /cases + ${steps.length} commands (${steps.map((s) => s.type).join(', ')}) = ${updatesPerCase} Updates per case`,
  );

  // --- processes
  console.log('==> starting the case worker, the bare worker and the API');
  const common = { DB_MIGRATE_ON_START: 'false' };
  const worker = AppProcess.spawn('worker', path.join(DIST, 'apps/worker/src/main.js'), common);
  processes.push(worker);
  const bare = AppProcess.spawn('bare-worker', path.join(DIST, 'bench/bare/index.js'), {
    BENCH_BARE_TASK_QUEUE: bareTaskQueue,
    BENCH_BARE_CODEC: o.bareCodec ? '1' : '0',
  });
  processes.push(bare);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const api = AppProcess.spawn('api', path.join(DIST, 'apps/api/src/main.js'), {
    ...common,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
  });
  processes.push(api);
  await Promise.all([
    worker.waitForLog(/Temporal worker ready/),
    bare.waitForLog(/bare worker ready/),
    api.waitForHttp(`${baseUrl}/health/ready`),
  ]);
  console.log(
    `    case worker pid ${worker.pid} (task queue ${config.temporal.taskQueue}), bare worker pid ${bare.pid} ` +
      `(task queue ${bareTaskQueue}), API pid ${api.pid} (${baseUrl}), Temporal pid ${temporalPid ?? '?'}`,
  );

  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    ...(o.bareCodec
      ? {
          dataConverter: {
            payloadCodecs: [new EncryptionCodec(config.payloadCodec.keys, config.payloadCodec.activeKeyId)],
          },
        }
      : {}),
  });
  const pids: Pids = {
    api: api.pid,
    worker: worker.pid,
    bareWorker: bare.pid,
    temporal: temporalPid,
    database: config.db.database,
  };

  const caseArm = new CaseArm(baseUrl, () => journeySteps());
  await caseArm.login();
  const bareArm = new BareArm('bare', client, bareTaskQueue, updatesPerCase, runId);
  const barePgArm = new BareArm('barePg', client, bareTaskQueue, updatesPerCase, runId);
  const arms: Record<ArmName, Arm> = { case: caseArm, bare: bareArm, barePg: barePgArm };
  const db = new Pool({
    host: config.db.host,
    port: config.db.port,
    user: config.db.user,
    password: config.db.password,
    database: config.db.database,
    max: 1,
  });

  // --- warm-up, and the shape of a case's history (the bare arms copy its timers; bare+PG its audit row's size)
  console.log(`==> warm-up: ${o.warmup} case(s) per arm (not measured)`);
  const warm = { open: [], commands: [] } as Latencies;
  const firstCase = await caseArm.runCase(warm);
  await throughputRound(caseArm, pids, Math.max(0, o.warmup - 1), o.concurrency, 'warm-up case', warm);
  const caseShape = await historyShape(client, firstCase);
  const caseRow = await meanRowBytes(db, 'case_events');
  bareArm.timerAfter = caseShape.timerAfter;
  barePgArm.timerAfter = caseShape.timerAfter;
  barePgArm.auditRow = { bytes: Math.round(caseRow.bytes) };
  console.log(
    `    case arm audit row (case_events, pg_column_size of the row): mean ${f(caseRow.bytes, 0)} bytes over ${caseRow.rows} rows; ` +
      `bare+PG rows are padded to ${barePgArm.auditRow.bytes}`,
  );
  const shapes = { case: caseShape } as Record<ArmName, Shape>;
  for (const arm of [bareArm, barePgArm]) {
    const first = await arm.runCase(warm);
    await throughputRound(arm, pids, Math.max(0, o.warmup - 1), o.concurrency, `warm-up ${ARM_LABEL[arm.name]}`, warm);
    shapes[arm.name] = await historyShape(client, first);
  }
  const describe = (x: Shape) =>
    `${x.updates} Updates, ${x.activities} activities, ${x.localActivities} local activities, ${x.timers} timers (started after Updates ` +
    `${x.timerAfter.join(',') || '-'}), ${x.workflowTasks} workflow tasks, ${x.searchAttributeUpserts} search-attribute upserts, ` +
    `${x.events} events, ${(x.historyBytes / 1024).toFixed(1)} KiB`;
  console.log(`    per case history   case: ${describe(shapes.case)}`);
  console.log(`                       bare: ${describe(shapes.bare)}`);
  console.log(`                    bare+PG: ${describe(shapes.barePg)}`);
  // The bare arms have the case's Updates, activities and timers; bare+PG adds its one local activity per Update.
  const sameShape = (x: Shape, localActivities: number) =>
    caseShape.updates === x.updates &&
    caseShape.activities === x.activities &&
    x.localActivities === localActivities &&
    caseShape.timerAfter.join() === x.timerAfter.join();
  if (!sameShape(shapes.bare, caseShape.localActivities))
    throw new Error('the bare workflow does not reproduce the case history shape (see above)');
  if (!sameShape(shapes.barePg, caseShape.localActivities + caseShape.updates)) {
    throw new Error(
      'the bare+PG workflow does not reproduce the case history shape plus one local activity per Update (see above)',
    );
  }

  // --- throughput rounds, rotating which arm goes first
  const rounds: RoundResult[] = [];
  const lats = Object.fromEntries(ARM_NAMES.map((a) => [a, { open: [], commands: [] }])) as unknown as Record<
    ArmName,
    Latencies
  >;
  for (let r = 1; r <= o.rounds; r += 1) {
    const order = ARM_NAMES.map((_, i) => ARM_NAMES[(i + r - 1) % ARM_NAMES.length]);
    for (const name of order) {
      console.log(`==> round ${r}/${o.rounds}, ${ARM_LABEL[name]} arm: ${o.cases} cases, concurrency ${o.concurrency}`);
      const lat: Latencies = { open: [], commands: [] };
      const { wall, cpu } = await throughputRound(
        arms[name],
        pids,
        o.cases,
        o.concurrency,
        `round ${r}/${o.rounds} ${ARM_LABEL[name]}`,
        lat,
      );
      lats[name].open.push(...lat.open);
      lats[name].commands.push(...lat.commands);
      const rr: RoundResult = {
        round: r,
        arm: name,
        cases: o.cases,
        wallSeconds: wall,
        casesPerSecond: o.cases / wall,
        cpu,
        open: summarize(lat.open),
        commands: summarize(lat.commands),
      };
      rounds.push(rr);
      console.log(
        `    ${o.cases}/${o.cases} cases in ${wall.toFixed(2)}s = ${rr.casesPerSecond.toFixed(2)} cases/s; command p50 ` +
          `${f(rr.commands.p50)} ms p99 ${f(rr.commands.p99)} ms; CPU s/case worker ${f(cpu.worker / o.cases, 3)} API ${f(cpu.api / o.cases, 3)} ` +
          `Temporal ${f(cpu.temporal / o.cases, 3)} PostgreSQL ${f(cpu.postgres / o.cases, 3)} (machine busy ${f((cpu.machineBusy / wall / os.cpus().length) * 100, 0)}%)`,
      );
    }
  }

  // --- latency phase
  const latency: Partial<Record<ArmName, LatencyResult>> = {};
  if (o.latencySeconds > 0) {
    for (const name of ARM_NAMES) {
      console.log(
        `==> latency phase, ${ARM_LABEL[name]} arm: ${o.rate} commands/s for ${o.latencySeconds}s over ${o.pool} cases`,
      );
      const res = await latencyPhase(arms[name], pids, o, client);
      latency[name] = res;
      console.log(
        `    ${res.sent} commands at ${res.achievedRate.toFixed(1)}/s (${res.backlogged} waited for a free case); ` +
          `p50 ${f(res.latency.p50)} ms, p99 ${f(res.latency.p99)} ms, max ${f(res.latency.max)} ms`,
      );
    }
  }
  const barePgRow = await meanRowBytes(db, AUDIT_ROW_TABLE);
  await db.end();

  // --- report
  const t = Object.fromEntries(
    ARM_NAMES.map((a) => [
      a,
      totals(
        rounds.filter((r) => r.arm === a),
        lats[a],
      ),
    ]),
  ) as Record<ArmName, ArmTotals>;
  /** The case arm against one of the bare arms: ratios and verdicts. */
  const against = (base: 'bare' | 'barePg') => {
    const target = TARGETS[base];
    const throughputRatio = ratio(t.case.casesPerSecond, t[base].casesPerSecond);
    const perRoundRatios = Array.from({ length: o.rounds }, (_, i) => {
      const c = rounds.find((r) => r.round === i + 1 && r.arm === 'case')!;
      const b = rounds.find((r) => r.round === i + 1 && r.arm === base)!;
      return c.casesPerSecond / b.casesPerSecond;
    });
    const p99Diff = latency.case && latency[base] ? latency.case.latency.p99 - latency[base].latency.p99 : NaN;
    const cpuRatio =
      (serverSide(t.case.cpuPerCase) + t.case.cpuPerCase.driver) /
      (serverSide(t[base].cpuPerCase) + t[base].cpuPerCase.driver);
    const latencyVerdict: 'PASS' | 'FAIL' | 'INCONCLUSIVE' | null = !Number.isFinite(p99Diff)
      ? null
      : saturated(latency[base])
        ? 'INCONCLUSIVE'
        : p99Diff <= target.latencyMs && !saturated(latency.case)
          ? 'PASS'
          : 'FAIL';
    return {
      base,
      target,
      throughputRatio,
      perRoundRatios,
      p99Diff,
      cpuRatio,
      throughputPass: throughputRatio >= target.throughput,
      latencyVerdict,
      latencyPass: latencyVerdict === null || latencyVerdict === 'INCONCLUSIVE' ? null : latencyVerdict === 'PASS',
    };
  };
  const vs = { bare: against('bare'), barePg: against('barePg') };
  const roundsCpu = [...rounds.map((r) => r.cpu), ...Object.values(latency).map((r) => r.cpu)].reduce(addCpu, ZERO_CPU);
  const othersShare = roundsCpu.others / roundsCpu.machineBusy;

  const x = (c: number, b: number, d = 1) => (b >= 0.01 ? `${f(c / b, d)}x` : '');
  const cpuRow = (label: string, key: keyof CpuUse) => {
    const [c, b, p] = ARM_NAMES.map((a) => t[a].cpuPerCase[key]);
    return [label, f(c, 3), f(b, 3), f(p, 3), x(c, b), x(c, p)];
  };
  const p99Cell = (c?: LatencySummary, b?: LatencySummary) => (c && b ? `p99 ${p99Sign(c.p99 - b.p99)} ms` : '');
  const latRow = (label: string, [c, b, p]: (LatencySummary | undefined)[]) => [
    label,
    ...[c, b, p].map((l) => `${f(l?.p50)} / ${f(l?.p99)}`),
    p99Cell(c, b),
    p99Cell(c, p),
  ];
  const totalOfFour = ARM_NAMES.map((a) => serverSide(t[a].cpuPerCase));
  const perCommandTotal = ARM_NAMES.map((a) => latency[a] && serverSide(latency[a].cpu));
  const rows: string[][] = [
    ['', 'case arm', 'bare arm', 'bare+PG arm', 'case vs bare', 'case vs bare+PG'],
    [
      'throughput (cases/s)',
      ...ARM_NAMES.map((a) => f(t[a].casesPerSecond, 2)),
      `${f(vs.bare.throughputRatio, 2)}x`,
      `${f(vs.barePg.throughputRatio, 2)}x`,
    ],
    [
      '  per round',
      ...ARM_NAMES.map((a) => perRound(rounds, a)),
      vs.bare.perRoundRatios.map((r) => f(r, 2)).join(' '),
      vs.barePg.perRoundRatios.map((r) => f(r, 2)).join(' '),
    ],
    cpuRow('CPU s per case: worker', 'worker'),
    cpuRow('                API', 'api'),
    cpuRow('                Temporal', 'temporal'),
    cpuRow('                PostgreSQL', 'postgres'),
    cpuRow('                  (bench database only)', 'postgresDb'),
    [
      '                total (the four above)',
      ...totalOfFour.map((v) => f(v, 3)),
      x(totalOfFour[0], totalOfFour[1]),
      x(totalOfFour[0], totalOfFour[2]),
    ],
    cpuRow('                driver (this process)', 'driver'),
    cpuRow('                other processes on the machine', 'others'),
    [
      'history per case (KiB)',
      ...ARM_NAMES.map((a) => f(shapes[a].historyBytes / 1024, 1)),
      x(shapes.case.historyBytes, shapes.bare.historyBytes),
      x(shapes.case.historyBytes, shapes.barePg.historyBytes),
    ],
    ['audit row (bytes, mean)', f(caseRow.bytes, 0), '-', f(barePgRow.bytes, 0), '', ''],
    latRow(
      'open p50 / p99 (ms), rounds',
      ARM_NAMES.map((a) => t[a].open),
    ),
    latRow(
      `command p50 / p99 (ms), rounds (C=${o.concurrency})`,
      ARM_NAMES.map((a) => t[a].commands),
    ),
    latRow(
      `command p50 / p99 (ms), ${o.rate}/s open loop`,
      ARM_NAMES.map((a) => latency[a]?.latency),
    ),
    [
      '  sent, waited for a free case',
      ...ARM_NAMES.map((a) => (latency[a] ? `${latency[a].sent}, ${latency[a].backlogged}` : 'n/a')),
      '',
      '',
    ],
    [
      '  CPU ms per command: total of four',
      ...ARM_NAMES.map((a) => perCommand(latency[a], serverSide)),
      perCommandTotal[0] && perCommandTotal[1] ? `${f(perCommandTotal[0] / perCommandTotal[1], 1)}x` : '',
      perCommandTotal[0] && perCommandTotal[2] ? `${f(perCommandTotal[0] / perCommandTotal[2], 1)}x` : '',
    ],
    ['    worker / API / Temporal / PostgreSQL', ...ARM_NAMES.map((a) => perCommand(latency[a], splitCpu)), '', ''],
  ];
  console.log('\n==> result');
  console.log(table(rows));
  console.log('');
  for (const v of [vs.barePg, vs.bare]) {
    const name = ARM_LABEL[v.base];
    console.log(`against ${name}:${v.base === 'barePg' ? ' (the floor: Temporal + one PostgreSQL write)' : ''}`);
    console.log(
      `  throughput: case/${name} = ${f(v.throughputRatio, 2)}x, target >= ${v.target.throughput}x: ${v.throughputPass ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `              (CPU per case, the four processes + driver: case/${name} = ${f(v.cpuRatio, 2)}x; where CPU is the limit, ` +
        `that alone caps the throughput ratio near ${f(1 / v.cpuRatio, 2)}x)`,
    );
    console.log(
      v.latencyVerdict === null
        ? '  latency:    not measured (--latency-seconds 0)'
        : `  latency:    case p99 - ${name} p99 = ${p99Sign(v.p99Diff)} ms at ${o.rate} commands/s, target <= +${v.target.latencyMs} ms: ${v.latencyVerdict}`,
    );
  }
  for (const r of ARM_NAMES.map((a) => latency[a])) {
    if (r && saturated(r)) {
      console.log(
        `!!  the ${ARM_LABEL[r.arm]} arm could not keep up with ${r.rate} commands/s (${r.achievedRate.toFixed(1)}/s, ${r.backlogged} of ${r.sent} ` +
          'waited for a free case): its latency is mostly queueing',
      );
    }
  }
  const breakdowns = ARM_NAMES.map((a) => latency[a]?.breakdown);
  if (breakdowns.every((b) => b)) {
    const [cb, bb, pb] = breakdowns as Breakdown[];
    const shown = SEGMENTS.filter(([name]) => cb[name].count || bb[name].count || pb[name].count);
    console.log(
      `\nwhere a command's time goes at ${o.rate}/s (ms; from the driver's clock and the histories' event times)`,
    );
    console.log(
      table([
        ['', 'case p50 / p99', 'bare p50 / p99', 'bare+PG p50 / p99', 'p50 vs bare', 'p50 vs bare+PG'],
        ...shown.map(([name]) => [
          name,
          ...[cb, bb, pb].map((b) => `${f(b[name].p50)} / ${f(b[name].p99)}`),
          p99Sign(cb[name].p50 - bb[name].p50),
          p99Sign(cb[name].p50 - pb[name].p50),
        ]),
      ]),
    );
    for (const [name, what] of shown) console.log(`    ${name}: ${what}`);
  }
  if (othersShare > 0.2) {
    console.log(
      `!!  other processes used ${(othersShare * 100).toFixed(0)}% of the machine's busy CPU time while it ran: ` +
        'the results are noisy; run again on a quiet machine',
    );
  }

  const verdicts = (v: typeof vs.bare) => ({
    throughput: {
      target: `>= ${v.target.throughput}x ${ARM_LABEL[v.base]}`,
      value: round(v.throughputRatio, 3),
      pass: v.throughputPass,
    },
    latency: {
      target: `case p99 <= ${ARM_LABEL[v.base]} p99 + ${v.target.latencyMs} ms at ${o.rate}/s`,
      value: round(v.p99Diff, 1),
      pass: v.latencyPass,
      verdict: v.latencyVerdict,
      saturated: { case: saturated(latency.case), [v.base]: saturated(latency[v.base]) },
    },
  });
  const ratiosOf = (v: typeof vs.bare) => ({
    throughput: v.throughputRatio,
    cpuPerCase: v.cpuRatio,
    throughputPerRound: v.perRoundRatios,
    p99DiffMs: Number.isFinite(v.p99Diff) ? v.p99Diff : null,
  });
  const result = {
    benchmark: 'cases',
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtEnd: os.loadavg(),
    },
    options: o,
    journey: { updatesPerCase, commands: steps.map((s) => s.type), endStage: JOURNEY_END_STAGE },
    historyShape: shapes,
    auditRowBytes: { case: round(caseRow.bytes, 0), barePg: round(barePgRow.bytes, 0) },
    rounds: rounds.map((r) => ({ ...r, cpu: roundCpu(r.cpu, 4) })),
    arms: t,
    latencyPhase: latency,
    ratios: { vsBare: ratiosOf(vs.bare), vsBarePg: ratiosOf(vs.barePg) },
    targets: { vsBarePg: verdicts(vs.barePg), vsBare: verdicts(vs.bare) },
    noise: { otherProcessesShareOfBusyCpu: round(othersShare, 3), loadAverageAtStart },
  };
  const out = path.resolve(ROOT, o.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(ROOT, out)}`);

  await connection.close();
  await stopAll();
}

/** Mean size of a table's rows as PostgreSQL stores them (pg_column_size of the whole row: header, columns, compression). */
async function meanRowBytes(db: Pool, table: string): Promise<{ bytes: number; rows: number }> {
  const { rows } = await db.query(
    `SELECT avg(pg_column_size(t.*))::float8 AS bytes, count(*)::int AS rows FROM ${table} t`,
  );
  return { bytes: Number(rows[0]?.bytes ?? NaN), rows: Number(rows[0]?.rows ?? 0) };
}

// An arm that could not send at the rate (commands waited for a free case) measured its own backlog, not latency.
const saturated = (r?: LatencyResult) => !!r && (r.achievedRate < 0.95 * r.rate || r.backlogged > 0.01 * r.sent);

function perCommand(r: LatencyResult | undefined, of: (c: CpuUse) => number | string): string {
  if (!r) return 'n/a';
  const per = Object.fromEntries(Object.entries(r.cpu).map(([k, v]) => [k, (v / r.sent) * 1000])) as unknown as CpuUse;
  const v = of(per);
  return typeof v === 'number' ? f(v, 1) : v;
}

const splitCpu = (c: CpuUse) => [c.worker, c.api, c.temporal, c.postgres].map((x) => f(x, 0)).join(' / ');

function perRound(rounds: RoundResult[], arm: ArmName): string {
  return rounds
    .filter((r) => r.arm === arm)
    .map((r) => f(r.casesPerSecond, 2))
    .join(' ');
}

function p99Sign(x: number): string {
  return Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${x.toFixed(1)}` : 'n/a';
}

function roundCpu(c: CpuUse, d: number): CpuUse {
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, Number(v.toFixed(d))])) as unknown as CpuUse;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => abort(`interrupted (${signal})`, 130));
}

main().catch((err) => abort(err instanceof Error ? (err.stack ?? err.message) : String(err)));
