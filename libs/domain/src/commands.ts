/**
 * Case commands (AVRR.md §5.3). Each is a plain `{ type, ...payload }` object with ids, codes, dates, flags
 * and amounts only. The opening (ReceiveReferral) is not a command: it is the CaseOpened workflow input.
 */
import type {
  Actor,
  AssessmentOutcome,
  AssessmentType,
  CancelReason,
  ReopenReason,
  ConsentSignatory,
  CounsellingMode,
  DeclarationSignatory,
  HoldType,
  Money,
  NationalityStatus,
  ProtectionFinding,
  ReferralNote,
  Role,
  TransitIncidentKind,
  TravelDocumentType,
  TurnBackReason,
  VulnerabilityType,
} from './types';
import type { DuplicateDecision, RepeatApplicantExceptionReason } from './duplicates';
import type { ReintegrationCommand, ReintegrationCommandType } from './reintegration-model';
import type { ConsentPurpose, PurposeConsentSignatory } from './consents';

export interface CommandMeta {
  /** Idempotency key of the request (the Temporal Update id). */
  commandId: string;
  actor: Actor;
  /** The case version the caller saw; another version is STALE_VERSION. */
  expectedVersion: number;
  /** When the fact happened (ISO instant); may be earlier than the recorded time, never later. */
  effectiveAt: string;
}

export interface ConsentInput {
  memberId: string;
  dataConsent: true;
  signatory: ConsentSignatory;
  formVersion: string;
  /** Language code of the form / interpretation (e.g. 'fr', 'wo'). */
  language: string;
}

export interface Register {
  type: 'Register';
  /** Completes the consents already on record; together they must cover every member. */
  consents: ConsentInput[];
  duplicateCheckDone: boolean;
}

/** Records data-processing consents after registration (e.g. a member who turned 18). */
export interface RecordDataConsent {
  type: 'RecordDataConsent';
  consents: ConsentInput[];
}

/** A consent for one purpose, for one member (a new version supersedes the earlier one; AVRR.md §13 principle 4). */
export interface RecordConsent {
  type: 'RecordConsent';
  memberId: string;
  purpose: ConsentPurpose;
  formVersion: string;
  /** Language code of the form / interpretation (e.g. 'fr', 'wo'). */
  language: string;
  interpreterUsed: boolean;
  signatory: PurposeConsentSignatory;
  /** The guardian member who signs for a child. */
  guardianMemberId?: string;
  thumbprint: boolean;
  capacityConcern: boolean;
}

/** The member withdraws a consent (not the return: that is Withdraw). What depends on it stops from now on. */
export interface WithdrawConsent {
  type: 'WithdrawConsent';
  memberId: string;
  purpose: ConsentPurpose;
  /** Optional, never required. */
  reasonCode?: string;
}

export interface RecordCounsellingSession {
  type: 'RecordCounsellingSession';
  language: string;
  interpreterUsed: boolean;
  mode: CounsellingMode;
  /** Topic codes (e.g. 'RETURN', 'REINTEGRATION', 'ALTERNATIVES', 'RIGHTS', 'DATA_USE'); never notes. */
  topics: string[];
}

export interface StartScreening {
  type: 'StartScreening';
}

export interface RecordEligibility {
  type: 'RecordEligibility';
  eligible: boolean;
  /** Id of the configured programme rule that decided. */
  ruleId: string;
  reasonCode?: string;
}

export interface VulnerabilityFinding {
  memberId: string;
  vulnerabilities: VulnerabilityType[];
}

export interface RecordRapidVulnerabilityScreening {
  type: 'RecordRapidVulnerabilityScreening';
  findings: VulnerabilityFinding[];
}

