import { APP_CONFIG, AppConfig } from '@avrr/config';
import { REDIS } from '@avrr/queues';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { CodedHttpException } from '@avrr/auth';

/** The failure counter and the back-off of one dimension (the account or the client address). */
interface Dimension {
  name: 'account' | 'address';
  max: number;
  failures: RateLimiterRedis;
  backoff: RateLimiterRedis;
}

/**
 * Sign-in throttling (OWASP API2, broken authentication): failed sign-ins are counted per account (the username, as
 * a hash: usernames are not stored in Redis) and per client address over LOGIN_FAILURE_WINDOW_SECONDS. From the
 * limit on, each further failure doubles a back-off (1 s, 2 s, 4 s, ... up to LOGIN_MAX_BACKOFF_SECONDS) during which
 * every sign-in of that account or address, right or wrong, answers 429 LOGIN_RATE_LIMITED with Retry-After, before
 * any password is checked. A success clears the account's count, not the address's. Counters live in Redis
 * (rate-limiter-flexible) under the deployment's key prefix, so every API process shares them; with Redis away an
 * in-process limiter takes over rather than letting sign-ins through unthrottled.
 */
@Injectable()
export class LoginThrottle {
  private readonly dimensions: Dimension[];
  private readonly maxBackoffSeconds: number;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    const { login, redis: redisConfig } = config;
    this.maxBackoffSeconds = login.maxBackoffSeconds;
    const limiter = (keyPrefix: string, points: number, duration: number) => {
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${redisConfig.prefix}:login:${keyPrefix}`,
        points,
        duration,
        // The shared connection queues commands while Redis is away (BullMQ needs that); a sign-in must not wait.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
    };
    const dimension = (name: Dimension['name'], max: number): Dimension => ({
      name,
      max,
      // Counts only; the back-off decides. Points are never exhausted here (penalty does not throw).
      failures: limiter(`${name}-failures`, Number.MAX_SAFE_INTEGER, login.windowSeconds),
      // One point: a key blocked by block() has consumed more than it, for the back-off's duration.
      backoff: limiter(`${name}-backoff`, 1, login.maxBackoffSeconds),
    });
    this.dimensions = [
      dimension('account', login.maxFailuresPerAccount),
      dimension('address', login.maxFailuresPerAddress),
    ];
  }

  private keys(username: string, address: string): string[] {
    const account = createHash('sha256').update(username.trim().toLowerCase()).digest('base64url');
    return [account, address];
  }

  /** Throws 429 LOGIN_RATE_LIMITED while the account or the address is backing off. */
  async check(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    const waits = await Promise.all(
      this.dimensions.map(async (d, i) => {
        const res = await d.backoff.get(keys[i]);
        return res && res.consumedPoints > 1 ? res.msBeforeNext : 0;
      }),
    );
    const waitMs = Math.max(...waits);
    if (waitMs > 0) {
      throw new CodedHttpException(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_RATE_LIMITED',
        'Too many failed sign-ins; wait before trying again',
        undefined,
        Math.max(1, Math.ceil(waitMs / 1000)),
      );
    }
  }

  /** Counts a failed sign-in and, past a limit, starts or doubles the back-off. */
  async failed(username: string, address: string): Promise<void> {
    const keys = this.keys(username, address);
    await Promise.all(
      this.dimensions.map(async (d, i) => {
        const res = await d.failures.penalty(keys[i]);
        const over = res.consumedPoints - d.max;
        if (over >= 0) await d.backoff.block(keys[i], Math.min(this.maxBackoffSeconds, 2 ** Math.min(over, 30)));
      }),
    );
  }

  /** A successful sign-in clears the account's failures (the address keeps its count: one client, many accounts). */
  async succeeded(username: string, address: string): Promise<void> {
    const [account] = this.keys(username, address);
    const d = this.dimensions[0];
    await Promise.all([d.failures.delete(account), d.backoff.delete(account)]);
  }
}
