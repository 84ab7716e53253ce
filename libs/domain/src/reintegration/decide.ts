/**
 * Events of an accepted reintegration command (decide() has already checked stage, role, payload and rules).
 * Stage moves: AgreePlan → PLAN_AGREED; the first tranche paid → ASSISTANCE_IN_PROGRESS; CompleteAssistance →
 * MONITORING; OptOut / CloseCase → CLOSED; Reopen of a CLOSED case → the stage before closure.
 */
import type { CommandEnvelope } from '../commands';
import type { CaseEvent, EventTimes, StageChanged } from '../events';
import { rescoreRss, scoreRss } from '../rss';
import { RSS_WAIVER_CONSENT_WITHDRAWN, rssConsentWithdrawn } from '../consents';
import type { CaseState } from '../state';
import type { Actor, ClosureReason, ReferralNote, ReopenReason, Stage } from '../types';

const copyNote = (n: ReferralNote): ReferralNote => ({
  referredTo: n.referredTo,
  solutionCode: n.solutionCode,
  noteRef: n.noteRef,
});

/** A new plan version (AmendPlan, or the approval of a drafted amendment): open tranches and milestones cancelled. */
function amendEvents(
  state: CaseState,
  c: PlanFields & { reasonCode: string },
  ctx: DecideContext,
  approver: Actor,
  t: EventTimes,
): CaseEvent[] {
  const r = ri(state);
  const previous = currentPlan(r);
  const version = r.plans.length + 1;
  return [
    ...cancelOpen(r, 'PLAN_AMENDED', t, ['PLANNED']),
    ...cancelOpenMilestones(r, 'PLAN_AMENDED', t),
    {
      type: 'PlanAmended',
      reasonCode: c.reasonCode,
      previousVersion: previous?.planVersion ?? 0,
      ...planFields(state, c, version, paidCents(r) + cents(c.budget), ctx, approver.role, approver.userId),
      ...t,
    },
  ];
}
import { reintegrationConfig, type DecideContext } from '../config';
import {
  CLOSED_MILESTONE_STATUSES,
  type MilestoneRecorded,
  type PlanFields,
  type PlanVersionFields,
  type ReintegrationCommand,
  type ReintegrationState,
  type TrancheCancelled,
  type TranchePlanned,
} from '../reintegration-model';
import { activeHold } from '../queries';
import {
  cents,
  currentPlan,
  endlineRss,
  findReferral,
  findTranche,
  fromCents,
  lostContactRuleMet,
  nextVisitNo,
  openTranches,
  paidCents,
  referralsOf,
  ri,
} from './queries';

function stageTo(state: CaseState, to: Stage, t: EventTimes): StageChanged[] {
  return state.stage === to ? [] : [{ type: 'StageChanged', from: state.stage, to, ...t }];
}

function planFields(
  state: CaseState,
  c: PlanFields,
  planVersion: number,
  envelopeCents: number,
  ctx: DecideContext,
  approvedByRole: PlanVersionFields['approvedByRole'],
  approvedBy: string,
): PlanVersionFields {
  const r = ri(state);
  const cfg = reintegrationConfig(ctx.config);
  const first = r.tranches.reduce((max, t) => Math.max(max, t.sequence), 0);
  const tranches: TranchePlanned[] = c.tranches.map((t, i) => {
    const sequence = first + i + 1;
    return {
      trancheId: `P${planVersion}-T${i + 1}`,
      sequence,
      amount: t.amount,
      ...(t.dueDate ? { dueDate: t.dueDate } : {}),
      conditions: t.conditions ? [...t.conditions] : sequence === 1 ? [] : [...cfg.defaultTrancheConditions],
      modality: t.modality ?? c.modality,
      payeeRef: t.payeeRef,
    };
  });
  return {
    planVersion,
    activities: c.activities.map((a) => ({ ...a, milestones: a.milestones.map((m) => ({ ...m })) })),
    budget: c.budget,
    currency: c.currency,
    ...(c.exchangeRate ? { exchangeRate: { currency: c.exchangeRate.currency, rate: c.exchangeRate.rate } } : {}),
    modality: c.modality,
    tranches,
    signatureRef: c.signatureRef,
    envelope: fromCents(envelopeCents),
    aboveCeiling: cents(c.budget) > cents(cfg.planBudgetCeiling),
    approvedByRole,
    approvedBy,
  };
}

