/**
 * Per-stage SLAs (AVRR.md §9), counted on the office's working-day calendar (dates.ts). Pure: `now` passed in by the caller.
 */
import { workingDaysBetween, type OfficeCalendar } from './dates';
import type { HoldPeriod } from './hold-periods';
import type { HoldType, Stage } from './types';
import type { CaseView } from './view';

const DAY_MS = 86_400_000;

// ------------------------------------------------------------------------------------------------- SLAs

export type SlaUnit = 'WORKING_DAYS' | 'DAYS';
export interface StageSla { alert: number; escalate: number; unit: SlaUnit; basis: string }
export type SlaTable = Partial<Record<Stage, StageSla>>;

/**
 * Per-stage thresholds counted from stage entry (AVRR.md §9). Stages whose SLA depends on facts the rules do not
 * model yet (tranches, monitoring visits, RSS) are absent; DEPARTED is counted in days from departure.
 */
export const DEFAULT_STAGE_SLAS: SlaTable = {
  REFERRED: { alert: 5, escalate: 10, unit: 'WORKING_DAYS', basis: 'referral to registration' },
  REGISTERED: { alert: 7, escalate: 14, unit: 'DAYS', basis: 'registration to first counselling' },
  COUNSELLING: { alert: 30, escalate: 60, unit: 'DAYS', basis: 'counselling to declaration' },
  SCREENING: { alert: 21, escalate: 45, unit: 'DAYS', basis: 'specialised assessments' },
  ASSESSMENT: { alert: 21, escalate: 45, unit: 'DAYS', basis: 'specialised assessments' },
  APPROVED: { alert: 14, escalate: 30, unit: 'DAYS', basis: 'exit authorization' },
  DOCUMENTATION: { alert: 30, escalate: 45, unit: 'DAYS', basis: 'consular LP request' },
  READY_FOR_BOOKING: { alert: 7, escalate: 14, unit: 'DAYS', basis: 'READY_FOR_BOOKING to BOOKED' },
  DEPARTED: { alert: 1, escalate: 2, unit: 'DAYS', basis: 'departure to arrival confirmation' },
  ARRIVED: { alert: 14, escalate: 30, unit: 'DAYS', basis: 'arrival to first reintegration counselling' },
  REINTEGRATION_COUNSELLING: { alert: 30, escalate: 45, unit: 'DAYS', basis: 'arrival to plan agreed' },
  PLAN_AGREED: { alert: 30, escalate: 45, unit: 'DAYS', basis: 'plan to tranche 1' },
};

/** Holds that wait on the migrant or an outside authority: the SLA clock stops while one is active. */
export const SLA_PAUSING_HOLDS: readonly HoldType[] = [
  'BENEFICIARY_PAUSE', 'CONTACT_LOST', 'LEGAL_PROCEEDINGS', 'DOCUMENT_REFUSED', 'COO_SECURITY', 'MEDICAL_UNFIT',
];

/** A per-office override: the whole table entry or parts of it per stage. */
export type SlaOverrides = Partial<Record<Stage, Partial<StageSla>>>;

export function mergeSlas(base: SlaTable, overrides: SlaOverrides | undefined): SlaTable {
  const out: SlaTable = { ...base };
  for (const [stage, o] of Object.entries(overrides ?? {}) as [Stage, Partial<StageSla>][]) {
    const current = out[stage];
    if (current || (o.alert !== undefined && o.escalate !== undefined)) {
      out[stage] = { unit: 'DAYS', basis: 'office override', ...(current ?? {}), ...o } as StageSla;
    }
  }
  return out;
}

export type SlaState = 'OK' | 'ALERT' | 'ESCALATE' | 'PAUSED' | 'NONE';

export interface SlaEvaluation {
  state: SlaState; stage: Stage; elapsed: number; unit: SlaUnit; alert?: number; escalate?: number;
  /** Paused time excluded from `elapsed`, ms. */
  pausedMs: number;
}

/**
 * Where a case stands against its stage's SLA at `now`: effective time since stage entry, minus the time a pausing
 * hold was active (since entry), in days or working days of the office calendar.
 */
export function evaluateSla(view: Pick<CaseView, 'stage' | 'stageEnteredAt' | 'holds'>, now: number, cal: OfficeCalendar,
                            table: SlaTable = DEFAULT_STAGE_SLAS, pastHolds: readonly HoldPeriod[] = []): SlaEvaluation {
  const sla = table[view.stage];
  const entered = Date.parse(view.stageEnteredAt);
  const periods: HoldPeriod[] = [...pastHolds, ...view.holds.map((h) => ({ type: h.type, from: h.placedAt }))]
    .filter((h) => SLA_PAUSING_HOLDS.includes(h.type));
  const pausedMs = pausedWithin(periods, entered, now);
  if (!sla) return { state: 'NONE', stage: view.stage, elapsed: 0, unit: 'DAYS', pausedMs };
  const activePause = view.holds.some((h) => SLA_PAUSING_HOLDS.includes(h.type));
  const effectiveEnd = now - pausedMs;
  const elapsed = sla.unit === 'WORKING_DAYS'
    ? workingDaysBetween(entered, effectiveEnd, cal)
    : Math.floor(Math.max(0, effectiveEnd - entered) / DAY_MS);
  const state: SlaState = activePause ? 'PAUSED' : elapsed >= sla.escalate ? 'ESCALATE' : elapsed >= sla.alert ? 'ALERT' : 'OK';
  return { state, stage: view.stage, elapsed, unit: sla.unit, alert: sla.alert, escalate: sla.escalate, pausedMs };
}

