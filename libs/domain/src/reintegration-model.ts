/**
 * Country-of-origin reintegration (AVRR.md §5.3 stages 11-16, §6, §8): vocabulary, commands, events and the part
 * of the case state they fold into. Ids, codes, dates, flags and amounts only: evidence is a reference, a checksum
 * and a content type (a file name may carry a name, so it stays in PostgreSQL if anywhere).
 */
import { compareInstants } from './dates';
import type { RssAnswer, RssDimension, RssWeights } from './rss';
import type { ClosureReason, ReferralNote, ReopenReason, Role, Stage } from './types';

// ---------------------------------------------------------------- vocabulary

export type ActivityDimension = 'ECONOMIC' | 'SOCIAL' | 'PSYCHOSOCIAL';
export const ACTIVITY_DIMENSIONS: readonly ActivityDimension[] = ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'];
export type ActivityLevel = 'INDIVIDUAL' | 'COMMUNITY' | 'STRUCTURAL';
export const ACTIVITY_LEVELS: readonly ActivityLevel[] = ['INDIVIDUAL', 'COMMUNITY', 'STRUCTURAL'];
export type ActivityType =
  | 'BUSINESS'
  | 'TRAINING'
  | 'JOB_PLACEMENT'
  | 'EDUCATION'
  | 'HOUSING'
  | 'MEDICAL'
  | 'MHPSS'
  | 'LEGAL'
  | 'COMMUNITY_PROJECT';
export const ACTIVITY_TYPES: readonly ActivityType[] = [
  'BUSINESS',
  'TRAINING',
  'JOB_PLACEMENT',
  'EDUCATION',
  'HOUSING',
  'MEDICAL',
  'MHPSS',
  'LEGAL',
  'COMMUNITY_PROJECT',
];
export type AssistanceModality = 'CASH' | 'IN_KIND' | 'MIXED';
export const ASSISTANCE_MODALITIES: readonly AssistanceModality[] = ['CASH', 'IN_KIND', 'MIXED'];

export type MilestoneStatus = 'PLANNED' | 'IN_PROGRESS' | 'DONE' | 'PARTIAL' | 'FAILED' | 'CANCELLED';
export const MILESTONE_STATUSES: readonly MilestoneStatus[] = [
  'PLANNED',
  'IN_PROGRESS',
  'DONE',
  'PARTIAL',
  'FAILED',
  'CANCELLED',
];
/** A milestone in one of these is closed (CompleteAssistance needs every milestone closed). */
export const CLOSED_MILESTONE_STATUSES: readonly MilestoneStatus[] = ['DONE', 'PARTIAL', 'FAILED', 'CANCELLED'];

export type TrancheStatus = 'PLANNED' | 'REQUESTED' | 'APPROVED' | 'PAID' | 'CANCELLED';
/**
 * BUSINESS_OPERATING: the state of what was funded, as found at the latest monitoring visit, is OPERATING (AVRR.md
 * §7.1 step 3: the second tranche "on proof that the project is under way").
 */
export type TrancheCondition =
  'EVIDENCE_OF_PREVIOUS_USE' | 'MONITORING_VISIT' | 'COUNTERPART_RECOMMENDATION' | 'BUSINESS_OPERATING';
export const TRANCHE_CONDITIONS: readonly TrancheCondition[] = [
  'EVIDENCE_OF_PREVIOUS_USE',
  'MONITORING_VISIT',
  'COUNTERPART_RECOMMENDATION',
  'BUSINESS_OPERATING',
];

export type EvidencePurpose = 'MILESTONE' | 'TRANCHE_USE' | 'HANDOVER_NOTE' | 'OTHER';
export const EVIDENCE_PURPOSES: readonly EvidencePurpose[] = ['MILESTONE', 'TRANCHE_USE', 'HANDOVER_NOTE', 'OTHER'];

export type MonitoringMode = 'IN_PERSON' | 'PHONE' | 'VIDEO';
export const MONITORING_MODES: readonly MonitoringMode[] = ['IN_PERSON', 'PHONE', 'VIDEO'];
export type ContactMode = 'PHONE' | 'IN_PERSON' | 'MESSAGE' | 'THIRD_PARTY';
export const CONTACT_MODES: readonly ContactMode[] = ['PHONE', 'IN_PERSON', 'MESSAGE', 'THIRD_PARTY'];
export type BusinessStatus = 'OPERATING' | 'STRUGGLING' | 'FAILED' | 'NOT_STARTED' | 'NOT_APPLICABLE';
export const BUSINESS_STATUSES: readonly BusinessStatus[] = [
  'OPERATING',
  'STRUGGLING',
  'FAILED',
  'NOT_STARTED',
  'NOT_APPLICABLE',
];

