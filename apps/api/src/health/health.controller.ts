import { Public } from '@avrr/auth';
import { REDIS } from '@avrr/queues';
import { Controller, Get, Inject } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  type ApiPropertyOptions,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ApiErrors } from '../http/error.response';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
  description: 'Per dependency (postgres, redis, temporal): up or down, with a message when down',
};

/** Terminus's answer when every check is up; a failed check answers 503 SERVICE_UNAVAILABLE in the error shape. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok'] }) status!: string;
  @ApiPropertyOptional(INDICATORS) info?: Record<string, { status: string }>;
  @ApiPropertyOptional(INDICATORS) error?: Record<string, { status: string }>;
  @ApiProperty(INDICATORS) details!: Record<string, { status: string }>;
}

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
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ operationId: 'healthLive', summary: 'The process is up (no dependency checked)' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiErrors(503)
  live() {
    return this.health.check([]);
  }

  /** PostgreSQL, Redis and Temporal answer. */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ operationId: 'healthReady', summary: 'PostgreSQL, Redis and Temporal answer' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiErrors(503)
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