export interface RecordAssessmentResult {
  type: 'RecordAssessmentResult';
  memberId: string;
  assessment: AssessmentType;
  outcome: AssessmentOutcome;
  /** 'YYYY-MM-DD'. Defaults: MEDICAL fitToTravelValidityDays, VOT_RISK votAssessmentValidityDays. */
  validUntil?: string;
  escortRequired?: boolean;
  /** Mitigation code, required when a VoT risk is found ACCEPTABLE (it lifts PROTECTION_RISK). */
  mitigation?: string;
}

export interface SignVoluntaryReturnDeclaration {
  type: 'SignVoluntaryReturnDeclaration';
  /** The adult signing, or the child for whom the guardian signs. */
  memberId: string;
  signatory: DeclarationSignatory;
  /** The guardian member who signs for a child; absent for a UASC whose legal representative signs. */
  guardianMemberId?: string;
  /** Reference of the UASC's legal representative (an id, never a name). */
  representativeRef?: string;
  formVersion: string;
  language: string;
  /** Child's views heard and recorded (age-appropriate). Required for every child. */
  childViewsRecorded?: boolean;
  /** The child co-signed (UASC aged uascCoSignAge+ when uascOver16SignsWithRepresentative). */
  childCoSigned?: boolean;
  /** Asylum seekers: consent to IOM informing UNHCR of the departure (§5.3 vulnerable-case rules). */
  unhcrNotificationConsent?: boolean;
}

export interface Approve {
  type: 'Approve';
  /**
   * Informational: the approval counts as a supervisor approval when the actor has the supervisor role,
   * whatever this flag says.
   */
  supervisorApproval?: boolean;
}

export interface RequestTravelDocument {
  type: 'RequestTravelDocument';
  memberId: string;
  documentType: TravelDocumentType;
  /** Consulate or authority code. */
  authority: string;
  /** Reference of the logged, consented transfer of identity data to the authority. */
  transferConsentRef: string;
}

export interface RequestExitAuthorization {
  type: 'RequestExitAuthorization';
  memberId: string;
  authority: string;
}

export interface AlreadyValidDocument {
  memberId: string;
  documentType: 'PASSPORT';
  /** Never sent: document numbers stay in PostgreSQL (use documentRef). */
  number?: never;
  /** Reference of the stored document record (never the passport number). */
  documentRef: string;
  /** 'YYYY-MM-DD'. */
  expiresOn: string;
}

export interface RecordDocumentsAlreadyValid {
  type: 'RecordDocumentsAlreadyValid';
  documents: AlreadyValidDocument[];
}

export interface RecordDocumentIssued {
  type: 'RecordDocumentIssued';
  memberId: string;
  documentType: TravelDocumentType;
  documentRef: string;
  expiresOn: string;
}

export interface RecordDocumentRefused {
  type: 'RecordDocumentRefused';
  memberId: string;
  documentType: TravelDocumentType;
  reasonCode: string;
}

export interface ExitFine extends Money {
  /** Payer code, e.g. 'IOM', 'BENEFICIARY', 'WAIVED'. */
  paidBy: string;
}

export interface RecordExitAuthorization {
  type: 'RecordExitAuthorization';
  memberId: string;
  granted: boolean;
  fine?: ExitFine;
}

export interface MarkReadyForBooking {
  type: 'MarkReadyForBooking';
  /** The CoO office confirmed reception (and services, for vulnerable cases). */
  receptionConfirmed: boolean;
  escortArranged?: boolean;
}

export interface BookingFields {
  /** 'YYYY-MM-DD', calendar date of departure in the host office. */
  departureDate: string;
  arrivalDate?: string;
  itineraryRef: string;
  escortOnItinerary?: boolean;
  fundsAvailable: boolean;
  /** ISO instant until which the airline holds an unticketed booking. */
  bookingHoldUntil?: string;
  /** Ticket already issued: no booking hold. */
  ticketed?: boolean;
  /**
   * Server field (the API fills it from the office register, never the caller): the receiving office in the country
   * of origin that expects the returnee, so its counterparts see the incoming case from booking on.
   */
  receivingOffice?: string;
}

