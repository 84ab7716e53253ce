import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';

const EventType = temporal.api.enums.v1.EventType;
const tsMs = (t?: { seconds?: unknown; nanos?: number | null } | null): number | undefined =>
  t?.seconds === undefined || t?.seconds === null ? undefined : Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
const short = (s?: string | null, n = 300) => (s ? (s.length > n ? `${s.slice(0, n)}...` : s) : undefined);

export interface WorkflowDiagnostic {
  status: string; runId: string; taskQueue: string; historyLength: number; startedAt?: string;
  pendingActivities: { activityType: string; attempt: number; state: string; lastFailure?: string; scheduledAt?: string; nextAttemptAt?: string }[];
  pendingWorkflowTask?: { attempt: number; state: string; scheduledAt?: string };
  lastFailure?: { source: 'activity' | 'workflowTask'; message?: string; cause?: string };
}

/** What operations do to a case's workflow through Temporal's API: describe, retry, reset, terminate. */
@Injectable()
export class OpsTemporalGateway {
  constructor(private readonly client: Client, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get ns() { return this.config.temporal.namespace; }

  /** When each poller of the case task queue was last seen (workflow and activity pollers), epoch ms. */
  async pollers(): Promise<{ workflowPollers: number[]; activityPollers: number[] }> {
    const seen = async (type: temporal.api.enums.v1.TaskQueueType) => {
      const res = await this.client.workflowService.describeTaskQueue({ namespace: this.ns,
        taskQueue: { name: this.config.temporal.taskQueue }, taskQueueType: type });
      return (res.pollers ?? []).map((p) => tsMs(p.lastAccessTime) ?? 0);
    };
    const [workflowPollers, activityPollers] = await Promise.all([
      seen(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW), seen(temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)]);
    return { workflowPollers, activityPollers };
  }

  async diagnose(caseId: string): Promise<WorkflowDiagnostic | null> {
    let d;
    try { d = await this.client.workflow.getHandle(caseId).describe(); } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
    const raw = d.raw;
    const runId = raw.workflowExecutionInfo?.execution?.runId ?? '';
    const acts = (raw.pendingActivities ?? []).map((a) => ({
      activityType: a.activityType?.name ?? 'unknown', attempt: a.attempt ?? 1,
      state: temporal.api.enums.v1.PendingActivityState[a.state ?? 0] ?? String(a.state),
      lastFailure: short(a.lastFailure?.message), scheduledAt: iso(tsMs(a.scheduledTime)), nextAttemptAt: iso(tsMs(a.nextAttemptScheduleTime)),
    }));
    const wft = raw.pendingWorkflowTask;
    let lastFailure: WorkflowDiagnostic['lastFailure'] = acts.find((a) => a.lastFailure)
      ? { source: 'activity', message: acts.find((a) => a.lastFailure)!.lastFailure } : undefined;
    if (wft && (wft.attempt ?? 1) > 1) {
      const failed = await this.lastTaskFailure(caseId, runId);
      if (failed) lastFailure = { source: 'workflowTask', ...failed };
    }
    return {
      status: d.status.name, runId, taskQueue: d.taskQueue, historyLength: d.historyLength, startedAt: d.startTime?.toISOString(),
      pendingActivities: acts,
      ...(wft ? { pendingWorkflowTask: { attempt: wft.attempt ?? 1, state: temporal.api.enums.v1.PendingWorkflowTaskState[wft.state ?? 0] ?? '',
        scheduledAt: iso(tsMs(wft.scheduledTime)) } } : {}),
      ...(lastFailure ? { lastFailure } : {}),
    };
  }

  private async lastTaskFailure(workflowId: string, runId: string): Promise<{ message?: string; cause?: string } | undefined> {
    const res = await this.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: this.ns,
      execution: { workflowId, runId }, maximumPageSize: 50 });
    const e = (res.history?.events ?? []).find((x) => x.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
    const a = e?.workflowTaskFailedEventAttributes;
    return a ? { message: short(a.failure?.message), cause: a.cause ? temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause] : undefined } : undefined;
  }

  /** Retry now: every pending activity starts again at attempt 1, without waiting for its backoff. */
  async retryActivities(caseId: string): Promise<{ activitiesReset: number }> {
    const d = await this.client.workflow.getHandle(caseId).describe();
    const pending = d.raw.pendingActivities ?? [];
    if (!pending.length) return { activitiesReset: 0 };
    for (const a of pending) {
      await this.client.workflowService.resetActivity({ namespace: this.ns, execution: { workflowId: caseId },
        identity: 'avrr-ops', id: a.activityId, resetHeartbeat: true });
    }
    return { activitiesReset: pending.length };
  }

  /** Reset to the last completed workflow task (the last point the case's code finished cleanly). */
  async reset(caseId: string, reason: string): Promise<{ newRunId: string; resetToEventId: number }> {
    const d = await this.client.workflow.getHandle(caseId).describe();
    const runId = d.raw.workflowExecutionInfo?.execution?.runId ?? '';
    const res = await this.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: this.ns,
      execution: { workflowId: caseId, runId }, maximumPageSize: 200 });
    const completed = (res.history?.events ?? []).find((x) => x.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    if (!completed) throw new Error('no completed workflow task to reset to');
    const eventId = Number(completed.eventId);
    const out: { runId?: string | null } = await this.client.workflowService.resetWorkflowExecution({ namespace: this.ns,
      workflowExecution: { workflowId: caseId, runId }, reason: reason.slice(0, 200), workflowTaskFinishEventId: completed.eventId,
      requestId: randomUUID() });
    return { newRunId: out.runId ?? '', resetToEventId: eventId };
  }

  async terminate(caseId: string, reason: string): Promise<void> {
    await this.client.workflow.getHandle(caseId).terminate(reason.slice(0, 200));
  }
}
