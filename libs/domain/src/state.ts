/**
 * The case state the rules need. JSON-serialisable (plain objects and arrays, no Map/Set/Date/class)
 * because the workflow carries it through continue-as-new. Facts keep their effective time and their
 * recorded time separately.
 */
import type { ExitFine } from './commands';
import type { BookingDetails, BookingEndReason, CaseOpenedEvent, RenewalReason } from './events';
import { defaultDomainConfig, type DomainConfig } from './config';
import { ageOn, isIsoDate, isIsoInstant, toDate } from './dates';
import { isClosed } from './stages';
import type {
  AssessmentOutcome,
  AssessmentType,
  CancelReason,
  CaseOpened,
  ClosureReason,
  ConsentSignatory,
  CounsellingMode,
  DeclarationSignatory,
  HoldType,
  Money,
  ReferralNote,
  Relationship,
  Role,
  Sex,
  Stage,
  TransitIncidentKind,
  TravelDocumentType,
  TurnBackReason,
  VulnerabilityType,
} from './types';
import type { ReintegrationState } from './reintegration-model';
import type { PurposeConsentRecord } from './consents';

/** Effective time of a fact (when it happened) and recorded time (when it was entered). */
export interface FactTimes {
  effectiveAt: string;
  recordedAt: string;
}

export interface ConsentRecord extends FactTimes {
  signatory: ConsentSignatory;
  formVersion?: string;
  language?: string;
  /** 'OPENING' when taken from CaseOpened.members[].dataConsent. */
  source: 'OPENING' | 'COMMAND';
}

export interface DeclarationRecord extends FactTimes {
  signatory: DeclarationSignatory;
  guardianMemberId?: string;
  representativeRef?: string;
  formVersion: string;
  language: string;
  childViewsRecorded: boolean;
  childCoSigned: boolean;
  unhcrNotificationConsent: boolean;
}

export interface AssessmentRecord {
  assessment: AssessmentType;
  status: 'PENDING' | 'COMPLETED';
  trigger: 'SCREENING' | 'EXPIRED' | 'DIRECT';
  requiredAt?: string;
  outcome?: AssessmentOutcome;
  /** 'YYYY-MM-DD'. */
  validUntil?: string;
  escortRequired?: boolean;
  mitigation?: string;
  completedAt?: FactTimes;
  /** Earlier outcomes, oldest first (a reassessment keeps history). */
  previousOutcomes: { outcome: AssessmentOutcome; validUntil?: string; effectiveAt: string }[];
}

export type DocumentStatus =
  'REQUESTED' | 'ISSUED' | 'ON_RECORD' | 'REFUSED' | 'CANCELLED' | 'EXPIRED' | 'RENEWAL_REQUIRED';

export interface DocumentRecord {
  documentType: TravelDocumentType;
  status: DocumentStatus;
  authority?: string;
  transferConsentRef?: string;
  documentRef?: string;
  /** 'YYYY-MM-DD'. */
  expiresOn?: string;
  reasonCode?: string;
  renewalReason?: RenewalReason;
  requestedAt?: string;
  decidedAt?: string;
  recordedAt: string;
  /** The last consulate follow-up on a pending request (RecordConsulateFollowUp); the clock still counts from requestedAt. */
  lastFollowUpAt?: string;
}

export interface ExitAuthorizationRecord {
  status: 'REQUESTED' | 'GRANTED' | 'REFUSED' | 'CANCELLED';
  authority?: string;
  fine?: ExitFine;
  requestedAt?: string;
  decidedAt?: string;
}

export interface FitToTravelRecord extends FactTimes {
  fit: boolean;
  /** 'YYYY-MM-DD', last day the result may be used for travel. */
  validUntil?: string;
  escortRequired: boolean;
}

export interface PreEmbarkationRecord extends FactTimes {
  fit: boolean;
  itineraryRef: string;
}

