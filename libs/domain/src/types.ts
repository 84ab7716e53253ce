/**
 * Core vocabulary of the AVRR case (AVRR.md §5, §6). Pure types and constant lists only.
 * Nothing here may carry personal data: ids, codes, dates, flags and amounts only.
 */

export type Stage =
  | 'REFERRED'
  | 'REGISTERED'
  | 'COUNSELLING'
  | 'SCREENING'
  | 'ASSESSMENT'
  | 'APPROVED'
  | 'DOCUMENTATION'
  | 'READY_FOR_BOOKING'
  | 'BOOKED'
  | 'DEPARTED'
  | 'ARRIVED'
  | 'REINTEGRATION_COUNSELLING'
  | 'PLAN_AGREED'
  | 'ASSISTANCE_IN_PROGRESS'
  | 'MONITORING'
  | 'CLOSED'
  | 'WITHDRAWN'
  | 'CANCELLED';

export type HoldType =
  | 'MEDICAL_UNFIT'
  | 'PROTECTION_RISK'
  | 'BID_PENDING'
  | 'DOCUMENT_REFUSED'
  | 'FUNDING_UNAVAILABLE'
  | 'BENEFICIARY_PAUSE'
  | 'COO_SECURITY'
  | 'LEGAL_PROCEEDINGS'
  | 'CONTACT_LOST';

export const HOLD_TYPES: readonly HoldType[] = [
  'MEDICAL_UNFIT',
  'PROTECTION_RISK',
  'BID_PENDING',
  'DOCUMENT_REFUSED',
  'FUNDING_UNAVAILABLE',
  'BENEFICIARY_PAUSE',
  'COO_SECURITY',
  'LEGAL_PROCEEDINGS',
  'CONTACT_LOST',
];

export type Role =
  | 'officer'
  | 'supervisor'
  | 'protection'
  | 'medical'
  | 'movement'
  | 'counterpart'
  | 'finance'
  | 'operations'
  /** M&E officer: aggregated reports only, never a case (AVRR.md §4). */
  | 'me'
  /** Data protection focal point: transfers outside the allow-lists, access and correction requests, incidents. */
  | 'dpo'
  | 'admin'
  | 'system';

export const ROLES: readonly Role[] = [
  'officer',
  'supervisor',
  'protection',
  'medical',
  'movement',
  'counterpart',
  'finance',
  'operations',
  'me',
  'dpo',
  'admin',
  'system',
];

export interface Actor {
  userId: string;
  role: Role;
}

export type Sex = 'F' | 'M' | 'X';
export type Relationship = 'PA' | 'SPOUSE' | 'CHILD' | 'PARENT' | 'SIBLING' | 'OTHER_RELATIVE' | 'OTHER';

/** What the rules need to know about one household member at opening. No names. */
export interface MemberFacts {
  memberId: string;
  relationship: Relationship;
  sex: Sex;
  /** 'YYYY-MM-DD' (estimated dates are still full dates, flagged below). */
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  /** For a child: adult members of this case who are their guardians (empty = unaccompanied). */
  guardianMemberIds: string[];
  /** Data-processing consent given (self for adults, guardian for children). */
  dataConsent: boolean;
  /** UASC flag at intake. */
  unaccompanied?: boolean;
}

/**
 * Input of a new case (the workflow input). Stage after opening: REGISTERED when household listed and every
 * adult has dataConsent (children: a guardian consent, or UASC with consent recorded), else REFERRED.
 * `startAt: 'ARRIVED'` opens an inbound returnee whose return was organised elsewhere directly at ARRIVED.
 */
export interface CaseOpened {
  caseId: string;
  reference: string;
  hostOffice: string;
  /** ISO 3166 alpha-2. */
  countryOfOrigin: string;
  receivingOffice?: string;
  referralSource: string;
  programme?: string;
  members: MemberFacts[];
  openedAt: string;
  startAt?: 'REFERRED' | 'ARRIVED';
  /** With startAt ARRIVED: when the returnee arrived (ISO instant, not after openedAt); default openedAt. */
  arrivedAt?: string;
  /**
   * Set when this case was created by SplitCase from another case (history stays in the source case). `withdrawal`:
   * the members split off had withdrawn there, so the new case opens WITHDRAWN (re-openable like any withdrawal).
   */
  splitFrom?: { caseId: string; reference: string; withdrawal?: { fromStage: Stage; reasonCode?: string } };
}

