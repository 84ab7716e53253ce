import { CodedHttpException, Public } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Controller, Get, Headers, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import type { FastifyReply } from 'fastify';
import { metricsScrapeAllowed } from './metrics-token';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint: aggregate counts only (D0), no case ids. With METRICS_TOKEN set, the scraper must send
 * it as a bearer token; without it, restrict the endpoint at the network level in production.
 */
@ApiTags('metrics')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'getMetrics',
    summary: 'Prometheus metrics, aggregate counts only (with METRICS_TOKEN set: Authorization: Bearer <token>)',
  })
  @ApiOkResponse({
    description: 'Prometheus text exposition format',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrors(401)
  async scrape(@Res() reply: FastifyReply, @Headers('authorization') authorization?: string) {
    if (!metricsScrapeAllowed(authorization, this.config.metricsToken)) {
      throw new CodedHttpException(
        HttpStatus.UNAUTHORIZED,
        'METRICS_TOKEN_REQUIRED',
        'GET /metrics needs the scrape token (METRICS_TOKEN) as a bearer token',
      );
    }
    const { contentType, body } = await this.metrics.render();
    reply.header('content-type', contentType).send(body);
  }
}
