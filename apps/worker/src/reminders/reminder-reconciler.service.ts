import { ReminderRepository } from '@avrr/persistence';
import { RemindersQueue } from '@avrr/queues';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ReconcileResult {
  pending: number;
  created: number;
  retried: number;
  orphansRemoved: number;
  durationMs: number;
  skipped?: boolean;
}

/** PostgreSQL advisory lock id of the reconciliation: one at a time across all workers. */
const RECONCILE_LOCK = 7216101;

/**
 * Rebuilds Redis from PostgreSQL: every pending reminder gets its job (deterministic id, so an existing job is left
 * alone), a failed job of a still-pending reminder is replaced, and reminder jobs without a pending row are removed.
 * Redis is read before PostgreSQL, so a reminder created during the run is never taken for an orphan.
 */
@Injectable()
export class ReminderReconciler {
  private readonly logger = new Logger(ReminderReconciler.name);
  constructor(
    private readonly db: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly queue: RemindersQueue,
  ) {}

  async reconcile(trigger: string, now = Date.now()): Promise<ReconcileResult> {
    const started = Date.now();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RECONCILE_LOCK]);
      if (!locked) return { pending: 0, created: 0, retried: 0, orphansRemoved: 0, durationMs: 0, skipped: true };
      try {
        const jobs = await this.queue.jobIds();
        const pending = await this.reminders.pending();
        const wanted = new Set(pending.map((p) => RemindersQueue.jobId(p.id)));
        const missing = pending.filter((p) => !jobs.live.has(RemindersQueue.jobId(p.id)));
        const failed = missing.filter((p) => jobs.failed.has(RemindersQueue.jobId(p.id)));
        if (failed.length) await this.queue.remove(failed.map((p) => p.id));
        await this.queue.schedule(missing, now);
        const orphans = [...jobs.live, ...jobs.failed].filter((id) => !wanted.has(id) && !jobs.active.has(id));
        const orphansRemoved = orphans.length ? await this.queue.removeJobIds(orphans) : 0;
        const result = {
          pending: pending.length,
          created: missing.length,
          retried: failed.length,
          orphansRemoved,
          durationMs: Date.now() - started,
        };
        if (missing.length || orphansRemoved) this.logger.log({ trigger, ...result }, 'reminders reconciled');
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
