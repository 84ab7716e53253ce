import { CodedHttpException, Public } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Controller, Get, Headers, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { metricsScrapeAllowed } from './metrics-token';
import { MetricsService } from './metrics.service';

/**
 * Prometheus scrape endpoint: aggregate counts only (D0), no case ids. With METRICS_TOKEN set, the scraper must send
 * it as a bearer token; without it, restrict the endpoint at the network level in production.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
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
