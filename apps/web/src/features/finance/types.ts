/**
 * The finance view of a case (libs/domain disclosure financeView): the case summary, payees, and the money side of
 * the reintegration plan. Declared here while the OpenAPI document leaves the case response untyped.
 */
export type TrancheStatus = 'PLANNED' | 'REQUESTED' | 'APPROVED' | 'PAID' | 'CANCELLED';

export interface Tranche {
  trancheId: string;
  sequence: number;
  amount: number;
  currency: string;
  dueDate?: string;
  conditions: string[];
  modality: string;
  payeeRef: string;
  planVersion: number;
  status: TrancheStatus;
  requestedBy?: string;
  requestedByRole?: string;
  requestedAt?: string;
  approvedBy?: string;
  approvedAt?: string;
  paidBy?: string;
  paidAt?: string;
  paymentRef?: string;
  localAmount?: number;
  localCurrency?: string;
  cancelledAt?: string;
  cancelReason?: string;
}

export interface Budget {
  currency: string;
  envelope: number;
  committed: number;
  paid: number;
  remaining: number;
}

export interface PlanMoney {
  planVersion: number;
  activities: { activityId: string; dimension: string; level: string; type: string; budget: number }[];
  budget: number;
  currency: string;
  exchangeRate?: { currency: string; rate: number } | null;
  modality: string;
  envelope: number;
  aboveCeiling?: boolean;
}

export interface FinanceCase {
  caseId: string;
  reference: string;
  stage: string;
  version: number;
  hostOffice?: string;
  receivingOffice?: string | null;
  countryOfOrigin?: string;
  holds?: (string | { type: string })[];
  payees?: {
    memberId: string;
    relationship?: string;
    givenName?: string;
    familyName?: string;
    phone?: string | null;
  }[];
  reintegration?: {
    plan: PlanMoney | null;
    budget: Budget | null;
    tranches: Tranche[];
    evidence: { evidenceId: string; trancheId?: string; contentType: string; effectiveAt: string }[];
  } | null;
}
