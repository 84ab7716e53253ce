/**
 * Case events: past-tense facts produced by decide() / onDeadlines() and folded by evolve().
 * Every event carries the effective time of the fact (when it happened, from meta.effectiveAt) and the
 * recorded time (when it was entered, from ctx.now). Stage moves are explicit StageChanged events.
 */
import type { ConsentPurpose, PurposeConsentSignatory } from './consents';
import type {
  AlreadyValidDocument,
  ConsentInput,
  ConsulateFollowUpChannel,
  ConsulateFollowUpOutcome,
  ExitFine,
  VulnerabilityFinding,
} from './commands';
import type {
  AssessmentOutcome,
  AssessmentType,
  CancelReason,
  CaseOpened,
  ClosureReason,
  CounsellingMode,
  DeclarationSignatory,
  HoldType,
  Money,
  NationalityStatus,
  ProtectionFinding,
  ReferralNote,
  Role,
  Stage,
  TransitIncidentKind,
  TravelDocumentType,
  TurnBackReason,
} from './types';
import type { ReintegrationEvent } from './reintegration-model';

export interface EventTimes {
  /** When the fact happened (meta.effectiveAt, or the deadline instant). */
  effectiveAt: string;
  /** When the engine recorded it (ctx.now). */
  recordedAt: string;
}

export interface CaseOpenedEvent extends CaseOpened, EventTimes {
  type: 'CaseOpened';
  /** Stage the case opens at (REFERRED, REGISTERED or ARRIVED). */
  stage: Stage;
}

export interface StageChanged extends EventTimes {
  type: 'StageChanged';
  from: Stage;
  to: Stage;
}

export interface CaseRegistered extends EventTimes {
  type: 'CaseRegistered';
  consents: ConsentInput[];
  duplicateCheckDone: boolean;
}

export interface DataConsentRecorded extends EventTimes {
  type: 'DataConsentRecorded';
  consents: ConsentInput[];
}

export interface CounsellingSessionRecorded extends EventTimes {
  type: 'CounsellingSessionRecorded';
  language: string;
  interpreterUsed: boolean;
  mode: CounsellingMode;
  topics: string[];
}

export interface ScreeningStarted extends EventTimes {
  type: 'ScreeningStarted';
}

export interface EligibilityRecorded extends EventTimes {
  type: 'EligibilityRecorded';
  eligible: boolean;
  ruleId: string;
  reasonCode?: string;
}

export interface RapidVulnerabilityScreeningRecorded extends EventTimes {
  type: 'RapidVulnerabilityScreeningRecorded';
  /** Findings as given, plus UASC added for every child with no guardian in the case. */
  findings: VulnerabilityFinding[];
}

export interface AssessmentRequired extends EventTimes {
  type: 'AssessmentRequired';
  memberId: string;
  assessment: AssessmentType;
  /**
   * SCREENING: triggered by a vulnerability; EXPIRED: the previous result is no longer valid (or, for a risk judged too
   * high, its reassessment is due); DIRECT: a finding the protection focal point recorded.
   */
  trigger: 'SCREENING' | 'EXPIRED' | 'DIRECT';
}

export interface AssessmentResultRecorded extends EventTimes {
  type: 'AssessmentResultRecorded';
  memberId: string;
  assessment: AssessmentType;
  outcome: AssessmentOutcome;
  /** Resolved validity ('YYYY-MM-DD'): given, or the configured default for MEDICAL and VOT_RISK. */
  validUntil?: string;
  escortRequired: boolean;
  mitigation?: string;
  assessorRole: Role;
}

export interface HoldPlaced extends EventTimes {
  type: 'HoldPlaced';
  hold: HoldType;
  memberId?: string;
  reason?: string;
  placedBy: Role;
}

export interface HoldLifted extends EventTimes {
  type: 'HoldLifted';
  hold: HoldType;
  memberId?: string;
  mitigation?: string;
  liftedBy: Role;
}

