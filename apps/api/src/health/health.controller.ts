import { Public } from '@avrr/auth';
import { REDIS } from '@avrr/queues';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

const withTimeout = <T>(p: Promise<T>, ms = 2000) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)),
  ]);

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly temporal: Client,
  ) {}

  /** The process is up (no dependency checked). */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** PostgreSQL, Redis and Temporal answer. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('postgres', () => this.db.query('SELECT 1')),
      () => this.probe('redis', () => this.redis.ping()),
      () => this.probe('temporal', () => this.temporal.workflowService.getSystemInfo({})),
    ]);
  }

  private async probe(key: string, fn: () => Promise<unknown>) {
    const session = this.indicator.check(key);
    try {
      await withTimeout(fn());
      return session.up();
    } catch (err) {
      return session.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
