import { days, booking, departure, singleAdultReady, CaseDriver } from './helpers/journey';
import { singleAdult } from './helpers/households';
import { expectEventually, TestStack } from './helpers/stack';
import {
  caseWithLpRequested,
  deliveriesOf,
  liveReminderJobs,
  remindersOf,
  useReminderStack,
} from './helpers/reminder-stack';
import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client as PgClient } from 'pg';

/**
 * Reminders (AVRR.md §10) end to end: derived from the case's state by the projection activity, stored in
 * PostgreSQL, scheduled as BullMQ delayed jobs, delivered once as in-app notifications.
 */
describe('reminders', () => {
  // The consulate follow-ups fire 3 s and 6 s after the request instead of 14 and 30 days.
  const env = { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=3s,6s', REMINDER_RECONCILE_EVERY_SECONDS: '3600' };
  const ctx = useReminderStack(env);

  it('should create the consulate follow-ups when a laissez-passer is requested, and deliver each once to the office officers', async () => {
    const { stack, queue } = ctx;
    const c = await caseWithLpRequested(stack);
    const all = await remindersOf(stack, [c.caseId]);
    // The undecided-case reminder came with the counselling session and went with the signed declaration.
    expect(all.filter((r) => r.kind === 'UNDECIDED_CASE').map((r) => r.status)).toEqual(['CANCELLED']);
    const rows = all.filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
    expect(rows.map((r) => r.status)).toEqual(['PENDING', 'PENDING']);
    // Opaque ids (the case and a keyed digest): no kind, subject or member in a Redis key or a log line.
    expect(rows.map((r) => r.step).sort()).toEqual([0, 1]);
    for (const r of rows) expect(r.id).toMatch(new RegExp(`^${c.caseId}\\.[A-Za-z0-9_-]{22}$`));
    expect(new Set(rows.map((r) => r.id)).size).toBe(2);
    // The jobs follow the committed rows right after the projection (it does not wait for Redis).
    await expectEventually(
      async () => {
        const jobs = await liveReminderJobs(queue);
        for (const r of rows) expect(jobs).toContain(`send-reminder.${r.id}`);
      },
      5000,
      100,
    );
    const job = await queue.getJob(`send-reminder.${rows[0].id}`);
    expect(Object.keys(job!.data).sort()).toEqual(['caseId', 'reminderId']); // ids only

    await expectEventually(async () => {
      const done = (await remindersOf(stack, [c.caseId])).filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
      expect(done.map((r) => r.status)).toEqual(['DELIVERED', 'DELIVERED']);
    }, 20000);
    const deliveries = await deliveriesOf(stack, [c.caseId]);
    expect(deliveries.map((d) => d.n)).toEqual([1, 1]);

    const mine = await stack.request('GET', '/me/notifications', { as: 'officer.rabat' });
    expect(mine.status).toBe(200);
    const forCase = mine.body.items.filter((n: any) => n.caseId === c.caseId);
    expect(forCase).toHaveLength(2);
    expect(forCase[0]).toMatchObject({
      kind: 'REMINDER',
      readAt: null,
      body: { reminderKind: 'CONSULATE_FOLLOW_UP', caseReference: c.view.reference },
    });
    expect(JSON.stringify(forCase)).not.toMatch(/Mamadou|Bah-/);
    // Another office's officer gets nothing; marking read is per user.
    const oujda = await stack.request('GET', '/me/notifications', { as: 'officer.oujda' });
    expect(oujda.body.items.filter((n: any) => n.caseId === c.caseId)).toEqual([]);
    expect(
      (await stack.request('POST', `/me/notifications/${forCase[0].id}/read`, { as: 'officer.oujda' })).status,
    ).toBe(404);
    const read = await stack.request('POST', `/me/notifications/${forCase[0].id}/read`, { as: 'officer.rabat' });
    expect(read.status).toBe(200);
    const unread = await stack.request('GET', '/me/notifications?unread=true', { as: 'officer.rabat' });
    expect(unread.body.items.map((n: any) => n.id)).not.toContain(forCase[0].id);
  });

  it('should cancel the follow-ups once the document is issued, and plan the expiry reminders instead', async () => {
    const { stack, queue } = ctx;
    const c = await caseWithLpRequested(stack);
    await c.run('officer.rabat', 'RecordDocumentIssued', {
      memberId: c.id('pa'),
      documentType: 'LAISSEZ_PASSER',
      documentRef: 'doc-1',
      expiresOn: days(40),
    });
    const rows = await remindersOf(stack, [c.caseId]);
    expect(rows.filter((r) => r.kind === 'CONSULATE_FOLLOW_UP').map((r) => r.status)).toEqual([
      'CANCELLED',
      'CANCELLED',
    ]);
    expect(rows.filter((r) => r.kind === 'DOCUMENT_EXPIRY').map((r) => r.status)).toEqual(['PENDING', 'PENDING']);
    await expectEventually(
      async () => {
        const jobs = await liveReminderJobs(queue);
        for (const r of rows) expect(jobs.includes(`send-reminder.${r.id}`)).toBe(r.status === 'PENDING');
      },
      5000,
      100,
    );
  });

  it('should move the departure reminders when the booking changes and cancel everything when the migrant withdraws', async () => {
    const { stack, queue } = ctx;
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(c, days(60));
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(10)));
    const first = (await remindersOf(stack, [c.caseId])).filter((r) => r.kind === 'DEPARTURE_CALL');
    expect(first.map((r) => [r.status, r.revision])).toEqual([
      ['PENDING', 1],
      ['PENDING', 1],
    ]);

    await c.run('movement.rabat', 'ChangeBooking', booking(days(14)));
    const moved = (await remindersOf(stack, [c.caseId])).filter((r) => r.kind === 'DEPARTURE_CALL');
    expect(moved.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(moved.map((r) => [r.status, r.revision])).toEqual([
      ['PENDING', 2],
      ['PENDING', 2],
    ]);
    expect(moved[0].due_at.getTime() - first[0].due_at.getTime()).toBe(4 * 86_400_000);
    await expectEventually(
      async () => {
        const job = await queue.getJob(`send-reminder.${moved[0].id}`);
        expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(moved[0].due_at.getTime() - 2000);
      },
      5000,
      100,
    );

    await c.run('officer.rabat', 'Withdraw', {});
    const after = await remindersOf(stack, [c.caseId]);
    expect(after.every((r) => r.status === 'CANCELLED')).toBe(true);
    await expectEventually(
      async () => {
        const jobs = await liveReminderJobs(queue);
        expect(jobs.filter((j) => j.includes(c.caseId))).toEqual([]);
      },
      5000,
      100,
    );
  });
});

