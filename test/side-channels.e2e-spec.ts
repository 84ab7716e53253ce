import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CaseDriver, counselling, eligible, historyToJson } from './helpers/journey';
import { OpenApiContract } from './helpers/openapi';
import { redisClient } from './helpers/reminder-stack';
import { expectEventually, TestStack } from './helpers/stack';

/**
 * Side channels (issue 11 item 5; AVRR.md §13 principles 6 and 8): canary personal data (names, phone, address, e-mail,
 * free text) and special-category facts (VoT, medical, asylum, GBV) go in through registration and every command of
 * the OpenAPI command union that takes text; then they are searched for, plain and in base64, everywhere outside
 * PostgreSQL: Temporal's raw histories (read without the codec: every payload must be ciphertext), search attributes
 * and memos, every Redis key and value under the run's prefix, the API's and the worker's log output, and every
 * response the operations role can get (each GET of the OpenAPI document, and bull-board's API). Zero hits. The
 * scanner is checked first to find a canary planted where it looks, so the test can fail.
 */

const tag = randomBytes(4).toString('hex');
/** Personal data: unique to the run, so a hit is ours. */
const CANARY = {
  givenName: `Qzgiven${tag}`,
  familyName: `Qzfamily${tag}`,
  alias: `Qzalias${tag}`,
  phone: `+212 699 ${String(parseInt(tag.slice(0, 4), 16) % 1000).padStart(3, '0')} ${String(parseInt(tag.slice(4), 16) % 1000).padStart(3, '0')}`,
  address: `Qzaddress${tag} rue des Canaris`,
  email: `qzmail${tag}@example.org`,
  text: `Qztext${tag}`,
};
/** Special-category facts: how they would show if they leaked (codes the rules use; our free text). */
const SPECIAL = [
  'VOT_REASSESSMENT',
  'VOT_RISK',
  'GBV_SURVIVOR',
  'ASYLUM_SEEKER',
  'MENTAL_HEALTH',
  'PRE_EMBARKATION',
  'PROTECTION_RISK',
  'MEDICAL_UNFIT',
];
const PHONE_DIGITS = CANARY.phone.replace(/\D/g, '');

/** The base64 forms of `s` at each byte alignment (what a base64 dump of a longer value would contain). */
function base64Needles(s: string): string[] {
  const out: string[] = [];
  for (const pad of [0, 1, 2]) {
    const enc = Buffer.concat([Buffer.alloc(pad, 0x20), Buffer.from(s)]).toString('base64');
    // Drop the characters that mix in the padding bytes or what follows the value.
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + Buffer.byteLength(s)) * 4) / 3);
    out.push(enc.slice(start, end));
  }
  return out.filter((n) => n.length >= 8);
}

interface Needle {
  label: string;
  text: string;
}
function needles(): Needle[] {
  const plain = [...Object.entries(CANARY), ['phoneDigits', PHONE_DIGITS]].map(([label, text]) => ({ label, text }));
  const special = SPECIAL.map((text) => ({ label: `special ${text}`, text }));
  const all = [...plain, ...special];
  return [
    ...all,
    ...all.flatMap((n) => base64Needles(n.text).map((text) => ({ label: `${n.label} (base64)`, text }))),
    ...all.map((n) => ({
      label: `${n.label} (base64url)`,
      text: base64Needles(n.text)[0].replace(/\+/g, '-').replace(/\//g, '_'),
    })),
  ];
}

const WORKFLOW_SOURCE = readFileSync(path.resolve(__dirname, '../workflows/case/case.workflow.ts'), 'utf8');
/**
 * A json/plain payload of a `patched()` marker (`events.N.markerRecordedEventAttributes.details.patch-data...`) whose
 * strings are all patch ids written in the case workflow's source as literals, and whose other values are booleans.
 */
function isPatchMarkerOfCode(at: string, payload: Json): boolean {
  if (!/^events\.\d+\.markerRecordedEventAttributes\.details\.patch-data\.payloads\.\d+$/.test(at)) return false;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload.data as Uint8Array).toString('utf8'));
  } catch {
    return false;
  }
  const leaves = (v: unknown): unknown[] =>
    v && typeof v === 'object' ? Object.values(v as Json).flatMap(leaves) : [v];
  const all = leaves(value);
  return (
    all.some((leaf) => typeof leaf === 'string') &&
    all.every(
      (leaf) =>
        typeof leaf === 'boolean' ||
        (typeof leaf === 'string' && /^[a-z0-9-]+$/.test(leaf) && WORKFLOW_SOURCE.includes(`'${leaf}'`)),
    )
  );
}