function cancelOpen(
  r: ReintegrationState,
  reasonCode: string,
  t: EventTimes,
  statuses: readonly string[] = ['PLANNED', 'REQUESTED', 'APPROVED'],
): TrancheCancelled[] {
  return openTranches(r)
    .filter((x) => statuses.includes(x.status))
    .map((x) => ({ type: 'TrancheCancelled', trancheId: x.trancheId, reasonCode, ...t }));
}

function cancelOpenMilestones(r: ReintegrationState, reasonCode: string, t: EventTimes): MilestoneRecorded[] {
  return r.milestones
    .filter((m) => !CLOSED_MILESTONE_STATUSES.includes(m.status))
    .map((m) => ({
      type: 'MilestoneRecorded',
      milestoneId: m.milestoneId,
      status: 'CANCELLED',
      reasonCode,
      evidenceIds: [],
      ...t,
    }));
}

function closeEvents(
  state: CaseState,
  reason: ClosureReason,
  t: EventTimes,
  extra: {
    justificationCode?: string;
    overrideReasonCode?: string;
    rssWaiverReason?: string;
    referralNote?: ReferralNote;
  },
): CaseEvent[] {
  const r = ri(state);
  const final = endlineRss(r);
  // Without the RSS-interview consent there is no endline RSS to wait for: the closure records the waiver.
  const waiver =
    extra.rssWaiverReason ??
    (reason === 'COMPLETED' && !final && rssConsentWithdrawn(state) ? RSS_WAIVER_CONSENT_WITHDRAWN : undefined);
  return [
    ...cancelOpen(r, reason, t),
    ...(reason === 'COMPLETED' && !extra.overrideReasonCode ? [] : cancelOpenMilestones(r, reason, t)),
    {
      type: 'ReintegrationClosed',
      reason,
      ...(extra.justificationCode ? { justificationCode: extra.justificationCode } : {}),
      ...(extra.overrideReasonCode ? { overrideReasonCode: extra.overrideReasonCode } : {}),
      ...(waiver ? { rssWaiverReason: waiver } : {}),
      ...(final ? { finalRssId: final.rssId } : {}),
      ...(extra.referralNote ? { referralNote: copyNote(extra.referralNote) } : {}),
      ...t,
    },
    { type: 'CaseClosed', reason, ...t },
    ...stageTo(state, 'CLOSED', t),
  ];
}

/**
 * The CONTACT_LOST hold (AVRR.md §5.2: placed by the system after failed contact attempts, lifted when contact is
 * re-established): placed by the failed attempt that meets the contact rule, lifted by a successful attempt or a
 * monitoring visit. It pauses the SLAs that wait on the returnee; closing as LOST_CONTACT stays a person's decision.
 */
function contactLostHold(state: CaseState, contact: boolean, t: EventTimes, ctx: DecideContext): CaseEvent[] {
  const held = activeHold(state, 'CONTACT_LOST');
  if (contact)
    return held
      ? [{ type: 'HoldLifted', hold: 'CONTACT_LOST', liftedBy: 'system', mitigation: 'CONTACT_RE_ESTABLISHED', ...t }]
      : [];
  if (held) return [];
  const r = ri(state);
  const after: typeof r = {
    ...r,
    contactAttempts: [...r.contactAttempts, { mode: 'PHONE', successful: false, effectiveAt: t.effectiveAt }],
  };
  return lostContactRuleMet(after, t.effectiveAt, reintegrationConfig(ctx.config))
    ? [{ type: 'HoldPlaced', hold: 'CONTACT_LOST', reason: 'CONTACT_RULE_MET', placedBy: 'system', ...t }]
    : [];
}