export interface VoluntaryReturnDeclarationSigned extends EventTimes {
  type: 'VoluntaryReturnDeclarationSigned';
  memberId: string;
  signatory: DeclarationSignatory;
  guardianMemberId?: string;
  representativeRef?: string;
  formVersion: string;
  language: string;
  childViewsRecorded: boolean;
  childCoSigned: boolean;
  unhcrNotificationConsent: boolean;
}

export interface CaseApproved extends EventTimes {
  type: 'CaseApproved';
  supervisorApproval: boolean;
  approvedBy: Role;
}

export interface TravelDocumentRequested extends EventTimes {
  type: 'TravelDocumentRequested';
  memberId: string;
  documentType: TravelDocumentType;
  authority: string;
  transferConsentRef: string;
}

export interface ExitAuthorizationRequested extends EventTimes {
  type: 'ExitAuthorizationRequested';
  memberId: string;
  authority: string;
}

export interface DocumentsAlreadyValidRecorded extends EventTimes {
  type: 'DocumentsAlreadyValidRecorded';
  documents: AlreadyValidDocument[];
}

export interface TravelDocumentIssued extends EventTimes {
  type: 'TravelDocumentIssued';
  memberId: string;
  documentType: TravelDocumentType;
  documentRef: string;
  expiresOn: string;
}

export interface TravelDocumentRefused extends EventTimes {
  type: 'TravelDocumentRefused';
  memberId: string;
  documentType: TravelDocumentType;
  reasonCode: string;
}

export interface ExitAuthorizationRecorded extends EventTimes {
  type: 'ExitAuthorizationRecorded';
  memberId: string;
  granted: boolean;
  fine?: ExitFine;
}

export type RenewalReason = 'EXPIRED' | 'EXPIRES_BEFORE_DEPARTURE' | 'USED_OR_INVALID';

/** A member's travel document can no longer be used: a new one is needed before booking. */
export interface DocumentRenewalRequired extends EventTimes {
  type: 'DocumentRenewalRequired';
  memberId: string;
  documentType: TravelDocumentType;
  expiresOn?: string;
  reason: RenewalReason;
}

export interface ReadyForBookingMarked extends EventTimes {
  type: 'ReadyForBookingMarked';
  receptionConfirmed: boolean;
  escortArranged: boolean;
}

export interface BookingDetails {
  itineraryRef: string;
  departureDate: string;
  arrivalDate?: string;
  escortOnItinerary: boolean;
  fundsAvailable: boolean;
  ticketed: boolean;
  /** Resolved hold expiry for an unticketed booking. */
  bookingHoldUntil?: string;
  travellerIds: string[];
  /** The receiving office expecting the returnee (absent in events recorded before it was resolved at booking). */
  receivingOffice?: string;
}

export interface BookingConfirmed extends EventTimes, BookingDetails {
  type: 'BookingConfirmed';
}

export interface BookingChanged extends EventTimes, BookingDetails {
  type: 'BookingChanged';
  previousItineraryRef: string;
  previousDepartureDate: string;
}

export type BookingEndReason =
  | 'WITHDRAWN'
  | 'MEMBER_WITHDRAWN'
  | 'CANCELLED'
  | 'NO_SHOW'
  | 'MEDICAL_UNFIT'
  | 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE'
  | 'HOLD_EXPIRED'
  | 'VOT_ASSESSMENT_EXPIRED'
  | 'SPLIT'
  | 'DECEASED';

export interface BookingCancelled extends EventTimes {
  type: 'BookingCancelled';
  itineraryRef: string;
  departureDate: string;
  reason: BookingEndReason;
}

export interface BookingTicketed extends EventTimes {
  type: 'BookingTicketed';
  itineraryRef: string;
}

export interface NoShowRecorded extends EventTimes {
  type: 'NoShowRecorded';
  itineraryRef: string;
  noShowCount: number;
  documentsStillValid: boolean;
}

export interface NoShowReviewRecorded extends EventTimes {
  type: 'NoShowReviewRecorded';
  approved: boolean;
  noShowCount: number;
}

export interface PreEmbarkationCheckRecorded extends EventTimes {
  type: 'PreEmbarkationCheckRecorded';
  memberId: string;
  fit: boolean;
  itineraryRef: string;
}

