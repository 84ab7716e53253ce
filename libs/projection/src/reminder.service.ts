import { APP_CONFIG, AppConfig, DOMAIN_CONFIG } from '@avrr/config';
import { describeError } from '@avrr/observability';
import type { CaseReminderFacts, CaseView } from '@avrr/domain';
import { DesiredReminder, OfficeSettings, opaqueReminderId, reminderIdKey, ReminderSync } from '@avrr/persistence';
import { RemindersQueue, withTimeout } from '@avrr/queues';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DomainConfig, planReminders, reminderConfig, ReminderConfig } from '@avrr/domain';
import { OfficeDirectory } from './office-directory';

/** The host and receiving offices of a case, as the reminder planner needs them. */
export interface CaseOffices {
  host?: OfficeSettings;
  receiving?: OfficeSettings;
}

/** How long a stopping worker waits for the Redis job changes still under way (reconciliation covers the rest). */
const DRAIN_TIMEOUT_MS = 5000;

/**
 * Keeps a case's reminders in line with its state, for the projection of each committed change: plans them before
 * its transaction (libs/domain planReminders, recipients resolved to offices), and after it applies the rows' changes
 * to Redis. PostgreSQL is the source of truth; when Redis is away the change is still recorded and the reconciliation
 * job re-creates the jobs, so a projection never fails because of Redis.
 */
@Injectable()
export class ReminderService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ReminderService.name);
  readonly planConfig: ReminderConfig;
  /** Key of the opaque reminder ids (opaqueReminderId). */
  private readonly idKey: Buffer;
  /** Per case, the last Redis job change under way: a case's changes are applied in version order. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(DOMAIN_CONFIG) rules: DomainConfig,
    private readonly queue: RemindersQueue,
    private readonly offices: OfficeDirectory,
  ) {
    this.idKey = reminderIdKey(config.piiKey);
    this.planConfig = reminderConfig({
      offsetsMs: config.reminders.offsetsMs,
      localHour: config.reminders.localHour,
      adultAge: rules.adultAge,
      preEmbarkationCheckRequiredFor: rules.preEmbarkationCheckRequiredFor,
    });
  }

  /**
   * The offices a case's reminders are addressed to, with their calendars. Read before the projection's transaction:
   * code inside it must not wait for a second pool connection (many projections at once could exhaust the pool).
   */
  async officesOf(view: CaseView): Promise<CaseOffices> {
    const host = await this.offices.get(view.hostOffice);
    const receiving =
      (await this.offices.get(view.receivingOffice)) ?? (await this.offices.receivingFor(view.countryOfOrigin));
    return { host, receiving };
  }

  /** What the case's reminders should be now, recipients resolved to offices. Pure: no I/O. */
  desired(view: CaseView, facts: CaseReminderFacts, { host, receiving }: CaseOffices): DesiredReminder[] {
    const planned = planReminders(
      view,
      {
        ...facts,
        hostCalendar: OfficeDirectory.calendar(host),
        receivingCalendar: OfficeDirectory.calendar(receiving) ?? OfficeDirectory.calendar(host),
      },
      this.planConfig,
    );
    return planned.map((p) => ({
      id: opaqueReminderId(this.idKey, p.caseId, p.id),
      caseId: p.caseId,
      kind: p.kind,
      subject: p.subject,
      step: p.step,
      dueAt: p.dueAt,
      recipients: p.recipients.flatMap((r) => {
        // An inbound case (host = a mission outside this system) belongs to its receiving office for every reminder.
        const office = r.scope === 'HOST' ? (host ? view.hostOffice : receiving?.office) : receiving?.office;
        return office ? [{ role: r.role, office }] : [];
      }),
    }));
  }

  /**
   * After the rows are committed: the same changes in Redis, off the command's path (the projection returns without
   * waiting), one case's changes in order. Best effort, as before: the rows are the truth, and reconciliation (every
   * few minutes, at start and on reconnect) re-creates what a failure or a crash in between left out.
   */
  queueJobs(view: CaseView, version: number, sync: ReminderSync): void {
    if (sync.stale || (!sync.schedule.length && !sync.cancelled.length)) return;
    const caseId = view.caseId;
    const next = (this.inFlight.get(caseId) ?? Promise.resolve()).then(() => this.applyJobs(view, version, sync));
    this.inFlight.set(caseId, next);
    void next.finally(() => {
      if (this.inFlight.get(caseId) === next) this.inFlight.delete(caseId);
    });
  }

  /** Waits for the job changes under way (and those queued meanwhile), at most `timeoutMs` in all. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.inFlight.values()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, deadline - Date.now());
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** A graceful stop waits a little for the job changes under way, so it leaves nothing for reconciliation. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain(DRAIN_TIMEOUT_MS);
  }

  /** The changes in Redis (best effort; reconciliation repairs what fails). */
  private async applyJobs(view: CaseView, version: number, sync: ReminderSync): Promise<void> {
    try {
      const moved = sync.schedule.filter((s) => s.moved);
      const fresh = sync.schedule.filter((s) => !s.moved);
      if (sync.cancelled.length) await withTimeout(this.queue.remove(sync.cancelled), 3000, 'removing reminder jobs');
      if (moved.length) await withTimeout(this.queue.reschedule(moved), 3000, 'moving reminder jobs');
      if (fresh.length) await withTimeout(this.queue.schedule(fresh), 3000, 'scheduling reminder jobs');
    } catch (err) {
      // The rows are written; reconciliation (every few minutes, at start and on reconnect) re-creates the jobs.
      this.logger.warn(
        { caseId: view.caseId, version, err: describeError(err) },
        'reminder jobs not scheduled; reconciliation will',
      );
    }
    this.logger.debug(
      { caseId: view.caseId, version, scheduled: sync.schedule.length, cancelled: sync.cancelled.length },
      'reminders synced',
    );
  }
}
