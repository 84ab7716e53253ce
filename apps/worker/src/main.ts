import 'reflect-metadata';
import { loadConfig } from '@avrr/config';
import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const config = loadConfig();
  const logger = new ConsoleLogger({ json: config.env !== 'development', prefix: 'avrr-worker' });
  // Nest, not Temporal, owns SIGTERM; Temporal's own logs go through Nest's logger.
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(config.logLevel === 'debug' ? 'DEBUG' : 'INFO', (entry) => {
      const line = `${entry.message} ${entry.meta ? JSON.stringify(entry.meta) : ''}`;
      if (entry.level === 'ERROR') logger.error(line, undefined, 'Temporal');
      else if (entry.level === 'WARN') logger.warn(line, 'Temporal');
      else if (entry.level === 'INFO') logger.log(line, 'Temporal');
    }),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger });
  app.enableShutdownHooks();
}

bootstrap().catch((err) => {
  console.error(err);
  process.exit(1);
});