export interface ConfirmBooking extends BookingFields {
  type: 'ConfirmBooking';
}

export interface ChangeBooking extends BookingFields {
  type: 'ChangeBooking';
  /**
   * When the only unmet guard is a travel document expiring before the new date (plus buffer): true cancels
   * the booking and sends the case back to DOCUMENTATION with a renewal requirement on each member concerned;
   * false or absent rejects with REQUIREMENTS_NOT_MET / DOCUMENT_EXPIRES_BEFORE_DEPARTURE.
   */
  fallbackToDocumentation?: boolean;
}

/** The airline ticket was issued: the booking is no longer released when its hold expires. */
export interface RecordTicketIssued {
  type: 'RecordTicketIssued';
  itineraryRef: string;
}

export interface RecordNoShow {
  type: 'RecordNoShow';
}

export interface RecordNoShowReview {
  type: 'RecordNoShowReview';
  approved: boolean;
}

export interface RecordPreEmbarkationCheck {
  type: 'RecordPreEmbarkationCheck';
  memberId: string;
  fit: boolean;
}

export interface RecordDeparture {
  type: 'RecordDeparture';
  voluntarinessReconfirmed: boolean;
  pocketMoney: Money;
}

export interface RecordTransit {
  type: 'RecordTransit';
  /** Airport or place code (e.g. IATA). */
  location: string;
}

/** Something went wrong in transit; the case stays DEPARTED (RecordTurnBack is the move back). */
export interface RecordTransitIncident {
  type: 'RecordTransitIncident';
  kind: TransitIncidentKind;
  /** The travellers concerned (at least one). */
  memberIds: string[];
  /** Airport or place code (e.g. IATA) where it happened. */
  transitPoint: string;
}

export interface RecordTurnBack {
  type: 'RecordTurnBack';
  reason: TurnBackReason;
  documentsStillValid: boolean;
}

/**
 * The officer followed up a consulate on a pending laissez-passer request (AVRR.md §9-10): recorded in the history, it
 * does not restart any clock (the request date and the stage entry stay as they are).
 */
export interface RecordConsulateFollowUp {
  type: 'RecordConsulateFollowUp';
  memberId: string;
  channel: ConsulateFollowUpChannel;
  outcome: ConsulateFollowUpOutcome;
}

export const CONSULATE_FOLLOW_UP_CHANNELS = ['PHONE', 'EMAIL', 'LETTER', 'VISIT'] as const;
export type ConsulateFollowUpChannel = (typeof CONSULATE_FOLLOW_UP_CHANNELS)[number];
export const CONSULATE_FOLLOW_UP_OUTCOMES = [
  'NO_REPLY',
  'IN_PROGRESS',
  'INFORMATION_REQUESTED',
  'ISSUE_DATE_GIVEN',
] as const;
export type ConsulateFollowUpOutcome = (typeof CONSULATE_FOLLOW_UP_OUTCOMES)[number];

export interface RecordArrival {
  type: 'RecordArrival';
  receptionRecorded: boolean;
  uascHandoverSigned?: boolean;
  receivingOffice: string;
  /**
   * Server field (the API fills it from the receiving office's settings, never the caller): the office's time zone,
   * weekend and holidays, so the handover deadline counts its working days. Without it: the configured weekdays, UTC.
   */
  receivingCalendar?: { timeZone: string; weekendDays: number[]; holidays: string[] };
}

export interface AcknowledgeHandover {
  type: 'AcknowledgeHandover';
}

export interface PlaceHold {
  type: 'PlaceHold';
  hold: HoldType;
  memberId?: string;
  /** Reason code, never free text. */
  reason?: string;
}

export interface LiftHold {
  type: 'LiftHold';
  hold: HoldType;
  memberId?: string;
  /** Mitigation code; required to lift PROTECTION_RISK. */
  mitigation?: string;
}

