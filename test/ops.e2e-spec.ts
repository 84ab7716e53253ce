import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { singleAdult } from './helpers/households';
import { CaseDriver, counselling } from './helpers/journey';
import { caseWithLpRequested } from './helpers/reminder-stack';
import { expectEventually, TestStack } from './helpers/stack';

/**
 * The operations API (issue 5): stuck cases with reasons and counts, a case diagnostic, actions with a mandatory
 * reason in the case's operations audit, bulk actions with a dry run, and a second user's approval for destructive ones.
 */
describe('operations API', () => {
  let stack: TestStack;
  let db: PgClient;
  const OFFICE = 'MA-OUJ';

  beforeAll(async () => {
    db = new PgClient({
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USER ?? 'postgres',
      password: process.env.DB_PASSWORD ?? '',
      database: process.env.DB_NAME,
    });
    await db.connect();
    // Oujda's office settings make a registered case late at once (SLA alert after 0 days, escalation after 1000).
    await db.query(
      `INSERT INTO office_settings (office, sla_overrides) VALUES ($1, '{"REGISTERED":{"alert":0,"escalate":1000}}')
      ON CONFLICT (office) DO UPDATE SET sla_overrides = EXCLUDED.sla_overrides`,
      [OFFICE],
    );
    // A second operations user, for the four-eyes rule.
    await db.query(
      `INSERT INTO users (id, username, password_hash, role, office, country, display_name, active)
      SELECT $1, 'operations.second', password_hash, 'operations', NULL, NULL, 'Operations (second)', true FROM users WHERE username = 'operations'
      ON CONFLICT (username) DO NOTHING`,
      [randomUUID()],
    );
    stack = await TestStack.start({ env: { MONITOR_EVERY_SECONDS: '3600' } });
  });
  afterAll(async () => {
    await db?.query('DELETE FROM office_settings WHERE office = $1', [OFFICE]).catch(() => undefined);
    await db?.end();
    await stack?.stop();
  });

  const scanUntil = async <T>(check: () => Promise<T>) => {
    expect((await stack.request('POST', '/ops/scan', { as: 'operations' })).status).toBe(202);
    return expectEventually(check, 30000, 500);
  };

  let late: CaseDriver[] = [];

  it('should refuse every /ops route to other roles', async () => {
    for (const as of ['officer.rabat', 'supervisor.rabat', 'admin']) {
      const res = await stack.request('GET', '/ops/stuck', { as });
      expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    }
  });

  it('should list business-stuck cases with reason, age and counts by group, pseudonymously, and group the alert per office and stage', async () => {
    late = [
      await CaseDriver.open(stack, 'officer.oujda', singleAdult({ hostOffice: OFFICE }), ['pa']),
      await CaseDriver.open(stack, 'officer.oujda', singleAdult({ hostOffice: OFFICE }), ['pa']),
    ];
    const body = await scanUntil(async () => {
      const res = await stack.request('GET', `/ops/stuck?kind=BUSINESS&office=${OFFICE}&stage=REGISTERED`, {
        as: 'operations',
      });
      expect(res.status).toBe(200);
      for (const c of late) expect(res.body.items.map((i: any) => i.caseId)).toContain(c.caseId);
      return res.body;
    });
    // The engine's own health, checked by the API: the worker polls, the monitor scanned.
    expect(body.engine).toMatchObject({
      workflowPollers: expect.any(Number),
      activityPollers: expect.any(Number),
      alerts: [],
    });
    expect(body.engine.workflowPollers).toBeGreaterThanOrEqual(1);
    const item = body.items.find((i: any) => i.caseId === late[0].caseId);
    expect(item).toMatchObject({
      kind: 'BUSINESS',
      reason: 'SLA_ALERT',
      stage: 'REGISTERED',
      office: OFFICE,
      country: 'GN',
      reference: late[0].view.reference,
      detail: { alert: 0, escalate: 1000 },
    });
    expect(item.suggestedAction).toEqual(expect.any(String));
    expect(body.counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'BUSINESS', reason: 'SLA_ALERT', stage: 'REGISTERED', office: OFFICE }),
      ]),
    );
    expect(JSON.stringify(body)).not.toMatch(/Mamadou|Bah-|\+212/);

    const notes = await stack.request('GET', '/me/notifications', { as: 'officer.oujda' });
    const grouped = notes.body.items.filter(
      (n: any) => n.kind === 'SLA_TASK' && late.every((c) => n.body.caseIds.includes(c.caseId)),
    );
    expect(grouped).toHaveLength(1); // one task for the group, not one per case
    expect(grouped[0].body).toMatchObject({ level: 'ALERT', office: OFFICE, stage: 'REGISTERED' });
    const rabat = await stack.request('GET', '/me/notifications', { as: 'officer.rabat' });
    expect(rabat.body.items.some((n: any) => n.kind === 'SLA_TASK' && n.body.office === OFFICE)).toBe(false);

    const young = await stack.request('GET', `/ops/stuck?kind=BUSINESS&office=${OFFICE}&minAgeHours=48`, {
      as: 'operations',
    });
    expect(young.body.items.map((i: any) => i.caseId)).not.toContain(late[0].caseId);

    // The SLA state reaches the workflows' AvrrSlaState search attribute: operations filter by it in Temporal's UI.
    await expectEventually(
      async () => {
        const found: string[] = [];
        for await (const w of stack.temporal.workflow.list({
          query: `AvrrSlaState = 'ALERT' AND AvrrOffice = '${OFFICE}'`,
        }))
          found.push(w.workflowId);
        for (const c of late) expect(found).toContain(c.caseId);
      },
      20000,
      500,
    );
    const { rows } = await db.query('SELECT sla_state FROM cases WHERE id = ANY($1::uuid[])', [
      late.map((c) => c.caseId),
    ]);
    expect(rows.map((r: any) => r.sla_state)).toEqual(['ALERT', 'ALERT']);
  });

  it('should diagnose a case: stage, holds, workflow, history length, reminders and operations audit', async () => {
    const c = await caseWithLpRequested(stack);
    const res = await stack.request('GET', `/ops/cases/${c.caseId}`, { as: 'operations' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      caseId: c.caseId,
      reference: c.view.reference,
      stage: 'DOCUMENTATION',
      holds: [],
      workflow: { status: 'RUNNING', pendingActivities: [] },
    });
    expect(res.body.workflow.historyLength).toBeGreaterThan(10);
    expect(
      res.body.reminders.filter((r: any) => r.kind === 'CONSULATE_FOLLOW_UP' && r.status === 'PENDING'),
    ).toHaveLength(2);
    expect(JSON.stringify(res.body)).not.toMatch(/Mamadou|Bah-|\+212/);
    expect((await stack.request('GET', `/ops/cases/${randomUUID()}`, { as: 'operations' })).status).toBe(404);

    // An action without a reason is refused; with one it is done and audited.
    const reminder = res.body.reminders.find((r: any) => r.kind === 'CONSULATE_FOLLOW_UP' && r.status === 'PENDING');
    const noReason = await stack.request('POST', `/ops/cases/${c.caseId}/actions`, {
      as: 'operations',
      body: { action: 'CANCEL_REMINDER', reminderId: reminder.id },
    });
    expect([noReason.status, noReason.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const done = await stack.request('POST', `/ops/cases/${c.caseId}/actions`, {
      as: 'operations',
      body: {
        action: 'CANCEL_REMINDER',
        reminderId: reminder.id,
        reason: 'consulate answered by phone, ticket OPS-12',
      },
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'EXECUTED', action: 'CANCEL_REMINDER' });
    const after = await stack.request('GET', `/ops/cases/${c.caseId}`, { as: 'operations' });
    expect(after.body.reminders.find((r: any) => r.id === reminder.id)).toMatchObject({ status: 'CANCELLED' });
    // The next projection of the case plans the same reminder at the same time: the operator's cancellation stands.
    await c.run('officer.rabat', 'RecordCounsellingSession', counselling);
    const replanned = await stack.request('GET', `/ops/cases/${c.caseId}`, { as: 'operations' });
    expect(replanned.body.reminders.find((r: any) => r.id === reminder.id)).toMatchObject({ status: 'CANCELLED' });
    expect(after.body.operationsAudit).toEqual([
      expect.objectContaining({
        action: 'CANCEL_REMINDER',
        outcome: 'DONE',
        reason: 'consulate answered by phone, ticket OPS-12',
      }),
    ]);
  });

  it('should hold a destructive action until a second operations user approves it', async () => {
    const c = late[0];
    const asked = await stack.request('POST', `/ops/cases/${c.caseId}/actions`, {
      as: 'operations',
      body: { action: 'TERMINATE', reason: 'duplicate registration of the same household' },
    });
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({ status: 'PENDING_APPROVAL', caseIds: [c.caseId] });
    const self = await stack.request('POST', `/ops/actions/${asked.body.actionId}/approve`, {
      as: 'operations',
      body: {},
    });
    expect([self.status, self.body.code]).toEqual([403, 'SECOND_USER_REQUIRED']);
    const desc = await stack.temporal.workflow.getHandle(c.caseId).describe();
    expect(desc.status.name).toBe('RUNNING');

    const approved = await stack.request('POST', `/ops/actions/${asked.body.actionId}/approve`, {
      as: 'operations.second',
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'EXECUTED', approvedBy: expect.any(String) });
    expect((await stack.temporal.workflow.getHandle(c.caseId).describe()).status.name).toBe('TERMINATED');
    const again = await stack.request('POST', `/ops/actions/${asked.body.actionId}/approve`, {
      as: 'operations.second',
      body: {},
    });
    expect([again.status, again.body.code]).toEqual([409, 'ACTION_ALREADY_DECIDED']);
    const audit = (await stack.request('GET', `/ops/cases/${c.caseId}`, { as: 'operations' })).body.operationsAudit;
    expect(audit.map((a: any) => a.outcome)).toEqual(['REQUESTED', 'DONE']);
    const history = (await stack.request('GET', `/cases/${c.caseId}/history`, { as: 'operations' })).body;
    expect(history.operations.map((a: any) => [a.action, a.outcome])).toEqual([
      ['TERMINATE', 'REQUESTED'],
      ['TERMINATE', 'DONE'],
    ]);
    expect(history.operations[1].reason).toEqual(expect.any(String));
  });

  it('should preview a bulk action (count and cases) before running it, and refuse when the count changed', async () => {
    const filter = { kind: 'BUSINESS', office: OFFICE, stage: 'REGISTERED' };
    const dry = await stack.request('POST', '/ops/bulk-actions', {
      as: 'operations',
      body: { action: 'TERMINATE', reason: 'test data clean-up of Oujda', filter },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, needsApproval: true });
    expect(dry.body.count).toBeGreaterThanOrEqual(2);
    expect(dry.body.cases.map((x: any) => x.caseId)).toEqual(expect.arrayContaining(late.map((c) => c.caseId)));
    const changed = await stack.request('POST', '/ops/bulk-actions', {
      as: 'operations',
      body: {
        action: 'TERMINATE',
        reason: 'test data clean-up of Oujda',
        filter,
        dryRun: false,
        expectedCount: dry.body.count + 1,
      },
    });
    expect([changed.status, changed.body.code]).toEqual([409, 'COUNT_CHANGED']);
    const run = await stack.request('POST', '/ops/bulk-actions', {
      as: 'operations',
      body: {
        action: 'TERMINATE',
        reason: 'test data clean-up of Oujda',
        filter,
        dryRun: false,
        expectedCount: dry.body.count,
      },
    });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ status: 'PENDING_APPROVAL' });
    const rejected = await stack.request('POST', `/ops/actions/${run.body.actionId}/reject`, {
      as: 'operations.second',
      body: {},
    });
    expect(rejected.body).toMatchObject({ status: 'REJECTED' });
  });

  it('should let an admin set an office calendar, SLA overrides and webhook, and show them to operations without the secret', async () => {
    const body = {
      weekendDays: [5, 6],
      holidays: ['2026-12-25'],
      slaOverrides: { REGISTERED: { alert: 0, escalate: 1000 } },
      webhookUrl: 'http://127.0.0.1:9/avrr',
      webhookSecret: 'a-long-enough-secret-123',
    };
    expect((await stack.request('PUT', `/ops/offices/${OFFICE}/settings`, { as: 'operations', body })).status).toBe(
      403,
    );
    const bad = await stack.request('PUT', `/ops/offices/${OFFICE}/settings`, {
      as: 'admin',
      body: { weekendDays: [9] },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const set = await stack.request('PUT', `/ops/offices/${OFFICE}/settings`, { as: 'admin', body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      office: OFFICE,
      weekendDays: [5, 6],
      holidays: ['2026-12-25'],
      webhookUrl: 'http://127.0.0.1:9/avrr',
      webhookSecretSet: true,
    });
    const list = await stack.request('GET', '/ops/offices', { as: 'operations' });
    expect(JSON.stringify(list.body)).not.toContain('a-long-enough-secret-123');
    expect((await stack.request('PUT', '/ops/offices/XX-NOPE/settings', { as: 'admin', body: {} })).status).toBe(404);
    await db.query(
      'UPDATE office_settings SET webhook_url = NULL, webhook_secret = NULL, weekend_days = $2 WHERE office = $1',
      [OFFICE, [0, 6]],
    );
  });

  it('should classify a workflow whose tasks keep failing as WORKFLOW_TASK_FAILING, with the failure and a suggested action', async () => {
    // A workflow type no worker knows: every workflow task on the case task queue fails, as a broken deployment would.
    const workflowId = randomUUID();
    const handle = await stack.temporal.workflow.start('notARegisteredWorkflow', {
      taskQueue: stack.config.temporal.taskQueue,
      workflowId,
      args: [],
    });
    try {
      const item = await expectEventually(
        async () => {
          await stack.request('POST', '/ops/scan', { as: 'operations' });
          await new Promise((r) => setTimeout(r, 1000));
          const res = await stack.request('GET', '/ops/stuck?kind=TECHNICAL&reason=WORKFLOW_TASK_FAILING', {
            as: 'operations',
          });
          const found = res.body.items.find((i: any) => i.caseId === workflowId);
          if (!found) throw new Error('not reported yet');
          return found;
        },
        60000,
        500,
      );
      expect(item.detail.attempt).toBeGreaterThan(1);
      expect(item.detail.lastFailure).toEqual(expect.any(String));
      expect(item.suggestedAction).toMatch(/RESET|fix/);
    } finally {
      await handle.terminate('test clean-up').catch(() => undefined);
    }
  }, 90000);

  it('should reset a case workflow to its last completed workflow task after approval, and the case goes on', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await c.run('officer.rabat', 'RecordCounsellingSession', counselling);
    const before = await stack.temporal.workflow.getHandle(c.caseId).describe();
    const asked = await stack.request('POST', `/ops/cases/${c.caseId}/actions`, {
      as: 'operations',
      body: { action: 'RESET', reason: 'workflow task stuck after a bad deployment' },
    });
    expect(asked.status).toBe(202);
    const approved = await stack.request('POST', `/ops/actions/${asked.body.actionId}/approve`, {
      as: 'operations.second',
      body: {},
    });
    expect(approved.body).toMatchObject({ status: 'EXECUTED', result: [{ caseId: c.caseId, outcome: 'DONE' }] });
    const { newRunId } = approved.body.result[0].detail;
    expect(newRunId).not.toBe(before.runId);
    expect((await stack.temporal.workflow.getHandle(c.caseId).describe()).runId).toBe(newRunId);
    await c.run('officer.rabat', 'StartScreening', {});
    expect(c.view).toMatchObject({ stage: 'SCREENING', version: 3 });
    await c.expectCompleteAuditTrail();
  });
});

describe('operations API without a worker', () => {
  let stack: TestStack;
  // A task queue no worker polls: what operations see when every worker (and so the monitor) is down.
  beforeAll(async () => {
    stack = await TestStack.start({
      worker: false,
      env: { TEMPORAL_TASK_QUEUE: `${process.env.TEMPORAL_TASK_QUEUE ?? 'avrr'}-unpolled` },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should say in GET /ops/stuck that no worker polls the task queue, with what to do', async () => {
    const res = await stack.request('GET', '/ops/stuck', { as: 'operations' });
    expect(res.status).toBe(200);
    expect(res.body.engine).toMatchObject({ workflowPollers: 0, activityPollers: 0 });
    expect(res.body.engine.alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'NO_WORKER_POLLING',
          suggestedAction: expect.stringContaining(res.body.engine.taskQueue),
        }),
      ]),
    );
  });
});
