/**
 * A well-formed reintegration command of each type for the domain specs (shaped for the state and the issuing
 * role), so table-driven specs over every command type cover these too. Pure, no test framework needed.
 */
import type { CaseCommand } from '../commands';
import type { CaseState } from '../state';
import type { Role } from '../types';
import type { AgreePlan, ReintegrationCommandType } from '../reintegration-model';
import { currentPlan, referralsOf, ri } from './queries';

export const SAMPLE_CHECKSUM = 'b'.repeat(64);

/** A three-tranche business plan of 1200 EUR (tranche 1 without conditions, then the programme's). */
export function businessPlan(over: Partial<AgreePlan> = {}): AgreePlan {
  return {
    type: 'AgreePlan',
    activities: [
      {
        activityId: 'A-BIZ',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'BUSINESS',
        budget: 1000,
        milestones: [
          { milestoneId: 'M-MARKET', dueDate: '2025-04-15', code: 'MARKET_ASSESSMENT' },
          { milestoneId: 'M-SHOP', dueDate: '2025-06-01', code: 'SHOP_OPENED' },
        ],
      },
      {
        activityId: 'A-TRAIN',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'TRAINING',
        budget: 200,
        milestones: [{ milestoneId: 'M-COURSE', dueDate: '2025-05-01', code: 'COURSE_COMPLETED' }],
      },
    ],
    budget: 1200,
    currency: 'EUR',
    exchangeRate: { currency: 'XOF', rate: 655.957 },
    modality: 'MIXED',
    tranches: [
      { amount: 500, payeeRef: 'PAYEE-1' },
      { amount: 400, payeeRef: 'SUPPLIER-7', modality: 'IN_KIND' },
      { amount: 300, payeeRef: 'PAYEE-1' },
    ],
    returneeSigned: true,
    signatureRef: 'SIG-1',
    ...over,
  };
}

/** A referral note (the configured closure reasons and OptOut need one). */
export const SAMPLE_NOTE = { referredTo: 'PARTNER-1', solutionCode: 'ADAPTED_ASSISTANCE', noteRef: 'NOTE-1' };

export function reintegrationSample(type: ReintegrationCommandType, s: CaseState, role: Role): CaseCommand {
  return (
    reintegrationSampleOrNull(type, s, role) ??
    (() => {
      throw new Error(type);
    })()
  );
}

/** The sample of a reintegration command type; null for any other type. */
export function reintegrationSampleOrNull(type: string, s: CaseState, role: Role): CaseCommand | null {
  const r = ri(s);
  const tranche = r.tranches.find((t) => t.status !== 'PAID' && t.status !== 'CANCELLED')?.trancheId ?? 'P1-T1';
  void role;
  switch (type) {
    case 'RecordContinuityOfCareConsent':
      return { type, given: true, consentRef: 'COC-1' };
    case 'RecordReintegrationAssessment':
      return { type, needs: ['INCOME'], skills: ['TAILORING'] };
    case 'AgreePlan':
      return businessPlan();
    case 'AmendPlan':
    case 'DraftPlanAmendment': {
      const { type: _t, ...plan } = businessPlan({
        budget: 100,
        activities: [
          {
            activityId: 'A-JOB',
            dimension: 'ECONOMIC',
            level: 'INDIVIDUAL',
            type: 'JOB_PLACEMENT',
            budget: 100,
            milestones: [],
          },
        ],
        tranches: [{ amount: 100, payeeRef: 'PAYEE-1' }],
      });
      void _t;
      return { type, reasonCode: 'BUSINESS_FAILED', ...plan };
    }
    case 'ApprovePlanAmendment':
      return { type };
    case 'RejectPlanAmendment':
      return { type, reasonCode: 'NOT_FEASIBLE' };
    case 'RecordMilestone':
      return { type, milestoneId: r.milestones[0]?.milestoneId ?? 'M-MARKET', status: 'DONE' };
    case 'RecordEvidence':
      return {
        type,
        evidenceId: `EV-${r.evidence.length + 1}`,
        checksum: SAMPLE_CHECKSUM,
        contentType: 'image/jpeg',
        purpose: 'OTHER',
      };
    case 'RequestTranche':
      return { type, trancheId: tranche };
    case 'ApproveTranche':
      return { type, trancheId: tranche };
    case 'RecordTranchePayment':
      return { type, trancheId: tranche, paymentRef: `PAY-${r.tranches.length}-${currentPlan(r)?.planVersion ?? 0}` };
    case 'CancelTranche':
      return { type, trancheId: tranche, reasonCode: 'NOT_NEEDED' };
    case 'CompleteAssistance':
      return { type };
    case 'RecordMonitoringVisit':
      return { type, mode: 'IN_PERSON', findings: ['BUSINESS_OPERATING'], businessStatus: 'OPERATING' };
    case 'RecordReferral':
      return { type, memberId: s.members[0]?.memberId ?? 'a1', providerRef: 'PROV-7', service: 'TRAINING' };
    case 'UpdateReferral': {
      const open = referralsOf(r).find((f) => f.status !== 'DECLINED' && f.status !== 'CANCELLED');
      return open?.status === 'SERVICE_RECEIVED'
        ? { type, referralId: open.referralId, status: 'SERVICE_RECEIVED', feedback: ['NEED_MET'] }
        : { type, referralId: open?.referralId ?? 'REF-1', status: 'ACCEPTED' };
    }
    case 'RecordContactAttempt':
      return { type, mode: 'PHONE', successful: true };
    case 'RecordRss':
      return {
        type,
        instrumentVersion: 'RSS-1',
        timing: 'BASELINE',
        mode: 'IN_PERSON',
        answers: { ECO_SATISFACTION: 4 },
      };
    case 'RecordFollowUp':
      return {
        type,
        followUpId: r.followUps.find((f) => f.status === 'OPEN')?.followUpId ?? 'FU-1',
        action: 'REFERRAL',
      };
    case 'OptOut':
      return { type, referralNote: SAMPLE_NOTE };
    case 'CloseCase':
      return { type, reason: 'MOVED_AWAY' };
    case 'CorrectClosureReason':
      return { type, reason: s.closureReason === 'RE_MIGRATED' ? 'MOVED_AWAY' : 'RE_MIGRATED', noteCode: 'NOTE-1' };
    default:
      return null;
  }
}
