import { APP_CONFIG, AppConfig } from '@avrr/config';
import { describeError } from '@avrr/observability';
import { CaseRepository } from '@avrr/persistence';
import { CommittedChangeReconciler } from '@avrr/projection';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** PostgreSQL advisory lock id of this reconciliation: one worker at a time. */
const RECONCILE_LOCK = 7216102;
/** Cases looked at per pass. */
const BATCH = 50;

export interface PendingReconcileResult {
  cases: number;
  projected: number;
  abandoned: number;
  failed: number;
  skipped?: boolean;
}

/**
 * The backstop of the command path. The API projects each command's result once Temporal has returned it; if the
 * API died in between, or PostgreSQL was away at that moment, the command's pending mark stays. This pass finds the
 * marks older than PENDING_COMMAND_RECONCILE_AFTER_MS and reconciles their cases from Temporal's history
 * (CommittedChangeReconciler). A timer of its own, not a BullMQ job: it must run while Redis is away too.
 */
@Injectable()
export class PendingCommandReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PendingCommandReconciler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly cases: CaseRepository,
    private readonly reconciler: CommittedChangeReconciler,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.max(1000, Math.floor(this.config.commands.reconcileAfterMs / 4));
    this.timer = setInterval(() => this.tick(), every);
    this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .catch((err) =>
        this.logger.warn({ err: describeError(err) }, 'pending commands not reconciled; next pass retries'),
      )
      .finally(() => {
        this.running = undefined;
      });
  }

  async reconcile(): Promise<PendingReconcileResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RECONCILE_LOCK]);
      if (!locked) return { cases: 0, projected: 0, abandoned: 0, failed: 0, skipped: true };
      try {
        const pending = await this.cases.pendingCommands(this.config.commands.reconcileAfterMs, BATCH);
        const result: PendingReconcileResult = { cases: pending.length, projected: 0, abandoned: 0, failed: 0 };
        for (const p of pending) {
          try {
            const r = await this.reconciler.reconcileCase(p.caseId, p.commandIds, Date.now() - Date.parse(p.oldestAt));
            result.projected += r.projected;
            result.abandoned += r.abandoned;
          } catch (err) {
            result.failed += 1;
            this.logger.warn(
              { caseId: p.caseId, err: describeError(err) },
              'committed commands of a case not projected; next pass retries',
            );
          }
        }
        if (pending.length) this.logger.log(result, 'pending commands reconciled from Temporal history');
        return result;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RECONCILE_LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}