export interface MemberState {
  memberId: string;
  relationship: Relationship;
  sex: Sex;
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  guardianMemberIds: string[];
  unaccompanied: boolean;
  /** False once withdrawn (or deceased): not a traveller any more. */
  travelling: boolean;
  withdrawn: boolean;
  withdrawnAt?: string;
  deceased: boolean;
  deceasedAt?: string;
  dataConsent: ConsentRecord | null;
  declaration: DeclarationRecord | null;
  /** Count of declarations made void by re-opening. */
  voidedDeclarations: number;
  vulnerabilities: VulnerabilityType[];
  assessments: AssessmentRecord[];
  documents: DocumentRecord[];
  exitAuthorization: ExitAuthorizationRecord | null;
  fitToTravel: FitToTravelRecord | null;
  preEmbarkation: PreEmbarkationRecord | null;
  /** Escort needed for this person (medical or protection result, or a UASC). */
  escortRequired: boolean;
  /**
   * Nationality as stated at interview (declared) and as a consulate confirmed it (confirmed): declared until confirmed.
   * Absent until recorded (and in states from before it was recorded).
   */
  nationality?: NationalityRecord;
}

export interface NationalityRecord {
  /** ISO 3166 alpha-2, as stated by the person. */
  declared?: string;
  declaredAt?: string;
  /** ISO 3166 alpha-2, as confirmed by a consulate or authority. */
  confirmed?: string;
  confirmedBy?: string;
  confirmedAt?: string;
}

export interface HoldRecord {
  type: HoldType;
  memberId?: string;
  reason?: string;
  placedBy: Role;
  placedAt: string;
  recordedAt: string;
}

export interface CounsellingRecord extends FactTimes {
  language: string;
  interpreterUsed: boolean;
  mode: CounsellingMode;
  topics: string[];
}

export interface BookingState extends BookingDetails {
  status: 'CONFIRMED';
  confirmedAt: string;
  changeCount: number;
}

export interface BookingHistoryEntry {
  itineraryRef: string;
  departureDate: string;
  outcome: BookingEndReason | 'CHANGED' | 'DEPARTED';
  at: string;
}

export interface TransitIncidentRecord extends FactTimes {
  incidentId: string;
  kind: TransitIncidentKind;
  memberIds: string[];
  transitPoint: string;
}

export interface CaseState {
  /** Shape version of this object, for continue-as-new across deployments. */
  schemaVersion: 1;
  caseId: string;
  reference: string;
  hostOffice: string;
  countryOfOrigin: string;
  receivingOffice?: string;
  referralSource: string;
  programme?: string;
  splitFrom?: { caseId: string; reference: string };

  stage: Stage;
  /** Effective time the current stage was entered (SLAs count from it). */
  stageEnteredAt: string;
  /** Stage before WITHDRAWN / CANCELLED / CLOSED. */
  previousStage?: Stage;
  version: number;
  openedAt: string;
  /** Recorded time of the last accepted change. */
  updatedAt: string;
  closedAt?: string;
  closureReason?: ClosureReason;

  members: MemberState[];
  holds: HoldRecord[];

  registration?: { duplicateCheckDone: boolean; effectiveAt: string; recordedAt: string };
  /** Decisions on possible duplicates (issue 11 item 6), latest per candidate case. */
  duplicateDecisions?: {
    candidateCaseId: string;
    candidateReference: string;
    decision: 'NEW_PERSON' | 'SAME_PERSON';
  }[];
  /** Set when the person is the same as one who departed with assistance before; the exception once recorded. */
  repeatApplicant?: {
    candidateReferences: string[];
    exception?: { reason: string; byUserId: string; recordedAt: string };
  };
  counsellingSessions: CounsellingRecord[];
  /** Sessions since the case was last (re)opened; declarations and screening need at least one. */
  counsellingSinceReopen: number;
  /** Sessions since the last no-show; rebooking after repeated no-shows needs at least one. */
  counsellingSinceNoShow: number;
  eligibility?: { eligible: boolean; ruleId: string; reasonCode?: string; effectiveAt: string };
  vulnerabilityScreening?: { effectiveAt: string; recordedAt: string };
  approval?: { supervisorApproval: boolean; approvedBy: Role; effectiveAt: string };
  readyForBooking?: { receptionConfirmed: boolean; escortArranged: boolean; effectiveAt: string };

  booking?: BookingState;
  bookingHistory: BookingHistoryEntry[];
  noShowCount: number;
  lastNoShowAt?: string;
  /** Supervisor review after the last no-show: approved or not. */
  noShowReview?: { approved: boolean; noShowCount: number; effectiveAt: string };

