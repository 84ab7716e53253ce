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
export interface StageSla {
  alert: number;
  escalate: number;
  unit: SlaUnit;
  basis: string;
  /** The critical level, where the brief names one (sla-levels.ts DEFAULT_CRITICAL_THRESHOLDS otherwise). */
  critical?: number;
}
export type SlaTable = Partial<Record<Stage, StageSla>>;

/**
 * Per-stage thresholds counted from stage entry (AVRR.md §9). Stages whose SLA depends on facts the rules do not
 * model yet (tranches, monitoring visits, RSS) are absent; DEPARTED is counted in days from departure.
 */
export const DEFAULT_STAGE_SLAS: SlaTable = {
  REFERRED: { alert: 5, escalate: 10, unit: 'WORKING_DAYS', basis: 'referral to registration' },
  REGISTERED: { alert: 7, escalate: 14, unit: 'DAYS', basis: 'registration to first counselling' },
  COUNSELLING: { alert: 30, escalate: 60, unit: 'DAYS', basis: 'counselling to declaration' },
  SCREENING: { alert: 30, escalate: 60, unit: 'DAYS', basis: 'counselling to declaration' },
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
  'BENEFICIARY_PAUSE',
  'CONTACT_LOST',
  'LEGAL_PROCEEDINGS',
  'DOCUMENT_REFUSED',
  'COO_SECURITY',
  'MEDICAL_UNFIT',
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
  state: SlaState;
  stage: Stage;
  elapsed: number;
  unit: SlaUnit;
  alert?: number;
  escalate?: number;
  /** Paused time excluded from `elapsed`, ms. */
  pausedMs: number;
}

/** A clock against one SLA: effective time since `from`, the pausing holds' time excluded. */
export interface SlaClock {
  state: Exclude<SlaState, 'NONE'>;
  elapsed: number;
  /** Paused time excluded from `elapsed`, ms. */
  pausedMs: number;
}

/**
 * Runs one SLA clock from `from` to `now`: the time a pausing hold was active (since `from`) is excluded, and the
 * rest counted in days or working days of the office calendar. The stage SLAs and the journey SLA (sla-levels.ts)
 * both count this way.
 */
export function runSlaClock(
  sla: Pick<StageSla, 'alert' | 'escalate' | 'unit'>,
  from: number,
  now: number,
  cal: OfficeCalendar,
  holds: Pick<CaseView, 'holds'>['holds'],
  pastHolds: readonly HoldPeriod[] = [],
): SlaClock {
  const periods: HoldPeriod[] = [...pastHolds, ...holds.map((h) => ({ type: h.type, from: h.placedAt }))].filter((h) =>
    SLA_PAUSING_HOLDS.includes(h.type),
  );
  const pausedMs = pausedWithin(periods, from, now);
  const activePause = holds.some((h) => SLA_PAUSING_HOLDS.includes(h.type));
  const effectiveEnd = now - pausedMs;
  const elapsed =
    sla.unit === 'WORKING_DAYS'
      ? workingDaysBetween(from, effectiveEnd, cal)
      : Math.floor(Math.max(0, effectiveEnd - from) / DAY_MS);
  const state: SlaClock['state'] = activePause
    ? 'PAUSED'
    : elapsed >= sla.escalate
      ? 'ESCALATE'
      : elapsed >= sla.alert
        ? 'ALERT'
        : 'OK';
  return { state, elapsed, pausedMs };
}

/** Where a case stands against its stage's SLA at `now`, counted from stage entry (runSlaClock). */
export function evaluateSla(
  view: Pick<CaseView, 'stage' | 'stageEnteredAt' | 'holds'>,
  now: number,
  cal: OfficeCalendar,
  table: SlaTable = DEFAULT_STAGE_SLAS,
  pastHolds: readonly HoldPeriod[] = [],
): SlaEvaluation {
  const sla = table[view.stage];
  const entered = Date.parse(view.stageEnteredAt);
  if (!sla) {
    const { pausedMs } = runSlaClock({ alert: 0, escalate: 0, unit: 'DAYS' }, entered, now, cal, view.holds, pastHolds);
    return { state: 'NONE', stage: view.stage, elapsed: 0, unit: 'DAYS', pausedMs };
  }
  const clock = runSlaClock(sla, entered, now, cal, view.holds, pastHolds);
  return { ...clock, stage: view.stage, unit: sla.unit, alert: sla.alert, escalate: sla.escalate };
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
    else {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    }
  }
  if (cur) total += cur[1] - cur[0];
  return total;
}
