import { Client as PgClient } from 'pg';
import type { Queue } from 'bullmq';
import { settleAndCheck } from './helpers/history-checker';
import { expectEventually, TestStack } from './helpers/stack';
import {
  caseWithLpRequested,
  deliveriesOf,
  liveReminderJobs,
  remindersOf,
  remindersQueue,
  wipeRunKeys,
  useReminderStack,
} from './helpers/reminder-stack';
import type { CaseDriver } from './helpers/journey';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fault tests of the reminders (issue 5, .ci/run): Redis loses everything, the worker dies while reminders are due.
 * PostgreSQL is the source of truth; every due reminder is delivered exactly once (a unique constraint on the
 * delivery, not luck), late if it must be, with its lateness recorded.
 */
describe('fault (a): Redis loses every key, the worker restarts', () => {
  // Step 0 falls due while the worker is down; step 1 is still in the future when the worker comes back. Step 0 must
  // not fall due while the four cases are still being opened (that takes well over 8 s on a loaded machine).
  const env = { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=30s,90s', REMINDER_RECONCILE_EVERY_SECONDS: '3600' };
  const ctx = useReminderStack(env);

  it('should rebuild the jobs from PostgreSQL and deliver every due reminder exactly once, late, with its lateness', async () => {
    const { stack, queue, redis } = ctx;
    const cases: CaseDriver[] = [];
    for (let i = 0; i < 4; i++) cases.push(await caseWithLpRequested(stack));
    const ids = cases.map((c) => c.caseId);
    const follow = async () => (await remindersOf(stack, ids)).filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
    expect((await follow()).map((r) => r.status)).toEqual(Array(8).fill('PENDING'));

    await stack.worker!.stop();
    const firstDue = Math.max(...(await follow()).filter((r) => r.step === 0).map((r) => r.due_at.getTime()));
    await sleep(Math.max(0, firstDue - Date.now()) + 1500); // step 0 of every case is now overdue

    // Redis loss for this run: delete the run's own prefix (never FLUSHALL: the test Redis is shared with other runs).
    expect(await wipeRunKeys(redis, stack.config.redis.prefix)).toBeGreaterThan(0);
    expect(await liveReminderJobs(queue)).toEqual([]);

    await stack.startWorker(env);
    await stack.worker!.waitForOutput(/reminder processors ready/);
    await expectEventually(async () => {
      const rows = await follow();
      expect(rows.filter((r) => r.step === 0).map((r) => r.status)).toEqual(Array(4).fill('DELIVERED'));
    }, 30000);
    // The future ones are back in Redis as delayed jobs, not delivered early.
    const pendingNow = (await follow()).filter((r) => r.status === 'PENDING');
    const jobs = await liveReminderJobs(queue);
    for (const r of pendingNow) expect(jobs).toContain(`send-reminder.${r.id}`);

    await expectEventually(
      async () => {
        expect((await follow()).map((r) => r.status)).toEqual(Array(8).fill('DELIVERED'));
      },
      90000,
      500,
    );
    const deliveries = await deliveriesOf(stack, ids);
    expect(deliveries.filter((d) => d.kind === 'CONSULATE_FOLLOW_UP')).toHaveLength(8);
    expect(deliveries.every((d) => d.n === 1)).toBe(true);
    const late = deliveries.filter((d) => d.step === 0);
    expect(late.every((d) => d.lateness >= 1000)).toBe(true); // delivered late, lateness recorded
    // The history checker: the Redis loss touched no case's audit trail or read model.
    for (const c of cases) expect(await settleAndCheck(stack, c.caseId)).toEqual([]);
  }, 240000);
});

describe('fault (b): the worker is killed while reminders are due', () => {
  let stack: TestStack;
  let queue: Queue;
  let locker: PgClient;
  const env = { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=6s', REMINDER_RECONCILE_EVERY_SECONDS: '3600' };

  beforeAll(async () => {
    stack = await TestStack.start({ env });
    queue = remindersQueue(stack);
    locker = new PgClient({
      host: stack.config.db.host,
      port: stack.config.db.port,
      user: stack.config.db.user,
      password: stack.config.db.password,
      database: stack.config.db.database,
    });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
    await queue?.close();
    await stack?.stop();
  });

  it('should lose none and double none: a delivery interrupted mid-way is redone once by the next worker', async () => {
    const cases: CaseDriver[] = [];
    for (let i = 0; i < 5; i++) cases.push(await caseWithLpRequested(stack));
    const ids = cases.map((c) => c.caseId);
    const rows = (await remindersOf(stack, ids)).filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
    expect(rows).toHaveLength(5);

    // Hold one reminder row so its delivery blocks inside its transaction: that job is running when the worker dies.
    const held = rows.find((r) => r.id.startsWith(cases[cases.length - 1].caseId))!; // the last one to fall due
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM reminders WHERE id = $1 FOR UPDATE', [held.id]);
    await expectEventually(
      async () => {
        const { rows: waiting } = await stack.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'SELECT * FROM reminders%'`);
        if (waiting[0].n < 1) throw new Error('delivery not blocked yet');
      },
      30000,
      100,
    );

    await stack.worker!.stop('SIGKILL');
    await locker.query('ROLLBACK');
    expect((await remindersOf(stack, [held.id.split('.')[0]])).find((r) => r.id === held.id)?.status).toBe('PENDING');

    await stack.startWorker(env);
    await expectEventually(
      async () => {
        const now = (await remindersOf(stack, ids)).filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
        expect(now.map((r) => r.status)).toEqual(Array(5).fill('DELIVERED'));
      },
      60000,
      500,
    );

    // A second run of a delivered reminder's job (a duplicate, a retry after a lost ack) inserts nothing.
    await queue.add(
      'send-reminder',
      { reminderId: held.id, caseId: held.id.split('.')[0] },
      { jobId: `send-reminder.dup-${Date.now()}` },
    );
    await sleep(1500);
    const deliveries = await deliveriesOf(stack, ids);
    expect(deliveries.filter((d) => d.kind === 'CONSULATE_FOLLOW_UP').map((d) => d.n)).toEqual([1, 1, 1, 1, 1]);
    const { rows: dup } = await stack.db.query(
      'INSERT INTO reminder_deliveries (reminder_id, revision, case_id, kind, due_at, delivered_at, lateness_ms, recipients) ' +
        'SELECT id, revision, case_id, kind, due_at, now(), 0, 0 FROM reminders WHERE id = $1 ON CONFLICT DO NOTHING RETURNING id',
      [held.id],
    );
    expect(dup).toEqual([]); // the constraint, not luck
  }, 150000);
});

describe('fault (a2): Redis loses its keys while the worker keeps running', () => {
  const env = { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=25s', REMINDER_RECONCILE_EVERY_SECONDS: '3600' };
  const ctx = useReminderStack(env);

  it('should notice the lost job scheduler, rebuild the jobs, and deliver once', async () => {
    const { stack, queue, redis } = ctx;
    const c = await caseWithLpRequested(stack);
    const [row] = (await remindersOf(stack, [c.caseId])).filter((r) => r.kind === 'CONSULATE_FOLLOW_UP');
    // The job follows the row right after the projection (which does not wait for Redis).
    await expectEventually(
      async () => {
        expect(await liveReminderJobs(queue)).toContain(`send-reminder.${row.id}`);
      },
      5000,
      100,
    );
    // Redis loss for this run only: delete the run's prefix (never FLUSHALL: the test Redis is shared).
    await wipeRunKeys(redis, stack.config.redis.prefix);
    expect(await liveReminderJobs(queue)).toEqual([]);
    await expectEventually(
      async () => {
        expect(await liveReminderJobs(queue)).toContain(`send-reminder.${row.id}`);
      },
      20000,
      500,
    );
    await expectEventually(
      async () => {
        expect((await remindersOf(stack, [c.caseId])).find((r) => r.id === row.id)?.status).toBe('DELIVERED');
      },
      40000,
      500,
    );
    expect((await deliveriesOf(stack, [c.caseId])).filter((d) => d.reminder_id === row.id).map((d) => d.n)).toEqual([
      1,
    ]);
  }, 90000);
});
