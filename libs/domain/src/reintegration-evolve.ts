/** Folds the reintegration events into the case state (called by evolve() on a copy it owns). Pure, never throws. */
import type { CaseEvent } from './events';
import type { CaseState } from './state';
import {
  blankReintegration,
  REINTEGRATION_EVENT_TYPES,
  type PlanVersionFields,
  type ReintegrationEvent,
  type ReintegrationState,
} from './reintegration-model';

export function isReintegrationEvent(event: CaseEvent): event is ReintegrationEvent {
  return (REINTEGRATION_EVENT_TYPES as readonly string[]).includes(event.type);
}

function addPlan(
  r: ReintegrationState,
  e: PlanVersionFields & { effectiveAt: string; recordedAt: string; reasonCode?: string },
): void {
  r.plans.push({
    planVersion: e.planVersion,
    activities: e.activities.map((a) => ({ ...a, milestones: a.milestones.map((m) => ({ ...m })) })),
    budget: e.budget,
    currency: e.currency,
    ...(e.exchangeRate ? { exchangeRate: { ...e.exchangeRate } } : {}),
    modality: e.modality,
    signatureRef: e.signatureRef,
    envelope: e.envelope,
    aboveCeiling: e.aboveCeiling,
    approvedByRole: e.approvedByRole,
    approvedBy: e.approvedBy,
    ...(e.reasonCode ? { reasonCode: e.reasonCode } : {}),
    effectiveAt: e.effectiveAt,
    recordedAt: e.recordedAt,
  });
  for (const a of e.activities) {
    for (const m of a.milestones) {
      r.milestones.push({
        milestoneId: m.milestoneId,
        activityId: a.activityId,
        planVersion: e.planVersion,
        code: m.code,
        dueDate: m.dueDate,
        status: 'PLANNED',
        evidenceIds: [],
      });
    }
  }
  for (const t of e.tranches)
    r.tranches.push({
      ...t,
      conditions: [...t.conditions],
      planVersion: e.planVersion,
      currency: e.currency,
      status: 'PLANNED',
    });
}

/** Open tranches end when the case closes, whatever closed it (a death closes a case without CloseCase). */
export function cancelOpenTranchesOnClosure(s: CaseState, reasonCode: string, at: string): void {
  if (!s.reintegration) return;
  for (const t of s.reintegration.tranches) {
    if (t.status === 'PLANNED' || t.status === 'REQUESTED' || t.status === 'APPROVED') {
      t.status = 'CANCELLED';
      t.cancelledAt = at;
      t.cancelReason = reasonCode;
    }
  }
}

