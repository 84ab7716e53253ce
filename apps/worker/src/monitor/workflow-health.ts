/**
 * Technical stuckness of a case's workflow (AVRR.md §9 "workflow health"): what the monitor concludes from Temporal's
 * reading of one workflow (libs/temporal's TemporalInspection). Infrastructure, not a rule of the domain: it speaks
 * of task queues, pollers, attempts and the operations API's actions. Pure: `nowMs` and the thresholds are passed in.
 */
import type { WorkflowHealthInput } from '@avrr/temporal';

/** PROJECTION_FAILING: a committed command whose projection to PostgreSQL keeps failing (audit and read model behind). */
export type TechnicalReason =
  'ACTIVITY_RETRYING' | 'WORKFLOW_TASK_FAILING' | 'NO_WORKER_POLLING' | 'TIMER_OVERDUE' | 'PROJECTION_FAILING';

export interface TechnicalFinding {
  reason: TechnicalReason;
  since: string;
  detail: Record<string, unknown>;
  suggestedAction: string;
}

export interface HealthThresholds {
  /** An activity beyond this attempt is reported as retrying. */
  activityAttempts: number;
  /** A timer this long past its fire time is reported as overdue. */
  timerGraceMs: number;
}

/** Classifies a workflow's health: each finding has a reason, since when, the evidence and a suggested action. */
export function classifyWorkflowHealth(w: WorkflowHealthInput, nowMs: number, t: HealthThresholds): TechnicalFinding[] {
  const out: TechnicalFinding[] = [];
  const nowIso = new Date(nowMs).toISOString();
  // Each kind of pending work needs its own kind of poller: a workflow task a workflow poller, an activity an activity one.
  const waitingTask = w.workflowTask !== undefined && w.pollers.workflow === 0;
  const waitingActivity = w.pendingActivities.length > 0 && w.pollers.activity === 0;
  if (waitingTask || waitingActivity) {
    out.push({
      reason: 'NO_WORKER_POLLING',
      since: (waitingTask ? w.workflowTask?.scheduledAt : w.pendingActivities[0]?.scheduledAt) ?? nowIso,
      detail: { taskQueue: w.taskQueue, workflowPollers: w.pollers.workflow, activityPollers: w.pollers.activity },
      suggestedAction: `Start a worker polling task queue ${w.taskQueue}; the case continues by itself.`,
    });
  }
  for (const a of w.pendingActivities) {
    if (a.attempt > t.activityAttempts) {
      out.push({
        reason: 'ACTIVITY_RETRYING',
        since: a.scheduledAt ?? nowIso,
        detail: { activityType: a.activityType, attempt: a.attempt, lastFailure: a.lastFailure },
        suggestedAction:
          'Fix the cause of lastFailure, then retry now (POST /ops/cases/:caseId/actions {"action":"RETRY"}).',
      });
    }
  }
  if (w.workflowTask && w.workflowTask.attempt > 1) {
    const nondeterminism = /nondetermin|non-determin/i.test(
      `${w.workflowTask.lastFailure ?? ''} ${w.workflowTask.cause ?? ''}`,
    );
    out.push({
      reason: 'WORKFLOW_TASK_FAILING',
      since: w.workflowTask.scheduledAt ?? nowIso,
      detail: {
        attempt: w.workflowTask.attempt,
        cause: w.workflowTask.cause,
        lastFailure: w.workflowTask.lastFailure,
        nondeterminism,
      },
      suggestedAction: nondeterminism
        ? 'Workflow code changed without patched(): deploy a worker with the fix (replay test), or RESET to the last completed stage.'
        : 'A bug in workflow code: deploy a fix; Temporal retries the task by itself, or RESET to the last completed stage.',
    });
  }
  for (const timer of w.openTimers) {
    if (Date.parse(timer.fireAt) + t.timerGraceMs < nowMs) {
      out.push({
        reason: 'TIMER_OVERDUE',
        since: timer.fireAt,
        detail: { timerId: timer.timerId, fireAt: timer.fireAt },
        // A fired timer is delivered as a workflow task: without a workflow poller nothing runs it.
        suggestedAction:
          w.pollers.workflow === 0
            ? `Start a worker on ${w.taskQueue}.`
            : 'Check the Temporal server and worker health; then RETRY.',
      });
    }
  }
  return out;
}