export interface Withdraw {
  type: 'Withdraw';
  /** Absent (or every remaining traveller) = the whole case. */
  memberIds?: string[];
  /** Optional, never required. */
  reasonCode?: string;
}

export interface Cancel {
  type: 'Cancel';
  reasonCode: CancelReason;
  /**
   * Where the person was referred for an alternative solution; required for the configured reasons
   * (referralNoteCancelReasons, by default RETURN_NOT_IN_BEST_INTERESTS and RISK_TOO_HIGH).
   */
  referralNote?: ReferralNote;
}

/** The protection focal point records a finding about one member (AVRR.md §5.3 vulnerable-case rules). */
export interface RecordProtectionFinding {
  type: 'RecordProtectionFinding';
  memberId: string;
  finding: ProtectionFinding;
}

/** A nationality stated at interview is DECLARED until a consulate confirms it (AVRR.md §6 Individual, §7.2). */
export interface RecordNationality {
  type: 'RecordNationality';
  memberId: string;
  /** ISO 3166 alpha-2. */
  nationality: string;
  status: NationalityStatus;
  /** The consulate or authority code; required for CONFIRMED. */
  authority?: string;
}

export interface Reopen {
  type: 'Reopen';
  /**
   * Why a CLOSED case is re-opened (AVRR.md §5.3): required for a closed case when the case's config has
   * reopenClosedNeedsReason; not given for a withdrawn or cancelled case.
   */
  reasonCode?: ReopenReason;
}

export interface SplitCase {
  type: 'SplitCase';
  /** Members to move; children whose every in-case guardian moves go with them. */
  memberIds: string[];
  newCaseId: string;
  /** Reference of the new case; default `${reference}-S${n}`. */
  newReference?: string;
}

export interface RecordDeath {
  type: 'RecordDeath';
  memberId: string;
}

/** The movement assistant cancelled with the carrier the tickets (or held seats) of a booking that ended. */
export interface RecordTicketCancellation {
  type: 'RecordTicketCancellation';
  /** The itinerary of the ended booking. */
  itineraryRef: string;
}

/**
 * A partner was informed of the departure: UNHCR, of an asylum seeker's (AVRR.md §5.4; the person consented before
 * approval). The command's name is neutral because the audit trail shows its type to readers who may not learn that
 * someone sought asylum; `partner` is a needs-level detail.
 */
export interface RecordPartnerNotification {
  type: 'RecordPartnerNotification';
  partner: 'UNHCR';
}

/**
 * The officer's decision on a possible duplicate found at registration (issue 11 item 6). SAME_PERSON links the two
 * cases (a reference only, on both sides). candidateReference and candidateAssisted are filled by the server from the
 * other case (its reference, and whether it departed with assistance), never by the caller.
 */
export interface RecordDuplicateDecision {
  type: 'RecordDuplicateDecision';
  candidateCaseId: string;
  decision: DuplicateDecision;
  candidateReference: string;
  candidateAssisted: boolean;
}

/** A supervisor lets a repeat applicant through (DomainConfig.repeatApplicant SUPERVISOR_EXCEPTION). */
export interface RecordRepeatApplicantException {
  type: 'RecordRepeatApplicantException';
  reason: RepeatApplicantExceptionReason;
}

export type CaseCommand =
  | RecordDuplicateDecision
  | RecordRepeatApplicantException
  | Register
  | RecordDataConsent
  | RecordCounsellingSession
  | StartScreening
  | RecordEligibility
  | RecordRapidVulnerabilityScreening
  | RecordAssessmentResult
  | SignVoluntaryReturnDeclaration
  | Approve
  | RequestTravelDocument
  | RequestExitAuthorization
  | RecordDocumentsAlreadyValid
  | RecordDocumentIssued
  | RecordDocumentRefused
  | RecordExitAuthorization
  | MarkReadyForBooking
  | ConfirmBooking
  | ChangeBooking
  | RecordTicketIssued
  | RecordNoShow
  | RecordNoShowReview
  | RecordPreEmbarkationCheck
  | RecordDeparture
  | RecordTransit
  | RecordTransitIncident
  | RecordTurnBack
  | RecordArrival
  | AcknowledgeHandover
  | PlaceHold
  | LiftHold
  | Withdraw
  | Cancel
  | Reopen
  | SplitCase
  | RecordDeath
  | RecordTicketCancellation
  | RecordPartnerNotification
  | RecordConsulateFollowUp
  | RecordProtectionFinding
  | RecordNationality
  | RecordConsent
  | WithdrawConsent
  | ReintegrationCommand;

