import { MONITOR_QUEUE, REMINDERS_QUEUE, withTimeout } from '@avrr/queues';
import { ReminderRepository } from '@avrr/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { Queue } from 'bullmq';
import { Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** Lateness buckets of reminder deliveries, seconds. */
const LATENESS_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 24 * 3600];

/**
 * Prometheus metrics of the API process. Business gauges are read at scrape time from PostgreSQL, BullMQ and Temporal
 * (every API replica reports the same values: aggregate with max(), not sum()). HTTP latency is per process.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly casesByStage: Gauge<'stage'>;
  private readonly stuck: Gauge<'kind' | 'reason'>;
  private readonly queueJobs: Gauge<'queue' | 'state'>;
  private readonly workflows: Gauge<'status'>;

  constructor(
    private readonly db: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly temporal: Client,
    @Inject(REMINDERS_QUEUE) private readonly remindersQueue: Queue,
    @Inject(MONITOR_QUEUE) private readonly monitorQueue: Queue,
  ) {
    this.http = new Histogram({
      name: 'avrr_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.casesByStage = new Gauge({
      name: 'avrr_cases',
      help: 'Cases by stage (read model)',
      labelNames: ['stage'],
      registers: [this.registry],
    });
    this.stuck = new Gauge({
      name: 'avrr_stuck_cases',
      help: 'Stuck cases by kind and reason (last monitor scan)',
      labelNames: ['kind', 'reason'],
      registers: [this.registry],
    });
    this.queueJobs = new Gauge({
      name: 'avrr_queue_jobs',
      help: 'BullMQ jobs by queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
    });
    this.workflows = new Gauge({
      name: 'avrr_workflows',
      help: 'Case workflows by execution status (Temporal visibility)',
      labelNames: ['status'],
      registers: [this.registry],
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(
      [this.collectCases(), this.collectStuck(), this.collectQueues(), this.collectWorkflows()].map((p) =>
        p.catch(() => undefined),
      ),
    );
    const lateness = await this.latenessHistogram().catch(() => '');
    return { contentType: this.registry.contentType, body: `${await this.registry.metrics()}${lateness}` };
  }

  private async collectCases() {
    const rows = await this.db.query('SELECT stage, count(*)::int AS n FROM cases GROUP BY stage');
    this.casesByStage.reset();
    for (const r of rows) this.casesByStage.set({ stage: r.stage }, r.n);
  }

  private async collectStuck() {
    const rows = await this.db.query(
      'SELECT kind, reason, count(DISTINCT case_id)::int AS n FROM stuck_items GROUP BY 1, 2',
    );
    this.stuck.reset();
    for (const r of rows) this.stuck.set({ kind: r.kind, reason: r.reason }, r.n);
  }

  private async collectQueues() {
    for (const q of [this.remindersQueue, this.monitorQueue]) {
      const counts = await withTimeout(
        q.getJobCounts('delayed', 'waiting', 'active', 'failed', 'completed', 'prioritized'),
        2000,
        'queue counts',
      );
      for (const [state, n] of Object.entries(counts)) this.queueJobs.set({ queue: q.name, state }, n);
    }
  }

  private async collectWorkflows() {
    for (const status of ['Running', 'Failed', 'Terminated', 'TimedOut', 'Completed', 'ContinuedAsNew']) {
      const res = await withTimeout(
        this.temporal.workflow.count(`ExecutionStatus = '${status}' AND WorkflowType = 'caseWorkflow'`),
        2000,
        'workflow count',
      );
      this.workflows.set({ status }, res.count);
    }
  }

  /** avrr_reminder_lateness_seconds as a Prometheus histogram built from the delivery table (all deliveries so far). */
  private async latenessHistogram(): Promise<string> {
    const { buckets, count, sumMs } = await this.reminders.latenessBuckets(LATENESS_BUCKETS.map((s) => s * 1000));
    const name = 'avrr_reminder_lateness_seconds';
    const lines = [`# HELP ${name} How late reminders were delivered after their due time`, `# TYPE ${name} histogram`];
    LATENESS_BUCKETS.forEach((le, i) => lines.push(`${name}_bucket{le="${le}"} ${buckets[i]}`));
    lines.push(`${name}_bucket{le="+Inf"} ${count}`, `${name}_sum ${sumMs / 1000}`, `${name}_count ${count}`);
    return `${lines.join('\n')}\n`;
  }
}
