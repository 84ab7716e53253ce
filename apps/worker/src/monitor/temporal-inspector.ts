import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { WorkflowHealthInput } from '@avrr/domain';

const EventType = temporal.api.enums.v1.EventType;
const tsMs = (t?: { seconds?: unknown; nanos?: number | null } | null): number | undefined =>
  t?.seconds === undefined || t?.seconds === null ? undefined : Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
const isoOf = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export interface InspectedWorkflow extends WorkflowHealthInput { workflowId: string; runId: string; historyLength: number; startedAt?: string }

/** Reads what the monitor needs from Temporal: running case workflows, their pending work, failures and timers. */
@Injectable()
export class TemporalInspector {
  constructor(private readonly client: Client, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Workers polling the case task queue (workflow tasks) right now. */
  async pollers(taskQueue = this.config.temporal.taskQueue): Promise<number> {
    const res = await this.client.workflowService.describeTaskQueue({ namespace: this.config.temporal.namespace,
      taskQueue: { name: taskQueue }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW });
    // The server keeps a poller listed for minutes after it stopped; only recent ones count.
    const recent = Date.now() - 60_000;
    return (res.pollers ?? []).filter((p) => (tsMs(p.lastAccessTime) ?? Date.now()) >= recent).length;
  }

  async runningWorkflowIds(taskQueue = this.config.temporal.taskQueue): Promise<string[]> {
    const ids: string[] = [];
    for await (const wf of this.client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'` })) {
      ids.push(wf.workflowId);
    }
    return ids;
  }

  async inspect(workflowId: string, pollers: number): Promise<InspectedWorkflow> {
    const d = await this.client.workflow.getHandle(workflowId).describe();
    const raw = d.raw;
    const runId = raw.workflowExecutionInfo?.execution?.runId ?? '';
    const history = await this.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: this.config.temporal.namespace,
      execution: { workflowId, runId }, maximumPageSize: 60 });
    const closed = new Set<string>();
    const openTimers: { timerId: string; fireAt: string }[] = [];
    let lastTaskFailure: { message?: string; cause?: string } | undefined;
    let completedTaskSeen = false;
    for (const e of history.history?.events ?? []) {
      if (e.eventType === EventType.EVENT_TYPE_TIMER_FIRED) closed.add(e.timerFiredEventAttributes?.timerId ?? '');
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_CANCELED) closed.add(e.timerCanceledEventAttributes?.timerId ?? '');
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) {
        const a = e.timerStartedEventAttributes;
        if (a?.timerId && !closed.has(a.timerId)) {
          openTimers.push({ timerId: a.timerId, fireAt: isoOf((tsMs(e.eventTime) ?? 0) + (tsMs(a.startToFireTimeout) ?? 0))! });
        }
      } else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) completedTaskSeen = true;
      else if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED && !completedTaskSeen && !lastTaskFailure) {
        const a = e.workflowTaskFailedEventAttributes;
        lastTaskFailure = { message: a?.failure?.message ?? undefined,
          cause: a?.cause !== undefined && a?.cause !== null ? temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause] : undefined };
      }
    }
    const wft = raw.pendingWorkflowTask;
    return {
      workflowId, runId, historyLength: d.historyLength, startedAt: isoOf(d.startTime?.getTime()),
      taskQueue: d.taskQueue, pollers,
      pendingActivities: (raw.pendingActivities ?? []).map((a) => ({
        activityType: a.activityType?.name ?? 'unknown', attempt: a.attempt ?? 1, lastFailure: a.lastFailure?.message ?? undefined,
        scheduledAt: isoOf(tsMs(a.scheduledTime) ?? tsMs(a.lastStartedTime)),
      })),
      ...(wft ? { workflowTask: { attempt: wft.attempt ?? 1, scheduledAt: isoOf(tsMs(wft.originalScheduledTime) ?? tsMs(wft.scheduledTime)),
        lastFailure: lastTaskFailure?.message, cause: lastTaskFailure?.cause } } : {}),
      openTimers,
    };
  }
}
