import type { components } from '../../api/schema';
/**
 * The reintegration part of a case as the API sends it to a counterpart (libs/domain reintegration/view.ts, shaped
 * by the disclosure policy). Declared here while the OpenAPI document leaves the case response untyped.
 */
import type { Tranche } from '../finance/types';

export interface MilestoneInput {
  milestoneId: string;
  dueDate: string;
  code: string;
}
export interface PlanActivity {
  activityId: string;
  dimension: string;
  level: string;
  type: string;
  budget: number;
  milestones?: MilestoneInput[];
}
export interface PlanVersion {
  planVersion: number;
  activities: PlanActivity[];
  budget: number;
  currency: string;
  exchangeRate?: { currency: string; rate: number } | null;
  modality: string;
  signatureRef?: string;
  envelope: number;
  aboveCeiling?: boolean;
  approvedByRole?: string;
  reasonCode?: string;
  effectiveAt?: string;
}
export interface Milestone {
  milestoneId: string;
  activityId: string;
  planVersion: number;
  code: string;
  dueDate: string;
  status: string;
  reasonCode?: string;
  evidenceIds: string[];
  updatedAt?: string;
}
export interface Evidence {
  evidenceId: string;
  checksum: string;
  contentType: string;
  purpose: string;
  milestoneId?: string;
  trancheId?: string;
  recordedBy: string;
  effectiveAt: string;
}
export interface RssResult {
  rssId: string;
  timing: string;
  mode: string;
  instrumentVersion: string;
  weightsVersion: string;
  answers: Record<string, number | boolean | string | null>;
  indicatorScores: Record<string, number>;
  dimensionScores: Record<string, number | null>;
  composite: number | null;
  missingIndicators: string[];
  incomplete: boolean;
  provisional: boolean;
  belowThreshold: string[];
  effectiveAt: string;
}
export interface Referral {
  referralId: string;
  memberId: string;
  providerRef: string;
  service: string;
  activityId?: string;
  needCode?: string;
  status: string;
  reasonCode?: string;
  satisfaction?: number;
  feedback: string[];
  referredAt: string;
  updatedAt?: string;
}
export interface ReintegrationView {
  handover: { receivingOffice?: string; arrivedAt?: string; acknowledgedAt?: string; dueOn?: string; overdue: boolean };
  continuityOfCareConsent?: boolean;
  assessments: { needs: string[]; skills: string[]; effectiveAt: string }[];
  plan?: PlanVersion;
  planVersions: { planVersion: number; budget: number; envelope: number; reasonCode?: string; effectiveAt: string }[];
  /** A drafted amendment waiting for a supervisor. */
  pendingAmendment?: components['schemas']['PendingAmendmentResponse'];
  budget?: { currency: string; envelope: number; committed: number; paid: number; remaining: number };
  milestones: Milestone[];
  evidence: Evidence[];
  tranches: Tranche[];
  monitoring: {
    planned: { visitNo: number; dueOn: string; status: string; doneAt?: string }[];
    visits: { visitNo?: number; mode: string; findings: string[]; businessStatus?: string; effectiveAt: string }[];
    failedContactAttempts: number;
    lostContactRuleMet: boolean;
  };
  referrals?: Referral[];
  rss: RssResult[];
  followUps: {
    followUpId: string;
    rssId: string;
    dimensions: string[];
    status: string;
    action?: string;
    openedAt: string;
  }[];
  assistanceCompletedAt?: string;
  closure?: { reason: string; justificationCode?: string; rssWaiverReason?: string; effectiveAt: string };
}

/** The view's reintegration part, when the API sent one that has the counterpart's shape. */
export function reintegrationOf(view: { reintegration?: unknown }): ReintegrationView | null {
  const r = view.reintegration as ReintegrationView | undefined;
  return r && typeof r === 'object' && Array.isArray(r.milestones) ? r : null;
}
