/**
 * Deadlines the engine itself reacts to (the workflow sets a Temporal timer on nextDeadline and calls
 * onDeadlines when it fires). Reminders and SLA alerts are not here: they are scheduled by the projection.
 *
 * - DOCUMENT_EXPIRY: a traveller's document can no longer serve any departure (expiry minus the buffer has
 *   passed; when BOOKED, the expiry itself): the document needs renewal, and a case that is ready or booked
 *   goes back to DOCUMENTATION (booking cancelled) when a traveller is left without a usable document.
 * - BOOKING_HOLD_EXPIRY: an unticketed booking's hold ran out: booking released, back to READY_FOR_BOOKING.
 * - VOT_ASSESSMENT_EXPIRY: a VoT risk assessment is older than its validity and the person has not departed:
 *   the assessment is pending again (and a booking based on it is cancelled).
 */
import type { DecideContext, DomainConfig } from './config';
import { addDays, compareInstants, startOfDay, toDate } from './dates';
import type { CaseChange } from './decide';
import type { CaseEvent, EventTimes } from './events';
import { evolve } from './evolve';
import { bestDocument, findMember, latestAssessment, travellers, usableDocuments } from './queries';
import type { CaseState } from './state';
import type { Stage } from './types';
import {
  onReintegrationDeadline,
  reintegrationDeadlines,
  type ReintegrationDeadlineKind,
} from './reintegration/deadlines';

export interface Deadline {
  at: string;
  kind:
    | 'DOCUMENT_EXPIRY'
    | 'BOOKING_HOLD_EXPIRY'
    | 'VOT_ASSESSMENT_EXPIRY'
    | 'RISK_REASSESSMENT_DUE'
    | ReintegrationDeadlineKind;
  memberId?: string;
}

const DOCUMENT_STAGES: readonly Stage[] = ['APPROVED', 'DOCUMENTATION', 'READY_FOR_BOOKING', 'BOOKED'];
const NOT_DEPARTED: readonly Stage[] = [
  'SCREENING',
  'ASSESSMENT',
  'APPROVED',
  'DOCUMENTATION',
  'READY_FOR_BOOKING',
  'BOOKED',
];

interface DueItem extends Deadline {
  documentType?: 'LAISSEZ_PASSER' | 'PASSPORT';
  expiresOn?: string;
  /** Reintegration items: the planned visit and the date due. */
  visitNo?: number;
  dueOn?: string;
}

function documentDeadlineAt(stage: Stage, expiresOn: string, config: DomainConfig): string {
  // Booked: the departure date already respects the buffer, so only the expiry itself matters.
  return stage === 'BOOKED'
    ? startOfDay(addDays(expiresOn, 1))
    : startOfDay(addDays(expiresOn, 1 - config.documentExpiryBufferDays));
}

function pendingDeadlines(state: CaseState, config: DomainConfig): DueItem[] {
  const out: DueItem[] = [];
  if (DOCUMENT_STAGES.includes(state.stage)) {
    for (const m of travellers(state)) {
      for (const d of usableDocuments(m)) {
        if (!d.expiresOn) continue;
        out.push({
          at: documentDeadlineAt(state.stage, d.expiresOn, config),
          kind: 'DOCUMENT_EXPIRY',
          memberId: m.memberId,
          documentType: d.documentType,
          expiresOn: d.expiresOn,
        });
      }
    }
  }
  if (state.stage === 'BOOKED' && state.booking && !state.booking.ticketed && state.booking.bookingHoldUntil) {
    out.push({ at: state.booking.bookingHoldUntil, kind: 'BOOKING_HOLD_EXPIRY' });
  }
  if (NOT_DEPARTED.includes(state.stage)) {
    for (const m of travellers(state)) {
      const vot = latestAssessment(m, 'VOT_RISK');
      if (vot?.status === 'COMPLETED' && vot.outcome === 'ACCEPTABLE' && vot.validUntil) {
        out.push({ at: startOfDay(addDays(vot.validUntil, 1)), kind: 'VOT_ASSESSMENT_EXPIRY', memberId: m.memberId });
      }
      // A risk judged too high is reassessed once its validity ends (only results that carry one: riskReassessmentDays).
      if (vot?.status === 'COMPLETED' && vot.outcome === 'TOO_HIGH' && vot.validUntil) {
        out.push({ at: startOfDay(addDays(vot.validUntil, 1)), kind: 'RISK_REASSESSMENT_DUE', memberId: m.memberId });
      }
    }
  }
  out.push(...reintegrationDeadlines(state, config));
  return out.sort((a, b) => compareInstants(a.at, b.at));
}

/** Earliest engine-reacted deadline still pending, or null. */
export function nextDeadline(state: CaseState, config: DomainConfig): Deadline | null {
  const first = pendingDeadlines(state, config)[0];
  if (!first) return null;
  return first.memberId
    ? { at: first.at, kind: first.kind, memberId: first.memberId }
    : { at: first.at, kind: first.kind };
}

