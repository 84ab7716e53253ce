import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The worker's Prometheus endpoint (GET /metrics on WORKER_METRICS_PORT; off with 0): its process metrics (CPU,
 * memory, event loop lag, GC), which the API's /metrics cannot show. The Temporal SDK's own metrics (task slots, poll
 * and task latencies, sticky cache) come from the SDK's Rust core on TEMPORAL_SDK_METRICS_ADDRESS (main.ts). Business
 * figures (cases, queues, reminders, stage durations) are the API's: they are read from PostgreSQL, Redis and
 * Temporal, the same from any process. Bind it to a private network: it serves no personal data, but no token either.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private readonly registry = new Registry();
  private server?: Server;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    collectDefaultMetrics({ register: this.registry });
  }

  async onApplicationBootstrap() {
    const port = this.config.observability.workerMetricsPort;
    if (!port) return;
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject).listen(port, this.config.http.host, resolve);
    });
    this.logger.log(`worker metrics on http://${this.config.http.host}:${port}/metrics`);
  }

  async onApplicationShutdown() {
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
