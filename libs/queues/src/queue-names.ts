import type { AppConfig } from '@avrr/config';
import type { DefaultJobOptions, RedisOptions } from 'bullmq';

/** BullMQ queues. Names may not contain ':' (BullMQ uses it as the key separator). */
export const QueueName = {
  /** Reminder delivery jobs (delayed), their reconciliation (job scheduler) and office webhooks. */
  Reminders: 'reminders',
  /** The SLA and stuck-workflow monitor (job scheduler). */
  Monitor: 'monitor',
  /** The retention job: scheduled runs and the ones an operator or the data protection focal point asks for. */
  Retention: 'retention',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  SendReminder: 'send-reminder',
  ReconcileReminders: 'reconcile-reminders',
  DeliverWebhook: 'deliver-webhook',
  DeliverCaseEventWebhook: 'deliver-case-event-webhook',
  MonitorScan: 'monitor-scan',
  RetentionRun: 'retention-run',
} as const;

/** Job data: ids only, never personal data (AVRR.md §13.8). */
export interface JobPayloads {
  /** A reminder is due: deliver it (the PostgreSQL row says to whom). */
  'send-reminder': { reminderId: string; caseId: string };
  /** Re-create every pending reminder's job missing from Redis and remove orphans. */
  'reconcile-reminders': { trigger: string };
  /** POST one delivery to an office's webhook (signed). */
  'deliver-webhook': { deliveryId: string; office: string };
  /** POST one case-event notification (withdrawal, no-show, date change...) to an office's webhook (signed). */
  'deliver-case-event-webhook': { groupKey: string; office: string };
  /** Evaluate SLAs and Temporal health; `trigger` says who asked (schedule or an operator). */
  'monitor-scan': { trigger: string };
  /** Run retention: erase what is due (or, dry, count it). `runId` names the retention_runs row (made when absent). */
  'retention-run': { runId?: string; dryRun: boolean; trigger: 'schedule' | 'operator' };
}

export const RECONCILE_SCHEDULER_ID = 'reconcile-reminders';
export const MONITOR_SCHEDULER_ID = 'monitor-scan';
export const RETENTION_SCHEDULER_ID = 'retention-run';

/** Job id of an asked-for retention run: its run id, so a retried request never queues it twice. */
export const retentionJobId = (runId: string): string => `retention.${runId}`;

/** Failed jobs stay inspectable (removeOnFail: false); completed ones go, so a deterministic id can be used again. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: false,
};

/** Connection options for BullMQ (it opens its own connections; workers need maxRetriesPerRequest: null). */
export function bullConnection(config: AppConfig): RedisOptions {
  return { host: config.redis.host, port: config.redis.port, db: config.redis.db, maxRetriesPerRequest: null };
}

/** The key prefix of every BullMQ key: the deployment's (or test run's) REDIS_PREFIX. */
export const bullPrefix = (config: AppConfig): string => config.redis.prefix;

/** Job id of a reminder's delivery job: deterministic, so reconciliation never duplicates a job; '.', not ':'. */
export const reminderJobId = (reminderId: string): string => `${JobName.SendReminder}.${reminderId}`;

export const webhookJobId = (deliveryId: string, office: string): string => `webhook.${deliveryId}.${office}`;

/** Job id of a case event's webhook: deterministic (group key = case, version and a neutral kind code). */
export const caseEventWebhookJobId = (groupKey: string, office: string): string => `case-webhook.${groupKey}.${office}`;