export type RssTiming = 'BASELINE' | 'MIDPOINT' | 'ENDLINE';
export const RSS_TIMINGS: readonly RssTiming[] = ['BASELINE', 'MIDPOINT', 'ENDLINE'];

export type FollowUpAction = 'REFERRAL' | 'EXTRA_VISIT' | 'COUNSELLING' | 'PLAN_AMENDED' | 'NO_ACTION_NEEDED';
export const FOLLOW_UP_ACTIONS: readonly FollowUpAction[] = [
  'REFERRAL',
  'EXTRA_VISIT',
  'COUNSELLING',
  'PLAN_AMENDED',
  'NO_ACTION_NEEDED',
];

/** Services a returnee is referred to (AVRR.md §8.1: health, MHPSS, training, jobs, housing, documents, legal help...). */
export type ReferralService =
  | 'MEDICAL'
  | 'MHPSS'
  | 'EDUCATION'
  | 'TRAINING'
  | 'JOB_PLACEMENT'
  | 'BUSINESS_SUPPORT'
  | 'HOUSING'
  | 'LEGAL'
  | 'DOCUMENTS'
  | 'SOCIAL_PROTECTION'
  | 'FAMILY_MEDIATION'
  | 'OTHER';
export const REFERRAL_SERVICES: readonly ReferralService[] = [
  'MEDICAL',
  'MHPSS',
  'EDUCATION',
  'TRAINING',
  'JOB_PLACEMENT',
  'BUSINESS_SUPPORT',
  'HOUSING',
  'LEGAL',
  'DOCUMENTS',
  'SOCIAL_PROTECTION',
  'FAMILY_MEDIATION',
  'OTHER',
];
/** REFERRED when recorded; the provider accepts (or declines), the returnee attends (or does not show up). */
export type ReferralStatus = 'REFERRED' | 'ACCEPTED' | 'SERVICE_RECEIVED' | 'DECLINED' | 'NO_SHOW' | 'CANCELLED';
export const REFERRAL_STATUSES: readonly ReferralStatus[] = [
  'REFERRED',
  'ACCEPTED',
  'SERVICE_RECEIVED',
  'DECLINED',
  'NO_SHOW',
  'CANCELLED',
];
/** Statuses an UpdateReferral may set. */
export const REFERRAL_UPDATE_STATUSES: readonly Exclude<ReferralStatus, 'REFERRED'>[] = [
  'ACCEPTED',
  'SERVICE_RECEIVED',
  'DECLINED',
  'NO_SHOW',
  'CANCELLED',
];
/** A referral in one of these is over: its status no longer changes (SERVICE_RECEIVED may still get feedback). */
export const CLOSED_REFERRAL_STATUSES: readonly ReferralStatus[] = ['SERVICE_RECEIVED', 'DECLINED', 'CANCELLED'];
/** Returnee's satisfaction with a service received: 1 (very unsatisfied) to 5 (very satisfied). */
export const REFERRAL_SATISFACTION_MIN = 1;
export const REFERRAL_SATISFACTION_MAX = 5;

/** Reasons a case may be closed with after arrival (AVRR.md §8.4, pre-departure codes excluded). */
export const POST_ARRIVAL_CLOSURE_REASONS: readonly ClosureReason[] = [
  'COMPLETED',
  'SUPPORT_PERIOD_ENDED',
  'NO_LONGER_ELIGIBLE',
  'OPTED_OUT',
  'MOVED_AWAY',
  'RE_MIGRATED',
  'LOST_CONTACT',
  'DECEASED',
  'SECURITY',
  'FUNDING_ENDED',
  'STAFF_SAFETY',
];

// ---------------------------------------------------------------- command parts

export interface MilestoneInput {
  milestoneId: string;
  /** 'YYYY-MM-DD'. */
  dueDate: string;
  /** What the milestone is, as a code (e.g. 'MARKET_ASSESSMENT', 'SHOP_OPENED'). */
  code: string;
}

