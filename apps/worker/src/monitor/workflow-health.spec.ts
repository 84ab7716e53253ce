import type { WorkflowHealthInput } from '@avrr/temporal';
import { classifyWorkflowHealth } from './workflow-health';

const at = (iso: string) => Date.parse(iso);

describe('classifyWorkflowHealth', () => {
  const now = at('2026-11-20T12:00:00Z');
  const t = { activityAttempts: 3, timerGraceMs: 120_000 };
  const healthy: WorkflowHealthInput = {
    taskQueue: 'avrr-cases',
    pollers: { workflow: 2, activity: 2 },
    pendingActivities: [],
    openTimers: [],
  };
  const activity = (attempt: number) => ({
    activityId: '1',
    activityType: 'projectCase',
    attempt,
    state: 'PENDING_ACTIVITY_STATE_SCHEDULED',
    lastFailure: 'connection refused',
    scheduledAt: '2026-11-20T11:50:00.000Z',
  });

  it('should find nothing wrong with a workflow waiting on a future timer', () => {
    expect(
      classifyWorkflowHealth(
        { ...healthy, openTimers: [{ timerId: '1', fireAt: '2026-11-21T00:00:00.000Z' }] },
        now,
        t,
      ),
    ).toEqual([]);
  });

  it('should report an activity retrying beyond the threshold with its last failure and suggest a retry after the fix', () => {
    const [f] = classifyWorkflowHealth({ ...healthy, pendingActivities: [activity(7)] }, now, t);
    expect(f).toMatchObject({
      reason: 'ACTIVITY_RETRYING',
      since: '2026-11-20T11:50:00.000Z',
      detail: { activityType: 'projectCase', attempt: 7, lastFailure: 'connection refused' },
    });
    expect(f.suggestedAction).toMatch(/RETRY/);
  });

  it('should tell a non-determinism failure from another workflow task failure', () => {
    const [f] = classifyWorkflowHealth(
      {
        ...healthy,
        workflowTask: {
          attempt: 4,
          state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR',
          lastFailure: '[TMPRL1100] Nondeterminism error',
        },
      },
      now,
      t,
    );
    expect(f).toMatchObject({ reason: 'WORKFLOW_TASK_FAILING', detail: { nondeterminism: true } });
    expect(f.suggestedAction).toMatch(/RESET/);
    const [other] = classifyWorkflowHealth(
      {
        ...healthy,
        workflowTask: {
          attempt: 2,
          state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
          lastFailure: 'TypeError: x is undefined',
        },
      },
      now,
      t,
    );
    expect(other).toMatchObject({ reason: 'WORKFLOW_TASK_FAILING', detail: { nondeterminism: false } });
  });

  it('should report pending work with no worker polling, and timers overdue past the grace period', () => {
    const found = classifyWorkflowHealth(
      {
        ...healthy,
        pollers: { workflow: 0, activity: 0 },
        workflowTask: {
          attempt: 1,
          state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED',
          scheduledAt: '2026-11-20T11:00:00.000Z',
        },
        openTimers: [{ timerId: '3', fireAt: '2026-11-20T11:30:00.000Z' }],
      },
      now,
      t,
    );
    expect(found.map((f) => f.reason)).toEqual(['NO_WORKER_POLLING', 'TIMER_OVERDUE']);
    expect(found[0]).toMatchObject({
      since: '2026-11-20T11:00:00.000Z',
      detail: { workflowPollers: 0, activityPollers: 0 },
    });
    expect(found[0].suggestedAction).toMatch(/avrr-cases/);
  });

  it('should match each kind of pending work with its own kind of poller', () => {
    // A pending activity with workflow pollers only still waits for a worker; a workflow task with activity pollers only too.
    const activityOnly = classifyWorkflowHealth(
      { ...healthy, pollers: { workflow: 1, activity: 0 }, pendingActivities: [activity(1)] },
      now,
      t,
    );
    expect(activityOnly.map((f) => f.reason)).toEqual(['NO_WORKER_POLLING']);
    expect(activityOnly[0].since).toBe('2026-11-20T11:50:00.000Z');
    const taskOnly = classifyWorkflowHealth(
      {
        ...healthy,
        pollers: { workflow: 0, activity: 1 },
        workflowTask: { attempt: 1, state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED' },
      },
      now,
      t,
    );
    expect(taskOnly.map((f) => f.reason)).toEqual(['NO_WORKER_POLLING']);
    // Work of one kind waiting while only the other kind of poller is missing is not stuck.
    expect(
      classifyWorkflowHealth(
        {
          ...healthy,
          pollers: { workflow: 1, activity: 0 },
          workflowTask: { attempt: 1, state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED' },
        },
        now,
        t,
      ),
    ).toEqual([]);
  });
});
