import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { bullConnection, bullPrefix, DEFAULT_JOB_OPTIONS, QueueName } from './queue-names';
import { RemindersQueue } from './reminders.queue';

/** Injection tokens of the BullMQ Queue instances (producers; processors live in apps/worker/src/processors). */
export const REMINDERS_QUEUE = Symbol('REMINDERS_QUEUE');
export const MONITOR_QUEUE = Symbol('MONITOR_QUEUE');
export const RETENTION_QUEUE = Symbol('RETENTION_QUEUE');

export function createQueue(name: QueueName, config: AppConfig): Queue {
  return new Queue(name, {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
  });
}

@Injectable()
class QueueCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REMINDERS_QUEUE) private readonly reminders: Queue,
    @Inject(MONITOR_QUEUE) private readonly monitor: Queue,
    @Inject(RETENTION_QUEUE) private readonly retention: Queue,
  ) {}
  async onApplicationShutdown() {
    await Promise.all(
      [this.reminders.close(), this.monitor.close(), this.retention.close()].map((p) => p.catch(() => undefined)),
    );
  }
}

/**
 * BullMQ queues behind small Nest providers, not @nestjs/bullmq: the worker must control when processing starts
 * (after the startup reconciliation), rebuild schedulers on Redis reconnect, and the benchmark and tests use the same
 * producer classes without a Nest container.
 */
@Global()
@Module({
  providers: [
    {
      provide: REMINDERS_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => createQueue(QueueName.Reminders, c),
    },
    { provide: MONITOR_QUEUE, inject: [APP_CONFIG], useFactory: (c: AppConfig) => createQueue(QueueName.Monitor, c) },
    {
      provide: RETENTION_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => createQueue(QueueName.Retention, c),
    },
    { provide: RemindersQueue, inject: [REMINDERS_QUEUE], useFactory: (q: Queue) => new RemindersQueue(q) },
    QueueCloser,
  ],
  exports: [REMINDERS_QUEUE, MONITOR_QUEUE, RETENTION_QUEUE, RemindersQueue],
})
export class QueuesModule {}
