import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { singleAdult } from './helpers/households';
import { CaseDriver, counselling } from './helpers/journey';
import { expectEventually, freePort, TestStack } from './helpers/stack';

/** A span as the OTLP/HTTP JSON exporter sends it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Unix nanoseconds. */
  start: bigint;
  end: bigint;
  attributes: Record<string, unknown>;
}

/**
 * A tiny OTLP/HTTP receiver (JSON: what @opentelemetry/exporter-trace-otlp-http sends) on a free port: the test's
 * collector. It keeps every span it is sent.
 */
async function startReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  const server = createServer((req, res) => {
    void read(req).then((body) => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const doc = JSON.parse(body) as {
          resourceSpans: {
            resource: { attributes: { key: string; value: { stringValue?: string } }[] };
            scopeSpans: {
              spans: (Omit<ReceivedSpan, 'service' | 'attributes' | 'start' | 'end'> & {
                startTimeUnixNano: unknown;
                endTimeUnixNano: unknown;
                attributes?: { key: string; value: Record<string, unknown> }[];
              })[];
            }[];
          }[];
        };
        for (const rs of doc.resourceSpans ?? []) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
                start: BigInt(String(s.startTimeUnixNano)),
                end: BigInt(String(s.endTimeUnixNano)),
                attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

/**
 * Operability (issue 13, item 3), on one stack. Traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, one command is one
 * trace, from the API's HTTP request through the Temporal Update (client span), the workflow task that validates and
 * handles it (worker) and PostgreSQL, where the API projects the committed result (a command's projection runs in its
 * caller since the pending-commands change; the projection activity runs only for changes the workflow makes by
 * itself). The command carries a W3C traceparent, so its trace id is known in advance. Logs: one JSON format for both
 * processes, a request line with the id sent back as X-Request-Id. Metrics: the API's and the worker's, and the SDK's.
 */
describe('operability', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let workerMetricsPort: number;
  let sdkMetricsPort: number;

  beforeAll(async () => {
    receiver = await startReceiver();
    workerMetricsPort = await freePort();
    sdkMetricsPort = await freePort();
    stack = await TestStack.start({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        WORKER_METRICS_PORT: String(workerMetricsPort),
        TEMPORAL_SDK_METRICS_ADDRESS: `127.0.0.1:${sdkMetricsPort}`,
      },
    });
  });
  afterAll(async () => {
    if (process.env.TRACES_DUMP)
      writeFileSync(
        process.env.TRACES_DUMP,
        JSON.stringify(receiver?.spans ?? [], (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 1),
      );
    await stack?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('makes one command one trace: the HTTP request, the Update, the workflow task and PostgreSQL', async () => {
    const driver = await CaseDriver.open(stack, 'officer.rabat', singleAdult());
    const traceId = randomBytes(16).toString('hex');
    const res = await stack.request('POST', `/cases/${driver.caseId}/commands`, {
      as: 'officer.rabat',
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: { type: 'RecordCounsellingSession', expectedVersion: driver.version, payload: counselling },
    });
    expect(res.status).toBe(200);

    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const has = (service: string, name: RegExp) => inTrace().some((s) => s.service === service && name.test(s.name));
    await expectEventually(async () => {
      const seen = {
        httpServer: has('avrr-api', /^POST/),
        update: has('avrr-api', /^StartWorkflowUpdate:applyCommand/),
        workflowValidate: has('avrr-worker', /^ValidateUpdate:applyCommand/),
        workflowHandle: has('avrr-worker', /^HandleUpdate:applyCommand/),
        pg: has('avrr-api', /^pg\.query/),
      };
      expect(seen).toEqual({ httpServer: true, update: true, workflowValidate: true, workflowHandle: true, pg: true });
      // One trace: every span has its parent in the trace, but the root, whose parent is the caller's span from the
      // traceparent header (which nobody exported).
      const spans = inTrace();
      const ids = new Set(spans.map((s) => s.spanId));
      const orphans = spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId));
      expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([expect.stringMatching(/^avrr-api POST/)]);
    }, 20_000);
    // The projection of the committed result: PostgreSQL writes after the workflow task handled the Update.
    const handled = inTrace().find((s) => s.name.startsWith('HandleUpdate:'))!;
    const after = inTrace().filter((s) => /^pg\.query:(INSERT|UPDATE|WITH)/.test(s.name) && s.start > handled.end);
    expect(after.length).toBeGreaterThan(0);
    // PostgreSQL spans carry the statement, never the values.
    const pg = inTrace().filter((s) => s.name.startsWith('pg.query'));
    expect(pg.length).toBeGreaterThan(0);
    expect(pg.filter((s) => JSON.stringify(s.attributes).includes(driver.caseId))).toEqual([]);
  });

  it('logs one JSON line per request with its request id, sent back as X-Request-Id; the worker in the same format', async () => {
    const res = await stack.request('GET', '/cases?limit=1', {
      as: 'officer.rabat',
      headers: { 'x-request-id': 'op-log-1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('op-log-1');
    const fresh = await stack.request('GET', '/nowhere');
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fresh.body.requestId).toBe(fresh.headers.get('x-request-id'));

    const lines = () =>
      stack.api.output
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await expectEventually(async () => {
      const line = lines().find((l) => l.requestId === 'op-log-1');
      expect(line).toMatchObject({
        service: 'avrr-api',
        msg: 'request',
        method: 'GET',
        route: '/cases',
        path: '/cases',
        statusCode: 200,
        role: 'officer',
      });
    });
    const worker = stack
      .worker!.output.join('')
      .split('\n')
      .filter((l) => l.trim());
    expect(worker.length).toBeGreaterThan(3);
    for (const l of worker)
      expect(JSON.parse(l)).toMatchObject({
        service: 'avrr-worker',
        level: expect.any(Number),
        time: expect.any(Number),
      });
  });

  it('serves Prometheus metrics: process, commands by type and outcome, stage durations, queues, worker and SDK', async () => {
    const driver = await CaseDriver.open(stack, 'officer.rabat', singleAdult());
    const stale = await stack.request('POST', `/cases/${driver.caseId}/commands`, {
      as: 'officer.rabat',
      body: { type: 'RecordCounsellingSession', expectedVersion: driver.version + 5, payload: counselling },
    });
    expect(stale.status).toBe(409);
    const api = (await stack.request('GET', '/metrics')).body as string;
    for (const series of [
      /^process_cpu_user_seconds_total \d/m,
      /^nodejs_eventloop_lag_seconds \d/m,
      /^avrr_commands_total\{type="RecordCounsellingSession",outcome="accepted"\} [1-9]/m,
      /^avrr_commands_total\{type="RecordCounsellingSession",outcome="STALE_VERSION"\} 1/m,
      /^avrr_stage_duration_seconds_bucket\{stage="[A-Z_]+",le="\+Inf"\} \d+/m,
      /^# TYPE avrr_stage_duration_seconds histogram/m,
      /^avrr_reminder_lateness_seconds_count \d+/m,
      /^avrr_queue_jobs\{queue="[^"]+",state="waiting"\} \d+/m,
      /^avrr_temporal_task_queue_backlog\{type="workflow"\} \d+/m,
      /^avrr_http_request_duration_seconds_bucket/m,
    ]) {
      expect(api).toMatch(series);
    }
    const worker = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
    expect(worker).toMatch(/^process_resident_memory_bytes \d/m);
    const sdk = await (await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)).text();
    expect(sdk).toMatch(/temporal_/);
  });
});
