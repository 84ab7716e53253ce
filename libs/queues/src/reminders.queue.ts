import { JobType, Queue } from 'bullmq';
import { caseEventWebhookJobId, JobName, JobPayloads, QueueName, reminderJobId } from './queue-names';

/** Job states in which a reminder job still exists and will (or does) run. */
const LIVE: JobType[] = ['delayed', 'wait', 'waiting', 'active', 'prioritized', 'waiting-children'];
const CHUNK = 1000;

export interface ReminderJob {
  id: string;
  caseId: string;
  dueAt: string | number;
}

/**
 * Producer of reminder jobs. The PostgreSQL row is the source of truth; the job id is derived from the reminder id, so
 * adding a job that exists is a no-op and reconciliation never duplicates one.
 */
export class RemindersQueue {
  constructor(readonly queue: Queue) {
    if (queue.name !== QueueName.Reminders) throw new Error(`RemindersQueue needs the ${QueueName.Reminders} queue`);
  }

  static jobId = reminderJobId;

  private toBulk(jobs: ReminderJob[], now: number) {
    return jobs.map((r) => ({
      name: JobName.SendReminder,
      data: { reminderId: r.id, caseId: r.caseId } satisfies JobPayloads['send-reminder'],
      opts: {
        jobId: reminderJobId(r.id),
        delay: Math.max(0, (typeof r.dueAt === 'number' ? r.dueAt : Date.parse(r.dueAt)) - now),
      },
    }));
  }

  /** Adds delayed jobs (in chunks; existing ids are left as they are). */
  async schedule(jobs: ReminderJob[], now = Date.now()): Promise<void> {
    for (let i = 0; i < jobs.length; i += CHUNK) await this.queue.addBulk(this.toBulk(jobs.slice(i, i + CHUNK), now));
  }

  /** Moves jobs to a new due time: the old job (if not running) is removed first, then the new one added. */
  async reschedule(jobs: ReminderJob[], now = Date.now()): Promise<void> {
    await this.remove(jobs.map((j) => j.id));
    await this.schedule(jobs, now);
  }

  /** Removes the jobs of these reminders (a running job is left to finish; it finds the row not pending). */
  async remove(reminderIds: string[]): Promise<number> {
    let removed = 0;
    for (const id of reminderIds) removed += await this.queue.remove(reminderJobId(id)).catch(() => 0);
    return removed;
  }

  /** Ids of reminder jobs that exist and will run (or are running), and of the failed ones. */
  async jobIds(): Promise<{ live: Set<string>; active: Set<string>; failed: Set<string> }> {
    const only = (ids: string[]) => new Set(ids.filter((id) => id.startsWith(`${JobName.SendReminder}.`)));
    const [live, active, failed] = await Promise.all([
      this.queue.getRanges(LIVE, 0, -1),
      this.queue.getRanges(['active'], 0, -1),
      this.queue.getRanges(['failed'], 0, -1),
    ]);
    return { live: only(live), active: only(active), failed: only(failed) };
  }

  /** Removes jobs by job id (orphans), skipping those that are running. */
  async removeJobIds(jobIds: string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < jobIds.length; i += 100) {
      const results = await Promise.all(jobIds.slice(i, i + 100).map((id) => this.queue.remove(id).catch(() => 0)));
      removed += results.reduce((a, b) => a + b, 0);
    }
    return removed;
  }

  /** Queues the office webhook of a case-event notification (deterministic id: queued twice, delivered once). */
  async queueCaseEventWebhook(groupKey: string, office: string): Promise<void> {
    await this.queue.add(
      JobName.DeliverCaseEventWebhook,
      { groupKey, office } satisfies JobPayloads['deliver-case-event-webhook'],
      { jobId: caseEventWebhookJobId(groupKey, office), attempts: 8 },
    );
  }
}
