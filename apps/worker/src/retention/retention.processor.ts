import { APP_CONFIG, AppConfig } from '@avrr/config';
import {
  bullConnection,
  bullPrefix,
  JobName,
  JobPayloads,
  QueueName,
  RETENTION_QUEUE,
  RETENTION_SCHEDULER_ID,
} from '@avrr/queues';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { RetentionService } from './retention.service';

/**
 * The retention queue's processor: one run at a time (a long lock: a run over many cases takes minutes), the run's
 * progress reported to BullMQ as well as to its row. The scheduled run (RETENTION_EVERY_SECONDS) erases; dry runs are
 * asked for through the API only.
 */
@Injectable()
export class RetentionProcessor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RetentionProcessor.name);
  private worker?: Worker;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RETENTION_QUEUE) private readonly queue: Queue,
    private readonly retention: RetentionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new Worker(QueueName.Retention, (job) => this.process(job), {
      connection: bullConnection(this.config),
      prefix: bullPrefix(this.config),
      concurrency: 1,
      lockDuration: 300_000,
    });
    this.worker.on('failed', (job, err) =>
      this.logger.warn({ jobId: job?.id, queue: QueueName.Retention, err: err.message }, 'job failed'),
    );
    this.worker.on('error', (err) => this.logger.warn({ queue: QueueName.Retention, err: err.message }, 'queue error'));
    await this.queue
      .upsertJobScheduler(
        RETENTION_SCHEDULER_ID,
        { every: this.config.retention.everySeconds * 1000 },
        {
          name: JobName.RetentionRun,
          data: { dryRun: false, trigger: 'schedule' } satisfies JobPayloads['retention-run'],
          opts: { attempts: 1 },
        },
      )
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'retention scheduler not set'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close().catch(() => undefined);
  }

  private async process(job: Job): Promise<string> {
    if (job.name !== JobName.RetentionRun) throw new Error(`unknown job ${job.name}`);
    return this.retention.run(job.data as JobPayloads['retention-run'], (percent) => job.updateProgress(percent));
  }
}
