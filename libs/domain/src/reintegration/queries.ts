/** Read-only questions about the reintegration part of a case, shared by its rules, deadlines and view. */
import { addDays, addMonths, daysBetween, handoverDeadline, startOfDay, toDate } from '../dates';
import type { CaseState } from '../state';
import type { ReintegrationConfig } from '../config';
import {
  blankReintegration,
  failedAttemptsSinceContact,
  type PlanVersionState,
  type ReferralState,
  type ReintegrationState,
  type RssResultState,
  type TrancheState,
} from '../reintegration-model';

export function ri(state: CaseState): ReintegrationState {
  return state.reintegration ?? blankReintegration();
}

/** Amounts are decimals with at most 2 places: sums are made in cents so 0.1 + 0.2 stays 0.3. */
export function cents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(c: number): number {
  return c / 100;
}

export function hasAtMost2Decimals(amount: unknown): amount is number {
  return (
    typeof amount === 'number' && Number.isFinite(amount) && Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6
  );
}

export function currentPlan(r: ReintegrationState): PlanVersionState | undefined {
  return r.plans[r.plans.length - 1];
}

export function referralsOf(r: ReintegrationState): ReferralState[] {
  return r.referrals ?? [];
}

export function findReferral(r: ReintegrationState, referralId: string | undefined): ReferralState | undefined {
  return referralsOf(r).find((f) => f.referralId === referralId);
}

export function findTranche(r: ReintegrationState, trancheId: string | undefined): TrancheState | undefined {
  return r.tranches.find((t) => t.trancheId === trancheId);
}

/** Cents of the tranches with the given statuses. */
export function totalOf(r: ReintegrationState, statuses: readonly TrancheState['status'][], except?: string): number {
  return r.tranches
    .filter((t) => statuses.includes(t.status) && t.trancheId !== except)
    .reduce((s, t) => s + cents(t.amount), 0);
}

export function paidCents(r: ReintegrationState): number {
  return totalOf(r, ['PAID']);
}

/** Cents the case may still pay: the envelope of the current plan minus what was paid. */
export function remainingCents(r: ReintegrationState): number {
  const plan = currentPlan(r);
  return plan ? cents(plan.envelope) - paidCents(r) : 0;
}

/** The last paid tranche released before this one, if any. */
export function previousPaidTranche(r: ReintegrationState, tranche: TrancheState): TrancheState | undefined {
  return r.tranches
    .filter((t) => t.status === 'PAID' && t.sequence < tranche.sequence)
    .sort((a, b) => b.sequence - a.sequence)[0];
}

/** Money requested or approved and not yet paid. */
export function moneyInFlight(r: ReintegrationState): TrancheState[] {
  return r.tranches.filter((t) => t.status === 'REQUESTED' || t.status === 'APPROVED');
}

export function openTranches(r: ReintegrationState): TrancheState[] {
  return r.tranches.filter((t) => t.status === 'PLANNED' || t.status === 'REQUESTED' || t.status === 'APPROVED');
}

export function latestRss(r: ReintegrationState): RssResultState | undefined {
  return r.rss[r.rss.length - 1];
}

export function endlineRss(r: ReintegrationState): RssResultState | undefined {
  return [...r.rss].reverse().find((x) => x.timing === 'ENDLINE');
}

/** The returnee can no longer receive assistance: the principal applicant (or every member) died, or opted out. */
export function assistanceStopped(state: CaseState): 'DECEASED' | 'OPTED_OUT' | null {
  const pa = state.members.find((m) => m.relationship === 'PA');
  if ((pa && pa.deceased) || (state.members.length > 0 && state.members.every((m) => m.deceased))) return 'DECEASED';
  if (ri(state).optedOutAt) return 'OPTED_OUT';
  return null;
}

/** The contact-attempt rule: at least N failed attempts since the last contact, the first of them D days ago or more. */
export function lostContactRuleMet(r: ReintegrationState, now: string, cfg: ReintegrationConfig): boolean {
  const failed = failedAttemptsSinceContact(r);
  const first = failed[0];
  return (
    failed.length >= cfg.lostContactMinAttempts &&
    !!first &&
    daysBetween(first.effectiveAt, now) >= cfg.lostContactMinDays
  );
}

export interface PlannedVisit {
  visitNo: number;
  dueOn: string;
  status: 'PLANNED' | 'DUE' | 'DONE';
  doneAt?: string;
}

/** Monitoring visits planned at the configured months after arrival, with what happened to each. */
export function plannedVisits(state: CaseState, cfg: ReintegrationConfig): PlannedVisit[] {
  const arrivedAt = state.arrival?.effectiveAt;
  if (!arrivedAt) return [];
  const r = ri(state);
  return cfg.monitoringVisitOffsetsMonths.map((months, i) => {
    const visitNo = i + 1;
    const dueOn = addMonths(toDate(arrivedAt), months);
    const done = r.visits.find((v) => v.visitNo === visitNo);
    if (done) return { visitNo, dueOn, status: 'DONE', doneAt: done.effectiveAt };
    return { visitNo, dueOn, status: r.visitsDue.some((v) => v.visitNo === visitNo) ? 'DUE' : 'PLANNED' };
  });
}

/** The planned visit a visit recorded now fulfils: the first not yet done. */
export function nextVisitNo(state: CaseState, cfg: ReintegrationConfig): number | undefined {
  return plannedVisits(state, cfg).find((v) => v.status !== 'DONE')?.visitNo;
}

/**
 * The handover acknowledgement's deadline (last working day, and the instant it is overdue), or undefined before
 * arrival: in the receiving office's calendar when the arrival carried it, else on the configured weekdays in UTC.
 */
export function handoverDeadlineOf(
  state: CaseState,
  cfg: ReintegrationConfig,
): { handoverDueOn: string; handoverOverdueAt: string } | undefined {
  const arrival = state.arrival;
  if (!arrival) return undefined;
  if (arrival.handoverDueOn) {
    return {
      handoverDueOn: arrival.handoverDueOn,
      handoverOverdueAt: arrival.handoverOverdueAt ?? startOfDay(addDays(arrival.handoverDueOn, 1)),
    };
  }
  return handoverDeadline(
    arrival.effectiveAt,
    { timeZone: 'UTC', weekendDays: cfg.nonWorkingWeekdays, holidays: [] },
    cfg.handoverAckWorkingDays,
  );
}

/** Last working day for the handover acknowledgement, or undefined before arrival. */
export function handoverDueOn(state: CaseState, cfg: ReintegrationConfig): string | undefined {
  return handoverDeadlineOf(state, cfg)?.handoverDueOn;
}
