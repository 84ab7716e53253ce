import { MONITOR_QUEUE, REMINDERS_QUEUE, withTimeout } from '@avrr/queues';
import { ReminderRepository } from '@avrr/persistence';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { Client } from '@temporalio/client';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { StoredHistogram } from './stored-histogram';

/** Lateness buckets of reminder deliveries, seconds. */
const LATENESS_BUCKETS = [1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 24 * 3600];
const DAY = 24 * 3600;
/** Time a case spends in a stage, seconds: an hour to half a year. */
const STAGE_BUCKETS = [3600, 6 * 3600, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 60 * DAY, 90 * DAY, 180 * DAY];

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
  /** Case commands answered by this process, by command type and outcome (`accepted` or the error code). */
  readonly commands: Counter<'type' | 'outcome'>;
  private readonly taskQueueBacklog: Gauge<'type'>;

  constructor(
    private readonly db: DataSource,
    private readonly reminders: ReminderRepository,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    // Process metrics (CPU, memory, event loop lag, GC, handles) with prom-client's usual names.
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: 'avrr_commands_total',
      help: 'Case commands answered by this API process, by type and outcome (accepted, or the error code)',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
    this.taskQueueBacklog = new Gauge({
      name: 'avrr_temporal_task_queue_backlog',
      help: "Approximate backlog of the engine's Temporal task queue (tasks waiting for a worker), by task type",
      labelNames: ['type'],
      registers: [this.registry],
    });
    new StoredHistogram(
      'avrr_reminder_lateness_seconds',
      'How late reminders were delivered after their due time',
      LATENESS_BUCKETS,
      async (bounds) => {
        const { buckets, count, sumMs } = await this.reminders.latenessBuckets(bounds.map((b) => b * 1000));
        return [{ labels: {}, buckets, count, sum: sumMs / 1000 }];
      },
      this.registry,
    );
    new StoredHistogram(
      'avrr_stage_duration_seconds',
      'Time cases spent in a stage before leaving it (the audit trail: every case, since the start)',
      STAGE_BUCKETS,
      (bounds) => this.stageDurations(bounds),
      this.registry,
    );
    this.workflows = new Gauge({
      name: 'avrr_workflows',
      help: 'Case workflows by execution status (Temporal visibility)',
      labelNames: ['status'],
      registers: [this.registry],
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(
      [
        this.collectCases(),
        this.collectStuck(),
        this.collectQueues(),
        this.collectWorkflows(),
        this.collectTaskQueue(),
      ].map((p) => p.catch(() => undefined)),
    );
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
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

  /** Backlog of the engine's task queue (Temporal's DescribeTaskQueue with stats; the server must be 1.23 or later). */
  private async collectTaskQueue() {
    const { namespace, taskQueue } = this.config.temporal;
    for (const [type, taskQueueType] of [
      ['workflow', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
      ['activity', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
    ] as const) {
      const res = await withTimeout(
        this.temporal.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: taskQueue },
          taskQueueType,
          reportStats: true,
        }),
        2000,
        'task queue stats',
      );
      this.taskQueueBacklog.set({ type }, Number(res.stats?.approximateBacklogCount ?? 0));
    }
  }

  /**
   * Stage durations from the audit trail: a case entered a stage at the command that moved it there (or opened it),
   * and left it at the next command that moved it on. Counted per bucket in PostgreSQL.
   */
  private async stageDurations(bounds: number[]) {
    const cols = bounds
      .map((b, i) => `count(*) FILTER (WHERE seconds <= ${Math.floor(b)})::bigint AS b${i}`)
      .join(', ');
    const rows: Record<string, string>[] = await this.db.query(
      `WITH moves AS (
         SELECT from_stage, to_stage, version, effective_at,
                lag(effective_at) OVER (PARTITION BY case_id ORDER BY version) AS entered_at
         FROM case_events WHERE version = 1 OR from_stage <> to_stage
       ), stays AS (
         SELECT from_stage AS stage, extract(epoch FROM effective_at - entered_at) AS seconds
         FROM moves WHERE from_stage <> to_stage AND entered_at IS NOT NULL
       )
       SELECT stage, ${cols}, count(*)::bigint AS n, coalesce(sum(seconds), 0)::float8 AS s FROM stays GROUP BY stage`,
    );
    return rows.map((r) => ({
      labels: { stage: r.stage },
      buckets: bounds.map((_, i) => Number(r[`b${i}`])),
      count: Number(r.n),
      sum: Number(r.s),
    }));
  }
}
