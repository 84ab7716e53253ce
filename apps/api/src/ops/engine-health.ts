/**
 * Whether the engine itself is working, for GET /ops/stuck: the monitor that fills the stuck list runs inside the
 * workers, so when every worker is down the list goes quiet exactly when everything is stuck. The API checks the
 * task queue's pollers and the monitor's last scan itself. Pure: the caller reads Temporal and PostgreSQL. A poller
 * counts as there by the same rule as in the monitor (libs/temporal's freshPollers).
 */
import { freshPollers, PollerReading } from '@avrr/temporal';

export { POLLER_FRESH_MS } from '@avrr/temporal';

/** Last time each poller of the case task queue was seen (workflow and activity pollers), epoch ms. */
export type TaskQueueReading = PollerReading;

export interface EngineAlert {
  reason: 'NO_WORKER_POLLING' | 'MONITOR_STALE' | 'TEMPORAL_UNREACHABLE' | 'DATABASE_UNREACHABLE';
  since?: string;
  detail: Record<string, unknown>;
  suggestedAction: string;
}

export interface EngineHealth {
  taskQueue: string;
  workflowPollers: number | null;
  activityPollers: number | null;
  monitorLastScanAt: string | null;
  alerts: EngineAlert[];
}

export function engineHealth(
  taskQueue: string,
  reading: TaskQueueReading | { error: string },
  lastScanAt: string | null,
  nowMs: number,
  monitorEverySeconds: number,
): EngineHealth {
  const alerts: EngineAlert[] = [];
  let workflowPollers: number | null = null;
  let activityPollers: number | null = null;
  if ('error' in reading) {
    alerts.push({
      reason: 'TEMPORAL_UNREACHABLE',
      detail: { error: reading.error.slice(0, 300) },
      suggestedAction:
        "Check the Temporal server (and the API's TEMPORAL_ADDRESS); commands answer 503 until it is back.",
    });
  } else {
    ({ workflow: workflowPollers, activity: activityPollers } = freshPollers(reading, nowMs));
    if (workflowPollers === 0 || activityPollers === 0) {
      const last = Math.max(0, ...(workflowPollers === 0 ? reading.workflowPollers : reading.activityPollers));
      alerts.push({
        reason: 'NO_WORKER_POLLING',
        ...(last ? { since: new Date(last).toISOString() } : {}),
        detail: { taskQueue, workflowPollers, activityPollers },
        suggestedAction: `Start a worker on task queue ${taskQueue}: every case waits (nothing is lost) and continues by itself once one polls.`,
      });
    }
  }
  // Two missed scans (plus a minute of slack) and the stuck list is not to be trusted.
  const staleAfterMs = (2 * monitorEverySeconds + 60) * 1000;
  if (lastScanAt === null || nowMs - Date.parse(lastScanAt) > staleAfterMs) {
    alerts.push({
      reason: 'MONITOR_STALE',
      ...(lastScanAt ? { since: lastScanAt } : {}),
      detail: { lastScanAt, expectedEverySeconds: monitorEverySeconds },
      suggestedAction:
        'The stuck list may be out of date: check that a worker runs (it hosts the monitor), then POST /ops/stuck/scan.',
    });
  }
  return { taskQueue, workflowPollers, activityPollers, monitorLastScanAt: lastScanAt, alerts };
}