export type VulnerabilityType =
  | 'UASC'
  | 'VOT'
  | 'MEDICAL'
  | 'DISABILITY'
  | 'ELDERLY'
  | 'PREGNANT'
  | 'SINGLE_PARENT'
  | 'GBV_SURVIVOR'
  | 'DESTITUTE'
  | 'MENTAL_HEALTH'
  | 'ASYLUM_SEEKER'
  | 'OTHER';

export const VULNERABILITY_TYPES: readonly VulnerabilityType[] = [
  'UASC',
  'VOT',
  'MEDICAL',
  'DISABILITY',
  'ELDERLY',
  'PREGNANT',
  'SINGLE_PARENT',
  'GBV_SURVIVOR',
  'DESTITUTE',
  'MENTAL_HEALTH',
  'ASYLUM_SEEKER',
  'OTHER',
];

export type AssessmentType = 'BID' | 'VOT_RISK' | 'MEDICAL' | 'FAMILY';
export const ASSESSMENT_TYPES: readonly AssessmentType[] = ['BID', 'VOT_RISK', 'MEDICAL', 'FAMILY'];

export type BidOutcome = 'RETURN_IN_BEST_INTERESTS' | 'RETURN_NOT_IN_BEST_INTERESTS';
export type VotRiskOutcome = 'ACCEPTABLE' | 'TOO_HIGH';
export type MedicalOutcome = 'FIT' | 'FIT_WITH_ESCORT' | 'UNFIT';
export type FamilyOutcome = 'FAMILY_TRACED_SUITABLE' | 'NOT_SUITABLE';
export type AssessmentOutcome = BidOutcome | VotRiskOutcome | MedicalOutcome | FamilyOutcome;

/** Which outcomes belong to which assessment (a mismatch is INVALID_COMMAND). */
export const ASSESSMENT_OUTCOMES: Record<AssessmentType, readonly AssessmentOutcome[]> = {
  BID: ['RETURN_IN_BEST_INTERESTS', 'RETURN_NOT_IN_BEST_INTERESTS'],
  VOT_RISK: ['ACCEPTABLE', 'TOO_HIGH'],
  MEDICAL: ['FIT', 'FIT_WITH_ESCORT', 'UNFIT'],
  FAMILY: ['FAMILY_TRACED_SUITABLE', 'NOT_SUITABLE'],
};

export type ConsentSignatory = 'SELF' | 'GUARDIAN' | 'THUMBPRINT';
export type DeclarationSignatory = 'SELF' | 'GUARDIAN';
export type CounsellingMode = 'IN_PERSON' | 'PHONE' | 'VIDEO';
export type TravelDocumentType = 'LAISSEZ_PASSER' | 'PASSPORT';

export type CancelReason =
  | 'INELIGIBLE'
  | 'NATIONALITY_NOT_ESTABLISHED'
  | 'DUPLICATE'
  | 'FRAUD'
  | 'MEDICAL_NOT_CLEARED'
  | 'RETURN_NOT_IN_BEST_INTERESTS'
  | 'RISK_TOO_HIGH'
  | 'LOCAL_SOLUTION_FOUND'
  | 'FUNDING';

export const CANCEL_REASONS: readonly CancelReason[] = [
  'INELIGIBLE',
  'NATIONALITY_NOT_ESTABLISHED',
  'DUPLICATE',
  'FRAUD',
  'MEDICAL_NOT_CLEARED',
  'RETURN_NOT_IN_BEST_INTERESTS',
  'RISK_TOO_HIGH',
  'LOCAL_SOLUTION_FOUND',
  'FUNDING',
];

/** The ground for re-opening a CLOSED case (AVRR.md §5.3: "closure was wrong, or a new phase is funded"). */
export type ReopenReason = 'CLOSURE_WRONG' | 'NEW_PHASE_FUNDED';
export const REOPEN_REASONS: readonly ReopenReason[] = ['CLOSURE_WRONG', 'NEW_PHASE_FUNDED'];

/** Closure reasons (AVRR.md §8.4). Only DECEASED is produced by the commands modelled so far. */
export type ClosureReason =
  | 'COMPLETED'
  | 'SUPPORT_PERIOD_ENDED'
  | 'NO_LONGER_ELIGIBLE'
  | 'OPTED_OUT'
  | 'MOVED_AWAY'
  | 'RE_MIGRATED'
  | 'LOST_CONTACT'
  | 'DECEASED'
  | 'SECURITY'
  | 'FUNDING_ENDED'
  | 'STAFF_SAFETY';

export type TurnBackReason = 'DENIED_BOARDING' | 'ENTRY_REFUSED' | 'STRANDED';

