/** The reintegration part of the case view (raw; the API shapes it per reader). Ids, codes, dates and amounts. */
import { continuityOfCareShared } from '../consents';
import type { CaseState } from '../state';
import { reintegrationConfig, type DomainConfig } from '../config';
import {
  failedAttemptsSinceContact,
  type EvidenceState,
  type PlanActivityInput,
  FollowUpState,
  MilestoneState,
  PlanVersionState,
  ReferralState,
  RssResultState,
  TrancheState,
} from '../reintegration-model';
import {
  cents,
  currentPlan,
  fromCents,
  handoverDueOn,
  lostContactRuleMet,
  plannedVisits,
  referralsOf,
  ri,
  type PlannedVisit,
} from './queries';

export interface ReintegrationView {
  handover: { receivingOffice?: string; arrivedAt?: string; acknowledgedAt?: string; dueOn?: string; overdue: boolean };
  /** The returnee consented to D3 facts being shared with the receiving office for continuity of care. */
  continuityOfCareConsent: boolean;
  assessments: { needs: string[]; skills: string[]; effectiveAt: string }[];
  plan?: PlanVersionState;
  planVersions: { planVersion: number; budget: number; envelope: number; reasonCode?: string; effectiveAt: string }[];
  budget?: { currency: string; envelope: number; committed: number; paid: number; remaining: number };
  milestones: MilestoneState[];
  /** Metadata and reference only: who (user id), when, checksum, content type. */
  evidence: EvidenceState[];
  tranches: TrancheState[];
  monitoring: {
    planned: PlannedVisit[];
    visits: { visitNo?: number; mode: string; findings: string[]; businessStatus?: string; effectiveAt: string }[];
    failedContactAttempts: number;
    lostContactRuleMet: boolean;
  };
  /** Referrals to other service providers (RecordReferral, UpdateReferral), oldest first: ids, codes, dates only. */
  referrals: ReferralState[];
  rss: RssResultState[];
  followUps: FollowUpState[];
  assistanceCompletedAt?: string;
  closure?: {
    reason: string;
    justificationCode?: string;
    overrideReasonCode?: string;
    rssWaiverReason?: string;
    finalRssId?: string;
    effectiveAt: string;
  };
  closureCorrections: { from: string; to: string; noteCode: string; effectiveAt: string }[];
  /**
   * A plan version the counterpart drafted, waiting for a supervisor (DraftPlanAmendment): visible before it applies;
   * returneeSigned records the returnee's agreement.
   */
  pendingAmendment?: {
    planVersion: number;
    reasonCode: string;
    budget: number;
    currency: string;
    modality: string;
    activities: PlanActivityInput[];
    trancheAmounts: number[];
    returneeSigned: boolean;
    signatureRef: string;
    draftedBy: string;
    effectiveAt: string;
  };
}

/** Present once the case has arrived (or opened at ARRIVED); `now` is the view's own date (state.updatedAt). */
export function reintegrationView(state: CaseState, config: DomainConfig): ReintegrationView | undefined {
  if (!state.arrival && !state.reintegration) return undefined;
  const r = ri(state);
  const cfg = reintegrationConfig(config);
  const plan = currentPlan(r);
  const sum = (statuses: string[]) =>
    r.tranches.filter((t) => statuses.includes(t.status)).reduce((s, t) => s + cents(t.amount), 0);
  const paid = sum(['PAID']);
  return {
    handover: {
      ...(state.arrival?.receivingOffice || state.receivingOffice
        ? { receivingOffice: state.arrival?.receivingOffice || state.receivingOffice }
        : {}),
      ...(state.arrival ? { arrivedAt: state.arrival.effectiveAt } : {}),
      ...(state.handover ? { acknowledgedAt: state.handover.effectiveAt } : {}),
      ...(state.arrival ? { dueOn: handoverDueOn(state, cfg) } : {}),
      overdue: !!r.handoverOverdue && !state.handover,
    },
    continuityOfCareConsent: continuityOfCareShared(state),
    assessments: r.assessments,
    ...(plan ? { plan } : {}),
    planVersions: r.plans.map((p) => ({
      planVersion: p.planVersion,
      budget: p.budget,
      envelope: p.envelope,
      ...(p.reasonCode ? { reasonCode: p.reasonCode } : {}),
      effectiveAt: p.effectiveAt,
    })),
    ...(plan
      ? {
          budget: {
            currency: plan.currency,
            envelope: plan.envelope,
            committed: fromCents(sum(['REQUESTED', 'APPROVED', 'PAID'])),
            paid: fromCents(paid),
            remaining: fromCents(cents(plan.envelope) - paid),
          },
        }
      : {}),
    milestones: r.milestones,
    evidence: r.evidence,
    tranches: r.tranches,
    monitoring: {
      planned: plannedVisits(state, cfg),
      visits: r.visits.map((v) => ({ ...v })),
      failedContactAttempts: failedAttemptsSinceContact(r).length,
      lostContactRuleMet: lostContactRuleMet(r, state.updatedAt || state.openedAt, cfg),
    },
    referrals: referralsOf(r).map((f) => ({ ...f, feedback: [...f.feedback] })),
    rss: r.rss,
    followUps: r.followUps,
    ...(r.assistanceCompletedAt ? { assistanceCompletedAt: r.assistanceCompletedAt } : {}),
    ...(r.closure ? { closure: r.closure } : {}),
    closureCorrections: r.closureCorrections,
    ...(r.pendingAmendment
      ? {
          pendingAmendment: {
            planVersion: r.pendingAmendment.planVersion,
            reasonCode: r.pendingAmendment.reasonCode,
            budget: r.pendingAmendment.budget,
            currency: r.pendingAmendment.currency,
            modality: r.pendingAmendment.modality,
            activities: r.pendingAmendment.activities,
            trancheAmounts: r.pendingAmendment.tranches.map((t) => t.amount),
            returneeSigned: r.pendingAmendment.returneeSigned,
            signatureRef: r.pendingAmendment.signatureRef,
            draftedBy: r.pendingAmendment.draftedBy,
            effectiveAt: r.pendingAmendment.effectiveAt,
          },
        }
      : {}),
  };
}