/** Total length of the union of the periods, clipped to [from, to]. */
function pausedWithin(periods: readonly HoldPeriod[], from: number, to: number): number {
  const spans = periods
    .map((p) => [Math.max(from, Date.parse(p.from)), Math.min(to, p.to ? Date.parse(p.to) : to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | null = null;
  for (const [a, b] of spans) {
    if (cur && a <= cur[1]) cur[1] = Math.max(cur[1], b);
    else { if (cur) total += cur[1] - cur[0]; cur = [a, b]; }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}

// ------------------------------------------------------------------------------------------------- workflow health

/** Why a case's workflow is technically stuck (AVRR.md §9 "workflow health"). */
/** PROJECTION_FAILING: a committed command whose projection to PostgreSQL keeps failing (audit and read model behind). */
export type TechnicalReason = 'ACTIVITY_RETRYING' | 'WORKFLOW_TASK_FAILING' | 'NO_WORKER_POLLING' | 'TIMER_OVERDUE' | 'PROJECTION_FAILING';
export type BusinessReason = 'SLA_ALERT' | 'SLA_ESCALATED';

/** What the monitor read about one running workflow (from Temporal's describe and recent history), as plain data. */
export interface WorkflowHealthInput {
  taskQueue: string;
  /** Pollers seen on the task queue in the last minutes (0 = no worker). */
  pollers: number;
  pendingActivities: { activityType: string; attempt: number; lastFailure?: string; scheduledAt?: string }[];
  /** Attempt of the pending workflow task (> 1: it has failed before), with the last failure from history. */
  workflowTask?: { attempt: number; scheduledAt?: string; lastFailure?: string; cause?: string };
  /** Timers started and not fired or cancelled, with the time they should have fired. */
  openTimers: { timerId: string; fireAt: string }[];
}

export interface TechnicalFinding { reason: TechnicalReason; since: string; detail: Record<string, unknown>; suggestedAction: string }

const short = (s: string | undefined, n = 300) => (s && s.length > n ? `${s.slice(0, n)}...` : s);

/** Classifies a workflow's health: each finding has a reason, since when, the evidence and a suggested action. */
export function classifyWorkflowHealth(w: WorkflowHealthInput, nowMs: number,
                                       t: { activityAttempts: number; timerGraceMs: number }): TechnicalFinding[] {
  const out: TechnicalFinding[] = [];
  const hasWork = w.pendingActivities.length > 0 || w.workflowTask !== undefined;
  if (w.pollers === 0 && hasWork) {
    out.push({ reason: 'NO_WORKER_POLLING', since: w.workflowTask?.scheduledAt ?? w.pendingActivities[0]?.scheduledAt ?? new Date(nowMs).toISOString(),
      detail: { taskQueue: w.taskQueue }, suggestedAction: `Start a worker polling task queue ${w.taskQueue}; the case continues by itself.` });
  }
  for (const a of w.pendingActivities) {
    if (a.attempt > t.activityAttempts) {
      out.push({ reason: 'ACTIVITY_RETRYING', since: a.scheduledAt ?? new Date(nowMs).toISOString(),
        detail: { activityType: a.activityType, attempt: a.attempt, lastFailure: short(a.lastFailure) },
        suggestedAction: 'Fix the cause of lastFailure, then retry now (POST /ops/cases/:caseId/actions {"action":"RETRY"}).' });
    }
  }
  if (w.workflowTask && w.workflowTask.attempt > 1) {
    const nondeterminism = /nondetermin|non-determin/i.test(`${w.workflowTask.lastFailure ?? ''} ${w.workflowTask.cause ?? ''}`);
    out.push({ reason: 'WORKFLOW_TASK_FAILING', since: w.workflowTask.scheduledAt ?? new Date(nowMs).toISOString(),
      detail: { attempt: w.workflowTask.attempt, cause: w.workflowTask.cause, lastFailure: short(w.workflowTask.lastFailure), nondeterminism },
      suggestedAction: nondeterminism
        ? 'Workflow code changed without patched(): deploy a worker with the fix (replay test), or RESET to the last completed stage.'
        : 'A bug in workflow code: deploy a fix; Temporal retries the task by itself, or RESET to the last completed stage.' });
  }
  for (const timer of w.openTimers) {
    if (Date.parse(timer.fireAt) + t.timerGraceMs < nowMs) {
      out.push({ reason: 'TIMER_OVERDUE', since: timer.fireAt, detail: { timerId: timer.timerId, fireAt: timer.fireAt },
        suggestedAction: w.pollers === 0 ? `Start a worker on ${w.taskQueue}.` : 'Check the Temporal server and worker health; then RETRY.' });
    }
  }
  return out;
}
