import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { HISTORY_WINDOW, PollerReading, WorkflowInspection } from './workflow-inspection';

const EventType = temporal.api.enums.v1.EventType;
const TaskQueueType = temporal.api.enums.v1.TaskQueueType;

/** Failure messages are cut to this length (they can hold a stack trace). */
const FAILURE_CHARS = 300;

const tsMs = (t?: { seconds?: unknown; nanos?: number | null } | null): number | undefined =>
  t?.seconds === undefined || t?.seconds === null
    ? undefined
    : Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());
const short = (s?: string | null) =>
  s ? (s.length > FAILURE_CHARS ? `${s.slice(0, FAILURE_CHARS)}...` : s) : undefined;

/** Reads the case task queue and case workflows from Temporal's API (describe, task queue pollers, recent history). */
@Injectable()
export class TemporalInspection {
  constructor(
    private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get namespace() {
    return this.config.temporal.namespace;
  }

  /** When each workflow and activity poller of the task queue (default: the case task queue) was last seen. */
  async pollers(taskQueue = this.config.temporal.taskQueue): Promise<PollerReading> {
    const seen = async (taskQueueType: temporal.api.enums.v1.TaskQueueType) => {
      const res = await this.client.workflowService.describeTaskQueue({
        namespace: this.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType,
      });
      return (res.pollers ?? []).map((p) => tsMs(p.lastAccessTime) ?? 0);
    };
    const [workflowPollers, activityPollers] = await Promise.all([
      seen(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW),
      seen(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY),
    ]);
    return { workflowPollers, activityPollers };
  }

  /** Ids of the running workflows on the task queue (default: the case task queue). */
  async runningWorkflowIds(taskQueue = this.config.temporal.taskQueue): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of this.client.workflow.list({
      query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'`,
    })) {
      ids.push(wf.workflowId);
    }
    return ids;
  }

  /** The workflow's current run: status, pending work, the workflow task's last failure and open timers; null when none exists. */
  async inspect(workflowId: string): Promise<WorkflowInspection | null> {
    let d;
    try {
      d = await this.client.workflow.getHandle(workflowId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
    const raw = d.raw;
    const runId = raw.workflowExecutionInfo?.execution?.runId ?? '';
    const recent = await this.recentHistory(workflowId, runId);
    const wft = raw.pendingWorkflowTask;
    return {
      workflowId,
      runId,
      status: d.status.name,
      taskQueue: d.taskQueue,
      historyLength: d.historyLength,
      startedAt: d.startTime?.toISOString(),
      pendingActivities: (raw.pendingActivities ?? []).map((a) => ({
        activityId: a.activityId ?? '',
        activityType: a.activityType?.name ?? 'unknown',
        attempt: a.attempt ?? 1,
        state: temporal.api.enums.v1.PendingActivityState[a.state ?? 0] ?? String(a.state),
        lastFailure: short(a.lastFailure?.message),
        scheduledAt: iso(tsMs(a.scheduledTime) ?? tsMs(a.lastStartedTime)),
        nextAttemptAt: iso(tsMs(a.nextAttemptScheduleTime)),
      })),
      ...(wft
        ? {
            workflowTask: {
              attempt: wft.attempt ?? 1,
              state: temporal.api.enums.v1.PendingWorkflowTaskState[wft.state ?? 0] ?? '',
              scheduledAt: iso(tsMs(wft.originalScheduledTime) ?? tsMs(wft.scheduledTime)),
              ...(recent.lastTaskFailure ?? {}),
            },
          }
        : {}),
      openTimers: recent.openTimers,
    };
  }

  /** The newest HISTORY_WINDOW events, newest first: the workflow task's last unresolved failure and the open timers. */
  private async recentHistory(
    workflowId: string,
    runId: string,
  ): Promise<{
    lastTaskFailure?: { lastFailure?: string; cause?: string };
    openTimers: { timerId: string; fireAt: string }[];
  }> {
    const res = await this.client.workflowService.getWorkflowExecutionHistoryReverse({
      namespace: this.namespace,
      execution: { workflowId, runId },
      maximumPageSize: HISTORY_WINDOW,
    });
    const closedTimers = new Set<string>();
    const openTimers: { timerId: string; fireAt: string }[] = [];
    let lastTaskFailure: { lastFailure?: string; cause?: string } | undefined;
    let completedTaskSeen = false;
    for (const e of res.history?.events ?? []) {
      if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED)
        closedTimers.add(e.timerFiredEventAttributes?.timerId ?? '');
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED)
        closedTimers.add(e.timerCanceledEventAttributes?.timerId ?? '');
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
        const a = e.timerStartedEventAttributes;
        if (a?.timerId && !closedTimers.has(a.timerId)) {
          openTimers.push({
            timerId: a.timerId,
            fireAt: iso((tsMs(e.eventTime) ?? 0) + (tsMs(a.startToFireTimeout) ?? 0))!,
          });
        }
      } else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) completedTaskSeen = true;
      else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED && !completedTaskSeen && !lastTaskFailure) {
        const a = e.workflowTaskFailedEventAttributes;
        lastTaskFailure = {
          lastFailure: short(a?.failure?.message),
          cause:
            a?.cause !== undefined && a?.cause !== null
              ? temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause]
              : undefined,
        };
      }
    }
    return { ...(lastTaskFailure ? { lastTaskFailure } : {}), openTimers };
  }
}