export interface PlanActivityInput {
  activityId: string;
  dimension: ActivityDimension;
  level: ActivityLevel;
  type: ActivityType;
  /** Budget of the activity in the plan currency, 2 decimals at most. */
  budget: number;
  milestones: MilestoneInput[];
}

export interface TrancheInput {
  /** In the plan currency, 2 decimals at most. */
  amount: number;
  /** 'YYYY-MM-DD'. */
  dueDate?: string;
  /** Conditions of release; default: none for the first tranche of the case, the configured ones after. */
  conditions?: TrancheCondition[];
  modality?: AssistanceModality;
  /** Payee or supplier reference (never a name or an account number). */
  payeeRef: string;
}

export interface ExchangeRateInput {
  /** Local currency the tranches are paid in (ISO 4217). */
  currency: string;
  /** Units of the local currency per unit of the plan currency, at approval. */
  rate: number;
}

export interface PlanFields {
  activities: PlanActivityInput[];
  /** Plan total in the programme currency: the sum of the activity budgets. */
  budget: number;
  currency: string;
  exchangeRate?: ExchangeRateInput;
  modality: AssistanceModality;
  tranches: TrancheInput[];
  /** The returnee signed the plan (reference of the signed form). */
  returneeSigned: boolean;
  signatureRef: string;
}

export interface EvidenceInput {
  /** Reference of the stored file (the file itself and its name stay out of the case). */
  evidenceId: string;
  /** SHA-256 of the file, hex. */
  checksum: string;
  contentType: string;
}

// ---------------------------------------------------------------- commands

/** The returnee agreed that the D3 facts needed for continuity of care may be shared with the receiving office. */
export interface RecordContinuityOfCareConsent {
  type: 'RecordContinuityOfCareConsent';
  given: boolean;
  consentRef: string;
}

export interface RecordReintegrationAssessment {
  type: 'RecordReintegrationAssessment';
  /** Need codes (e.g. 'INCOME', 'HOUSING', 'MHPSS'). */
  needs: string[];
  /** Skill codes (e.g. 'TAILORING', 'DRIVING'). */
  skills: string[];
}

export interface AgreePlan extends PlanFields {
  type: 'AgreePlan';
}

/** A new version of the plan (e.g. the business failed): never an edit in place. */
export interface AmendPlan extends PlanFields {
  type: 'AmendPlan';
  reasonCode: string;
}

export interface RecordMilestone {
  type: 'RecordMilestone';
  milestoneId: string;
  status: Exclude<MilestoneStatus, 'PLANNED'>;
  /** Required for CANCELLED (and kept for FAILED / PARTIAL). */
  reasonCode?: string;
  /** Evidence already recorded with RecordEvidence. */
  evidenceIds?: string[];
}

export interface RecordEvidence extends EvidenceInput {
  type: 'RecordEvidence';
  purpose: EvidencePurpose;
  milestoneId?: string;
  trancheId?: string;
  /**
   * HANDOVER_NOTE: the returnee signed the note on receiving the goods (AVRR.md §8.3). A signed handover note of an
   * in-kind or mixed tranche counts as evidence of its use.
   */
  signed?: boolean;
}

export interface RequestTranche {
  type: 'RequestTranche';
  trancheId: string;
}

export interface ApproveTranche {
  type: 'ApproveTranche';
  trancheId: string;
}

export interface RecordTranchePayment {
  type: 'RecordTranchePayment';
  trancheId: string;
  /** Unique reference of the payment (bank, mobile money, supplier invoice): a second payment with it is refused. */
  paymentRef: string;
}

export interface CancelTranche {
  type: 'CancelTranche';
  trancheId: string;
  reasonCode: string;
}

export interface CompleteAssistance {
  type: 'CompleteAssistance';
}

export interface RecordMonitoringVisit {
  type: 'RecordMonitoringVisit';
  mode: MonitoringMode;
  /** Finding codes, never notes. */
  findings: string[];
  businessStatus?: BusinessStatus;
}

/** Sends a returnee to another service provider (status REFERRED). When it was made is the command's effective time. */
export interface RecordReferral {
  type: 'RecordReferral';
  /** The returnee referred. */
  memberId: string;
  /** Service provider reference from the office's register (never a name). */
  providerRef: string;
  service: ReferralService;
  /** The plan activity the referral serves, if any. */
  activityId?: string;
  /** The need it answers, as a code (e.g. from the needs assessment: 'INCOME', 'MHPSS'). */
  needCode?: string;
}

