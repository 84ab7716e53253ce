import type { Payload as TemporalPayload } from '@temporalio/common';
import Redis from 'ioredis';
import { ColumnCipher } from '../libs/persistence/src/column-cipher';
import { familyOfFour, singleAdult } from './helpers/households';
import { CaseDriver, toScreening } from './helpers/journey';
import { userId } from './helpers/reminder-stack';
import { TestStack } from './helpers/stack';

/** Every encoded payload of a raw (not decoded) workflow history. */
function payloadsOf(node: unknown, into: TemporalPayload[] = []): TemporalPayload[] {
  if (!node || typeof node !== 'object') return into;
  const o = node as Record<string, unknown>;
  const meta = o.metadata as Record<string, Uint8Array> | undefined;
  if (meta && meta['encryption-key-id']) into.push(o);
  else for (const v of Object.values(o)) payloadsOf(v, into);
  return into;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const toJson = (p: TemporalPayload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data ?? new Uint8Array()),
});

/**
 * Retention (issue 11 item 4): every personal category due at once after the case ended (0 s), financial records kept.
 * A withdrawn family with a VoT finding is anonymised: PostgreSQL, Redis, and its Temporal history crypto-shredded
 * (the decode is tried and fails), while an open case still decodes; the M&E figures are the same before and after;
 * the case stays listed, its personal reads answer 410. Cases of The Gambia ('GM'), this file's own.
 */