describe('reminders after arrival', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should hand the post-arrival reminders to the receiving office and drop the handover one once acknowledged', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(c, days(60));
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    await c.run('movement.rabat', 'RecordDeparture', departure);
    const departed = await remindersOf(stack, [c.caseId]);
    expect(departed.filter((r) => r.kind === 'ARRIVAL_NOT_CONFIRMED').map((r) => r.status)).toEqual(['PENDING']);
    await c.run('movement.rabat', 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
    const { rows } = await stack.db.query(
      `SELECT kind, status, recipients FROM reminders WHERE case_id = $1 AND status = 'PENDING' ORDER BY kind`,
      [c.caseId],
    );
    expect(rows.map((r: any) => r.kind)).toEqual([
      'FIRST_REINTEGRATION_COUNSELLING',
      'HANDOVER_NOT_ACKNOWLEDGED',
      'PLAN_OVERDUE',
      'RSS_DUE',
    ]);
    expect(rows.find((r: any) => r.kind === 'PLAN_OVERDUE').recipients).toEqual([
      { role: 'counterpart', office: 'GN-CKY' },
      { role: 'supervisor', office: 'GN-CKY' },
    ]);
    expect((await remindersOf(stack, [c.caseId])).find((r) => r.kind === 'ARRIVAL_NOT_CONFIRMED')?.status).toBe(
      'CANCELLED',
    );

    await c.run('counterpart.conakry', 'AcknowledgeHandover', {});
    const after = await remindersOf(stack, [c.caseId]);
    expect(after.find((r) => r.kind === 'HANDOVER_NOT_ACKNOWLEDGED')?.status).toBe('CANCELLED');
    expect(
      after
        .filter((r) => r.status === 'PENDING')
        .map((r) => r.kind)
        .sort(),
    ).toEqual(['FIRST_REINTEGRATION_COUNSELLING', 'PLAN_OVERDUE', 'RSS_DUE']);
  });
});

describe('office webhook', () => {
  let stack: TestStack;
  let server: Server;
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const secret = `whsec-${Date.now()}`;
  const OFFICE = 'MA-OUJ';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const db = new PgClient({
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USER ?? 'postgres',
      password: process.env.DB_PASSWORD ?? '',
      database: process.env.DB_NAME,
    });
    await db.connect();
    await db.query(
      `INSERT INTO office_settings (office, webhook_url, webhook_secret) VALUES ($1, $2, $3)
      ON CONFLICT (office) DO UPDATE SET webhook_url = EXCLUDED.webhook_url, webhook_secret = EXCLUDED.webhook_secret`,
      [OFFICE, `http://127.0.0.1:${port}/avrr`, secret],
    );
    await db.end();
    stack = await TestStack.start({ env: { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=2s' } });
  });
  afterAll(async () => {
    await stack?.db.query('DELETE FROM office_settings WHERE office = $1', [OFFICE]).catch(() => undefined);
    await stack?.stop();
    server?.close();
  });

  it('should POST each delivery once to the office webhook, signed with the office secret, with ids only', async () => {
    const c = await caseWithLpRequested(stack, 'officer.oujda', OFFICE);
    const hook = await expectEventually(async () => {
      const hit = received.find((r) => r.body.includes(c.caseId));
      if (!hit) throw new Error('no webhook yet');
      return hit;
    }, 30000);
    const ts = String(hook.headers['x-avrr-timestamp']);
    expect(hook.headers['x-avrr-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${ts}.${hook.body}`).digest('hex')}`,
    );
    expect(JSON.parse(hook.body)).toMatchObject({
      type: 'reminder.delivered',
      office: OFFICE,
      caseId: c.caseId,
      category: 'DOCUMENTS',
      caseReference: c.view.reference,
    });
    // The neutral category only: the precise kind stays in PostgreSQL.
    expect(hook.body).not.toMatch(/CONSULATE_FOLLOW_UP|LAISSEZ_PASSER|"kind"/);
    expect(hook.body).not.toMatch(/Mamadou|Bah-|\+212/);
    expect(hook.headers['idempotency-key']).toMatch(/^delivery-\d+-MA-OUJ$/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((r) => r.body.includes(c.caseId))).toHaveLength(1);
  });
});