export interface DepartureRecorded extends EventTimes {
  type: 'DepartureRecorded';
  itineraryRef: string;
  travellerIds: string[];
  voluntarinessReconfirmed: boolean;
  pocketMoney: Money;
  /** Asylum-seeker members whose departure UNHCR must be informed of (the caller logs the transfer). */
  unhcrNotificationDue: string[];
}

export interface TransitRecorded extends EventTimes {
  type: 'TransitRecorded';
  location: string;
}

/** A movement event: the case stays DEPARTED. */
export interface TransitIncidentRecorded extends EventTimes {
  type: 'TransitIncidentRecorded';
  /** `TI-<n>`, in the order recorded. */
  incidentId: string;
  kind: TransitIncidentKind;
  memberIds: string[];
  transitPoint: string;
}

/** A follow-up of a consulate on a pending laissez-passer request: history only, no clock restarts. */
export interface ConsulateFollowUpRecorded extends EventTimes {
  type: 'ConsulateFollowUpRecorded';
  memberId: string;
  documentType: 'LAISSEZ_PASSER';
  channel: ConsulateFollowUpChannel;
  outcome: ConsulateFollowUpOutcome;
  /** When the request was sent (unchanged by the follow-up: the SLA counts from it). */
  requestedAt?: string;
}

export interface TurnBackRecorded extends EventTimes {
  type: 'TurnBackRecorded';
  reason: TurnBackReason;
  documentsStillValid: boolean;
}

export interface ArrivalRecorded extends EventTimes {
  type: 'ArrivalRecorded';
  receptionRecorded: boolean;
  uascHandoverSigned: boolean;
  receivingOffice: string;
  /** The last working day of the receiving office for the handover acknowledgement (from its calendar), ... */
  handoverDueOn?: string;
  /** ... and the instant it is overdue: the end of that day in the office's time zone. */
  handoverOverdueAt?: string;
}

export interface HandoverAcknowledged extends EventTimes {
  type: 'HandoverAcknowledged';
  receivingOffice: string;
}

export interface CancelledDocumentRequest {
  memberId: string;
  documentType: TravelDocumentType;
  authority?: string;
}

export interface CancelledExitRequest {
  memberId: string;
  authority?: string;
}

/** What was in flight and has been cancelled with a withdrawal or cancellation. */
export interface InFlightCancelled {
  cancelledBooking?: { itineraryRef: string; departureDate: string };
  cancelledDocumentRequests: CancelledDocumentRequest[];
  cancelledExitAuthorizationRequests: CancelledExitRequest[];
}

export interface CaseWithdrawn extends EventTimes, InFlightCancelled {
  type: 'CaseWithdrawn';
  fromStage: Stage;
  reasonCode?: string;
}

/** Some members stop their return; the others continue in this case. */
export interface MembersWithdrawn extends EventTimes, InFlightCancelled {
  type: 'MembersWithdrawn';
  memberIds: string[];
  reasonCode?: string;
}

export interface CaseCancelled extends EventTimes, InFlightCancelled {
  type: 'CaseCancelled';
  fromStage: Stage;
  reasonCode: CancelReason;
  /** Where the person was referred for an alternative solution (absent when not given). */
  referralNote?: ReferralNote;
}

export interface CaseReopened extends EventTimes {
  type: 'CaseReopened';
  from: 'WITHDRAWN' | 'CANCELLED';
  /** Members whose earlier voluntary return declarations are void. */
  voidedDeclarations: string[];
}

export interface CaseSplit extends EventTimes {
  type: 'CaseSplit';
  newCaseId: string;
  /** Every member moved out (the ones asked for plus the children that follow them). */
  memberIds: string[];
  /** When the PA moved out: the adult who becomes PA of this case. */
  newPrincipalMemberId?: string;
  /** Everything the caller needs to open the new case (see splitOpened). */
  opened: CaseOpened;
}

export interface MemberDied extends EventTimes {
  type: 'MemberDied';
  memberId: string;
}

/** Tickets (or held seats) of an ended booking cancelled with the carrier. */
export interface TicketCancellationRecorded extends EventTimes {
  type: 'TicketCancellationRecorded';
  itineraryRef: string;
}