describe('retention', () => {
  let stack: TestStack;
  let redis: Redis;
  let family: CaseDriver;
  let open: CaseDriver;
  let votTaskId: string;
  const today = new Date().toISOString().slice(0, 10);
  const indicators = `/reports/indicators?from=${today}&to=${today}&countryOfOrigin=GM`;

  const waitForRun = async (id: string, as: string) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await stack.request('GET', `/retention/runs/${id}`, { as });
      expect(res.status).toBe(200);
      if (res.body.status === 'DONE' || res.body.status === 'FAILED') return res.body;
      if (Date.now() > deadline) throw new Error(`retention run ${id} still ${res.body.status}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  beforeAll(async () => {
    stack = await TestStack.start({
      env: {
        RETENTION_PERIODS: 'IDENTITY_CONTACT=0s,CASE_MANAGEMENT=0s,SPECIAL_CATEGORY=0s,BIOMETRICS=0s',
        RETENTION_EVERY_SECONDS: String(7 * 86400),
        // The bundle `npm run build` made: no webpack run at the worker's start (slow on a loaded machine).
        TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
      },
    });
    const household = familyOfFour();
    // The principal's passport number (kept as a keyed digest for duplicate detection): retention erases it too.
    const members = household.members.map((m, i) => (i === 0 ? { ...m, documentNumbers: ['GM-1234567'] } : m));
    family = await CaseDriver.open(stack, 'officer.rabat', { ...household, members, countryOfOrigin: 'GM' }, [
      'pa',
      'sp',
      'c1',
      'c2',
    ]);
    await toScreening(family, 'officer.rabat', [{ memberId: family.id('pa'), vulnerabilities: ['VOT'] }]);
    // The VoT finding opened a risk assessment task for protection; a reassignment (append-only log) keeps its row.
    const tasks = await stack.request('GET', `/me/tasks?caseId=${family.caseId}`, { as: 'protection.rabat' });
    votTaskId = tasks.body.items.find((t: any) => t.kind === 'VOT_RISK_ASSESSMENT').id;
    const reassigned = await stack.request('POST', `/tasks/${votTaskId}/reassign`, {
      as: 'supervisor.rabat',
      body: { toUserId: await userId(stack, 'supervisor.rabat'), reason: 'Caseload balancing' },
    });
    expect(reassigned.status).toBe(200);
    await family.run('officer.rabat', 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    open = await CaseDriver.open(stack, 'officer.rabat', singleAdult({ countryOfOrigin: 'GM' }), ['pa']);
    redis = new Redis({ host: stack.config.redis.host, port: stack.config.redis.port, db: stack.config.redis.db });
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  it('should let operations and supervisors run retention, nobody else, and refuse a bad request with a 4xx', async () => {
    for (const as of ['officer.rabat', 'me.rabat', 'finance.conakry']) {
      const res = await stack.request('POST', '/retention/runs', { as, body: { dryRun: true } });
      expect([as, res.status, res.body.code]).toEqual([as, 403, 'ROLE_NOT_ALLOWED']);
    }
    const bad = await stack.request('POST', '/retention/runs', { as: 'operations', body: { dryRun: 'yes' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const unknown = await stack.request('GET', '/retention/runs/not-a-run', { as: 'operations' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'RETENTION_RUN_NOT_FOUND']);
    const schedule = await stack.request('GET', '/retention/schedule', { as: 'operations' });
    expect(schedule.body.periods).toContainEqual({ category: 'FINANCIAL', seconds: 10 * 365 * 86400 });
    expect(schedule.body.periods).toContainEqual({ category: 'SPECIAL_CATEGORY', seconds: 0 });
  });

  it('should count what is due in a dry run, per category, with no name or reference, and erase nothing', async () => {
    const started = await stack.request('POST', '/retention/runs', { as: 'operations', body: { dryRun: true } });
    expect([started.status, started.body.status, started.body.dryRun]).toEqual([202, 'QUEUED', true]);
    const report = await waitForRun(started.body.id, 'operations');
    expect(report).toMatchObject({ status: 'DONE', total: 1, processed: 1, anonymised: 1, stores: {} });
    expect(report.counts).toEqual({
      IDENTITY_CONTACT: 1,
      CASE_MANAGEMENT: 1,
      SPECIAL_CATEGORY: 1,
      BIOMETRICS: 1,
      FINANCIAL: 0,
    });
    const text = JSON.stringify(report);
    for (const secret of [family.caseId, family.view.reference, 'Aminata', 'Diallo'])
      expect(text).not.toContain(secret);
    expect((await stack.request('GET', `/cases/${family.caseId}`, { as: 'officer.rabat' })).status).toBe(200);
  });

  it('should anonymise the ended case everywhere, leave the figures and the open case alone', async () => {
    const before = await stack.request('GET', indicators, { as: 'me.rabat' });
    expect(before.status).toBe(200);
    const prefix = stack.config.redis.prefix;
    // A reminder job left over from a crash, naming the case in its data: the sweep must find it.
    const orphan = `${prefix}:reminders:send-reminder.${family.caseId}.orphan`;
    await redis.hset(orphan, { data: JSON.stringify({ caseId: family.caseId }), name: 'x' });
    const familyHistory = await stack.temporal.workflow.getHandle(family.caseId).fetchHistory();
    const familyPayloads = payloadsOf(familyHistory);
    expect(familyPayloads.length).toBeGreaterThan(0);
    const keyIds = new Set(familyPayloads.map((p) => Buffer.from(p.metadata!['encryption-key-id']).toString()));
    expect([...keyIds]).toEqual([`case:${family.caseId}`]);
    await expect(stack.codec.decode(familyPayloads)).resolves.toHaveLength(familyPayloads.length);

    // A corrected name the data protection focal point recorded: its value goes too, the record that it happened stays.
    const correction = await stack.request('POST', '/data-protection/corrections', {
      as: 'dpo.rabat',
      body: {
        caseId: family.caseId,
        memberId: family.id('pa'),
        field: 'familyName',
        value: 'Dialloh',
        basis: 'DECLARED',
        source: 'PERSON',
      },
    });
    expect(correction.status).toBe(201);
    // Incidents the focal point logged: the one about this case loses its story, the one about the open case keeps it.
    const incident = async (caseId: string, description: string) => {
      const res = await stack.request('POST', '/data-protection/incidents', {
        as: 'dpo.rabat',
        body: {
          kind: 'WRONG_RECIPIENT',
          severity: 'HIGH',
          caseId,
          occurredAt: '2026-01-15T09:30:00.000Z',
          containment: 'RECALLED',
          description,
        },
      });
      expect(res.status).toBe(201);
      return res.body;
    };
    const erasedIncident = await incident(
      family.caseId,
      'The VoT assessment of Aminata Diallo was mailed to her employer',
    );
    const keptIncident = await incident(open.caseId, 'A list with this person went to the wrong partner');

    const started = await stack.request('POST', '/retention/runs', { as: 'supervisor.rabat', body: { dryRun: false } });
    expect(started.status).toBe(202);
    const report = await waitForRun(started.body.id, 'supervisor.rabat');
    expect(report).toMatchObject({ status: 'DONE', total: 1, processed: 1, anonymised: 1, error: null });
    expect(report.stores).toMatchObject({
      individuals: 4,
      temporal_data_keys: 1,
      temporal_workflows: 1,
      // The corrected value and the registration value it replaced (the correction history).
      dp_corrections: 2,
      individual_document_digests: 1,
      dp_incidents: 1,
      tasks_reassigned: 1,
    });
    expect(report.stores.redis_keys).toBeGreaterThanOrEqual(1);
    expect(report.stores.idempotency_keys).toBeGreaterThanOrEqual(1);

    // PostgreSQL: no name, phone, exact birth date, search term, idempotency copy or special category left.
    const { rows: people } = await stack.db.query(
      `SELECT i.given_name, i.family_name, i.phone, i.phone_digits, i.date_of_birth::text AS dob, i.special_category_enc
         FROM individuals i JOIN case_members m ON m.individual_id = i.id WHERE m.case_id = $1`,
      [family.caseId],
    );
    expect(people).toHaveLength(4);
    for (const p of people) {
      expect([p.given_name, p.family_name, p.phone, p.phone_digits, p.special_category_enc]).toEqual([
        '',
        '',
        null,
        null,
        null,
      ]);
      expect(p.dob).toMatch(/^\d{4}-01-01$/);
    }
    const leftovers = await stack.db.query(
      `SELECT (SELECT count(*) FROM individual_search_terms t JOIN case_members m ON m.individual_id = t.individual_id
                WHERE m.case_id = $1)::int AS terms,
              (SELECT count(*) FROM individual_document_digests d JOIN case_members m ON m.individual_id = d.individual_id
                WHERE m.case_id = $1)::int AS documents,
              (SELECT count(*) FROM idempotency_keys WHERE resource_id = $1)::int AS idem,
              (SELECT count(*) FROM notifications WHERE case_id = $1)::int AS notes,
              (SELECT count(*) FROM cases WHERE id = $1 AND view_sensitive IS NOT NULL)::int AS sealed,
              (SELECT count(*) FROM case_data_keys WHERE case_id = $1 AND wrapped_key IS NULL)::int AS shredded`,
      [family.caseId],
    );
    expect(leftovers.rows[0]).toEqual({ terms: 0, documents: 0, idem: 0, notes: 0, sealed: 0, shredded: 1 });
    const corrections = await stack.db.query('SELECT field, value_sealed FROM dp_corrections WHERE case_id = $1', [
      family.caseId,
    ]);
    expect(corrections.rows).toEqual([
      { field: 'familyName', value_sealed: '' },
      { field: 'familyName', value_sealed: '' },
    ]);
    // The incident row stays with its kind, severity, dates and containment code; its description is gone, in the
    // table and in the focal point's log. The open case's incident is untouched.
    const { rows: incidents } = await stack.db.query(
      `SELECT id, kind, severity, containment, occurred_at, recorded_at, description_sealed FROM dp_incidents
        WHERE case_id = $1`,
      [family.caseId],
    );
    expect(incidents).toEqual([
      expect.objectContaining({
        id: erasedIncident.incidentId,
        kind: 'WRONG_RECIPIENT',
        severity: 'HIGH',
        containment: 'RECALLED',
        occurred_at: new Date('2026-01-15T09:30:00.000Z'),
        recorded_at: new Date(erasedIncident.recordedAt),
        description_sealed: '',
      }),
    ]);
    const log = (await stack.request('GET', '/data-protection/incidents', { as: 'dpo.rabat' })).body.items;
    expect(log.find((i: any) => i.incidentId === erasedIncident.incidentId)).toMatchObject({
      kind: 'WRONG_RECIPIENT',
      caseId: family.caseId,
      occurredAt: '2026-01-15T09:30:00.000Z',
      description: '',
    });
    expect(log.find((i: any) => i.incidentId === keptIncident.incidentId)).toMatchObject({
      description: 'A list with this person went to the wrong partner',
    });
    expect(JSON.stringify(log)).not.toContain('Aminata');
    // The log is still append-only outside the retention job.
    await expect(
      stack.db.query(`UPDATE dp_incidents SET description_sealed = '' WHERE id = $1`, [keptIncident.incidentId]),
    ).rejects.toThrow(/append-only/);

    // The reassigned VoT task stays (its log is append-only) but tells nothing: neutral kind, no command or subject.
    const { rows: kept } = await stack.db.query(
      'SELECT id, kind, command, subject, member_id, suggested_action FROM tasks WHERE case_id = $1',
      [family.caseId],
    );
    expect(kept).toEqual([
      { id: votTaskId, kind: 'FOLLOW_UP', command: 'WITHHELD', subject: '', member_id: null, suggested_action: null },
    ]);
    const task = await stack.request('GET', `/tasks/${votTaskId}`, { as: 'supervisor.rabat' });
    expect(JSON.stringify(task.body)).not.toMatch(/VOT|RecordAssessmentResult/);

    const cipher = new ColumnCipher(stack.config.piiKey);
    const { rows: audit } = await stack.db.query('SELECT events_sealed FROM case_events WHERE case_id = $1', [
      family.caseId,
    ]);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.map((a) => cipher.decrypt(a.events_sealed)).join('')).not.toMatch(/VOT|Aminata|FAMILY_REASONS"/);

    // Redis: nothing under the prefix names the case any more.
    expect(await redis.exists(orphan)).toBe(0);
    let cursor = '0';
    const named: string[] = [];
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      named.push(...keys.filter((k) => k.includes(family.caseId)));
    } while (cursor !== '0');
    expect(named).toEqual([]);

    // Temporal: the history is still there, and nobody can read it (the test's codec, the codec endpoint).
    await expect(stack.codec.decode(familyPayloads)).rejects.toThrow(/destroyed/);
    const viaEndpoint = await stack.request('POST', '/codec/decode', {
      as: 'operations',
      body: { payloads: familyPayloads.slice(0, 1).map(toJson) },
    });
    expect([viaEndpoint.status, viaEndpoint.body.code]).toEqual([422, 'PAYLOAD_UNDECODABLE']);
    const openPayloads = payloadsOf(await stack.temporal.workflow.getHandle(open.caseId).fetchHistory());
    await expect(stack.codec.decode(openPayloads)).resolves.toHaveLength(openPayloads.length);
    const openDecoded = await stack.request('POST', '/codec/decode', {
      as: 'operations',
      body: { payloads: openPayloads.slice(0, 1).map(toJson) },
    });
    expect(openDecoded.status).toBe(200);

    // The figures are the same.
    const after = await stack.request('GET', indicators, { as: 'me.rabat' });
    expect(after.status).toBe(200);
    expect(after.body.tables).toEqual(before.body.tables);
  });

  it('should keep the anonymised case listed with its facts, and answer its personal reads with 410', async () => {
    const listed = await stack.request('GET', `/cases?limit=50`, { as: 'operations' });
    const row = listed.body.items.find((c: any) => c.caseId === family.caseId);
    expect(row).toMatchObject({ stage: 'WITHDRAWN', reference: family.view.reference });
    const ops = await stack.request('GET', `/cases/${family.caseId}`, { as: 'operations' });
    expect(ops.status).toBe(200);
    for (const url of [`/cases/${family.caseId}`, `/cases/${family.caseId}/history`]) {
      const res = await stack.request('GET', url, { as: 'officer.rabat' });
      expect([url, res.status, res.body.code]).toEqual([url, 410, 'CASE_ANONYMISED']);
    }
    const command = await family.send('officer.rabat', 'Reopen', {});
    expect([command.status, command.body.code]).toEqual([410, 'CASE_ANONYMISED']);
    const elsewhere = await stack.request('GET', `/cases/${family.caseId}/requirements`, { as: 'officer.oujda' });
    expect(elsewhere.status).toBe(404);
    // The reconciliation of the reports leaves the narrowed trail alone (nothing to recompute from), without failing.
    const recon = await stack.request('GET', `/reports/reconciliation?caseId=${family.caseId}`, { as: 'operations' });
    expect([recon.status, recon.body.differences]).toEqual([200, []]);
    // A second run finds nothing more to do.
    const again = await stack.request('POST', '/retention/runs', { as: 'operations', body: { dryRun: true } });
    expect((await waitForRun(again.body.id, 'operations')).total).toBe(0);
  });
});