/** The provider's answer, the returnee's attendance, and feedback on the service: codes only. */
export interface UpdateReferral {
  type: 'UpdateReferral';
  referralId: string;
  status: Exclude<ReferralStatus, 'REFERRED'>;
  /** Required for DECLINED and CANCELLED. */
  reasonCode?: string;
  /** Only with SERVICE_RECEIVED: REFERRAL_SATISFACTION_MIN..MAX. */
  satisfaction?: number;
  /** Feedback codes from the provider or the returnee (e.g. 'NEED_MET', 'WAITING_LIST'), never notes. Added to earlier ones. */
  feedback?: string[];
}

export interface RecordContactAttempt {
  type: 'RecordContactAttempt';
  mode: ContactMode;
  successful: boolean;
}

export interface RecordRss {
  type: 'RecordRss';
  instrumentVersion: string;
  timing: RssTiming;
  mode: MonitoringMode;
  /** Indicator id -> answer (null = no answer). */
  answers: Record<string, RssAnswer>;
  /**
   * Server field (the API fills it, never the caller): the newest weight set an administrator added for this
   * instrument version. Absent: the instrument's configured weights apply (every history recorded before weight sets
   * existed replays so).
   */
  weights?: RssWeights;
}

export interface RecordFollowUp {
  type: 'RecordFollowUp';
  followUpId: string;
  action: FollowUpAction;
}

export interface OptOut {
  type: 'OptOut';
  /** Optional, never required. */
  reasonCode?: string;
  /** Why the returnee stops and whether the assistance could be adapted (AVRR.md §8.4); required when configured. */
  referralNote?: ReferralNote;
}

/** The counterpart drafts a new plan version; a supervisor approves (or rejects) it. The returnee's agreement is recorded. */
export interface DraftPlanAmendment extends PlanFields {
  type: 'DraftPlanAmendment';
  reasonCode: string;
}

export interface ApprovePlanAmendment {
  type: 'ApprovePlanAmendment';
}

export interface RejectPlanAmendment {
  type: 'RejectPlanAmendment';
  reasonCode: string;
}

export interface SupervisorOverride {
  /** Why the case may close with items still open. */
  reasonCode: string;
}

export interface CloseCase {
  type: 'CloseCase';
  reason: ClosureReason;
  /** What was explored before closing (re-migration, opting out: AVRR.md §8.4); required for the configured reasons. */
  referralNote?: ReferralNote;
  /** Required when the last RSS is below the threshold. */
  justificationCode?: string;
  /** Closing with open items (money in flight, open follow-ups, open milestones for COMPLETED): supervisor only. */
  supervisorOverride?: SupervisorOverride;
  /** COMPLETED without an endline RSS: why it was not run. */
  rssWaiverReason?: string;
}

export interface CorrectClosureReason {
  type: 'CorrectClosureReason';
  reason: ClosureReason;
  noteCode: string;
}

export type ReintegrationCommand =
  | RecordContinuityOfCareConsent
  | RecordReintegrationAssessment
  | AgreePlan
  | AmendPlan
  | RecordMilestone
  | RecordEvidence
  | RequestTranche
  | ApproveTranche
  | RecordTranchePayment
  | CancelTranche
  | CompleteAssistance
  | RecordMonitoringVisit
  | RecordReferral
  | UpdateReferral
  | RecordContactAttempt
  | RecordRss
  | RecordFollowUp
  | OptOut
  | CloseCase
  | CorrectClosureReason
  | DraftPlanAmendment
  | ApprovePlanAmendment
  | RejectPlanAmendment;

export type ReintegrationCommandType = ReintegrationCommand['type'];

// ---------------------------------------------------------------- events

interface Times {
  effectiveAt: string;
  recordedAt: string;
}

export interface TranchePlanned {
  trancheId: string;
  /** Order of release over the whole case (continues across plan versions). */
  sequence: number;
  amount: number;
  dueDate?: string;
  conditions: TrancheCondition[];
  modality: AssistanceModality;
  payeeRef: string;
}

export interface PlanVersionFields {
  planVersion: number;
  activities: PlanActivityInput[];
  budget: number;
  currency: string;
  exchangeRate?: ExchangeRateInput;
  modality: AssistanceModality;
  tranches: TranchePlanned[];
  signatureRef: string;
  /** Total the case may ever pay: what was paid under earlier versions plus this version's budget. */
  envelope: number;
  aboveCeiling: boolean;
  approvedByRole: Role;
  approvedBy: string;
}

