import { APP_CONFIG, AppConfig } from '@avrr/config';
import { countRetention, emptyRetentionCounts, retentionPlan, type RetentionCounts } from '@avrr/domain';
import { RetentionRepository, type RetentionStoreCounts } from '@avrr/persistence';
import { QueueName, REDIS } from '@avrr/queues';
import { CaseKeyring } from '@avrr/temporal';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

/** Reports progress (0-100) to whoever runs the job (BullMQ's job.updateProgress). */
export type ProgressSink = (percent: number) => Promise<void>;

const add = (into: RetentionStoreCounts, from: RetentionStoreCounts) => {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
};

/**
 * The retention job (issue 11 item 4). For every ended case, libs/domain's retentionPlan says which categories are due;
 * a dry run only counts them. A real run, per case: when the case ends anonymised, its workflow is terminated if it
 * still runs (a re-open window past the retention period) so no worker needs its history again; then its Redis keys
 * go (jobs of the BullMQ queues removed through BullMQ, anything else under the prefix that names the case deleted);
 * then PostgreSQL (RetentionRepository.erase, one transaction); last its payload data key is destroyed, which leaves
 * the case's Temporal history undecodable (crypto-shredding). The run row holds the progress and the report: counts
 * per category and rows per store, never a name or a reference.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: RetentionRepository,
    private readonly keyring: CaseKeyring,
    private readonly temporal: Client,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async run(
    request: { runId?: string; dryRun: boolean; trigger: 'schedule' | 'operator' },
    progress: ProgressSink,
  ): Promise<string> {
    const asOf = new Date().toISOString();
    const run = await this.repo.createRun({ id: request.runId ?? randomUUID(), ...request, asOf });
    try {
      const due = (await this.repo.candidates())
        .map((c) => ({ c, plan: retentionPlan(c, this.config.retention.schedule, asOf) }))
        .filter(({ plan }) => plan.erase.length > 0);
      await this.repo.startRun(run.id, due.length);
      let counts: RetentionCounts = emptyRetentionCounts();
      const stores: RetentionStoreCounts = {};
      let anonymised = 0;
      const redisKeys =
        request.dryRun || due.length === 0 ? new Map() : await this.redisKeysOf(due.map((d) => d.c.caseId));
      for (const [i, { c, plan }] of due.entries()) {
        counts = countRetention(counts, plan);
        if (plan.anonymise) anonymised += 1;
        if (!request.dryRun) {
          if (plan.anonymise)
            stores.temporal_workflows = (stores.temporal_workflows ?? 0) + (await this.stop(c.caseId));
          add(stores, { redis_keys: await this.removeRedisKeys(redisKeys.get(c.caseId) ?? []) });
          add(stores, await this.repo.erase(c.caseId, c.erased, plan.erase, plan.anonymise, run.id));
          if (plan.anonymise) {
            await this.keyring.destroy(c.caseId);
            add(stores, { temporal_data_keys: 1 });
          }
        }
        await this.repo.progress(run.id, i + 1, counts, stores, anonymised);
        await progress(Math.round(((i + 1) / due.length) * 100));
      }
      await this.repo.finishRun(run.id);
      this.logger.log({ runId: run.id, dryRun: request.dryRun, cases: due.length, anonymised }, 'retention run done');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await this.repo.finishRun(run.id, message);
      throw err;
    }
    return run.id;
  }

  /** Terminates the case's workflow if it still runs; 1 if it did. */
  private async stop(caseId: string): Promise<number> {
    try {
      await this.temporal.workflow.getHandle(caseId).terminate('retention: the case is anonymised');
      return 1;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 0; // already completed (or never started)
      throw err;
    }
  }

  /** One pass over the keys under the prefix: per case, the keys whose name or value names it. */
  private async redisKeysOf(caseIds: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const prefix = this.config.redis.prefix;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await this.redis.type(key);
        let text = key;
        if (type === 'hash') text += JSON.stringify(await this.redis.hgetall(key));
        else if (type === 'string') text += (await this.redis.get(key)) ?? '';
        for (const id of caseIds) if (text.includes(id)) found.set(id, [...(found.get(id) ?? []), key]);
      }
    } while (cursor !== '0');
    return found;
  }

  /** Removes a BullMQ job through BullMQ (its lists and sets too), any other key by DEL; returns how many went. */
  private async removeRedisKeys(keys: string[]): Promise<number> {
    let removed = 0;
    const prefix = this.config.redis.prefix;
    for (const key of keys) {
      const [queue, ...rest] = key.slice(prefix.length + 1).split(':');
      const jobId = rest.join(':');
      if ((Object.values(QueueName) as string[]).includes(queue) && jobId && !jobId.includes(':')) {
        const q = new Queue(queue, { connection: this.redis, prefix });
        try {
          removed += await q.remove(jobId);
        } finally {
          await q.close();
        }
      }
      removed += await this.redis.del(key);
    }
    return removed;
  }
}
