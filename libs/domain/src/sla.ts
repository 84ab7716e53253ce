/**
 * Per-stage SLAs (AVRR.md §9) and the office working-day calendar they count on. Pure: time zones through the
 * JavaScript Intl API (IANA data, never a fixed offset), `now` passed in by the caller.
 */
import type { HoldType, Stage } from './types';
import type { CaseView } from './view';

const DAY_MS = 86_400_000;

/** An office's calendar: IANA time zone, weekend days (0 = Sunday .. 6 = Saturday) and public holidays ('YYYY-MM-DD'). */
export interface OfficeCalendar { timeZone: string; weekendDays: readonly number[]; holidays: readonly string[] }

export const defaultCalendar = (timeZone = 'UTC'): OfficeCalendar => ({ timeZone, weekendDays: [0, 6], holidays: [] });

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock parts of an instant in a time zone. */
export function localParts(ms: number, timeZone: string): { date: string; hour: number; minute: number; second: number; weekday: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay() };
}

/** Offset of a time zone at an instant, in ms (local = UTC + offset). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.parse(`${p.date}T00:00:00Z`) + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant of a local wall-clock time ('YYYY-MM-DD' at hour:minute) in a time zone, DST and Ramadan shifts included. */
export function zonedInstant(date: string, hour: number, timeZone: string, minute = 0): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + (hour * 60 + minute) * 60_000;
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);                      // second pass settles a transition between the two
  return guess;
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: OfficeCalendar): boolean {
  const weekday = new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
  return !cal.weekendDays.includes(weekday) && !cal.holidays.includes(date);
}

/** `n` working days after an instant, at the same local time of day (a start on a non-working day counts from the next). */
export function addOfficeWorkingDays(fromMs: number, n: number, cal: OfficeCalendar): number {
  const p = localParts(fromMs, cal.timeZone);
  let date = p.date;
  let left = n;
  while (left > 0) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date, cal)) left -= 1;
  }
  return zonedInstant(date, p.hour, cal.timeZone, p.minute);
}

/** Working days elapsed between two instants, counted on local dates (whole days, the start day not counted). */
export function workingDaysBetween(fromMs: number, toMs: number, cal: OfficeCalendar): number {
  if (toMs <= fromMs) return 0;
  const from = localParts(fromMs, cal.timeZone).date;
  const to = localParts(toMs, cal.timeZone).date;
  let n = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(d, cal)) n += 1;
  return n;
}

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

/** A period during which a pausing hold was active (placedAt .. liftedAt, open = still active). */
export interface HoldPeriod { type: HoldType; from: string; to?: string }

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

export type BusinessReason = 'SLA_ALERT' | 'SLA_ESCALATED';