export interface HandoverAcknowledgementOverdue extends Times {
  type: 'HandoverAcknowledgementOverdue';
  receivingOffice: string;
  /** Last working day the acknowledgement was due ('YYYY-MM-DD'). */
  dueOn: string;
}

export interface ContinuityOfCareConsentRecorded extends Times {
  type: 'ContinuityOfCareConsentRecorded';
  given: boolean;
  consentRef: string;
}

export interface ReintegrationAssessmentRecorded extends Times {
  type: 'ReintegrationAssessmentRecorded';
  needs: string[];
  skills: string[];
}

export interface PlanAgreed extends Times, PlanVersionFields {
  type: 'PlanAgreed';
}

export interface PlanAmended extends Times, PlanVersionFields {
  type: 'PlanAmended';
  reasonCode: string;
  previousVersion: number;
}

export interface MilestoneRecorded extends Times {
  type: 'MilestoneRecorded';
  milestoneId: string;
  status: MilestoneStatus;
  reasonCode?: string;
  evidenceIds: string[];
}

export interface EvidenceRecorded extends Times, EvidenceInput {
  type: 'EvidenceRecorded';
  purpose: EvidencePurpose;
  milestoneId?: string;
  trancheId?: string;
  recordedBy: string;
  signed?: boolean;
}

export interface TrancheRequested extends Times {
  type: 'TrancheRequested';
  trancheId: string;
  requestedBy: string;
  requestedByRole: Role;
}

export interface TrancheApproved extends Times {
  type: 'TrancheApproved';
  trancheId: string;
  approvedBy: string;
}

export interface TranchePaid extends Times {
  type: 'TranchePaid';
  trancheId: string;
  paymentRef: string;
  amount: number;
  currency: string;
  /** Amount in the local currency at the plan's rate (when the plan has one). */
  localAmount?: number;
  localCurrency?: string;
  paidBy: string;
}

export interface TrancheCancelled extends Times {
  type: 'TrancheCancelled';
  trancheId: string;
  reasonCode: string;
}

export interface AssistanceCompleted extends Times {
  type: 'AssistanceCompleted';
}

export interface MonitoringVisitDue extends Times {
  type: 'MonitoringVisitDue';
  visitNo: number;
  dueOn: string;
}

export interface MonitoringVisitRecorded extends Times {
  type: 'MonitoringVisitRecorded';
  /** The planned visit this one fulfils (none when all planned visits are done: an extra visit). */
  visitNo?: number;
  mode: MonitoringMode;
  findings: string[];
  businessStatus?: BusinessStatus;
}

export interface ReferralRecorded extends Times {
  type: 'ReferralRecorded';
  /** `REF-<n>`, in the order recorded. */
  referralId: string;
  memberId: string;
  providerRef: string;
  service: ReferralService;
  activityId?: string;
  needCode?: string;
  referredBy: string;
}

export interface ReferralUpdated extends Times {
  type: 'ReferralUpdated';
  referralId: string;
  /** The status before the update. */
  from: ReferralStatus;
  status: Exclude<ReferralStatus, 'REFERRED'>;
  reasonCode?: string;
  satisfaction?: number;
  feedback: string[];
}

export interface ContactAttemptRecorded extends Times {
  type: 'ContactAttemptRecorded';
  mode: ContactMode;
  successful: boolean;
}

export interface RssRecorded extends Times {
  type: 'RssRecorded';
  rssId: string;
  timing: RssTiming;
  mode: MonitoringMode;
  instrumentVersion: string;
  weightsVersion: string;
  answers: Record<string, RssAnswer>;
  indicatorScores: Record<string, number>;
  dimensionScores: Record<RssDimension, number | null>;
  composite: number | null;
  missingIndicators: string[];
  incomplete: boolean;
  provisional: boolean;
  belowThreshold: (RssDimension | 'COMPOSITE')[];
}

export interface FollowUpRequired extends Times {
  type: 'FollowUpRequired';
  followUpId: string;
  reason: 'RSS_BELOW_THRESHOLD';
  rssId: string;
  dimensions: (RssDimension | 'COMPOSITE')[];
}

