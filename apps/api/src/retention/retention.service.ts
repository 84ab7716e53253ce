import { CodedHttpException, StaffUser } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { RETENTION_CATEGORIES } from '@avrr/domain';
import { RetentionRepository, type RetentionRun } from '@avrr/persistence';
import { JobName, JobPayloads, RETENTION_QUEUE, retentionJobId } from '@avrr/queues';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { RetentionRunResponse, RetentionScheduleResponse } from './retention.response';

const toResponse = (run: RetentionRun): RetentionRunResponse => ({
  id: run.id,
  dryRun: run.dryRun,
  trigger: run.trigger,
  status: run.status,
  asOf: run.asOf,
  total: run.total,
  processed: run.processed,
  counts: run.counts,
  stores: run.stores,
  anonymised: run.anonymised,
  error: run.error,
  createdAt: run.createdAt,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
});

/** Runs of the retention job asked for through the API (the worker runs them), and their reports. */
@Injectable()
export class RetentionApiService {
  private readonly logger = new Logger(RetentionApiService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: RetentionRepository,
    @Inject(RETENTION_QUEUE) private readonly queue: Queue,
  ) {}

  schedule(): RetentionScheduleResponse {
    return {
      periods: RETENTION_CATEGORIES.map((category) => ({
        category,
        seconds: this.config.retention.schedule[category],
      })),
      everySeconds: this.config.retention.everySeconds,
    };
  }

  /** The run row first (so it can be followed at once), then its job: the job id is the run id, queued once. */
  async start(user: StaffUser, dryRun: boolean): Promise<RetentionRunResponse> {
    const run = await this.repo.createRun({
      id: randomUUID(),
      dryRun,
      trigger: 'operator',
      requestedBy: user.id,
      requestedRole: user.role,
      asOf: new Date().toISOString(),
    });
    await this.queue.add(
      JobName.RetentionRun,
      { runId: run.id, dryRun, trigger: 'operator' } satisfies JobPayloads['retention-run'],
      { jobId: retentionJobId(run.id), attempts: 1 },
    );
    this.logger.log({ runId: run.id, dryRun, userId: user.id }, 'retention run queued');
    return toResponse(run);
  }

  async get(runId: string): Promise<RetentionRunResponse> {
    const run = await this.repo.run(runId);
    if (!run) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'RETENTION_RUN_NOT_FOUND', 'Retention run not found');
    return toResponse(run);
  }

  async list(): Promise<{ runs: RetentionRunResponse[] }> {
    return { runs: (await this.repo.runs(50)).map(toResponse) };
  }
}
