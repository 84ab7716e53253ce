import { DEMO_PASSWORD } from '../libs/persistence/src/demo-data';
import { singleAdult } from './helpers/households';
import { CaseDriver } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * The codec endpoint (issue 13, item 4): Temporal's remote codec protocol for the Temporal UI. Payloads the engine
 * wrote decode to their JSON; encode then decode is the identity; operations only, by bearer token or by the
 * console's session cookie from the UI's origin (CORS, no CSRF token: the UI cannot send one); every call audited.
 */
describe('codec endpoint', () => {
  let stack: TestStack;
  const UI_ORIGIN = 'http://temporal-ui.test:8080';
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const text = (b?: string) => Buffer.from(b ?? '', 'base64').toString('utf8');

  beforeAll(async () => {
    // The bundle `npm run build` made: no webpack run at the worker's start (slow on a loaded machine).
    stack = await TestStack.start({
      env: { CODEC_CORS_ORIGINS: UI_ORIGIN, TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  /** The payloads of the case workflow's start event, as stored by Temporal (ciphertext), in the protocol's JSON. */
  async function storedPayloads(caseId: string) {
    const history = await stack.temporal.workflow.getHandle(caseId).fetchHistory();
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const payloads = started?.input?.payloads ?? [];
    expect(payloads.length).toBeGreaterThan(0);
    return payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? []).toString('base64'),
    }));
  }

  async function auditRows(requestId: string) {
    const { rows } = await stack.db.query('SELECT * FROM codec_audit WHERE request_id = $1', [requestId]);
    return rows;
  }

  it('decodes what the engine stored in Temporal, and audits who did it', async () => {
    const driver = await CaseDriver.open(stack, 'officer.rabat', singleAdult());
    const stored = await storedPayloads(driver.caseId);
    expect(text(stored[0].metadata['encoding'])).toBe('binary/encrypted');
    expect(text(stored[0].data)).not.toContain(driver.caseId);

    const requestId = `codec-${driver.caseId}`;
    const res = await stack.request('POST', '/codec/decode', {
      as: 'operations',
      body: { payloads: stored },
      headers: { 'x-namespace': 'default', 'x-request-id': requestId },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(text(res.body.payloads[0].metadata.encoding)).toBe('json/plain');
    expect(text(res.body.payloads[0].data)).toContain(driver.caseId);

    const [row] = await auditRows(requestId);
    const [ops] = (await stack.db.query("SELECT id FROM users WHERE username = 'operations'")).rows;
    expect(row).toMatchObject({
      actor_id: ops.id,
      actor_role: 'operations',
      operation: 'decode',
      namespace: 'default',
      payload_count: stored.length,
    });
    expect(new Date(row.recorded_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('encodes, and decoding the result gives the payload back', async () => {
    const plain = { metadata: { encoding: b64('json/plain') }, data: b64('{"hello":"codec"}') };
    const encoded = await stack.request('POST', '/codec/encode', { as: 'operations', body: { payloads: [plain] } });
    expect(encoded.status).toBe(200);
    expect(text(encoded.body.payloads[0].metadata.encoding)).toBe('binary/encrypted');
    expect(text(encoded.body.payloads[0].data)).not.toContain('hello');
    const decoded = await stack.request('POST', '/codec/decode', {
      as: 'operations',
      body: { payloads: encoded.body.payloads },
    });
    expect(decoded.status).toBe(200);
    expect(decoded.body.payloads).toEqual([plain]);
  });

  it('refuses a request without credentials, and every role but operations', async () => {
    const body = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('1') }] };
    const anonymous = await stack.request('POST', '/codec/decode', { body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('AUTH_REQUIRED');
    for (const as of ['officer.rabat', 'supervisor.rabat', 'protection.rabat', 'finance.conakry']) {
      const requestId = `codec-refused-${as}`;
      const res = await stack.request('POST', '/codec/decode', { as, body, headers: { 'x-request-id': requestId } });
      expect({ as, status: res.status, code: res.body.code }).toEqual({ as, status: 403, code: 'ROLE_NOT_ALLOWED' });
      expect(await auditRows(requestId)).toEqual([]);
    }
  });

  it('answers malformed and undecodable payloads with a 400 or 422, never a 500', async () => {
    const cases: [unknown, number, string][] = [
      [{}, 400, 'VALIDATION_FAILED'],
      [{ payloads: 'x' }, 400, 'VALIDATION_FAILED'],
      [{ payloads: [1] }, 400, 'VALIDATION_FAILED'],
      [{ payloads: [{ data: 'not base64!' }] }, 400, 'VALIDATION_FAILED'],
      [{ payloads: [{ metadata: { encoding: 5 } }] }, 400, 'VALIDATION_FAILED'],
      [{ payloads: [{ metadata: [] }] }, 400, 'VALIDATION_FAILED'],
      // Over the global array limit (input-limits.ts) before the codec's own check.
      [{ payloads: Array.from({ length: 1001 }, () => ({})) }, 400, 'BODY_TOO_COMPLEX'],
      [
        {
          payloads: [
            { metadata: { encoding: b64('binary/encrypted'), 'encryption-key-id': b64('nokey') }, data: b64('x') },
          ],
        },
        422,
        'PAYLOAD_UNDECODABLE',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await stack.request('POST', '/codec/decode', { as: 'operations', body });
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
  });

  it('works for the Temporal UI: CORS for its origin only, the session cookie without a CSRF token', async () => {
    const login = await stack.request('POST', '/auth/login', {
      body: { username: 'operations', password: DEMO_PASSWORD },
    });
    const cookie = `avrr_session=${(login.headers.get('set-cookie') ?? '').match(/^avrr_session=([^;]+)/)?.[1]}`;

    const preflight = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');

    const foreign = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const plain = { metadata: { encoding: b64('json/plain') }, data: b64('"x"') };
    const res = await fetch(`${stack.baseUrl}/codec/encode`, {
      method: 'POST',
      headers: { origin: UI_ORIGIN, cookie, 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [plain] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);

    // The exemption is the codec's only: elsewhere the cookie still needs the CSRF token.
    const elsewhere = await fetch(`${stack.baseUrl}/ops/scan`, { method: 'POST', headers: { cookie } });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('CSRF_TOKEN_INVALID');

    // A page of another origin could only post a form (no preflight): not JSON, refused.
    const form = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { origin: 'http://evil.test', cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ payloads: [] }),
    });
    expect([400, 415]).toContain(form.status);
    expect(form.headers.get('access-control-allow-origin')).toBeNull();
  });
});
