import { addOfficeWorkingDays, workingDaysBetween, zonedInstant } from './dates';
import {
  classifyWorkflowHealth, DEFAULT_STAGE_SLAS, evaluateSla, mergeSlas,
} from './sla';

const RABAT = { timeZone: 'Africa/Casablanca', weekendDays: [0, 6], holidays: ['2026-11-18'] };
const at = (iso: string) => Date.parse(iso);

describe('office calendar', () => {
  it('should convert local wall-clock times with the IANA rules, including Morocco moving to UTC+0 for Ramadan', () => {
    expect(new Date(zonedInstant('2026-01-15', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(new Date(zonedInstant('2026-02-25', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-02-25T08:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-01', 8, 'Europe/Paris')).toISOString()).toBe('2026-07-01T06:00:00.000Z');
  });

  it('should skip weekends and holidays when adding and counting working days', () => {
    // Monday 16 Nov 2026, holiday on Wednesday 18: three working days later is Friday 20.
    expect(new Date(addOfficeWorkingDays(at('2026-11-16T09:00:00Z'), 3, RABAT)).toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(workingDaysBetween(at('2026-11-13T09:00:00Z'), at('2026-11-20T09:00:00Z'), RABAT)).toBe(4);
  });
});

describe('evaluateSla', () => {
  const referred = { stage: 'REFERRED' as const, stageEnteredAt: '2026-11-02T09:00:00.000Z', holds: [] };

  it('should alert a referral after 5 working days and escalate after 10', () => {
    expect(evaluateSla(referred, at('2026-11-06T12:00:00Z'), RABAT).state).toBe('OK');
    expect(evaluateSla(referred, at('2026-11-10T12:00:00Z'), RABAT)).toMatchObject({ state: 'ALERT', elapsed: 6, unit: 'WORKING_DAYS' });
    expect(evaluateSla(referred, at('2026-11-17T12:00:00Z'), RABAT).state).toBe('ESCALATE');
  });

  it('should pause while a hold waiting on the migrant is active, and not count its time afterwards', () => {
    const counselling = { stage: 'COUNSELLING' as const, stageEnteredAt: '2026-09-01T09:00:00.000Z', holds: [] };
    const now = at('2026-10-11T09:00:00Z');                                    // 40 days later
    expect(evaluateSla(counselling, now, RABAT).state).toBe('ALERT');
    const held = { ...counselling, holds: [{ type: 'CONTACT_LOST' as const, placedAt: '2026-09-05T09:00:00.000Z' }] };
    expect(evaluateSla(held, now, RABAT).state).toBe('PAUSED');
    const lifted = evaluateSla(counselling, now, RABAT, DEFAULT_STAGE_SLAS,
      [{ type: 'BENEFICIARY_PAUSE', from: '2026-09-05T09:00:00.000Z', to: '2026-09-25T09:00:00.000Z' }]);
    expect(lifted).toMatchObject({ state: 'OK', elapsed: 20 });
  });

  it('should not pause for a hold that is the office own work (a protection risk)', () => {
    const held = { stage: 'COUNSELLING' as const, stageEnteredAt: '2026-09-01T09:00:00.000Z', holds: [{ type: 'PROTECTION_RISK' as const, placedAt: '2026-09-02T09:00:00.000Z' }] };
    expect(evaluateSla(held, at('2026-11-01T09:00:00Z'), RABAT).state).toBe('ESCALATE');
  });

  it('should take per-office overrides', () => {
    const table = mergeSlas(DEFAULT_STAGE_SLAS, { REFERRED: { alert: 2 } });
    expect(evaluateSla(referred, at('2026-11-05T12:00:00Z'), RABAT, table).state).toBe('ALERT');
  });
});

describe('classifyWorkflowHealth', () => {
  const now = at('2026-11-20T12:00:00Z');
  const t = { activityAttempts: 3, timerGraceMs: 120_000 };
  const healthy = { taskQueue: 'avrr-cases', pollers: 2, pendingActivities: [], openTimers: [] };

  it('should find nothing wrong with a workflow waiting on a future timer', () => {
    expect(classifyWorkflowHealth({ ...healthy, openTimers: [{ timerId: '1', fireAt: '2026-11-21T00:00:00.000Z' }] }, now, t)).toEqual([]);
  });

  it('should report an activity retrying beyond the threshold with its last failure and suggest a retry after the fix', () => {
    const [f] = classifyWorkflowHealth({ ...healthy, pendingActivities: [{ activityType: 'projectCase', attempt: 7,
      lastFailure: 'connection refused', scheduledAt: '2026-11-20T11:50:00.000Z' }] }, now, t);
    expect(f).toMatchObject({ reason: 'ACTIVITY_RETRYING', since: '2026-11-20T11:50:00.000Z',
      detail: { activityType: 'projectCase', attempt: 7, lastFailure: 'connection refused' } });
    expect(f.suggestedAction).toMatch(/RETRY/);
  });

  it('should tell a non-determinism failure from another workflow task failure', () => {
    const [f] = classifyWorkflowHealth({ ...healthy, workflowTask: { attempt: 4, cause: 'WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR',
      lastFailure: '[TMPRL1100] Nondeterminism error' } }, now, t);
    expect(f).toMatchObject({ reason: 'WORKFLOW_TASK_FAILING', detail: { nondeterminism: true } });
    expect(f.suggestedAction).toMatch(/RESET/);
  });

  it('should report pending work with no worker polling, and timers overdue past the grace period', () => {
    const found = classifyWorkflowHealth({ ...healthy, pollers: 0, workflowTask: { attempt: 1, scheduledAt: '2026-11-20T11:00:00.000Z' },
      openTimers: [{ timerId: '3', fireAt: '2026-11-20T11:30:00.000Z' }] }, now, t);
    expect(found.map((f) => f.reason)).toEqual(['NO_WORKER_POLLING', 'TIMER_OVERDUE']);
    expect(found[0].suggestedAction).toMatch(/avrr-cases/);
  });
});
