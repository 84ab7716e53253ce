import { APP_CONFIG, AppConfig } from '@avrr/config';
import { PollerReading, TemporalInspection } from '@avrr/temporal';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';

const EventType = temporal.api.enums.v1.EventType;

/** A case workflow as the operations diagnostic shows it (GET /ops/cases/:caseId), from the shared inspection. */
export interface WorkflowDiagnostic {
  status: string;
  runId: string;
  taskQueue: string;
  historyLength: number;
  startedAt?: string;
  pendingActivities: {
    activityType: string;
    attempt: number;
    state: string;
    lastFailure?: string;
    scheduledAt?: string;
    nextAttemptAt?: string;
  }[];
  pendingWorkflowTask?: { attempt: number; state: string; scheduledAt?: string };
  openTimers: { timerId: string; fireAt: string }[];
  lastFailure?: { source: 'activity' | 'workflowTask'; message?: string; cause?: string };
}

/**
 * What operations do to a case's workflow through Temporal's API: read it (through libs/temporal's inspection, the
 * monitor's too), retry, reset, terminate.
 */
@Injectable()
export class OpsTemporalGateway {
  constructor(
    private readonly client: Client,
    private readonly inspection: TemporalInspection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get ns() {
    return this.config.temporal.namespace;
  }

  /** When each poller of the case task queue was last seen (workflow and activity pollers), epoch ms. */
  pollers(): Promise<PollerReading> {
    return this.inspection.pollers();
  }

  async diagnose(caseId: string): Promise<WorkflowDiagnostic | null> {
    const w = await this.inspection.inspect(caseId);
    if (!w) return null;
    const failingActivity = w.pendingActivities.find((a) => a.lastFailure);
    const wft = w.workflowTask;
    // A workflow task failing now says more than an activity's retries (nothing else runs until it succeeds).
    const lastFailure: WorkflowDiagnostic['lastFailure'] =
      wft && wft.attempt > 1 && (wft.lastFailure || wft.cause)
        ? { source: 'workflowTask', message: wft.lastFailure, cause: wft.cause }
        : failingActivity
          ? { source: 'activity', message: failingActivity.lastFailure }
          : undefined;
    return {
      status: w.status,
      runId: w.runId,
      taskQueue: w.taskQueue,
      historyLength: w.historyLength,
      startedAt: w.startedAt,
      pendingActivities: w.pendingActivities.map(({ activityId: _id, ...a }) => a),
      ...(wft ? { pendingWorkflowTask: { attempt: wft.attempt, state: wft.state, scheduledAt: wft.scheduledAt } } : {}),
      openTimers: w.openTimers,
      ...(lastFailure ? { lastFailure } : {}),
    };
  }

  /** Retry now: every pending activity starts again at attempt 1, without waiting for its backoff. */
  async retryActivities(caseId: string): Promise<{ activitiesReset: number }> {
    const d = await this.client.workflow.getHandle(caseId).describe();
    const pending = d.raw.pendingActivities ?? [];
    if (!pending.length) return { activitiesReset: 0 };
    for (const a of pending) {
      await this.client.workflowService.resetActivity({
        namespace: this.ns,
        execution: { workflowId: caseId },
        identity: 'avrr-ops',
        id: a.activityId,
        resetHeartbeat: true,
      });
    }
    return { activitiesReset: pending.length };
  }

  /** Reset to the last completed workflow task (the last point the case's code finished cleanly). */
  async reset(caseId: string, reason: string): Promise<{ newRunId: string; resetToEventId: number }> {
    const d = await this.client.workflow.getHandle(caseId).describe();
    const runId = d.raw.workflowExecutionInfo?.execution?.runId ?? '';
    const res = await this.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: this.ns,
      execution: { workflowId: caseId, runId },
      maximumPageSize: 200,
    });
    const completed = (res.history?.events ?? []).find(
      (x) => x.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
    );
    if (!completed) throw new Error('no completed workflow task to reset to');
    const eventId = Number(completed.eventId);
    const out: { runId?: string | null } = await this.client.workflowService.resetWorkflowExecution({
      namespace: this.ns,
      workflowExecution: { workflowId: caseId, runId },
      reason: reason.slice(0, 200),
      workflowTaskFinishEventId: completed.eventId,
      requestId: randomUUID(),
    });
    return { newRunId: out.runId ?? '', resetToEventId: eventId };
  }

  async terminate(caseId: string, reason: string): Promise<void> {
    await this.client.workflow.getHandle(caseId).terminate(reason.slice(0, 200));
  }
}