export interface FollowUpRecorded extends Times {
  type: 'FollowUpRecorded';
  followUpId: string;
  action: FollowUpAction;
}

export interface OptedOut extends Times {
  type: 'OptedOut';
  reasonCode?: string;
  referralNote?: ReferralNote;
}

/** A plan version the counterpart drafted, waiting for a supervisor (the returnee's agreement is in returneeSigned). */
export interface PendingAmendmentFields extends PlanFields {
  reasonCode: string;
  /** The version it would become. */
  planVersion: number;
  draftedBy: string;
  draftedByRole: Role;
}

export interface PlanAmendmentDrafted extends Times, PendingAmendmentFields {
  type: 'PlanAmendmentDrafted';
}

export interface PlanAmendmentRejected extends Times {
  type: 'PlanAmendmentRejected';
  planVersion: number;
  reasonCode: string;
  rejectedBy: string;
}

export interface ReintegrationClosed extends Times {
  type: 'ReintegrationClosed';
  reason: ClosureReason;
  justificationCode?: string;
  overrideReasonCode?: string;
  rssWaiverReason?: string;
  finalRssId?: string;
  referralNote?: ReferralNote;
}

export interface ClosureReasonCorrected extends Times {
  type: 'ClosureReasonCorrected';
  from: ClosureReason;
  to: ClosureReason;
  noteCode: string;
}

export interface CaseReopenedAfterClosure extends Times {
  type: 'CaseReopenedAfterClosure';
  previousReason?: ClosureReason;
  toStage: Stage;
  /** The supervisor's ground (AVRR.md §5.3); absent in events recorded before the rule. */
  reasonCode?: ReopenReason;
}

export type ReintegrationEvent =
  | HandoverAcknowledgementOverdue
  | ContinuityOfCareConsentRecorded
  | ReintegrationAssessmentRecorded
  | PlanAgreed
  | PlanAmended
  | MilestoneRecorded
  | EvidenceRecorded
  | TrancheRequested
  | TrancheApproved
  | TranchePaid
  | TrancheCancelled
  | AssistanceCompleted
  | MonitoringVisitDue
  | MonitoringVisitRecorded
  | ReferralRecorded
  | ReferralUpdated
  | ContactAttemptRecorded
  | RssRecorded
  | FollowUpRequired
  | FollowUpRecorded
  | OptedOut
  | ReintegrationClosed
  | ClosureReasonCorrected
  | CaseReopenedAfterClosure
  | PlanAmendmentDrafted
  | PlanAmendmentRejected;

export type ReintegrationEventType = ReintegrationEvent['type'];

export const REINTEGRATION_EVENT_TYPES: readonly ReintegrationEventType[] = [
  'HandoverAcknowledgementOverdue',
  'ContinuityOfCareConsentRecorded',
  'ReintegrationAssessmentRecorded',
  'PlanAgreed',
  'PlanAmended',
  'MilestoneRecorded',
  'EvidenceRecorded',
  'TrancheRequested',
  'TrancheApproved',
  'TranchePaid',
  'TrancheCancelled',
  'AssistanceCompleted',
  'MonitoringVisitDue',
  'MonitoringVisitRecorded',
  'ReferralRecorded',
  'ReferralUpdated',
  'ContactAttemptRecorded',
  'RssRecorded',
  'FollowUpRequired',
  'FollowUpRecorded',
  'OptedOut',
  'ReintegrationClosed',
  'ClosureReasonCorrected',
  'CaseReopenedAfterClosure',
  'PlanAmendmentDrafted',
  'PlanAmendmentRejected',
];

// ---------------------------------------------------------------- state

export interface MilestoneState {
  milestoneId: string;
  activityId: string;
  planVersion: number;
  code: string;
  dueDate: string;
  status: MilestoneStatus;
  reasonCode?: string;
  evidenceIds: string[];
  updatedAt?: string;
}

export interface EvidenceState extends EvidenceInput {
  purpose: EvidencePurpose;
  signed?: boolean;
  milestoneId?: string;
  trancheId?: string;
  recordedBy: string;
  effectiveAt: string;
  recordedAt: string;
}

