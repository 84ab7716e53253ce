import { NotificationRepository, OfficeSettingsRepository, ReminderRepository } from '@avrr/persistence';
import { JobName, JobPayloads, postToWebhook, REMINDERS_QUEUE, webhookJobId } from '@avrr/queues';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { OfficeDirectory } from '@avrr/projection';

/** Delivers due reminders (exactly once, through the delivery table's unique constraint) and office webhooks. */
@Injectable()
export class ReminderDeliveryService {
  private readonly logger = new Logger(ReminderDeliveryService.name);
  constructor(
    private readonly reminders: ReminderRepository,
    private readonly offices: OfficeDirectory,
    private readonly settings: OfficeSettingsRepository,
    @Inject(REMINDERS_QUEUE) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: NotificationRepository,
  ) {}

  async deliver({ reminderId, caseId }: JobPayloads['send-reminder'], jobId?: string): Promise<string> {
    const outcome = await this.reminders.deliver(reminderId, new Date());
    if (outcome.kind !== 'delivered') {
      this.logger.debug({ caseId, reminderId, jobId, outcome: outcome.kind }, 'reminder not delivered');
      return outcome.kind;
    }
    this.logger.log(
      {
        caseId,
        reminderId,
        jobId,
        category: outcome.category,
        latenessMs: outcome.latenessMs,
        recipients: outcome.userIds.length,
      },
      'reminder delivered',
    );
    for (const office of outcome.offices) {
      const settings = await this.offices.get(office);
      if (!settings?.webhookUrl) continue;
      await this.queue.add(
        JobName.DeliverWebhook,
        { deliveryId: outcome.deliveryId, office } satisfies JobPayloads['deliver-webhook'],
        { jobId: webhookJobId(outcome.deliveryId, office), attempts: 8 },
      );
    }
    return 'delivered';
  }

  /**
   * POSTs one delivery to an office's webhook: body with ids and codes only, `X-Avrr-Signature: sha256=<hex HMAC of
   * "<timestamp>.<body>">` with the office's secret, and the delivery id as Idempotency-Key (the job may be retried).
   */
  async webhook({ deliveryId, office }: JobPayloads['deliver-webhook']): Promise<void> {
    const settings = (await this.settings.all()).find((o) => o.office === office);
    if (!settings?.webhookUrl) return;
    const delivery = await this.reminders.delivery(deliveryId);
    if (!delivery) return;
    const body = JSON.stringify({ type: 'reminder.delivered', deliveryId, office, ...delivery });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', settings.webhookSecret ?? '')
      .update(`${timestamp}.${body}`)
      .digest('hex');
    // The address rule again, on the connection itself (the URL was checked when saved; DNS may have changed since),
    // and no redirect is followed: a 3xx is a failed delivery, retried like any other.
    const status = await postToWebhook(
      settings.webhookUrl,
      body,
      {
        'content-type': 'application/json',
        'x-avrr-timestamp': timestamp,
        'x-avrr-signature': `sha256=${signature}`,
        'idempotency-key': `delivery-${deliveryId}-${office}`,
      },
      { allowPrivate: this.config.webhookAllowPrivateTargets, timeoutMs: 10_000 },
    );
    if (status < 200 || status >= 300) throw new Error(`webhook of ${office} answered ${status}`);
  }

  /**
   * POSTs one case-event notification (the receiving office told of a withdrawal, a no-show, a changed date...) to an
   * office's webhook: ids, codes, dates and counts only, signed like the reminder deliveries.
   */
  async caseEventWebhook({ groupKey, office }: JobPayloads['deliver-case-event-webhook']): Promise<void> {
    const settings = (await this.settings.all()).find((o) => o.office === office);
    if (!settings?.webhookUrl) return;
    const found = await this.notifications.caseEventBody(groupKey);
    if (!found) return;
    const body = JSON.stringify({ type: 'case.notification', office, eventId: groupKey, ...found.body });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', settings.webhookSecret ?? '')
      .update(`${timestamp}.${body}`)
      .digest('hex');
    const status = await postToWebhook(
      settings.webhookUrl,
      body,
      {
        'content-type': 'application/json',
        'x-avrr-timestamp': timestamp,
        'x-avrr-signature': `sha256=${signature}`,
        'idempotency-key': `${groupKey}-${office}`,
      },
      { allowPrivate: this.config.webhookAllowPrivateTargets, timeoutMs: 10_000 },
    );
    if (status < 200 || status >= 300) throw new Error(`webhook of ${office} answered ${status}`);
  }
}
