/**
 * Where the time of one command goes, from the driver's clock and the workflow's history (same machine, same clock).
 *
 * One command = one Update that runs one activity. With a local activity (the case workflow's projection between the
 * `projection-local-activity` and `projection-after-commit` patches, and the bare+PG arm's row write) it is one workflow task (scheduled, started,
 * completed) that accepts the Update, runs the activity inside the worker and completes the Update. With a regular
 * activity (older histories, or a projection handed over after its local attempts failed) it is a workflow task that
 * accepts the Update, the activity (scheduled, started, completed), a second workflow task that completes it.
 * With the times the driver sent the command and got the answer, that splits the latency into segments that say
 * whose time it is: the caller's side (HTTP, API, client), Temporal's queues, the worker's code, the activity.
 */
import { temporal } from '@temporalio/proto';
import { LatencySummary, summarize } from './stats';

const ET = temporal.api.enums.v1.EventType;

/** When the driver sent a command and when the answer came back (epoch ms). */
export interface Sample {
  sent: number;
  done: number;
}

export const SEGMENTS = [
  ['to Temporal', 'driver sent -> workflow task scheduled (HTTP, API before the Update, client -> server)'],
  ['task 1 queued', 'workflow task scheduled -> started (server -> worker)'],
  ['task 1 in worker', 'workflow task started -> completed (validator, handler; a local activity runs in it)'],
  ['activity queued', 'regular activity only: scheduled -> started'],
  ['activity runs', 'regular activity only: started -> completed (projection: PostgreSQL, reminders)'],
  ['task 2 queued', 'regular activity only: activity completed -> workflow task started'],
  ['task 2 in worker', 'regular activity only: workflow task started -> completed (the Update result)'],
  [
    'back to caller',
    'last workflow task completed -> driver got the answer (server -> client, API after the Update, HTTP)',
  ],
] as const;

export type Segment = (typeof SEGMENTS)[number][0];
export type Breakdown = Record<Segment, LatencySummary>;

const at = (e: temporal.api.history.v1.IHistoryEvent): number =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;

interface UpdateTimes {
  task1: [number, number, number];
  activity?: [number, number, number];
  task2?: [number, number, number];
}

/** The timestamps of each Update in a history (in history order); activity and task 2 only for a regular activity. */
export function updateTimes(history: temporal.api.history.v1.IHistory): UpdateTimes[] {
  const out: UpdateTimes[] = [];
  let task: [number, number, number] = [NaN, NaN, NaN];
  let open: (Partial<UpdateTimes> & { activity?: [number, number, number] }) | undefined;
  for (const e of history.events ?? []) {
    switch (e.eventType) {
      case ET.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        task = [at(e), NaN, NaN];
        break;
      case ET.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        task[1] = at(e);
        break;
      case ET.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        task[2] = at(e);
        break;
      case ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        open = { task1: [...task] };
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        if (open) open.activity = [at(e), NaN, NaN];
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        if (open?.activity) open.activity[1] = at(e);
        break;
      case ET.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        if (open?.activity) open.activity[2] = at(e);
        break;
      case ET.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        if (open?.task1)
          out.push(
            open.activity ? { task1: open.task1, activity: open.activity, task2: [...task] } : { task1: open.task1 },
          );
        open = undefined;
        break;
      default:
        break;
    }
  }
  return out;
}

/** Segments of the last `samples.length` Updates of a history, matched in order with the driver's samples. */
export function segmentsOf(
  history: temporal.api.history.v1.IHistory,
  samples: Sample[],
): Array<Record<Segment, number>> {
  const times = updateTimes(history).slice(-samples.length);
  if (times.length !== samples.length) return [];
  return samples.map((s, i) => {
    const { task1, activity, task2 } = times[i];
    const values =
      activity && task2
        ? [
            task1[0] - s.sent,
            task1[1] - task1[0],
            task1[2] - task1[1],
            activity[1] - activity[0],
            activity[2] - activity[1],
            task2[1] - activity[2],
            task2[2] - task2[1],
            s.done - task2[2],
          ]
        : [task1[0] - s.sent, task1[1] - task1[0], task1[2] - task1[1], NaN, NaN, NaN, NaN, s.done - task1[2]];
    return Object.fromEntries(SEGMENTS.map(([name], k) => [name, values[k]])) as Record<Segment, number>;
  });
}

export function summarizeSegments(rows: Array<Record<Segment, number>>): Breakdown {
  return Object.fromEntries(
    SEGMENTS.map(([name]) => [name, summarize(rows.map((r) => r[name]).filter(Number.isFinite))]),
  ) as Breakdown;
}
