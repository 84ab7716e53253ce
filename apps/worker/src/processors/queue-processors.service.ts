import { APP_CONFIG, AppConfig } from '@avrr/config';
import { describeError } from '@avrr/observability';
import {
  bullConnection,
  bullPrefix,
  JobName,
  JobPayloads,
  MONITOR_QUEUE,
  MONITOR_SCHEDULER_ID,
  QueueName,
  RECONCILE_SCHEDULER_ID,
  REMINDERS_QUEUE,
} from '@avrr/queues';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { MonitorService } from '../monitor/monitor.service';
import { ReminderDeliveryService } from '../reminders/reminder-delivery.service';
import { ReminderReconciler } from '../reminders/reminder-reconciler.service';

/** How often the worker checks that Redis still has its job schedulers (keys lost without a reconnect). */
const WATCHDOG_MS = 10_000;

/**
 * The BullMQ processors of the worker app: reminders (delivery, reconciliation, webhooks) and the monitor. Each
 * `process` switches on the job name and hands off in one line. At start, and whenever Redis comes back or has lost
 * its keys, the job schedulers are upserted and the reminders reconciled before (and while) jobs are processed.
 */
@Injectable()
export class QueueProcessors implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueProcessors.name);
  private workers: Worker[] = [];
  private watcher?: Redis;
  private watchdog?: NodeJS.Timeout;
  private rebuilding?: Promise<void>;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REMINDERS_QUEUE) private readonly reminders: Queue,
    @Inject(MONITOR_QUEUE) private readonly monitorQueue: Queue,
    private readonly delivery: ReminderDeliveryService,
    private readonly reconciler: ReminderReconciler,
    private readonly monitor: MonitorService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const common = {
      connection: bullConnection(this.config),
      prefix: bullPrefix(this.config),
      lockDuration: 15_000,
      stalledInterval: 10_000,
      maxStalledCount: 5,
    };
    this.workers = [
      new Worker(QueueName.Reminders, (job) => this.processReminders(job), {
        ...common,
        concurrency: this.config.reminders.concurrency,
      }),
      new Worker(QueueName.Monitor, (job) => this.processMonitor(job), {
        ...common,
        concurrency: 1,
        lockDuration: 120_000,
      }),
    ];
    for (const w of this.workers) {
      w.on('failed', (job, err) =>
        this.logger.warn(
          { jobId: job?.id, queue: w.name, attempts: job?.attemptsMade, err: describeError(err) },
          'job failed',
        ),
      );
      w.on('error', (err) => this.logger.warn({ queue: w.name, err: err.message }, 'queue worker error'));
    }
    // A connection of our own tells us when Redis comes back; the watchdog notices keys lost without a disconnect.
    this.watcher = new Redis({ ...bullConnection(this.config), lazyConnect: false });
    let connectedOnce = false;
    this.watcher.on('ready', () => {
      if (connectedOnce) this.scheduleRebuild('redis-reconnect');
      connectedOnce = true;
    });
    this.watcher.on('error', () => undefined);
    this.watchdog = setInterval(() => void this.checkSchedulers(), WATCHDOG_MS);
    // Rebuild from PostgreSQL at every start (Redis may have lost everything); processing need not wait for it, since
    // job ids are deterministic. If Redis is away, the reconnect listener and the watchdog rebuild later.
    this.scheduleRebuild('startup');
    this.logger.log(
      `reminder processors ready (queue prefix ${bullPrefix(this.config)}, concurrency ${this.config.reminders.concurrency})`,
    );
  }

  private processReminders(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.SendReminder:
        return this.delivery.deliver(job.data as JobPayloads['send-reminder'], job.id);
      case JobName.ReconcileReminders:
        return this.reconciler.reconcile((job.data as JobPayloads['reconcile-reminders']).trigger ?? 'schedule');
      case JobName.DeliverWebhook:
        return this.delivery.webhook(job.data as JobPayloads['deliver-webhook']);
      case JobName.DeliverCaseEventWebhook:
        return this.delivery.caseEventWebhook(job.data as JobPayloads['deliver-case-event-webhook']);
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  private processMonitor(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.MonitorScan:
        return this.monitor.scan((job.data as JobPayloads['monitor-scan']).trigger ?? 'schedule');
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }

  /** Upserts the job schedulers and reconciles the reminders (Redis may have lost everything). */
  private async rebuild(trigger: string): Promise<void> {
    await this.reminders.waitUntilReady();
    await this.reminders.upsertJobScheduler(
      RECONCILE_SCHEDULER_ID,
      { every: this.config.reminders.reconcileEverySeconds * 1000 },
      { name: JobName.ReconcileReminders, data: { trigger: 'schedule' } satisfies JobPayloads['reconcile-reminders'] },
    );
    await this.monitorQueue.upsertJobScheduler(
      MONITOR_SCHEDULER_ID,
      { every: this.config.monitor.everySeconds * 1000 },
      { name: JobName.MonitorScan, data: { trigger: 'schedule' } satisfies JobPayloads['monitor-scan'] },
    );
    // A scan now, not one interval later: operations see a fresh stuck list (and a live monitor) after a (re)start.
    await this.monitorQueue.add(JobName.MonitorScan, { trigger } satisfies JobPayloads['monitor-scan'], {
      jobId: `monitor-scan-${trigger}-${Math.floor(Date.now() / 1000)}`,
      removeOnComplete: true,
      removeOnFail: true,
    });
    const result = await this.reconciler.reconcile(trigger);
    this.logger.log({ trigger, ...result }, 'reminder jobs rebuilt from PostgreSQL');
  }

  private scheduleRebuild(trigger: string): void {
    if (this.stopping || this.rebuilding) return;
    this.rebuilding = this.rebuild(trigger)
      .catch((err) => this.logger.warn({ trigger, err: String(err) }, 'rebuild failed; the watchdog retries'))
      .finally(() => {
        this.rebuilding = undefined;
      });
  }

  private async checkSchedulers(): Promise<void> {
    if (this.stopping || this.rebuilding) return;
    try {
      const scheduler = await this.reminders.getJobScheduler(RECONCILE_SCHEDULER_ID);
      if (!scheduler) this.scheduleRebuild('schedulers-missing');
    } catch {
      // Redis is away: the reconnect listener takes over.
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.watchdog) clearInterval(this.watchdog);
    await this.rebuilding;
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
    this.watcher?.disconnect();
  }
}
