import './tracing';
import 'reflect-metadata';
import { loadConfig } from '@avrr/config';
import { loggerOptions, PinoNestLogger } from '@avrr/observability';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { WorkerModule } from './worker.module';

const TEMPORAL_LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

async function bootstrap() {
  const config = loadConfig();
  // The API's format (libs/observability): pino JSON lines, for Nest's logs and the Temporal SDK's alike.
  const log = pino(loggerOptions('avrr-worker', config.logLevel));
  const temporalLog = log.child({ context: 'Temporal' });
  const sdkMetrics = config.observability.sdkMetricsAddress;
  // Nest, not Temporal, owns SIGTERM.
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'INFO', (entry) => {
      temporalLog[TEMPORAL_LEVELS[entry.level]]({ ...(entry.meta ?? {}) }, entry.message);
    }),
    // The SDK's own metrics (task slots, poll latencies, workflow and activity task latencies, sticky cache...),
    // served in Prometheus format by its Rust core on their own port: TEMPORAL_SDK_METRICS_ADDRESS.
    ...(sdkMetrics
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: sdkMetrics, useSecondsForDurations: true, countersTotalSuffix: true },
            },
          },
        }
      : {}),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new PinoNestLogger(log) });
  app.enableShutdownHooks();
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