export interface TrancheState extends TranchePlanned {
  planVersion: number;
  currency: string;
  status: TrancheStatus;
  requestedBy?: string;
  requestedByRole?: Role;
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

export interface PlanVersionState {
  planVersion: number;
  activities: PlanActivityInput[];
  budget: number;
  currency: string;
  exchangeRate?: ExchangeRateInput;
  modality: AssistanceModality;
  signatureRef: string;
  envelope: number;
  aboveCeiling: boolean;
  approvedByRole: Role;
  approvedBy: string;
  reasonCode?: string;
  effectiveAt: string;
  recordedAt: string;
}

export type RssResultState = Omit<RssRecorded, 'type'>;

export interface FollowUpState {
  followUpId: string;
  reason: 'RSS_BELOW_THRESHOLD';
  rssId: string;
  dimensions: (RssDimension | 'COMPOSITE')[];
  status: 'OPEN' | 'DONE';
  action?: FollowUpAction;
  openedAt: string;
  doneAt?: string;
}

export interface ReferralState {
  referralId: string;
  memberId: string;
  providerRef: string;
  service: ReferralService;
  activityId?: string;
  needCode?: string;
  status: ReferralStatus;
  reasonCode?: string;
  satisfaction?: number;
  feedback: string[];
  referredBy: string;
  /** Effective time of the referral (when it was made). */
  referredAt: string;
  recordedAt: string;
  /** Effective time of the last update. */
  updatedAt?: string;
}

export interface ReintegrationState {
  handoverOverdue?: { dueOn: string; at: string };
  continuityOfCareConsent?: { given: boolean; consentRef: string; effectiveAt: string };
  assessments: { needs: string[]; skills: string[]; effectiveAt: string }[];
  plans: PlanVersionState[];
  milestones: MilestoneState[];
  evidence: EvidenceState[];
  tranches: TrancheState[];
  /** Planned visits whose due date has passed (the deadline fired). */
  visitsDue: { visitNo: number; dueOn: string; at: string }[];
  visits: {
    visitNo?: number;
    mode: MonitoringMode;
    findings: string[];
    businessStatus?: BusinessStatus;
    effectiveAt: string;
    recordedAt: string;
  }[];
  contactAttempts: { mode: ContactMode; successful: boolean; effectiveAt: string }[];
  /**
   * The first failed attempt (effective time) of the run of failures for which the system placed the CONTACT_LOST
   * hold: once a person lifts that hold, the timer does not place it again for the same run (a new failed attempt does).
   */
  contactRuleHoldFor?: string;
  /** Referrals to other service providers; absent in states carried from before they existed (continue-as-new). */
  referrals?: ReferralState[];
  rss: RssResultState[];
  followUps: FollowUpState[];
  assistanceCompletedAt?: string;
  optedOutAt?: string;
  closure?: {
    reason: ClosureReason;
    justificationCode?: string;
    overrideReasonCode?: string;
    rssWaiverReason?: string;
    finalRssId?: string;
    referralNote?: ReferralNote;
    effectiveAt: string;
  };
  closureCorrections: { from: ClosureReason; to: ClosureReason; noteCode: string; effectiveAt: string }[];
  reopenedAfterClosure: number;
  /** A drafted plan amendment waiting for a supervisor (absent when none; and in states from before drafts existed). */
  pendingAmendment?: PendingAmendmentFields & { effectiveAt: string; recordedAt: string };
  /** Drafts a supervisor rejected (absent in states from before drafts existed). */
  rejectedAmendments?: { planVersion: number; reasonCode: string; rejectedBy: string; effectiveAt: string }[];
}

export function blankReintegration(): ReintegrationState {
  return {
    assessments: [],
    plans: [],
    milestones: [],
    evidence: [],
    tranches: [],
    visitsDue: [],
    visits: [],
    contactAttempts: [],
    rss: [],
    followUps: [],
    closureCorrections: [],
    reopenedAfterClosure: 0,
  };
}

/** Failed contact attempts since the last successful contact (a successful attempt or a monitoring visit). */
export function failedAttemptsSinceContact(r: ReintegrationState): { effectiveAt: string }[] {
  const contacts = [
    ...r.contactAttempts.filter((a) => a.successful).map((a) => a.effectiveAt),
    ...r.visits.map((v) => v.effectiveAt),
  ];
  const last = contacts.sort((a, b) => compareInstants(a, b))[contacts.length - 1];
  return r.contactAttempts
    .filter((a) => !a.successful && (last === undefined || compareInstants(a.effectiveAt, last) > 0))
    .sort((a, b) => compareInstants(a.effectiveAt, b.effectiveAt));
}