  departure?: {
    itineraryRef: string;
    travellerIds: string[];
    voluntarinessReconfirmed: boolean;
    pocketMoney: Money;
    effectiveAt: string;
  };
  transits: { location: string; effectiveAt: string }[];
  /** Incidents in transit; absent in states carried from before they were recorded (continue-as-new). */
  transitIncidents?: TransitIncidentRecord[];
  turnBacks: { reason: TurnBackReason; documentsStillValid: boolean; effectiveAt: string }[];
  arrival?: {
    receptionRecorded: boolean;
    uascHandoverSigned: boolean;
    receivingOffice: string;
    effectiveAt: string;
    /** From the receiving office's calendar at arrival (absent: computed from the configured weekdays). */
    handoverDueOn?: string;
    handoverOverdueAt?: string;
  };
  handover?: { receivingOffice: string; effectiveAt: string };

  withdrawal?: { effectiveAt: string; reasonCode?: string; fromStage: Stage };
  cancellation?: { effectiveAt: string; reasonCode: CancelReason; fromStage: Stage; referralNote?: ReferralNote };
  reopenCount: number;
  splits: { newCaseId: string; memberIds: string[]; effectiveAt: string }[];

  /** Recent command ids (newest last), so callers can dedupe across continue-as-new. */
  recentCommandIds: string[];

  /** Consents per purpose, oldest first (versions kept); absent in states carried from before they existed. */
  consents?: PurposeConsentRecord[];

  /** Country-of-origin reintegration (from arrival on); absent in states carried from before it existed. */
  reintegration?: ReintegrationState;

  /** Tickets (or held seats) cancelled with the carrier after the booking ended (RecordTicketCancellation). */
  ticketCancellations?: { itineraryRef: string; effectiveAt: string }[];
  /** UNHCR informed of an asylum seeker's departure (RecordPartnerNotification). */
  unhcrNotification?: { itineraryRef: string; effectiveAt: string };
}

/** How many recent command ids the state keeps. */
export const RECENT_COMMAND_IDS = 100;

/** Which stage a CaseOpened input leads to. */
export function openingStage(opened: CaseOpened): Stage {
  if (opened.startAt === 'ARRIVED') return 'ARRIVED';
  const complete = opened.members.length > 0 && opened.members.every((m) => m.dataConsent);
  return complete ? 'REGISTERED' : 'REFERRED';
}

/**
 * Members of an opening who are children with no guardian among the case's members: unaccompanied or separated from
 * registration on (AVRR.md §5.3 UASC), whatever the intake flag says. Not for a returnee opened at arrival (the
 * pre-departure BID does not apply there), nor for a case whose config predates the rule (uascHoldAtRegistration).
 */
export function unaccompaniedAtOpening(
  opened: CaseOpened,
  config: Pick<DomainConfig, 'adultAge' | 'uascHoldAtRegistration'> = defaultDomainConfig,
): string[] {
  if (!config.uascHoldAtRegistration) return [];
  const adultAge = config.adultAge;
  if (opened.startAt === 'ARRIVED' || !Array.isArray(opened.members)) return [];
  return opened.members
    .filter((m) => isIsoDate(m.dateOfBirth) && ageOn(m.dateOfBirth, opened.openedAt) < adultAge)
    .filter((m) => !(m.guardianMemberIds ?? []).some((g) => opened.members.some((x) => x.memberId === g)))
    .map((m) => m.memberId);
}

/** The CaseOpened event for an opening input (its effective and recorded time are openedAt). */
export function openedEvent(
  opened: CaseOpened,
  config: Pick<DomainConfig, 'adultAge' | 'uascHoldAtRegistration'> = defaultDomainConfig,
): CaseOpenedEvent {
  const uasc = unaccompaniedAtOpening(opened, config);
  return {
    ...opened,
    ...(uasc.length > 0
      ? { members: opened.members.map((m) => (uasc.includes(m.memberId) ? { ...m, unaccompanied: true } : m)) }
      : {}),
    type: 'CaseOpened',
    stage: openingStage(opened),
    effectiveAt: opened.openedAt,
    recordedAt: opened.openedAt,
  };
}