/** Every needle found in every source: `source: label`. */
function scan(sources: Record<string, string>): string[] {
  const hits: string[] = [];
  const list = needles();
  for (const [source, text] of Object.entries(sources)) {
    for (const n of list) {
      const at = text.indexOf(n.text);
      if (at >= 0)
        hits.push(`${source}: ${n.label} ...${text.slice(Math.max(0, at - 80), at + n.text.length + 40)}...`);
    }
  }
  return hits;
}

type Json = Record<string, any>;

/** A value for a schema of the document: free text gets the canary, codes their first enum value or example. */
function sample(contract: OpenApiContract, schema: Json, name: string, ctx: { memberId: string }, depth = 0): unknown {
  if (schema.$ref) return sample(contract, resolve(contract, schema.$ref), name, ctx, depth);
  if (schema.oneOf) return sample(contract, schema.oneOf[0], name, ctx, depth);
  if (schema.allOf) return sample(contract, schema.allOf[0], name, ctx, depth);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'object': {
      if (depth > 4) return {};
      const out: Json = {};
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Json))
        out[k] = sample(contract, v, k, ctx, depth + 1);
      return out;
    }
    case 'array':
      return [sample(contract, schema.items ?? { type: 'string' }, name, ctx, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? schema.example ?? 1;
    case 'boolean':
      return true;
    default: {
      if (/memberId|MemberId/.test(name) || schema.format === 'uuid') return ctx.memberId;
      if (schema.format === 'date-time' || /At$/.test(name)) return new Date().toISOString();
      if (schema.format === 'date' || /Date$|On$|Until$|^date/.test(name)) return new Date().toISOString().slice(0, 10);
      if (schema.format === 'email') return CANARY.email;
      if (/phone/i.test(name)) return CANARY.phone;
      if (/address/i.test(name)) return CANARY.address;
      if (isFreeText(schema, name)) return `${CANARY.text} ${CANARY.givenName}`.slice(0, schema.maxLength ?? 200);
      return schema.example ?? 'X';
    }
  }
}
function resolve(contract: OpenApiContract, ref: string): Json {
  return contract.doc.components.schemas[ref.replace('#/components/schemas/', '')];
}
/** A string a person could type anything into: no enum, format or pattern, not a code or an id. */
function isFreeText(schema: Json, name: string): boolean {
  if (schema.type !== 'string' || schema.enum || schema.format || schema.pattern) return false;
  return !/(^|[a-z])(Id|Ids|Ref|Code|Codes|Office|Currency|Language|Languages|Country|Nationality|Version|Timing)$|^(language|currency|country|nationality|office|type)$/.test(
    name,
  );
}

/** The command branches of the union, with their payload schema. */
function commandBranches(contract: OpenApiContract): { type: string; payload: Json }[] {
  return (contract.doc.components.schemas.CaseCommandRequest.oneOf as Json[]).map((b) => {
    const branch = resolve(contract, b.$ref);
    return { type: branch.properties.type.enum[0], payload: branch.properties.payload };
  });
}

/** Paths of the strings in `value` (for the control-character check), e.g. `findings.0.notes`. */
function stringPaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, prefix ? `${prefix}.${i}` : String(i)));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, prefix ? `${prefix}.${k}` : k));
  return [];
}
function withValueAt(value: unknown, path: string, replace: (s: string) => string): unknown {
  const copy = JSON.parse(JSON.stringify(value));
  const keys = path.split('.');
  let node = copy;
  for (const k of keys.slice(0, -1)) node = node[k];
  const last = keys[keys.length - 1];
  node[last] = replace(node[last]);
  return copy;
}