/** Events for every deadline at or before ctx.now; [] when none is due. */
export function onDeadlines(state: CaseState, ctx: DecideContext): CaseEvent[] {
  const due = pendingDeadlines(state, ctx.config).filter((d) => compareInstants(d.at, ctx.now) <= 0);
  if (due.length === 0) return [];
  const events: CaseEvent[] = [];
  let cur = state;
  const push = (e: CaseEvent) => {
    events.push(e);
    cur = evolve(cur, e);
  };
  const times = (at: string): EventTimes => ({ effectiveAt: at, recordedAt: ctx.now });
  const cancelBooking = (
    reason: 'HOLD_EXPIRED' | 'VOT_ASSESSMENT_EXPIRED' | 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE',
    at: string,
  ) => {
    if (!cur.booking) return;
    push({
      type: 'BookingCancelled',
      itineraryRef: cur.booking.itineraryRef,
      departureDate: cur.booking.departureDate,
      reason,
      ...times(at),
    });
  };
  const moveTo = (to: Stage, at: string) => {
    if (cur.stage !== to) push({ type: 'StageChanged', from: cur.stage, to, ...times(at) });
  };
  let lastDocAt: string | undefined;
  for (const d of due) {
    switch (d.kind) {
      case 'DOCUMENT_EXPIRY': {
        if (!d.memberId || !d.documentType || !d.expiresOn) break;
        const expired = compareInstants(startOfDay(addDays(d.expiresOn, 1)), ctx.now) <= 0;
        push({
          type: 'DocumentRenewalRequired',
          memberId: d.memberId,
          documentType: d.documentType,
          expiresOn: d.expiresOn,
          reason: expired ? 'EXPIRED' : 'EXPIRES_BEFORE_DEPARTURE',
          ...times(d.at),
        });
        lastDocAt = d.at;
        break;
      }
      case 'BOOKING_HOLD_EXPIRY':
        if (cur.stage !== 'BOOKED') break;
        cancelBooking('HOLD_EXPIRED', d.at);
        moveTo('READY_FOR_BOOKING', d.at);
        break;
      case 'VOT_ASSESSMENT_EXPIRY': {
        if (!d.memberId || !findMember(cur, d.memberId)) break;
        push({
          type: 'AssessmentRequired',
          memberId: d.memberId,
          assessment: 'VOT_RISK',
          trigger: 'EXPIRED',
          ...times(d.at),
        });
        if (cur.stage === 'BOOKED') {
          cancelBooking('VOT_ASSESSMENT_EXPIRED', d.at);
          moveTo('READY_FOR_BOOKING', d.at);
        }
        break;
      }
      case 'RISK_REASSESSMENT_DUE': {
        if (!d.memberId || !findMember(cur, d.memberId)) break;
        push({
          type: 'AssessmentRequired',
          memberId: d.memberId,
          assessment: 'VOT_RISK',
          trigger: 'EXPIRED',
          ...times(d.at),
        });
        break;
      }
      case 'HANDOVER_ACK_OVERDUE':
      case 'MONITORING_VISIT_DUE':
      case 'CONTACT_RULE_MET':
        for (const e of onReintegrationDeadline(
          cur,
          { at: d.at, kind: d.kind, dueOn: d.dueOn ?? '', ...(d.visitNo !== undefined ? { visitNo: d.visitNo } : {}) },
          ctx.now,
          ctx.config,
        ))
          push(e);
        break;
      default:
        break;
    }
  }
  if (
    lastDocAt &&
    (cur.stage === 'READY_FOR_BOOKING' || cur.stage === 'BOOKED') &&
    travellers(cur).some((m) => !bestDocument(m))
  ) {
    cancelBooking('DOCUMENT_EXPIRES_BEFORE_DEPARTURE', lastDocAt);
    moveTo('DOCUMENTATION', lastDocAt);
  }
  return events;
}

/**
 * Applies every due deadline as one change (version + 1, actor 'system'), or null when nothing is due.
 * The command id is deterministic so a replayed workflow produces the same audit row.
 */
export function applyDeadlines(state: CaseState, ctx: DecideContext): { state: CaseState; change: CaseChange } | null {
  const events = onDeadlines(state, ctx);
  if (events.length === 0) return null;
  const next = events.reduce(evolve, state);
  const version = state.version + 1;
  const commandId = `deadline:${state.caseId}:${version}`;
  const effectiveAt = events.reduce(
    (max, e) => (compareInstants(e.effectiveAt, max) > 0 ? e.effectiveAt : max),
    events[0]?.effectiveAt ?? ctx.now,
  );
  const result: CaseState = {
    ...next,
    version,
    updatedAt: ctx.now,
    recentCommandIds: [...next.recentCommandIds, commandId].slice(-100),
  };
  return {
    state: result,
    change: {
      version,
      commandId,
      commandType: 'DeadlineReached',
      actor: { userId: 'system', role: 'system' },
      effectiveAt,
      recordedAt: ctx.now,
      fromStage: state.stage,
      toStage: result.stage,
      events,
    },
  };
}

/** Today's calendar date from the context (exported for callers that need the same notion of "today"). */
export function contextDate(ctx: DecideContext): string {
  return toDate(ctx.now);
}