/** An empty shell that only the CaseOpened event turns into a case. */
export function blankState(): CaseState {
  return {
    schemaVersion: 1,
    caseId: '',
    reference: '',
    hostOffice: '',
    countryOfOrigin: '',
    referralSource: '',
    stage: 'REFERRED',
    stageEnteredAt: '',
    version: 0,
    openedAt: '',
    updatedAt: '',
    members: [],
    holds: [],
    counsellingSessions: [],
    counsellingSinceReopen: 0,
    counsellingSinceNoShow: 0,
    bookingHistory: [],
    noShowCount: 0,
    transits: [],
    turnBacks: [],
    reopenCount: 0,
    splits: [],
    recentCommandIds: [],
  };
}

/** In the terminal stage, CLOSED (stages.ts): WITHDRAWN and CANCELLED cases are out of process, not terminal. */
export function isTerminal(state: CaseState): boolean {
  return isClosed(state.stage);
}

/** True when the command id was applied recently (idempotency across continue-as-new). */
export function hasApplied(state: CaseState, commandId: string): boolean {
  return state.recentCommandIds.includes(commandId);
}

const SEXES = ['F', 'M', 'X'];
const RELATIONSHIPS = ['PA', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'OTHER_RELATIVE', 'OTHER'];

/**
 * Problems with a CaseOpened input (empty when it is sound). The API checks it before starting a workflow;
 * initialState() itself never throws.
 */
export function validateOpening(opened: CaseOpened): string[] {
  const problems: string[] = [];
  const text = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  for (const key of ['caseId', 'reference', 'hostOffice', 'referralSource'] as const) {
    if (!text(opened[key])) problems.push(`${key} is required.`);
  }
  if (typeof opened.countryOfOrigin !== 'string' || !/^[A-Z]{2}$/.test(opened.countryOfOrigin)) {
    problems.push('countryOfOrigin must be an ISO 3166 alpha-2 code.');
  }
  if (!isIsoInstant(opened.openedAt)) problems.push('openedAt must be an ISO instant.');
  if (opened.startAt !== undefined && opened.startAt !== 'REFERRED' && opened.startAt !== 'ARRIVED') {
    problems.push('startAt must be REFERRED or ARRIVED.');
  }
  if (opened.arrivedAt !== undefined) {
    if (opened.startAt !== 'ARRIVED') problems.push('arrivedAt is only for a case opened at ARRIVED.');
    else if (!isIsoInstant(opened.arrivedAt)) problems.push('arrivedAt must be an ISO instant.');
    else if (isIsoInstant(opened.openedAt) && Date.parse(opened.arrivedAt) > Date.parse(opened.openedAt))
      problems.push('arrivedAt is after openedAt.');
  }
  if (!Array.isArray(opened.members)) return [...problems, 'members must be a list.'];
  const ids = opened.members.map((m) => m?.memberId);
  opened.members.forEach((m, i) => {
    const label = text(m?.memberId) ? `member ${m.memberId}` : `member #${i + 1}`;
    if (!text(m?.memberId)) problems.push(`${label}: memberId is required.`);
    else if (ids.indexOf(m.memberId) !== i) problems.push(`${label}: memberId is not unique.`);
    if (!isIsoDate(m?.dateOfBirth)) problems.push(`${label}: dateOfBirth must be YYYY-MM-DD.`);
    else if (isIsoInstant(opened.openedAt) && m.dateOfBirth > toDate(opened.openedAt))
      problems.push(`${label}: dateOfBirth is in the future.`);
    if (!SEXES.includes(m?.sex)) problems.push(`${label}: sex must be F, M or X.`);
    if (!RELATIONSHIPS.includes(m?.relationship)) problems.push(`${label}: unknown relationship.`);
    if (!Array.isArray(m?.guardianMemberIds)) problems.push(`${label}: guardianMemberIds must be a list.`);
    else {
      for (const g of m.guardianMemberIds) {
        if (g === m.memberId || !ids.includes(g))
          problems.push(`${label}: guardian ${String(g)} is not another member of the case.`);
      }
    }
    if (typeof m?.dataConsent !== 'boolean') problems.push(`${label}: dataConsent must be a flag.`);
  });
  if (opened.members.filter((m) => m?.relationship === 'PA').length > 1)
    problems.push('At most one member is the principal applicant.');
  return problems;
}
