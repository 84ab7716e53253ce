import { Module } from '@nestjs/common';
import { HttpObservability } from './http-observability';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({ controllers: [MetricsController], providers: [MetricsService, HttpObservability] })
export class MetricsModule {}
