import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { singleAdult } from './helpers/households';
import { CaseDriver } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * Hostile input, generated from the OpenAPI document: every operation of apps/web/src/api/openapi.json is called by
 * several roles (and anonymously) with control characters (NUL among them) in every string field and query or path
 * parameter, wrong types, deep nesting, huge arrays and objects, bad cursors, malformed JSON. Whatever comes in, the
 * API must answer a 4xx with a code and a small body (or a 2xx where the input happens to be acceptable): never a
 * 5xx, never a large body. The figures (requests sent, answers by class) are printed at the end.
 */
type Schema = {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
};
interface Operation {
  method: string;
  path: string;
  query: string[];
  pathParams: string[];
  body?: Schema;
}

const DOC = JSON.parse(readFileSync(path.join(__dirname, '../apps/web/src/api/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: any }>>;
  components: { schemas: Record<string, Schema> };
};

const ROLES = [
  undefined,
  'officer.rabat',
  'supervisor.rabat',
  'protection.rabat',
  'movement.rabat',
  'counterpart.conakry',
  'finance.conakry',
  'operations',
  'admin',
];

/** Strings no field accepts, or that a careless parser chokes on. */
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  'officer.rabat\u0000',
  '\u0007\u0008\u001b[31m',
  '\u007f',
  '\r\n\r\nX-Injected: 1',
  'not-a-date',
  '2026-13-45',
  '9999-99-99T99:99:99Z',
  '-1',
  '1e309',
  'NaN',
  '../../../etc/passwd',
  "'; DROP TABLE cases; --",
  '\u202e\ud800',
  'x'.repeat(5000),
  '{"$gt":""}',
  '__proto__',
];
/** Values of every wrong type. */
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  [],
  {},
  [null],
  ['\u0000'],
  { '\u0000': 1 },
  Array.from({ length: 5000 }, () => ({})),
  Array.from({ length: 3000 }, (_, i) => `s${i}`),
  Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])),
  nest(200),
  ...HOSTILE_STRINGS,
];
const BAD_CURSORS = [
  'not-a-cursor',
  Buffer.from('{"t":"not a date","id":"x"}').toString('base64url'),
  Buffer.from('["\u0000"]').toString('base64url'),
  Buffer.from('{"t":99999999999999999,"id":1}').toString('base64url'),
  '%00',
  'x'.repeat(3000),
];
/** Whole bodies that are not what any operation takes. */
const RAW_BODIES = [
  '{',
  'null',
  '[]',
  '"\u0000"',
  '1e999999',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`,
  JSON.stringify({ members: Array.from({ length: 10_000 }, () => ({})) }),
  JSON.stringify(Array.from({ length: 100_000 }, () => 0)),
  '\u0000\u0001\u0002',
  '{"x":"\\u0000"}',
];

/** Percent-encodes, sending a lone surrogate as the invalid UTF-8 bytes it would be. */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return `%ED%A0%80${encodeURIComponent(value.replace(/[\ud800-\udfff]/g, ''))}`;
  }
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
}

function resolve(schema: Schema | undefined, seen = new Set<string>()): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return {};
    seen.add(name);
    return resolve(DOC.components.schemas[name], seen);
  }
  return schema;
}

/** The top-level property names of a body schema (through $ref, oneOf, allOf), with one nested level of each. */
function fieldPaths(schema: Schema): string[][] {
  const s = resolve(schema);
  const variants = [s, ...(s.oneOf ?? []).map((v) => resolve(v)), ...(s.allOf ?? []).map((v) => resolve(v))];
  const paths = new Map<string, string[]>();
  for (const v of variants.slice(0, 8)) {
    for (const [name, prop] of Object.entries(v.properties ?? {})) {
      paths.set(name, [name]);
      const inner = resolve(prop.type === 'array' ? prop.items : prop);
      for (const child of Object.keys(inner.properties ?? {}).slice(0, 6))
        paths.set(`${name}.${child}`, prop.type === 'array' ? [name, '0', child] : [name, child]);
    }
  }
  return [...paths.values()];
}

function withValue(fieldPath: string[], value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let at: any = root;
  fieldPath.forEach((key, i) => {
    if (i === fieldPath.length - 1) at[key] = value;
    else {
      at[key] = fieldPath[i + 1] === '0' ? [] : {};
      at = at[key];
    }
  });
  return root;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [p, ops] of Object.entries(DOC.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path: p,
        query: params.filter((x) => x.in === 'query').map((x) => x.name),
        pathParams: params.filter((x) => x.in === 'path').map((x) => x.name),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return out;
}

interface Sent {
  label: string;
  status: number;
  bytes: number;
  code?: unknown;
  ms: number;
}

describe('hostile input: every operation of the OpenAPI document, generated requests', () => {
  let stack: TestStack;
  let caseId: string;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    stack = await TestStack.start();
    caseId = (await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa'])).caseId;
    for (const role of ROLES) if (role) tokens.set(role, await stack.login(role));
  }, 120_000);
  afterAll(async () => {
    // The failed sign-ins sent here must not throttle the test files that run after this one (same Redis prefix).
    const redis = new Redis({
      host: stack.config.redis.host,
      port: stack.config.redis.port,
      db: stack.config.redis.db,
    });
    const keys = await redis.keys(`${stack.config.redis.prefix}:login:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await stack?.stop();
  });

  /** The concrete path: each parameter either a usable value or the hostile one given. */
  function pathOf(op: Operation, hostile?: { name: string; value: string }): string {
    let p = op.path;
    for (const name of op.pathParams) {
      const usable = name === 'office' ? 'CI-ABJ' : name === 'caseId' ? caseId : '1';
      const value = hostile?.name === name ? hostile.value : usable;
      p = p.replace(`{${name}}`, enc(value));
    }
    return p;
  }

  async function send(
    label: string,
    method: string,
    url: string,
    role: string | undefined,
    body?: string,
    contentType = 'application/json',
  ): Promise<Sent> {
    const headers: Record<string, string> = {};
    if (role) headers.authorization = `Bearer ${tokens.get(role)}`;
    if (body !== undefined) headers['content-type'] = contentType;
    if (method === 'POST' && url.startsWith('/cases')) headers['idempotency-key'] = `fuzz-${randomUUID()}`;
    const t0 = Date.now();
    const res = await fetch(`${stack.baseUrl}${url}`, { method, headers, body });
    const text = await res.text();
    let code: unknown;
    try {
      code = (JSON.parse(text) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    return {
      label: `${role ?? 'anonymous'} ${method} ${url.slice(0, 120)} ${label}`,
      status: res.status,
      bytes: Buffer.byteLength(text),
      code,
      ms: Date.now() - t0,
    };
  }

  it('should answer every generated hostile request with a 4xx, a code and a small body (never a 5xx)', async () => {
    const jobs: (() => Promise<Sent>)[] = [];
    let turn = 0;
    const nextRole = () => ROLES[turn++ % ROLES.length];
    for (const op of operations()) {
      // Each operation as each role once, plainly (what a role may not do is a 4xx too).
      for (const role of ROLES) {
        if (op.body) jobs.push(() => send('{}', op.method, pathOf(op), role, '{}'));
        else jobs.push(() => send('', op.method, pathOf(op), role));
      }
      for (const name of op.pathParams)
        for (const value of [...HOSTILE_STRINGS, '0', '99999999999999999999', randomUUID()])
          jobs.push(() =>
            send(`path ${name}`, op.method, pathOf(op, { name, value }), nextRole(), op.body ? '{}' : undefined),
          );
      for (const name of op.query) {
        const values = [...HOSTILE_STRINGS, ...(name === 'cursor' || name === 'before' ? BAD_CURSORS : [])];
        for (const value of values) {
          const q = `${name}=${enc(value)}`;
          jobs.push(() => send(`query ${name}`, op.method, `${pathOf(op)}?${q}`, nextRole()));
        }
        // The same parameter twice (an array where a string is expected) and a control character in its name.
        jobs.push(() => send(`query ${name} twice`, op.method, `${pathOf(op)}?${name}=a&${name}=b`, nextRole()));
        jobs.push(() => send(`query ${name}%00`, op.method, `${pathOf(op)}?${name}%00=1`, nextRole()));
      }
      if (op.body) {
        for (const field of fieldPaths(op.body))
          for (const value of HOSTILE_VALUES) {
            const body = JSON.stringify(withValue(field, value));
            jobs.push(() => send(`body ${field.join('.')}`, op.method, pathOf(op), nextRole(), body));
          }
        for (const raw of RAW_BODIES) jobs.push(() => send('raw body', op.method, pathOf(op), nextRole(), raw));
        jobs.push(() =>
          send('form body', op.method, pathOf(op), nextRole(), 'a=%00&b[c]=1', 'application/x-www-form-urlencoded'),
        );
        jobs.push(() => send('text body', op.method, pathOf(op), nextRole(), '\u0000', 'text/plain'));
      }
    }
    // A household of real members, each with a control character somewhere deep in it.
    const household = singleAdult() as any;
    for (const field of ['givenName', 'familyName', 'phone', 'nationality', 'dateOfBirth']) {
      const members = [{ ...household.members[0], [field]: `x\u0000${field}` }];
      jobs.push(() =>
        send(`household ${field}`, 'POST', '/cases', 'officer.rabat', JSON.stringify({ ...household, members })),
      );
    }

    const started = Date.now();
    const results: Sent[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          results.push(await job());
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const byClass = (c: number) => results.filter((r) => Math.floor(r.status / 100) === c).length;
    const serverErrors = results.filter((r) => r.status >= 500);
    const uncoded = results.filter((r) => r.status >= 400 && typeof r.code !== 'string');
    const large = results.filter((r) => r.bytes > 4096 && r.status >= 400);
    const slowest = [...results].sort((a, b) => b.ms - a.ms)[0];
    console.log(
      `fuzz: ${results.length} requests in ${seconds.toFixed(1)} s over ${operations().length} operations and ` +
        `${ROLES.length} roles: 2xx ${byClass(2)}, 4xx ${byClass(4)}, 5xx ${serverErrors.length}; largest error ` +
        `body ${Math.max(...results.filter((r) => r.status >= 400).map((r) => r.bytes))} bytes; slowest ` +
        `${slowest.ms} ms (${slowest.label.slice(0, 100)})`,
    );
    expect(results.length).toBeGreaterThan(2000);
    expect(serverErrors.map((r) => `${r.status} ${r.label}`)).toEqual([]);
    expect(uncoded.map((r) => `${r.status} ${r.label}`)).toEqual([]);
    expect(large.map((r) => `${r.bytes} bytes: ${r.label}`)).toEqual([]);
  }, 150_000);

  it('should refuse 10,000 empty members at once, with a small body', async () => {
    const body = JSON.stringify({ ...singleAdult(), members: Array.from({ length: 10_000 }, () => ({})) });
    const res = await send('', 'POST', '/cases', 'officer.rabat', body);
    expect([res.status, res.code]).toEqual([400, 'BODY_TOO_COMPLEX']);
    expect(res.bytes).toBeLessThan(1024);
    expect(res.ms).toBeLessThan(1000);
    // Under the width limit, every member invalid: the error names the first fields and counts the rest.
    const wide = await stack.request('POST', '/cases', {
      as: 'officer.rabat',
      headers: { 'idempotency-key': `fuzz-${randomUUID()}` },
      body: { ...singleAdult(), members: Array.from({ length: 900 }, () => ({})) },
    });
    expect([wide.status, wide.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(wide.body.details.fields).toHaveLength(20);
    expect(wide.body.details.truncated).toBeGreaterThan(100);
    expect(JSON.stringify(wide.body).length).toBeLessThan(4096);
  });

  it('should refuse a NUL in sign-in, filters and path parameters with 400 VALIDATION_FAILED', async () => {
    const login = await stack.request('POST', '/auth/login', {
      body: { username: 'officer.rabat\u0000', password: 'x' },
    });
    expect([login.status, login.body.code, login.body.details.fields[0].field]).toEqual([
      400,
      'VALIDATION_FAILED',
      'username',
    ]);
    const filter = await stack.request('GET', '/cases?q=%00', { as: 'officer.rabat' });
    expect([filter.status, filter.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const param = await stack.request('GET', '/cases/a%00b', { as: 'officer.rabat' });
    expect([param.status, param.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('should send security headers on every answer, and no-store on personal data', async () => {
    const me = await stack.request('GET', '/me', { as: 'officer.rabat' });
    const missing = await stack.request('GET', '/no-such-path');
    for (const res of [me, missing]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