export function produceReintegration(state: CaseState, envelope: CommandEnvelope, ctx: DecideContext): CaseEvent[] {
  const { meta } = envelope;
  const c = envelope.command as ReintegrationCommand;
  const t: EventTimes = { effectiveAt: meta.effectiveAt, recordedAt: ctx.now };
  const r = ri(state);
  const actor = meta.actor;
  switch (c.type) {
    case 'RecordContinuityOfCareConsent':
      return [{ type: 'ContinuityOfCareConsentRecorded', given: c.given, consentRef: c.consentRef, ...t }];
    case 'RecordReintegrationAssessment':
      return [{ type: 'ReintegrationAssessmentRecorded', needs: [...c.needs], skills: [...c.skills], ...t }];
    case 'AgreePlan':
      return [
        {
          type: 'PlanAgreed',
          ...planFields(state, c, r.plans.length + 1, cents(c.budget), ctx, actor.role, actor.userId),
          ...t,
        },
        ...stageTo(state, 'PLAN_AGREED', t),
      ];
    case 'AmendPlan':
      return amendEvents(state, c, ctx, actor, t);
    case 'DraftPlanAmendment':
      return [
        {
          type: 'PlanAmendmentDrafted',
          activities: c.activities.map((a) => ({ ...a, milestones: a.milestones.map((m) => ({ ...m })) })),
          budget: c.budget,
          currency: c.currency,
          ...(c.exchangeRate ? { exchangeRate: { ...c.exchangeRate } } : {}),
          modality: c.modality,
          tranches: c.tranches.map((x) => ({ ...x, ...(x.conditions ? { conditions: [...x.conditions] } : {}) })),
          returneeSigned: c.returneeSigned,
          signatureRef: c.signatureRef,
          reasonCode: c.reasonCode,
          planVersion: r.plans.length + 1,
          draftedBy: actor.userId,
          draftedByRole: actor.role,
          ...t,
        },
      ];
    case 'ApprovePlanAmendment': {
      const pending = r.pendingAmendment;
      return pending ? amendEvents(state, pending, ctx, actor, t) : [];
    }
    case 'RejectPlanAmendment':
      return [
        {
          type: 'PlanAmendmentRejected',
          planVersion: r.pendingAmendment?.planVersion ?? r.plans.length + 1,
          reasonCode: c.reasonCode,
          rejectedBy: actor.userId,
          ...t,
        },
      ];
    case 'RecordMilestone':
      return [
        {
          type: 'MilestoneRecorded',
          milestoneId: c.milestoneId,
          status: c.status,
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          evidenceIds: [...(c.evidenceIds ?? [])],
          ...t,
        },
      ];
    case 'RecordEvidence':
      return [
        {
          type: 'EvidenceRecorded',
          evidenceId: c.evidenceId,
          checksum: c.checksum.toLowerCase(),
          contentType: c.contentType,
          purpose: c.purpose,
          ...(c.milestoneId ? { milestoneId: c.milestoneId } : {}),
          ...(c.trancheId ? { trancheId: c.trancheId } : {}),
          ...(c.signed !== undefined ? { signed: c.signed } : {}),
          recordedBy: actor.userId,
          ...t,
        },
      ];
    case 'RequestTranche':
      return [
        {
          type: 'TrancheRequested',
          trancheId: c.trancheId,
          requestedBy: actor.userId,
          requestedByRole: actor.role,
          ...t,
        },
      ];
    case 'ApproveTranche':
      return [{ type: 'TrancheApproved', trancheId: c.trancheId, approvedBy: actor.userId, ...t }];
    case 'RecordTranchePayment': {
      const tranche = findTranche(r, c.trancheId);
      const plan = r.plans.find((p) => p.planVersion === tranche?.planVersion) ?? currentPlan(r);
      const rate = plan?.exchangeRate;
      return [
        {
          type: 'TranchePaid',
          trancheId: c.trancheId,
          paymentRef: c.paymentRef,
          amount: tranche?.amount ?? 0,
          currency: tranche?.currency ?? plan?.currency ?? '',
          ...(rate
            ? { localAmount: Math.round((tranche?.amount ?? 0) * rate.rate * 100) / 100, localCurrency: rate.currency }
            : {}),
          paidBy: actor.userId,
          ...t,
        },
        ...(state.stage === 'PLAN_AGREED' ? stageTo(state, 'ASSISTANCE_IN_PROGRESS', t) : []),
      ];
    }
    case 'CancelTranche':
      return [{ type: 'TrancheCancelled', trancheId: c.trancheId, reasonCode: c.reasonCode, ...t }];
    case 'CompleteAssistance':
      return [{ type: 'AssistanceCompleted', ...t }, ...stageTo(state, 'MONITORING', t)];
    case 'RecordMonitoringVisit': {
      const visitNo = nextVisitNo(state, reintegrationConfig(ctx.config));
      return [
        {
          type: 'MonitoringVisitRecorded',
          ...(visitNo !== undefined ? { visitNo } : {}),
          mode: c.mode,
          findings: [...c.findings],
          ...(c.businessStatus ? { businessStatus: c.businessStatus } : {}),
          ...t,
        },
        ...contactLostHold(state, true, t, ctx), // a visit is contact
      ];
    }
    case 'RecordReferral':
      return [
        {
          type: 'ReferralRecorded',
          referralId: `REF-${referralsOf(r).length + 1}`,
          memberId: c.memberId,
          providerRef: c.providerRef,
          service: c.service,
          ...(c.activityId ? { activityId: c.activityId } : {}),
          ...(c.needCode ? { needCode: c.needCode } : {}),
          referredBy: actor.userId,
          ...t,
        },
      ];
    case 'UpdateReferral':
      return [
        {
          type: 'ReferralUpdated',
          referralId: c.referralId,
          from: findReferral(r, c.referralId)?.status ?? 'REFERRED',
          status: c.status,
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          ...(c.satisfaction !== undefined ? { satisfaction: c.satisfaction } : {}),
          feedback: [...(c.feedback ?? [])],
          ...t,
        },
      ];
    case 'RecordContactAttempt':
      return [
        { type: 'ContactAttemptRecorded', mode: c.mode, successful: c.successful, ...t },
        ...contactLostHold(state, c.successful, t, ctx),
      ];
    case 'RecordRss': {
      const instrument = reintegrationConfig(ctx.config).rssInstruments.find((i) => i.version === c.instrumentVersion);
      if (!instrument) return [];
      // The weight set the API named, else the configured one (older histories carry none and replay as before).
      const score = c.weights ? rescoreRss(instrument, c.answers, c.weights) : scoreRss(instrument, c.answers);
      const rssId = `RSS-${r.rss.length + 1}`;
      const events: CaseEvent[] = [
        { type: 'RssRecorded', rssId, timing: c.timing, mode: c.mode, answers: { ...c.answers }, ...score, ...t },
      ];
      // A low score asks for a follow-up (referral, extra visit); it never withholds assistance.
      if (score.belowThreshold.length > 0) {
        events.push({
          type: 'FollowUpRequired',
          followUpId: `FU-${r.followUps.length + 1}`,
          reason: 'RSS_BELOW_THRESHOLD',
          rssId,
          dimensions: [...score.belowThreshold],
          ...t,
        });
      }
      return events;
    }
    case 'RecordFollowUp':
      return [{ type: 'FollowUpRecorded', followUpId: c.followUpId, action: c.action, ...t }];
    case 'OptOut':
      return [
        {
          type: 'OptedOut',
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          ...(c.referralNote ? { referralNote: copyNote(c.referralNote) } : {}),
          ...t,
        },
        ...closeEvents(state, 'OPTED_OUT', t, c.referralNote ? { referralNote: c.referralNote } : {}),
      ];
    case 'CloseCase':
      return closeEvents(state, c.reason, t, {
        ...(c.justificationCode ? { justificationCode: c.justificationCode } : {}),
        ...(c.supervisorOverride ? { overrideReasonCode: c.supervisorOverride.reasonCode } : {}),
        ...(c.rssWaiverReason ? { rssWaiverReason: c.rssWaiverReason } : {}),
        ...(c.referralNote ? { referralNote: c.referralNote } : {}),
      });
    case 'CorrectClosureReason':
      return [
        {
          type: 'ClosureReasonCorrected',
          from: state.closureReason ?? 'COMPLETED',
          to: c.reason,
          noteCode: c.noteCode,
          ...t,
        },
      ];
    default:
      return [];
  }
}

/** Reopen of a CLOSED case: back to the stage before closure (the supervisor's audited decision). */
export function reopenClosedEvents(state: CaseState, t: EventTimes, reasonCode?: ReopenReason): CaseEvent[] {
  const to = state.previousStage ?? 'MONITORING';
  return [
    {
      type: 'CaseReopenedAfterClosure',
      ...(state.closureReason ? { previousReason: state.closureReason } : {}),
      toStage: to,
      ...(reasonCode ? { reasonCode } : {}),
      ...t,
    },
    ...stageTo(state, to, t),
  ];
}
