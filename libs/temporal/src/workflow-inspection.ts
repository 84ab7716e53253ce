/**
 * What operations read from Temporal about the case task queue and one case's workflow, as plain data: the API's
 * diagnostic and engine health (GET /ops/cases/:caseId, GET /ops/stuck) and the worker's stuck-case monitor read it
 * through this one module, so they cannot disagree on what "a worker is polling" or "the task has failed" means.
 * Judging the reading (which findings, what to do) is the caller's: the monitor classifies, the API reports.
 * This file holds the reading's types and the pure rules on it; temporal-inspection.ts reads it from Temporal.
 */

/**
 * A poller is listed again at each long poll (about a minute when idle; the server keeps listing it for minutes
 * after it stopped): last seen longer ago than this means it is gone. Under 60 s an idle worker would blink.
 */
export const POLLER_FRESH_MS = 90_000;

/**
 * How many of the newest history events are read for the workflow task's last failure and the open timers. A timer
 * started further back is not seen; reading whole histories of every running case at each scan would cost more.
 */
export const HISTORY_WINDOW = 60;

/** When each poller of a task queue was last seen, epoch ms (a poller listed without a time counts as never seen). */
export interface PollerReading {
  workflowPollers: number[];
  activityPollers: number[];
}

/** Pollers seen within POLLER_FRESH_MS of `nowMs`: the workers that are really there. */
export function freshPollers(reading: PollerReading, nowMs: number): { workflow: number; activity: number } {
  const fresh = (seen: number[]) => seen.filter((at) => nowMs - at <= POLLER_FRESH_MS).length;
  return { workflow: fresh(reading.workflowPollers), activity: fresh(reading.activityPollers) };
}

export interface PendingActivityReading {
  activityId: string;
  activityType: string;
  attempt: number;
  state: string;
  lastFailure?: string;
  /** When the activity was scheduled (or, when the server has no such time, last started). */
  scheduledAt?: string;
  nextAttemptAt?: string;
}

export interface PendingWorkflowTaskReading {
  attempt: number;
  state: string;
  /** When the task was first scheduled: a task failing again and again keeps this time across its attempts. */
  scheduledAt?: string;
  /** The last WorkflowTaskFailed after the last completed task (an earlier failure was resolved). */
  lastFailure?: string;
  cause?: string;
}

export interface WorkflowInspection {
  workflowId: string;
  runId: string;
  status: string;
  taskQueue: string;
  historyLength: number;
  startedAt?: string;
  pendingActivities: PendingActivityReading[];
  workflowTask?: PendingWorkflowTaskReading;
  /** Timers started and neither fired nor cancelled, with the time they should fire (within HISTORY_WINDOW). */
  openTimers: { timerId: string; fireAt: string }[];
}

/** The input of the monitor's health classification: one workflow's reading and the live pollers of its task queue. */
export type WorkflowHealthInput = Pick<
  WorkflowInspection,
  'taskQueue' | 'pendingActivities' | 'workflowTask' | 'openTimers'
> & { pollers: { workflow: number; activity: number } };
