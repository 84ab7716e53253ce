import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { singleAdult } from './helpers/households';
import { CaseDriver, counselling } from './helpers/journey';
import { expectEventually, TestStack } from './helpers/stack';

/** A span as the OTLP/HTTP JSON exporter sends it, with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
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
              spans: (Omit<ReceivedSpan, 'service' | 'attributes'> & {
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
 * Traces (issue 13, item 3): with OTEL_EXPORTER_OTLP_ENDPOINT set, one command is one trace, from the API's HTTP
 * request through the Temporal Update, the workflow task and the projection activity to PostgreSQL, exported over
 * OTLP/HTTP by the API and the worker. The command carries a W3C traceparent, so its trace id is known in advance.
 */
describe('traces', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await TestStack.start({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    });
  });
  afterAll(async () => {
    if (process.env.TRACES_DUMP) writeFileSync(process.env.TRACES_DUMP, JSON.stringify(receiver?.spans ?? [], null, 1));
    await stack?.stop();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it('makes one command one trace with spans from the API, the workflow, the activity and PostgreSQL', async () => {
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
        update: has('avrr-api', /^StartWorkflowUpdate:/),
        workflowUpdate: has('avrr-worker', /^HandleUpdate:/),
        activity: has('avrr-worker', /^RunActivity:projectCase/),
        pgFromActivity: has('avrr-worker', /^pg\.query/),
      };
      expect(seen).toEqual({
        httpServer: true,
        update: true,
        workflowUpdate: true,
        activity: true,
        pgFromActivity: true,
      });
      // One trace: every span has its parent in the trace, but the root, whose parent is the caller's span from the
      // traceparent header (which nobody exported).
      const spans = inTrace();
      const ids = new Set(spans.map((s) => s.spanId));
      const orphans = spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId));
      expect(orphans.map((s) => `${s.service} ${s.name}`)).toEqual([expect.stringMatching(/^avrr-api POST/)]);
    }, 20_000);
    // PostgreSQL spans carry the statement, never the values.
    const pg = inTrace().filter((s) => s.name.startsWith('pg.query'));
    expect(pg.length).toBeGreaterThan(0);
    expect(pg.filter((s) => JSON.stringify(s.attributes).includes(driver.caseId))).toEqual([]);
  });
});
