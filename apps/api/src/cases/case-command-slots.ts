import { APP_CONFIG, AppConfig } from '@avrr/config';
import { REDIS, withTimeout } from '@avrr/queues';
import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { Semaphore } from 'redis-semaphore';

/** A held slot; `release` is safe to call more than once. */
export interface CommandSlot {
  release(): Promise<void>;
}

/** How long a slot lives without its holder refreshing it (a crashed API process frees its slots after this). */
const SLOT_LEASE_MS = 15_000;
/** Redis must answer quickly: on the command's path, a Redis that is away must not hold commands up. */
const REDIS_TIMEOUT_MS = 500;

/**
 * Per-case admission of commands, across every API process: at most `commands.perCase` commands of one case go to
 * its workflow at once, below Temporal's own limit of in-flight Updates per workflow (beyond which it aborts them).
 * The others wait for a slot a short while, then get 429 CASE_BUSY. A fair semaphore in Redis (sorted set with
 * leases), so a crashed process's slots expire. When Redis is away the limit is skipped, not the command: the
 * workflow and the projection stay correct without it (an Update Temporal aborts is answered 429 and never recorded).
 */
@Injectable()
export class CaseCommandSlots {
  private readonly logger = new Logger(CaseCommandSlots.name);
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A slot for a command on this case, or null when the case stayed busy for the whole wait. */
  async acquire(caseId: string): Promise<CommandSlot | null> {
    const { perCase, slotWaitMs } = this.config.commands;
    const semaphore = new Semaphore(this.redis, `${this.config.redis.prefix}:case-commands:${caseId}`, perCase, {
      lockTimeout: SLOT_LEASE_MS,
      acquireTimeout: slotWaitMs,
      retryInterval: 15,
      refreshInterval: SLOT_LEASE_MS / 3,
    });
    const attempt = semaphore.tryAcquire();
    let acquired: boolean;
    try {
      acquired = await withTimeout(attempt, slotWaitMs + REDIS_TIMEOUT_MS, 'acquiring a command slot');
    } catch (err) {
      // Redis is away: go on without the limit; a slot acquired later is given back at once.
      attempt.then((ok) => (ok ? semaphore.release() : undefined)).catch(() => undefined);
      this.logger.warn(
        { caseId, err: String(err) },
        'command slots unavailable; command sent without the per-case limit',
      );
      return { release: async () => undefined };
    }
    if (!acquired) return null;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await withTimeout(semaphore.release(), REDIS_TIMEOUT_MS, 'releasing a command slot').catch((err) =>
          this.logger.warn({ caseId, err: String(err) }, 'command slot not released; its lease expires'),
        );
      },
    };
  }
}