describe('side channels: canary personal data and special categories, searched outside PostgreSQL', () => {
  let stack: TestStack;
  let contract: OpenApiContract;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const statuses: string[] = [];

  beforeAll(async () => {
    stack = await TestStack.start();
    contract = OpenApiContract.load();
  }, 240_000); // the stack's own waits go to 120 s each on a loaded machine
  afterAll(async () => {
    await stack?.stop();
  });

  function household() {
    const consent = { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' };
    return {
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'GN',
      referralSource: 'NGO',
      programme: 'AVRR-MA-2026',
      members: [
        {
          givenName: CANARY.givenName,
          familyName: CANARY.familyName,
          aliases: [CANARY.alias],
          sex: 'F',
          dateOfBirth: '1991-07-09',
          relationship: 'PA',
          nationality: 'GN',
          languages: ['fr'],
          phone: CANARY.phone,
          email: CANARY.email,
          address: CANARY.address,
          dataConsent: consent,
        },
      ],
    };
  }

  /** Everything outside PostgreSQL that the scanner reads. */
  async function sources(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    // Temporal, raw: a client without the codec sees what Temporal's store and UI see.
    const connection = await Connection.connect({ address: stack.config.temporal.address });
    try {
      const raw = new Client({ connection, namespace: stack.config.temporal.namespace });
      const handle = raw.workflow.getHandle(c.caseId);
      const history = await handle.fetchHistory();
      out['temporal history'] = historyToJson(history);
      const described = await handle.describe();
      out['temporal search attributes and memo'] = JSON.stringify({
        searchAttributes: described.raw.workflowExecutionInfo?.searchAttributes,
        memo: described.raw.workflowExecutionInfo?.memo,
        typed: described.typedSearchAttributes,
      });
      // Every payload of the history is ciphertext (the codec's encoding), never json/plain.
      const encodings = new Set<string>();
      // Search attributes are never encoded (Temporal indexes them): D0 only, and scanned like the rest below.
      const plain: string[] = [];
      // Except one thing the SDK writes itself, outside any codec: the markers of `patched()` (core records them as
      // json/plain). Each must hold only a patch id of the workflow code (a string literal of the case workflow's
      // source) and flags: code, never data.
      const patchMarkers: string[] = [];
      const visit = (node: unknown, at = 'events'): void => {
        if (!node || typeof node !== 'object') return;
        const m = (node as Json).metadata;
        if (m && typeof m === 'object' && m.encoding && (node as Json).data !== undefined) {
          const encoding = Buffer.from(m.encoding as Uint8Array).toString('utf8');
          if (encoding !== 'binary/encrypted' && isPatchMarkerOfCode(at, node)) patchMarkers.push(at);
          else {
            encodings.add(encoding);
            if (encoding !== 'binary/encrypted') plain.push(at);
          }
        }
        for (const [k, v] of Object.entries(node as Json)) if (k !== 'searchAttributes') visit(v, `${at}.${k}`);
      };
      visit(history.events);
      out['temporal payload encodings'] = [...encodings].join(',');
      expect({ encodings: [...encodings], plain: plain.slice(0, 10) }).toEqual({
        encodings: ['binary/encrypted'],
        plain: [],
      });
    } finally {
      await connection.close();
    }
    // Redis: every key and value under the run's prefix.
    const redis = redisClient(stack);
    try {
      const parts: string[] = [];
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${stack.config.redis.prefix}*`, 'COUNT', 500);
        cursor = next;
        for (const key of keys) {
          parts.push(key);
          const type = await redis.type(key);
          if (type === 'string') parts.push(String(await redis.get(key)));
          else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
          else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
          else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
          else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
          else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
        }
      } while (cursor !== '0');
      out.redis = parts.join('\n');
      out['redis key count'] = String(parts.length);
    } finally {
      redis.disconnect();
    }
    out['api log'] = stack.api.output.join('');
    out['worker log'] = stack.worker?.output.join('') ?? '';
    // Every GET of the document, as operations (path parameters: the case, or a made-up id).
    for (const op of contract.operations().filter((o) => o.method === 'get')) {
      if (/^\/(auth|health)\//.test(op.path)) continue;
      const url = op.path.replace(/\{caseId\}/g, c.caseId).replace(/\{[^}]+\}/g, randomUUID());
      const res = await stack.request('GET', url, { as: 'operations' });
      out[`ops GET ${op.path}`] = `${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;
    }
    for (const url of ['/ops/queues/api/queues', '/ops/queues/api/queues?activeQueue=reminders&status=delayed']) {
      const res = await stack.request('GET', url, { as: 'operations' });
      out[`ops GET ${url}`] = `${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;
    }
    return out;
  }

  it('should find a canary planted where it looks, plain and in base64 (the scanner can fail)', async () => {
    expect(scan({ planted: `x ${CANARY.familyName} y` })).toHaveLength(1);
    expect(scan({ planted: Buffer.from(`{"note":"${CANARY.text}"}`).toString('base64') }).length).toBeGreaterThan(0);
    expect(scan({ planted: '{"kind":"VOT_REASSESSMENT"}' }).length).toBeGreaterThan(0);
    expect(scan({ clean: 'nothing of ours here' })).toEqual([]);
  });

  it('should register a household and record VoT, GBV, asylum, mental health and medical findings', async () => {
    c = await CaseDriver.open(stack, officer, household(), ['pa']);
    // A retry under the same Idempotency-Key (itself carrying a canary) answers from the case, not from a stored copy.
    await c.run(officer, 'RecordCounsellingSession', counselling);
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
    await c.run(officer, 'RecordRapidVulnerabilityScreening', {
      findings: [
        { memberId: c.id('pa'), vulnerabilities: ['VOT', 'GBV_SURVIVOR', 'ASYLUM_SEEKER', 'MENTAL_HEALTH', 'MEDICAL'] },
      ],
    });
    await c.run('medical.rabat', 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'MEDICAL',
      outcome: 'FIT',
    });
    // An acceptable trafficking risk: a VoT reassessment reminder in PostgreSQL and its job in Redis.
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      mitigation: `${CANARY.text}-MITIGATION`,
    });
    const { rows } = await stack.db.query(`SELECT id, kind FROM reminders WHERE case_id = $1 AND status = 'PENDING'`, [
      c.caseId,
    ]);
    expect(rows.map((r: any) => r.kind)).toContain('VOT_REASSESSMENT');
    for (const r of rows) expect(r.id).not.toMatch(/VOT|MEDICAL|EMBARK/);
  });

  it('should send canary text through every command of the union that takes text, and answer none with a 5xx', async () => {
    const ctx = { memberId: c.id('pa') };
    const idemKey = `idem-${CANARY.givenName}`;
    for (const { type, payload } of commandBranches(contract)) {
      const body = { type, expectedVersion: c.version, payload: sample(contract, payload, 'payload', ctx) };
      if (!stringPaths(body.payload).length) continue;
      const res = await stack.request('POST', `/cases/${c.caseId}/commands`, {
        as: type.startsWith('Record') && /Assessment/.test(type) ? 'protection.rabat' : officer,
        body,
        headers: { 'idempotency-key': `${idemKey}-${type}`.slice(0, 128) },
      });
      statuses.push(`${type} ${res.status} ${res.body?.code ?? ''}`);
      if (res.status < 300) c.version = res.body.version;
      expect([type, res.status < 500]).toEqual([type, true]);
    }
    // Registration replayed under a canary key: the record keeps ids, status and a keyed hash; the key is a digest.
    const first = await stack.request('POST', '/cases', {
      as: officer,
      body: household(),
      headers: { 'idempotency-key': idemKey },
    });
    const again = await stack.request('POST', '/cases', {
      as: officer,
      body: household(),
      headers: { 'idempotency-key': idemKey },
    });
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 200, 'true']);
    expect(again.body.caseId).toBe(first.body.caseId);
    expect(JSON.stringify(again.body)).toContain(CANARY.familyName); // read again from the case, shaped for the officer
    const { rows } = await stack.db.query('SELECT * FROM idempotency_keys WHERE resource_id = $1', [first.body.caseId]);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual([
      'completed_at',
      'created_at',
      'key',
      'request_hash',
      'resource_id',
      'scope',
    ]);
    expect(JSON.stringify(rows)).not.toContain(CANARY.givenName);
    expect(rows[0].key).toMatch(/^h\.[A-Za-z0-9_-]{43}$/);
    const commandIds = await stack.db.query('SELECT command_id FROM case_events WHERE case_id = $1', [c.caseId]);
    expect(JSON.stringify(commandIds.rows)).not.toContain(CANARY.givenName);
  });

  it('should refuse a control character in every text field of every command, of registration, and of a query', async () => {
    const ctx = { memberId: c.id('pa') };
    const refused: string[] = [];
    const accepted: string[] = [];
    const check = async (label: string, method: string, url: string, body: unknown) => {
      const res = await stack.request(method, url, { as: officer, body });
      (res.status === 400 ? refused : accepted).push(`${label} ${res.status} ${res.body?.code ?? ''}`);
    };
    for (const { type, payload } of commandBranches(contract)) {
      const body = { type, expectedVersion: c.version, payload: sample(contract, payload, 'payload', ctx) };
      for (const p of stringPaths(body.payload).filter((x) => x !== 'type'))
        await check(
          `${type}.${p}`,
          'POST',
          `/cases/${c.caseId}/commands`,
          withValueAt(body, `payload.${p}`, (s) => `${s}\u0000`),
        );
    }
    for (const p of stringPaths(household()))
      await check(
        `POST /cases ${p}`,
        'POST',
        '/cases',
        withValueAt(household(), p, (s) => `a\u0000${s}`),
      );
    for (const q of ['q', 'phone', 'dateOfBirth', 'stage', 'office', 'cursor'])
      await check(`GET /cases?${q}`, 'GET', `/cases?${q}=ab%00cd`, undefined);
    expect(accepted).toEqual([]);
    expect(refused.length).toBeGreaterThan(50);
  });

  it('should log a database error during registration without the household (no SQL parameters, no row detail)', async () => {
    // A constraint the household violates: node-postgres reports the failing row with its values, TypeORM the
    // statement's parameters; the API log must keep neither.
    await stack.db.query(
      `ALTER TABLE individuals ADD CONSTRAINT side_channel_canary CHECK (given_name NOT LIKE 'Qzgiven%') NOT VALID`,
    );
    try {
      const res = await stack.request('POST', '/cases', { as: officer, body: household() });
      expect([res.status, res.body.code]).toEqual([500, 'INTERNAL_ERROR']);
      expect(JSON.stringify(res.body)).not.toContain(CANARY.givenName);
      await expectEventually(async () => expect(stack.api.output.join('')).toMatch(/"code":"23514"/), 5000);
      expect(scan({ 'api log': stack.api.output.join('') })).toEqual([]);
    } finally {
      await stack.db.query('ALTER TABLE individuals DROP CONSTRAINT side_channel_canary');
    }
  });

  it('should leave no canary in Temporal, Redis, the logs or any operations response', async () => {
    // Let the worker's projection, reminders and the monitor run over the case first.
    await new Promise((r) => setTimeout(r, 3000));
    const all = await sources();
    expect(Number(all['redis key count'])).toBeGreaterThan(0);
    expect(all['ops GET /ops/cases/{caseId}']).toMatch(/^200 /);
    expect(all['temporal history'].length).toBeGreaterThan(1000);
    const hits = scan(all);
    if (hits.length)
      throw new Error(
        `${hits.length} canary hits:\n${hits.slice(0, 20).join('\n')}\n\ncommands: ${statuses.join(', ')}`,
      );
  });
});