/** A partner (UNHCR: of the asylum seekers among the travellers) informed of the departure. */
export interface PartnerNotificationRecorded extends EventTimes {
  type: 'PartnerNotificationRecorded';
  partner: 'UNHCR';
  itineraryRef: string;
}

/** The protection focal point recorded a special-category finding about one member (VoT, GBV, asylum). */
export interface ProtectionFindingRecorded extends EventTimes {
  type: 'ProtectionFindingRecorded';
  memberId: string;
  finding: ProtectionFinding;
}

/** A member's nationality as stated at interview (DECLARED) or as a consulate confirmed it (CONFIRMED). */
export interface NationalityRecorded extends EventTimes {
  type: 'NationalityRecorded';
  memberId: string;
  /** ISO 3166 alpha-2. */
  nationality: string;
  status: NationalityStatus;
  /** The consulate or authority that confirmed it (CONFIRMED only). */
  authority?: string;
}

export interface CaseClosed extends EventTimes {
  type: 'CaseClosed';
  reason: ClosureReason;
}

/** A consent for one purpose (RecordConsent). */
export interface ConsentRecorded extends EventTimes {
  type: 'ConsentRecorded';
  consentRef: string;
  memberId: string;
  purpose: ConsentPurpose;
  formVersion: string;
  language: string;
  interpreterUsed: boolean;
  signatory: PurposeConsentSignatory;
  guardianMemberId?: string;
  thumbprint: boolean;
  capacityConcern: boolean;
}

/** A consent withdrawn (WithdrawConsent): nothing that depends on it happens after it. */
export interface ConsentWithdrawn extends EventTimes {
  type: 'ConsentWithdrawn';
  consentRef: string;
  memberId: string;
  purpose: ConsentPurpose;
  reasonCode?: string;
}

/** The officer's decision on a possible duplicate; repeatApplicant when SAME_PERSON with a case that departed. */
export interface DuplicateDecisionRecorded extends EventTimes {
  type: 'DuplicateDecisionRecorded';
  candidateCaseId: string;
  candidateReference: string;
  decision: 'NEW_PERSON' | 'SAME_PERSON';
  repeatApplicant: boolean;
}

export interface RepeatApplicantExceptionRecorded extends EventTimes {
  type: 'RepeatApplicantExceptionRecorded';
  reason: string;
  byUserId: string;
}

export type CaseEvent =
  | DuplicateDecisionRecorded
  | RepeatApplicantExceptionRecorded
  | CaseOpenedEvent
  | ConsulateFollowUpRecorded
  | StageChanged
  | CaseRegistered
  | DataConsentRecorded
  | CounsellingSessionRecorded
  | ScreeningStarted
  | EligibilityRecorded
  | RapidVulnerabilityScreeningRecorded
  | AssessmentRequired
  | AssessmentResultRecorded
  | HoldPlaced
  | HoldLifted
  | VoluntaryReturnDeclarationSigned
  | CaseApproved
  | TravelDocumentRequested
  | ExitAuthorizationRequested
  | DocumentsAlreadyValidRecorded
  | TravelDocumentIssued
  | TravelDocumentRefused
  | ExitAuthorizationRecorded
  | DocumentRenewalRequired
  | ReadyForBookingMarked
  | BookingConfirmed
  | BookingChanged
  | BookingCancelled
  | BookingTicketed
  | NoShowRecorded
  | NoShowReviewRecorded
  | PreEmbarkationCheckRecorded
  | DepartureRecorded
  | TransitRecorded
  | TransitIncidentRecorded
  | TurnBackRecorded
  | ArrivalRecorded
  | HandoverAcknowledged
  | CaseWithdrawn
  | MembersWithdrawn
  | CaseCancelled
  | CaseReopened
  | CaseSplit
  | MemberDied
  | ProtectionFindingRecorded
  | NationalityRecorded
  | CaseClosed
  | TicketCancellationRecorded
  | PartnerNotificationRecorded
  | ConsentRecorded
  | ConsentWithdrawn
  | ReintegrationEvent;

export type CaseEventType = CaseEvent['type'];
export type EventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;