/** What went wrong in transit (a movement event; RecordTurnBack is the separate move back). */
export type TransitIncidentKind = 'MISSED_CONNECTION' | 'DELAY' | 'LOST_DOCUMENTS' | 'MEDICAL' | 'DETAINED' | 'OTHER';
export const TRANSIT_INCIDENT_KINDS: readonly TransitIncidentKind[] = [
  'MISSED_CONNECTION',
  'DELAY',
  'LOST_DOCUMENTS',
  'MEDICAL',
  'DETAINED',
  'OTHER',
];

export interface Money {
  /** Amount in the currency's major unit (e.g. 30 for EUR 30). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

/** Stable machine codes for "why can't I advance?". The API renders them in words. */
export type RequirementCode =
  | 'NOT_ALLOWED_IN_STAGE'
  | 'ROLE_NOT_ALLOWED'
  | 'DATA_CONSENT_MISSING'
  | 'DUPLICATE_CHECK_NOT_DONE'
  | 'REPEAT_APPLICANT_EXCEPTION_REQUIRED'
  | 'REPEAT_APPLICANT_NOT_ELIGIBLE'
  | 'NOT_A_REPEAT_APPLICANT'
  | 'HOUSEHOLD_NOT_LISTED'
  | 'GUARDIAN_SIGNATURE_REQUIRED'
  | 'GUARDIAN_NOT_VALID'
  | 'COUNSELLING_SESSION_MISSING'
  | 'DECLARATION_NOT_SIGNED'
  | 'CHILD_VIEWS_NOT_RECORDED'
  | 'CHILD_CO_SIGNATURE_MISSING'
  | 'OWN_CONSENT_REQUIRED_AT_18'
  | 'OWN_DECLARATION_REQUIRED_AT_18'
  | 'ELIGIBILITY_NOT_RECORDED'
  | 'NOT_ELIGIBLE'
  | 'VULNERABILITY_SCREENING_MISSING'
  | 'ASSESSMENT_PENDING'
  | 'BID_NOT_COMPLETED'
  | 'BID_NOT_IN_BEST_INTERESTS'
  | 'FAMILY_ASSESSMENT_PENDING'
  | 'FAMILY_NOT_SUITABLE'
  | 'RISK_TOO_HIGH'
  | 'SUPERVISOR_APPROVAL_REQUIRED'
  | 'UNHCR_NOTIFICATION_CONSENT_MISSING'
  | 'HOLD_ACTIVE'
  | 'HOLD_ALREADY_ACTIVE'
  | 'HOLD_NOT_ACTIVE'
  | 'MITIGATION_NOT_RECORDED'
  /** A PROTECTION_RISK hold is lifted only once the member's risk is reassessed as acceptable (AVRR.md §5.2). */
  | 'RISK_NOT_ACCEPTABLE'
  | 'TRAVEL_DOCUMENT_MISSING'
  | 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE'
  | 'EXIT_AUTHORIZATION_MISSING'
  | 'FIT_TO_TRAVEL_MISSING'
  | 'FIT_TO_TRAVEL_EXPIRED'
  | 'RECEPTION_NOT_CONFIRMED'
  | 'ESCORT_REQUIRED'
  | 'CHILD_WITHOUT_GUARDIAN'
  | 'VOT_ASSESSMENT_EXPIRED'
  | 'FUNDS_NOT_AVAILABLE'
  | 'NO_TRAVELLERS'
  | 'NO_SHOW_REVIEW_REQUIRED'
  | 'NO_SHOW_NOT_RECORDED'
  | 'NO_TICKET_TO_CANCEL'
  | 'NO_PARTNER_NOTIFICATION_DUE'
  | 'PRE_EMBARKATION_CHECK_MISSING'
  | 'VOLUNTARINESS_NOT_RECONFIRMED'
  | 'RECEPTION_NOT_RECORDED'
  | 'UASC_HANDOVER_NOT_SIGNED'
  | 'RECEIVING_OFFICE_NOT_ASSIGNED'
  | 'REOPEN_WINDOW_PASSED'
  /** Re-opening a CLOSED case needs its ground: the closure was wrong, or a new phase is funded (AVRR.md §5.3). */
  | 'REOPEN_REASON_REQUIRED'
  | 'NO_PENDING_CONSULAR_REQUEST'
  /** A BID found return not in the child's best interests: the case can only be cancelled (AVRR.md §5.2, §8.4). */
  | 'BOOKING_PATH_CLOSED'
  /** This cancellation or closure reason needs a referral note (alternative solutions, who the person was referred to). */
  | 'REFERRAL_NOTE_REQUIRED'
  | 'AMENDMENT_NOT_PENDING'
  | 'AMENDMENT_ALREADY_PENDING'
  | ReintegrationRequirementCode;

export interface Requirement {
  code: RequirementCode;
  memberId?: string;
  /** Plain words for a caseworker; ids, codes and dates only, never personal data. */
  message: string;
}

export type RejectionCode =
  | 'STALE_VERSION'
  | 'NOT_ALLOWED_IN_STAGE'
  | 'ROLE_NOT_ALLOWED'
  | 'REQUIREMENTS_NOT_MET'
  | 'INVALID_COMMAND'
  | 'UNKNOWN_MEMBER';

export interface Rejection {
  code: RejectionCode;
  message: string;
  requirements: Requirement[];
  currentVersion: number;
}

/** "Why can't I advance?" codes of the reintegration rules (part of RequirementCode). */
export type ReintegrationRequirementCode =
  | 'REINTEGRATION_ASSESSMENT_MISSING'
  | 'PLAN_NOT_SIGNED'
  | 'AMENDMENT_ABOVE_REMAINING_BUDGET'
  | 'TRANCHE_IN_FLIGHT'
  | 'TRANCHE_NOT_PLANNED'
  | 'TRANCHE_NOT_REQUESTED'
  | 'TRANCHE_NOT_APPROVED'
  | 'TRANCHE_ALREADY_PAID'
  | 'PREVIOUS_TRANCHE_NOT_PAID'
  | 'EVIDENCE_OF_USE_MISSING'
  | 'MONITORING_VISIT_MISSING'
  | 'COUNTERPART_RECOMMENDATION_MISSING'
  | 'SEGREGATION_OF_DUTIES'
  | 'PAYMENT_REF_ALREADY_USED'
  | 'BUDGET_EXCEEDED'
  | 'ASSISTANCE_STOPPED'
  | 'TRANCHES_OUTSTANDING'
  | 'MILESTONES_OPEN'
  | 'MONEY_IN_FLIGHT'
  | 'FOLLOW_UP_OPEN'
  | 'FOLLOW_UP_NOT_OPEN'
  | 'CONTACT_RULE_NOT_MET'
  | 'ASSISTANCE_NOT_COMPLETED'
  | 'FINAL_RSS_MISSING'
  | 'RSS_JUSTIFICATION_REQUIRED'
  | 'REOPEN_NOT_POSSIBLE'
  | 'REFERRAL_NOT_OPEN'
  /** A tranche conditioned on the funded activity operating: the latest monitoring visit did not find it operating. */
  | 'FUNDED_ACTIVITY_NOT_OPERATING'
  /** Closing below the RSS threshold needs the follow-up done (configuration rssBelowThresholdClosure). */
  | 'RSS_FOLLOW_UP_NOT_DONE'
  /** The member withdrew the consent this command depends on (AVRR.md §13 principle 4). */
  | 'CONSENT_WITHDRAWN'
  /** WithdrawConsent for a purpose the member has no consent on record for (or already withdrew). */
  | 'CONSENT_NOT_GIVEN';

/**
 * Findings the protection focal point records (AVRR.md §5.3 vulnerable-case rules, §6 Vulnerability): each is a
 * special-category vulnerability of one member, recorded outside the rapid screening.
 */
export type ProtectionFinding = 'VOT' | 'GBV_SURVIVOR' | 'ASYLUM_SEEKER';
export const PROTECTION_FINDINGS: readonly ProtectionFinding[] = ['VOT', 'GBV_SURVIVOR', 'ASYLUM_SEEKER'];

/**
 * A referral note (AVRR.md §5.3, §7.0, §7.2, §8.4): where the person was referred for an alternative solution, which
 * solution was explored, and the reference of the note kept with the case file (the note's words stay in PostgreSQL).
 */
export interface ReferralNote {
  /** Partner or authority code (e.g. 'UNHCR', 'CHILD_PROTECTION_SERVICES', a partner register id). */
  referredTo: string;
  /** The alternative solution explored, as a code (e.g. 'LOCAL_INTEGRATION', 'ALTERNATIVE_CARE', 'ASYLUM_PROCEDURE'). */
  solutionCode: string;
  /** Reference of the stored note (never its text). */
  noteRef: string;
}

/** A nationality as stated at interview (DECLARED) or as a consulate confirmed it (CONFIRMED). */
export type NationalityStatus = 'DECLARED' | 'CONFIRMED';
export const NATIONALITY_STATUSES: readonly NationalityStatus[] = ['DECLARED', 'CONFIRMED'];