export function evolveReintegration(s: CaseState, e: ReintegrationEvent): CaseState {
  const r = s.reintegration ?? blankReintegration();
  s.reintegration = r;
  const at = e.effectiveAt;
  switch (e.type) {
    case 'HandoverAcknowledgementOverdue':
      r.handoverOverdue = { dueOn: e.dueOn, at };
      break;
    case 'ContinuityOfCareConsentRecorded':
      r.continuityOfCareConsent = { given: e.given, consentRef: e.consentRef, effectiveAt: at };
      break;
    case 'ReintegrationAssessmentRecorded':
      r.assessments.push({ needs: [...e.needs], skills: [...e.skills], effectiveAt: at });
      break;
    case 'PlanAgreed':
      addPlan(r, e);
      break;
    case 'PlanAmended':
      addPlan(r, e);
      r.pendingAmendment = undefined; // a new version supersedes any draft
      break;
    case 'PlanAmendmentDrafted': {
      const { type: _type, ...draft } = e;
      void _type;
      r.pendingAmendment = JSON.parse(JSON.stringify(draft)) as typeof draft;
      break;
    }
    case 'PlanAmendmentRejected':
      r.pendingAmendment = undefined;
      r.rejectedAmendments = [
        ...(r.rejectedAmendments ?? []),
        { planVersion: e.planVersion, reasonCode: e.reasonCode, rejectedBy: e.rejectedBy, effectiveAt: at },
      ];
      break;
    case 'MilestoneRecorded': {
      const m = r.milestones.find((x) => x.milestoneId === e.milestoneId);
      if (m) {
        m.status = e.status;
        m.reasonCode = e.reasonCode;
        m.evidenceIds = [...new Set([...m.evidenceIds, ...e.evidenceIds])];
        m.updatedAt = at;
      }
      break;
    }
    case 'EvidenceRecorded': {
      const { type: _type, ...rest } = e;
      void _type;
      r.evidence.push({ ...rest });
      const m = e.milestoneId ? r.milestones.find((x) => x.milestoneId === e.milestoneId) : undefined;
      if (m && !m.evidenceIds.includes(e.evidenceId)) m.evidenceIds.push(e.evidenceId);
      break;
    }
    case 'TrancheRequested': {
      const t = r.tranches.find((x) => x.trancheId === e.trancheId);
      if (t)
        Object.assign(t, {
          status: 'REQUESTED',
          requestedBy: e.requestedBy,
          requestedByRole: e.requestedByRole,
          requestedAt: at,
        });
      break;
    }
    case 'TrancheApproved': {
      const t = r.tranches.find((x) => x.trancheId === e.trancheId);
      if (t) Object.assign(t, { status: 'APPROVED', approvedBy: e.approvedBy, approvedAt: at });
      break;
    }
    case 'TranchePaid': {
      const t = r.tranches.find((x) => x.trancheId === e.trancheId);
      if (t) {
        Object.assign(t, { status: 'PAID', paidBy: e.paidBy, paidAt: at, paymentRef: e.paymentRef });
        if (e.localAmount !== undefined) {
          t.localAmount = e.localAmount;
          t.localCurrency = e.localCurrency;
        }
      }
      break;
    }
    case 'TrancheCancelled': {
      const t = r.tranches.find((x) => x.trancheId === e.trancheId);
      if (t && t.status !== 'PAID')
        Object.assign(t, { status: 'CANCELLED', cancelledAt: at, cancelReason: e.reasonCode });
      break;
    }
    case 'AssistanceCompleted':
      r.assistanceCompletedAt = at;
      break;
    case 'MonitoringVisitDue':
      if (!r.visitsDue.some((v) => v.visitNo === e.visitNo))
        r.visitsDue.push({ visitNo: e.visitNo, dueOn: e.dueOn, at });
      break;
    case 'MonitoringVisitRecorded':
      r.visits.push({
        ...(e.visitNo !== undefined ? { visitNo: e.visitNo } : {}),
        mode: e.mode,
        findings: [...e.findings],
        ...(e.businessStatus ? { businessStatus: e.businessStatus } : {}),
        effectiveAt: at,
        recordedAt: e.recordedAt,
      });
      break;
    case 'ReferralRecorded':
      r.referrals = [
        ...(r.referrals ?? []),
        {
          referralId: e.referralId,
          memberId: e.memberId,
          providerRef: e.providerRef,
          service: e.service,
          ...(e.activityId ? { activityId: e.activityId } : {}),
          ...(e.needCode ? { needCode: e.needCode } : {}),
          status: 'REFERRED',
          feedback: [],
          referredBy: e.referredBy,
          referredAt: at,
          recordedAt: e.recordedAt,
        },
      ];
      break;
    case 'ReferralUpdated': {
      const f = r.referrals?.find((x) => x.referralId === e.referralId);
      if (f) {
        f.status = e.status;
        if (e.reasonCode) f.reasonCode = e.reasonCode;
        if (e.satisfaction !== undefined) f.satisfaction = e.satisfaction;
        f.feedback = [...new Set([...f.feedback, ...e.feedback])];
        f.updatedAt = at;
      }
      break;
    }
    case 'ContactAttemptRecorded':
      r.contactAttempts.push({ mode: e.mode, successful: e.successful, effectiveAt: at });
      break;
    case 'RssRecorded': {
      const { type: _type, ...rest } = e;
      void _type;
      r.rss.push(JSON.parse(JSON.stringify(rest)));
      break;
    }
    case 'FollowUpRequired':
      r.followUps.push({
        followUpId: e.followUpId,
        reason: e.reason,
        rssId: e.rssId,
        dimensions: [...e.dimensions],
        status: 'OPEN',
        openedAt: at,
      });
      break;
    case 'FollowUpRecorded': {
      const f = r.followUps.find((x) => x.followUpId === e.followUpId);
      if (f) Object.assign(f, { status: 'DONE', action: e.action, doneAt: at });
      break;
    }
    case 'OptedOut':
      r.optedOutAt = at;
      break;
    case 'ReintegrationClosed':
      r.closure = {
        reason: e.reason,
        ...(e.justificationCode ? { justificationCode: e.justificationCode } : {}),
        ...(e.overrideReasonCode ? { overrideReasonCode: e.overrideReasonCode } : {}),
        ...(e.rssWaiverReason ? { rssWaiverReason: e.rssWaiverReason } : {}),
        ...(e.finalRssId ? { finalRssId: e.finalRssId } : {}),
        ...(e.referralNote ? { referralNote: { ...e.referralNote } } : {}),
        effectiveAt: at,
      };
      break;
    case 'ClosureReasonCorrected':
      r.closureCorrections.push({ from: e.from, to: e.to, noteCode: e.noteCode, effectiveAt: at });
      if (r.closure) r.closure.reason = e.to;
      s.closureReason = e.to;
      break;
    case 'CaseReopenedAfterClosure':
      r.reopenedAfterClosure += 1;
      r.closure = undefined;
      r.optedOutAt = undefined;
      s.closureReason = undefined;
      s.closedAt = undefined;
      break;
    default: {
      const unknown: never = e;
      void unknown;
    }
  }
  return s;
}