export type CaseCommandType = CaseCommand['type'];
export type CommandOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>;

export interface CommandEnvelope {
  meta: CommandMeta;
  command: CaseCommand;
}

/** Who may send each reintegration command (stages 11-16). */
const COUNTERPART: readonly Role[] = ['counterpart', 'supervisor'];
const FINANCE: readonly Role[] = ['finance'];

export const REINTEGRATION_COMMAND_ROLES: Record<ReintegrationCommandType, readonly Role[]> = {
  RecordContinuityOfCareConsent: ['officer', 'supervisor', 'protection', 'medical', 'counterpart'],
  RecordReintegrationAssessment: COUNTERPART,
  AgreePlan: COUNTERPART,
  AmendPlan: COUNTERPART,
  RecordMilestone: COUNTERPART,
  RecordEvidence: ['counterpart', 'supervisor', 'finance'],
  RequestTranche: ['counterpart', 'supervisor', 'finance'],
  ApproveTranche: FINANCE,
  RecordTranchePayment: FINANCE,
  CancelTranche: ['counterpart', 'supervisor', 'finance'],
  CompleteAssistance: COUNTERPART,
  RecordMonitoringVisit: COUNTERPART,
  RecordReferral: COUNTERPART,
  UpdateReferral: COUNTERPART,
  RecordContactAttempt: COUNTERPART,
  RecordRss: COUNTERPART,
  RecordFollowUp: COUNTERPART,
  OptOut: COUNTERPART,
  CloseCase: COUNTERPART,
  CorrectClosureReason: ['supervisor'],
  DraftPlanAmendment: ['counterpart'],
  ApprovePlanAmendment: ['supervisor'],
  RejectPlanAmendment: ['supervisor'],
};

export const REINTEGRATION_COMMAND_TYPES = Object.keys(REINTEGRATION_COMMAND_ROLES) as ReintegrationCommandType[];

export function isReintegrationCommand(command: CaseCommand): command is ReintegrationCommand {
  return (REINTEGRATION_COMMAND_TYPES as readonly string[]).includes(command.type);
}

const OFFICER: readonly Role[] = ['officer', 'supervisor'];

/**
 * Which roles may issue which command. 'supervisor' may do everything an officer may; 'admin' and
 * 'operations' issue no case commands. Finer checks that depend on the payload (assessment type, hold type,
 * re-opening a CANCELLED case) are requirements with code ROLE_NOT_ALLOWED.
 */
