/**
 * Reminder rebuild benchmark (issue 5 §8; by hand, not a timed test): schedules N reminders through the real
 * ReminderService (PostgreSQL rows + BullMQ jobs, as the projection activity does), deletes the run's Redis keys,
 * and times the rebuild (ReminderReconciler, as at worker start) side by side with raw BullMQ addBulk of the same
 * jobs in the same run. Prints both and their ratio. Target: 100k rebuilt within 60 s and at most 3x raw addBulk.
 *
 *   scripts/bench-reminders.sh [--reminders 100000] [--concurrency 32]
 */
import 'reflect-metadata';
import { APP_CONFIG, AppConfig, ConfigModule } from '@avrr/config';
import type { CaseView } from '@avrr/domain';
import { PersistenceModule, ReminderRepository } from '@avrr/persistence';
import { JobName, QueuesModule, REMINDERS_QUEUE, RemindersQueue } from '@avrr/queues';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ReminderReconciler } from '../apps/worker/src/reminders/reminder-reconciler.service';
import { OfficeDirectory, ReminderService } from '../libs/projection/src';

@Module({
  imports: [ConfigModule, PersistenceModule, QueuesModule],
  providers: [OfficeDirectory, ReminderService, ReminderReconciler],
})
class BenchModule {}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * A booked household of four, each with a laissez-passer expiring 60+ days out: its plan is the two departure calls
 * and two expiry reminders per member, ten reminders, all in the future.
 */
const PER_CASE = 10;
function bookedView(i: number, now: number): CaseView {
  const caseId = randomUUID();
  const day = (n: number) => new Date(now + n * 86_400_000).toISOString().slice(0, 10);
  const member = () => ({
    memberId: randomUUID(),
    relationship: 'PA' as const,
    sex: 'M' as const,
    age: 30,
    ageEstimated: false,
    isChild: false,
    travelling: true,
    withdrawn: false,
    deceased: false,
    dataConsent: true,
    declarationSigned: true,
    documents: [
      { documentType: 'LAISSEZ_PASSER' as const, status: 'ISSUED' as const, expiresOn: day(400 + (i % 200)) },
    ],
    escortRequired: false,
    vulnerabilities: [],
    assessments: [],
  });
  return {
    caseId,
    reference: `BENCH-${i}`,
    stage: 'BOOKED',
    version: 20,
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'WALK_IN',
    holds: [],
    members: [member(), member(), member(), member()],
    flags: { vulnerable: false, uasc: false, medical: false, protection: false },
    travellerCount: 4,
    noShowCount: 0,
    booking: {
      itineraryRef: `IT-${i}`,
      departureDate: day(30 + (i % 300)),
      escortOnItinerary: false,
      ticketed: true,
      travellerIds: [],
      changeCount: 0,
    },
    openedAt: new Date(now).toISOString(),
    updatedAt: new Date(now).toISOString(),
    stageEnteredAt: new Date(now).toISOString(),
  };
}

async function wipe(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
    cursor = next;
    if (keys.length) n += await redis.unlink(...keys);
  } while (cursor !== '0');
  return n;
}

async function pool<T>(items: T[], limit: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const total = arg('reminders', 100_000);
  const concurrency = arg('concurrency', 32);
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  const config = app.get<AppConfig>(APP_CONFIG);
  const service = app.get(ReminderService);
  const reconciler = app.get(ReminderReconciler);
  const repo = app.get(ReminderRepository);
  const queue = app.get<Queue>(REMINDERS_QUEUE);
  const producer = app.get(RemindersQueue);
  const redis = new Redis({
    host: config.redis.host,
    port: config.redis.port,
    db: config.redis.db,
    maxRetriesPerRequest: null,
  });
  const prefix = config.redis.prefix;
  const liveCount = async () => (await producer.jobIds()).live.size;

  console.log(`reminder rebuild benchmark: ${total} reminders, database ${config.db.database}, Redis prefix ${prefix}`);
  const now = Date.now();
  const views = Array.from({ length: Math.ceil(total / PER_CASE) }, (_, i) => bookedView(i, now));
  let t = Date.now();
  // As the projection does: planned first, the rows in one statement, then the jobs (queued; all awaited at the end).
  await pool(views, concurrency, async (v) => {
    const desired = service.desired(v, {}, await service.officesOf(v));
    service.queueJobs(v, v.version, await repo.sync(v.caseId, v.version, desired, 'bench'));
  });
  await service.drain(10 * 60_000);
  const scheduleMs = Date.now() - t;
  const pending = await repo.pending();
  console.log(
    `scheduled through ReminderService: ${pending.length} pending rows, ${await liveCount()} jobs in ${seconds(scheduleMs)}`,
  );

  // Raw BullMQ: the same jobs (same ids, data and delays) with addBulk in chunks of 1000, into an empty Redis.
  await wipe(redis, prefix);
  const jobs = pending.map((p) => ({
    name: JobName.SendReminder,
    data: { reminderId: p.id, caseId: p.caseId },
    opts: { jobId: RemindersQueue.jobId(p.id), delay: Math.max(0, p.dueAt - Date.now()) },
  }));
  t = Date.now();
  for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
  const rawMs = Date.now() - t;
  const rawJobs = await liveCount();

  // Redis loss, then the rebuild the worker runs at start: PostgreSQL -> missing jobs.
  await wipe(redis, prefix);
  t = Date.now();
  const result = await reconciler.reconcile('bench');
  const rebuildMs = Date.now() - t;
  const rebuiltJobs = await liveCount();

  const ratio = rebuildMs / rawMs;
  console.log('');
  console.log(`raw BullMQ addBulk : ${String(rawJobs).padStart(7)} jobs in ${seconds(rawMs)}`);
  console.log(
    `rebuild (reconcile): ${String(rebuiltJobs).padStart(7)} jobs in ${seconds(rebuildMs)}  (PostgreSQL read + Redis scan + addBulk; created ${result.created})`,
  );
  console.log(`ratio rebuild/raw  : ${ratio.toFixed(2)}x`);
  console.log(
    `targets            : rebuild of ${total} within 60 s: ${rebuildMs <= 60_000 && rebuiltJobs >= pending.length ? 'met' : 'MISSED'}; ` +
      `at most 3x raw: ${ratio <= 3 ? 'met' : 'MISSED'}`,
  );
  redis.disconnect();
  await app.close();
  if (rebuiltJobs !== pending.length || rawJobs !== pending.length) {
    console.error(`job counts differ: pending ${pending.length}, raw ${rawJobs}, rebuilt ${rebuiltJobs}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
