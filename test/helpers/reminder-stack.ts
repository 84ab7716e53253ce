import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { singleAdult } from './households';
import { CaseDriver, selfDeclaration, toScreening } from './journey';
import { TestStack } from './stack';

/** A single adult at DOCUMENTATION with a laissez-passer requested now: CONSULATE_FOLLOW_UP reminders start counting. */
export async function caseWithLpRequested(
  stack: TestStack,
  officer = 'officer.rabat',
  office = 'MA-RBA',
): Promise<CaseDriver> {
  const c = await CaseDriver.open(stack, officer, singleAdult({ hostOffice: office }), ['pa']);
  await toScreening(c, officer);
  await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
  await c.run(officer, 'Approve', {});
  await c.run(officer, 'RequestTravelDocument', {
    memberId: c.id('pa'),
    documentType: 'LAISSEZ_PASSER',
    authority: 'CONSULATE-GN-RABAT',
    transferConsentRef: `tr-${randomUUID().slice(0, 8)}`,
  });
  return c;
}

export function redisClient(stack: TestStack): Redis {
  const { host, port, db } = stack.config.redis;
  return new Redis({ host, port, db, maxRetriesPerRequest: null });
}

/**
 * "Redis loss" for this run: deletes every key of the run's own prefix (REDIS_PREFIX). Never FLUSHALL: the test Redis
 * is shared with other runs and the development stack.
 */
export async function wipeRunKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

export function remindersQueue(stack: TestStack): Queue {
  const { host, port, db, prefix } = stack.config.redis;
  return new Queue('reminders', { connection: { host, port, db, maxRetriesPerRequest: null }, prefix });
}

/** Job ids of live reminder jobs in Redis. */
export async function liveReminderJobs(queue: Queue): Promise<string[]> {
  const ids = await queue.getRanges(['delayed', 'wait', 'waiting', 'active', 'prioritized'], 0, -1);
  return ids.filter((id) => id.startsWith('send-reminder.')).sort();
}

export interface ReminderRow {
  id: string;
  kind: string;
  step: number;
  status: string;
  revision: number;
  due_at: Date;
  fired_at: Date | null;
}

export async function remindersOf(stack: TestStack, caseIds: string[]): Promise<ReminderRow[]> {
  const { rows } = await stack.db.query(
    'SELECT id, kind, step, status, revision, due_at, fired_at FROM reminders WHERE case_id = ANY($1) ORDER BY id',
    [caseIds],
  );
  return rows;
}

/** Deliveries per reminder revision (exactly once: every count is 1). */
export async function deliveriesOf(
  stack: TestStack,
  caseIds: string[],
): Promise<{ reminder_id: string; revision: number; kind: string; step: number; n: number; lateness: number }[]> {
  // Reminder ids are opaque (no kind, no step): both come from the reminder row.
  const { rows } = await stack.db.query(
    `SELECT d.reminder_id, d.revision, r.kind, r.step, count(*)::int AS n, max(d.lateness_ms)::int AS lateness
    FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
    WHERE d.case_id = ANY($1) GROUP BY d.reminder_id, d.revision, r.kind, r.step ORDER BY d.reminder_id`,
    [caseIds],
  );
  return rows;
}

export async function userId(stack: TestStack, username: string): Promise<string> {
  const { rows } = await stack.db.query('SELECT id FROM users WHERE username = $1', [username]);
  return rows[0].id;
}

/** A stack with the run's reminders queue and a Redis client, started before and stopped after the describe block. */
export function useReminderStack(env: Record<string, string>): { stack: TestStack; queue: Queue; redis: Redis } {
  const ctx = {} as { stack: TestStack; queue: Queue; redis: Redis };
  beforeAll(async () => {
    ctx.stack = await TestStack.start({ env });
    ctx.queue = remindersQueue(ctx.stack);
    ctx.redis = redisClient(ctx.stack);
  });
  afterAll(async () => {
    await ctx.queue?.close();
    ctx.redis?.disconnect();
    await ctx.stack?.stop();
  });
  return ctx;
}