export const COMMAND_ROLES: Record<CaseCommandType, readonly Role[]> = {
  Register: OFFICER,
  RecordDataConsent: OFFICER,
  RecordCounsellingSession: OFFICER,
  StartScreening: OFFICER,
  RecordEligibility: OFFICER,
  RecordRapidVulnerabilityScreening: OFFICER,
  RecordAssessmentResult: ['protection', 'medical'],
  SignVoluntaryReturnDeclaration: OFFICER,
  Approve: OFFICER,
  RequestTravelDocument: OFFICER,
  RequestExitAuthorization: OFFICER,
  RecordDocumentsAlreadyValid: OFFICER,
  RecordDocumentIssued: OFFICER,
  RecordDocumentRefused: OFFICER,
  RecordExitAuthorization: OFFICER,
  MarkReadyForBooking: OFFICER,
  ConfirmBooking: ['movement'],
  ChangeBooking: ['movement'],
  RecordTicketIssued: ['movement'],
  RecordNoShow: ['movement'],
  RecordNoShowReview: ['supervisor'],
  RecordPreEmbarkationCheck: ['medical'],
  RecordDeparture: ['movement', 'officer', 'supervisor'],
  RecordTransit: ['movement'],
  RecordTransitIncident: ['movement'],
  RecordTurnBack: ['movement'],
  RecordArrival: ['counterpart', 'movement'],
  AcknowledgeHandover: ['counterpart'],
  PlaceHold: ['officer', 'supervisor', 'protection', 'medical', 'system'],
  LiftHold: ['officer', 'supervisor', 'protection', 'medical', 'system'],
  Withdraw: OFFICER,
  Cancel: ['supervisor'],
  Reopen: OFFICER,
  SplitCase: OFFICER,
  RecordDeath: ['officer', 'supervisor', 'protection', 'medical', 'movement', 'counterpart'],
  RecordTicketCancellation: ['movement'],
  RecordPartnerNotification: ['officer', 'supervisor', 'protection'],
  RecordConsulateFollowUp: OFFICER,
  RecordProtectionFinding: ['protection'],
  RecordNationality: OFFICER,
  // Consents are taken by whoever works with the person: host caseworkers before departure, counterparts after.
  RecordConsent: ['officer', 'supervisor', 'protection', 'medical', 'counterpart'],
  WithdrawConsent: ['officer', 'supervisor', 'protection', 'medical', 'counterpart'],
  ...REINTEGRATION_COMMAND_ROLES,
  RecordDuplicateDecision: OFFICER,
  RecordRepeatApplicantException: ['supervisor'],
};

export const COMMAND_TYPES: readonly CaseCommandType[] = Object.keys(COMMAND_ROLES) as CaseCommandType[];

/** Who may place / lift each hold (AVRR.md §5.2). */
export const HOLD_ROLES: Record<HoldType, { place: readonly Role[]; lift: readonly Role[] }> = {
  MEDICAL_UNFIT: { place: ['medical'], lift: ['medical'] },
  PROTECTION_RISK: { place: ['protection'], lift: ['protection'] },
  BID_PENDING: { place: ['system', 'protection'], lift: ['protection'] },
  DOCUMENT_REFUSED: { place: ['officer', 'supervisor'], lift: ['officer', 'supervisor'] },
  FUNDING_UNAVAILABLE: { place: ['supervisor'], lift: ['supervisor'] },
  BENEFICIARY_PAUSE: { place: ['officer', 'supervisor'], lift: ['officer', 'supervisor'] },
  COO_SECURITY: { place: ['supervisor'], lift: ['supervisor'] },
  LEGAL_PROCEEDINGS: { place: ['protection', 'supervisor'], lift: ['protection', 'supervisor'] },
  CONTACT_LOST: { place: ['system', 'officer', 'supervisor'], lift: ['system', 'officer', 'supervisor'] },
};

/** Which holds block what (AVRR.md §5.2). */
export const HOLDS_BLOCKING_APPROVAL: readonly HoldType[] = ['PROTECTION_RISK', 'BID_PENDING'];
export const HOLDS_BLOCKING_BOOKING: readonly HoldType[] = [
  'MEDICAL_UNFIT',
  'PROTECTION_RISK',
  'DOCUMENT_REFUSED',
  'FUNDING_UNAVAILABLE',
  'BENEFICIARY_PAUSE',
  'COO_SECURITY',
  'CONTACT_LOST',
];
export const HOLDS_BLOCKING_DEPARTURE: readonly HoldType[] = [
  'MEDICAL_UNFIT',
  'PROTECTION_RISK',
  'BENEFICIARY_PAUSE',
  'COO_SECURITY',
  'LEGAL_PROCEEDINGS',
];
