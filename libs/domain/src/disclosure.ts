/**
 * The disclosure policy (AVRR.md §4, ARCHITECTURE.md "Personal data stays where it can be protected"): for each role,
 * which data classes (D0-D4) and which special categories it may see, and for every event type, requirement code,
 * hold, vulnerability, assessment, incident, cancellation and reminder kind what it reveals. The tables are keyed by
 * the domain's unions, so a new event type or requirement code does not compile without a disclosure decision.
 * Every response that shows case data is shaped here; the API only joins what it keeps in PostgreSQL.
 */
import type { IncomingCase } from './coordination';
import type { ConsentPurpose } from './consents';
import type { Deadline } from './deadlines';
import type { BookingEndReason, CaseEvent, CaseEventType, EventOf } from './events';
import { REMINDER_CATEGORY, reminderCategoryOf, type ReminderKind } from './reminders';
import type { SuggestedAction, TaskKind } from './tasks';
import type { CommandAvailability } from './requirements';
import type {
  AssessmentType,
  CancelReason,
  HoldType,
  Relationship,
  Requirement,
  RequirementCode,
  Role,
  TransitIncidentKind,
  VulnerabilityType,
} from './types';
import type { CaseView, MemberView, TransitIncidentView } from './view';

// ---------------------------------------------------------------- what a datum reveals

/** AVRR.md §4: D0 operational, D1 identity and contact, D2 case management, D3 special categories, D4 biometrics. */
export type DataClass = 'D0' | 'D1' | 'D2' | 'D3' | 'D4';

/** The kinds of special-category (D3) facts the model holds. */
export type SpecialCategory = 'VOT' | 'GBV' | 'ASYLUM' | 'HEALTH' | 'MENTAL_HEALTH' | 'BID' | 'LEGAL';
export const SPECIAL_CATEGORIES: readonly SpecialCategory[] = [
  'VOT',
  'GBV',
  'ASYLUM',
  'HEALTH',
  'MENTAL_HEALTH',
  'BID',
  'LEGAL',
];

/**
 * What one piece of case data is about. Finer than the data classes where the role table needs it: finance sees the
 * money of D2 and the payee part of D1; the movement assistant the itinerary of D2 (booking, transit, departure and
 * arrival facts) and none of the rest; D3 reaches host staff first as service codes (fitness to travel, escort, the
 * medical flag: what an airline may learn) and as "needs" flags (protection case, which assessments run, needs-level
 * vulnerability types), and only the circles below see the special categories themselves.
 */
export type Topic =
  | 'OPERATIONAL'
  | 'IDENTITY'
  | 'PAYEE'
  | 'CASE_MANAGEMENT'
  | 'ITINERARY'
  | 'MONEY'
  | 'SERVICE_CODES'
  | 'NEEDS'
  | SpecialCategory;

export const TOPIC_CLASS: Record<Topic, DataClass> = {
  OPERATIONAL: 'D0',
  IDENTITY: 'D1',
  PAYEE: 'D1',
  CASE_MANAGEMENT: 'D2',
  ITINERARY: 'D2',
  MONEY: 'D2',
  SERVICE_CODES: 'D3',
  NEEDS: 'D3',
  VOT: 'D3',
  GBV: 'D3',
  ASYLUM: 'D3',
  HEALTH: 'D3',
  MENTAL_HEALTH: 'D3',
  BID: 'D3',
  LEGAL: 'D3',
};

const D3: readonly Topic[] = ['SERVICE_CODES', 'NEEDS', ...SPECIAL_CATEGORIES];
const CASEWORK: readonly Topic[] = ['OPERATIONAL', 'IDENTITY', 'PAYEE', 'CASE_MANAGEMENT', 'ITINERARY', 'MONEY'];

export interface RoleDisclosure {
  /** Topics the role sees in the cases of its scope. */
  sees: readonly Topic[];
  /** More topics, once the returnee consented to sharing D3 with the receiving office for continuity of care. */
  withContinuityOfCareConsent?: readonly Topic[];
}

/**
 * The role matrix of AVRR.md §4. Officers see D3 only as service codes and needs flags; the protection focal point and
 * the supervisor (need to know) every special category; the medical officer the health circle and identity, no D2
 * ("nothing else beyond D1"); the movement assistant identity, the itinerary and service codes, no other D2 and no
 * D3; a counterpart D3 only with the continuity-of-care consent; finance amounts, payees and plan
 * lines; operations D0 only. Administrators and the engine itself see no case content (their scope holds no case).
 */
export const ROLE_DISCLOSURE: Record<Role, RoleDisclosure> = {
  officer: { sees: [...CASEWORK, 'SERVICE_CODES', 'NEEDS'] },
  supervisor: { sees: [...CASEWORK, ...D3] },
  protection: { sees: [...CASEWORK, ...D3] },
  medical: { sees: ['OPERATIONAL', 'IDENTITY', 'SERVICE_CODES', 'NEEDS', 'HEALTH', 'MENTAL_HEALTH'] },
  movement: { sees: ['OPERATIONAL', 'IDENTITY', 'ITINERARY', 'SERVICE_CODES'] },
  counterpart: { sees: CASEWORK, withContinuityOfCareConsent: D3 },
  finance: { sees: ['OPERATIONAL', 'PAYEE', 'MONEY'] },
  operations: { sees: ['OPERATIONAL'] },
  // M&E: aggregates only (GET /reports, small cells suppressed); no case content, and no case in scope.
  me: { sees: [] },
  // Data protection focal point: audit, consent and transfer records (the endpoints below), no case view; the case
  // data of one person only through an access request, itself audited (AVRR.md §4).
  dpo: { sees: [] },
  admin: { sees: [] },
  system: { sees: [] },
};

/** Who reads, with what they may see of this case. */
export interface Reader {
  role: Role;
  topics: ReadonlySet<Topic>;
}

/** The reader of a case: the role's topics, plus the consent-gated ones when the returnee consented. */
export function readerOf(role: Role, view?: Pick<CaseView, 'reintegration'>): Reader {
  const rule = ROLE_DISCLOSURE[role];
  const consented = view?.reintegration?.continuityOfCareConsent === true;
  return { role, topics: new Set([...rule.sees, ...(consented ? (rule.withContinuityOfCareConsent ?? []) : [])]) };
}

export const sees = (reader: Reader, topic: Topic): boolean => reader.topics.has(topic);

/** The value shown in place of a code the reader may not see (a hold type, a reminder kind, a requirement). */
export const WITHHELD = 'WITHHELD' as const;

// ---------------------------------------------------------------- codes and what they reveal

/** A vulnerability type is a need (DISABILITY: "needs a wheelchair") or itself a special-category status. */
export const VULNERABILITY_DISCLOSURE: Record<VulnerabilityType, Topic> = {
  UASC: 'NEEDS',
  VOT: 'VOT',
  MEDICAL: 'NEEDS',
  DISABILITY: 'NEEDS',
  ELDERLY: 'NEEDS',
  PREGNANT: 'NEEDS',
  SINGLE_PARENT: 'NEEDS',
  GBV_SURVIVOR: 'GBV',
  DESTITUTE: 'NEEDS',
  MENTAL_HEALTH: 'MENTAL_HEALTH',
  ASYLUM_SEEKER: 'ASYLUM',
  OTHER: 'NEEDS',
};

/** That an assessment runs is a needs flag; its outcome belongs to its circle (a medical outcome is fitness to travel). */
export const ASSESSMENT_DISCLOSURE: Record<AssessmentType, { entry: Topic; outcome: Topic }> = {
  VOT_RISK: { entry: 'NEEDS', outcome: 'VOT' },
  BID: { entry: 'NEEDS', outcome: 'BID' },
  FAMILY: { entry: 'NEEDS', outcome: 'BID' },
  MEDICAL: { entry: 'NEEDS', outcome: 'SERVICE_CODES' },
};

/** A hold's type (what blocks) and its reason code (why). */
export const HOLD_DISCLOSURE: Record<HoldType, { type: Topic; reason: Topic }> = {
  MEDICAL_UNFIT: { type: 'SERVICE_CODES', reason: 'HEALTH' },
  PROTECTION_RISK: { type: 'NEEDS', reason: 'VOT' },
  BID_PENDING: { type: 'NEEDS', reason: 'BID' },
  LEGAL_PROCEEDINGS: { type: 'NEEDS', reason: 'LEGAL' },
  DOCUMENT_REFUSED: { type: 'OPERATIONAL', reason: 'CASE_MANAGEMENT' },
  FUNDING_UNAVAILABLE: { type: 'OPERATIONAL', reason: 'CASE_MANAGEMENT' },
  BENEFICIARY_PAUSE: { type: 'OPERATIONAL', reason: 'CASE_MANAGEMENT' },
  COO_SECURITY: { type: 'OPERATIONAL', reason: 'CASE_MANAGEMENT' },
  CONTACT_LOST: { type: 'OPERATIONAL', reason: 'CASE_MANAGEMENT' },
};

/**
 * A medical incident or a detention in transit is a service code for host staff: a need, not a diagnosis. The others
 * are facts of the journey (the movement assistant records them).
 */
export const TRANSIT_INCIDENT_DISCLOSURE: Record<TransitIncidentKind, Topic> = {
  MISSED_CONNECTION: 'ITINERARY',
  DELAY: 'ITINERARY',
  LOST_DOCUMENTS: 'ITINERARY',
  MEDICAL: 'SERVICE_CODES',
  DETAINED: 'SERVICE_CODES',
  OTHER: 'ITINERARY',
};

export const CANCEL_REASON_DISCLOSURE: Record<CancelReason, Topic> = {
  INELIGIBLE: 'CASE_MANAGEMENT',
  NATIONALITY_NOT_ESTABLISHED: 'CASE_MANAGEMENT',
  DUPLICATE: 'CASE_MANAGEMENT',
  FRAUD: 'CASE_MANAGEMENT',
  MEDICAL_NOT_CLEARED: 'SERVICE_CODES',
  RETURN_NOT_IN_BEST_INTERESTS: 'BID',
  RISK_TOO_HIGH: 'VOT',
  LOCAL_SOLUTION_FOUND: 'CASE_MANAGEMENT',
  FUNDING: 'CASE_MANAGEMENT',
};

/** A consent's purpose: case management, except the UNHCR notification (it tells that the person sought asylum). */
export const CONSENT_PURPOSE_DISCLOSURE: Record<ConsentPurpose, Topic> = {
  DATA_PROCESSING: 'CASE_MANAGEMENT',
  CONTINUITY_OF_CARE_SHARING: 'CASE_MANAGEMENT',
  UNHCR_NOTIFICATION: 'NEEDS',
  RSS_INTERVIEW: 'CASE_MANAGEMENT',
  PHOTOS_BIOMETRICS: 'CASE_MANAGEMENT',
};

/** Why a booking ended: what the movement assistant must know to rebook, except the needs and service codes. */
export const BOOKING_END_REASON_DISCLOSURE: Record<BookingEndReason, Topic> = {
  WITHDRAWN: 'ITINERARY',
  MEMBER_WITHDRAWN: 'ITINERARY',
  CANCELLED: 'ITINERARY',
  NO_SHOW: 'ITINERARY',
  MEDICAL_UNFIT: 'SERVICE_CODES',
  DOCUMENT_EXPIRES_BEFORE_DEPARTURE: 'ITINERARY',
  HOLD_EXPIRED: 'ITINERARY',
  VOT_ASSESSMENT_EXPIRED: 'NEEDS',
  SPLIT: 'ITINERARY',
  DECEASED: 'ITINERARY',
};

/** A reminder's kind appears in its id and subject: a kind the reader may not see is withheld from all three. */
export const REMINDER_DISCLOSURE: Record<ReminderKind, Topic> = {
  CONSULATE_FOLLOW_UP: 'OPERATIONAL',
  DOCUMENT_EXPIRY: 'OPERATIONAL',
  DEPARTURE_CALL: 'OPERATIONAL',
  PRE_EMBARKATION_CHECK: 'SERVICE_CODES',
  ARRIVAL_NOT_CONFIRMED: 'OPERATIONAL',
  HANDOVER_NOT_ACKNOWLEDGED: 'OPERATIONAL',
  FIRST_REINTEGRATION_COUNSELLING: 'OPERATIONAL',
  PLAN_OVERDUE: 'OPERATIONAL',
  UNDECIDED_CASE: 'OPERATIONAL',
  VOT_REASSESSMENT: 'NEEDS',
  TURNS_ADULT: 'OPERATIONAL',
  TRANCHE_DUE: 'OPERATIONAL',
  MONITORING_VISIT_DUE: 'OPERATIONAL',
  RSS_DUE: 'OPERATIONAL',
};

/**
 * "Why can't I advance?": a requirement's code (and its message, which names the same thing) reveals a topic; some
 * messages say more than their code (SUPERVISOR_APPROVAL_REQUIRED lists the flagged vulnerabilities, HOLD_ACTIVE names
 * the hold), so their words are replaced for a reader who may see the code but not the message's topic.
 */
export interface RequirementRule {
  code: Topic;
  message?: Topic;
}
const r = (code: Topic, message?: Topic): RequirementRule => (message ? { code, message } : { code });
const CM = r('CASE_MANAGEMENT');
/**
 * The guards of booking, departure and arrival: what the movement assistant must know to act, or to hand the case back
 * (a consent, a declaration or a counselling session missing), never the detail behind them.
 */
const TRAVEL = r('ITINERARY');
const MONEY = r('MONEY');
export const REQUIREMENT_DISCLOSURE: Record<RequirementCode, RequirementRule> = {
  NOT_ALLOWED_IN_STAGE: r('OPERATIONAL'),
  ROLE_NOT_ALLOWED: r('OPERATIONAL'),
  DATA_CONSENT_MISSING: TRAVEL,
  DUPLICATE_CHECK_NOT_DONE: CM,
  REPEAT_APPLICANT_EXCEPTION_REQUIRED: CM,
  REPEAT_APPLICANT_NOT_ELIGIBLE: CM,
  NOT_A_REPEAT_APPLICANT: CM,
  HOUSEHOLD_NOT_LISTED: CM,
  GUARDIAN_SIGNATURE_REQUIRED: TRAVEL,
  GUARDIAN_NOT_VALID: CM,
  COUNSELLING_SESSION_MISSING: TRAVEL,
  DECLARATION_NOT_SIGNED: TRAVEL,
  CHILD_VIEWS_NOT_RECORDED: CM,
  CHILD_CO_SIGNATURE_MISSING: CM,
  OWN_CONSENT_REQUIRED_AT_18: TRAVEL,
  OWN_DECLARATION_REQUIRED_AT_18: TRAVEL,
  ELIGIBILITY_NOT_RECORDED: CM,
  NOT_ELIGIBLE: CM,
  VULNERABILITY_SCREENING_MISSING: CM,
  ASSESSMENT_PENDING: r('NEEDS'),
  BID_NOT_COMPLETED: r('NEEDS'),
  BID_NOT_IN_BEST_INTERESTS: r('BID'),
  FAMILY_ASSESSMENT_PENDING: r('NEEDS'),
  FAMILY_NOT_SUITABLE: r('BID'),
  RISK_TOO_HIGH: r('VOT'),
  SUPERVISOR_APPROVAL_REQUIRED: r('CASE_MANAGEMENT', 'VOT'),
  // The officer takes the declaration with this consent (AVRR.md §5.3): a need to act, not the asylum file.
  UNHCR_NOTIFICATION_CONSENT_MISSING: r('NEEDS'),
  HOLD_ACTIVE: r('OPERATIONAL', 'NEEDS'),
  HOLD_ALREADY_ACTIVE: r('OPERATIONAL', 'NEEDS'),
  HOLD_NOT_ACTIVE: r('OPERATIONAL', 'NEEDS'),
  MITIGATION_NOT_RECORDED: r('VOT'),
  RISK_NOT_ACCEPTABLE: r('VOT'),
  TRAVEL_DOCUMENT_MISSING: TRAVEL,
  DOCUMENT_EXPIRES_BEFORE_DEPARTURE: TRAVEL,
  EXIT_AUTHORIZATION_MISSING: TRAVEL,
  FIT_TO_TRAVEL_MISSING: r('SERVICE_CODES'),
  FIT_TO_TRAVEL_EXPIRED: r('SERVICE_CODES'),
  RECEPTION_NOT_CONFIRMED: TRAVEL,
  ESCORT_REQUIRED: r('SERVICE_CODES'),
  CHILD_WITHOUT_GUARDIAN: TRAVEL,
  VOT_ASSESSMENT_EXPIRED: r('NEEDS'),
  FUNDS_NOT_AVAILABLE: TRAVEL,
  NO_TRAVELLERS: TRAVEL,
  NO_SHOW_REVIEW_REQUIRED: TRAVEL,
  NO_SHOW_NOT_RECORDED: TRAVEL,
  NO_TICKET_TO_CANCEL: TRAVEL,
  NO_PARTNER_NOTIFICATION_DUE: CM,
  PRE_EMBARKATION_CHECK_MISSING: r('SERVICE_CODES'),
  VOLUNTARINESS_NOT_RECONFIRMED: TRAVEL,
  RECEPTION_NOT_RECORDED: TRAVEL,
  UASC_HANDOVER_NOT_SIGNED: TRAVEL,
  RECEIVING_OFFICE_NOT_ASSIGNED: CM,
  NO_PENDING_CONSULAR_REQUEST: CM,
  REOPEN_WINDOW_PASSED: CM,
  REOPEN_REASON_REQUIRED: CM,
  REINTEGRATION_ASSESSMENT_MISSING: CM,
  PLAN_NOT_SIGNED: CM,
  AMENDMENT_ABOVE_REMAINING_BUDGET: MONEY,
  TRANCHE_IN_FLIGHT: MONEY,
  TRANCHE_NOT_PLANNED: MONEY,
  TRANCHE_NOT_REQUESTED: MONEY,
  TRANCHE_NOT_APPROVED: MONEY,
  TRANCHE_ALREADY_PAID: MONEY,
  PREVIOUS_TRANCHE_NOT_PAID: MONEY,
  EVIDENCE_OF_USE_MISSING: MONEY,
  MONITORING_VISIT_MISSING: MONEY,
  COUNTERPART_RECOMMENDATION_MISSING: MONEY,
  SEGREGATION_OF_DUTIES: MONEY,
  PAYMENT_REF_ALREADY_USED: MONEY,
  BUDGET_EXCEEDED: MONEY,
  ASSISTANCE_STOPPED: MONEY,
  TRANCHES_OUTSTANDING: MONEY,
  MILESTONES_OPEN: CM,
  MONEY_IN_FLIGHT: MONEY,
  FOLLOW_UP_OPEN: CM,
  FOLLOW_UP_NOT_OPEN: CM,
  CONTACT_RULE_NOT_MET: CM,
  ASSISTANCE_NOT_COMPLETED: CM,
  FINAL_RSS_MISSING: CM,
  RSS_JUSTIFICATION_REQUIRED: CM,
  REOPEN_NOT_POSSIBLE: CM,
  REFERRAL_NOT_OPEN: CM,
  // The path is closed by a BID outcome: everyone who may act sees that the case can only be cancelled, the BID
  // circle why (the message names the BID).
  BOOKING_PATH_CLOSED: r('OPERATIONAL', 'BID'),
  REFERRAL_NOTE_REQUIRED: CM,
  AMENDMENT_NOT_PENDING: CM,
  AMENDMENT_ALREADY_PENDING: CM,
  FUNDED_ACTIVITY_NOT_OPERATING: MONEY,
  RSS_FOLLOW_UP_NOT_DONE: CM,
  CONSENT_WITHDRAWN: CM,
  CONSENT_NOT_GIVEN: CM,
};

// ---------------------------------------------------------------- events

type Times = 'type' | 'effectiveAt' | 'recordedAt';
/** A field that reveals a topic of its own, fixed or depending on the event (a hold's reason: the hold's circle). */
type FieldRule<E> = Topic | ((event: E) => Topic);
export interface EventRule<E> {
  /** Readers with any of these see the event's detail; the others see its type and times. */
  detail: readonly Topic[];
  /** Fields that reveal more than the detail: left out for a reader without their topic. */
  fields?: { [K in Exclude<keyof E, Times>]?: FieldRule<E> };
  /** Rewrites the part of the detail whose topic varies inside one field (the types of a screening's findings). */
  filter?: (event: E, reader: Reader) => E;
}

const detail = <E>(...topics: Topic[]): EventRule<E> => ({ detail: topics });
const holdReason = (e: { hold: HoldType }) => HOLD_DISCLOSURE[e.hold].reason;
const holdType = (e: { hold: HoldType }) => HOLD_DISCLOSURE[e.hold].type;
const outcome = (e: { assessment: AssessmentType }) => ASSESSMENT_DISCLOSURE[e.assessment].outcome;

/** Every event type, and what a reader sees of it in the audit trail. */
export const EVENT_DISCLOSURE: { [T in CaseEventType]: EventRule<EventOf<T>> } = {
  CaseOpened: detail('CASE_MANAGEMENT'),
  StageChanged: detail('OPERATIONAL'),
  CaseRegistered: detail('CASE_MANAGEMENT'),
  DataConsentRecorded: detail('CASE_MANAGEMENT'),
  CounsellingSessionRecorded: detail('CASE_MANAGEMENT'),
  ScreeningStarted: detail('OPERATIONAL'),
  EligibilityRecorded: detail('CASE_MANAGEMENT'),
  RapidVulnerabilityScreeningRecorded: {
    detail: ['NEEDS'],
    filter: (e, reader) => ({
      ...e,
      findings: e.findings.map((f) => ({
        ...f,
        vulnerabilities: f.vulnerabilities.filter((v) => sees(reader, VULNERABILITY_DISCLOSURE[v])),
      })),
    }),
  },
  AssessmentRequired: detail('NEEDS'),
  AssessmentResultRecorded: { detail: ['NEEDS'], fields: { outcome, mitigation: outcome } },
  HoldPlaced: { detail: ['OPERATIONAL'], fields: { hold: holdType, reason: holdReason } },
  HoldLifted: { detail: ['OPERATIONAL'], fields: { hold: holdType, mitigation: holdReason } },
  VoluntaryReturnDeclarationSigned: { detail: ['CASE_MANAGEMENT'], fields: { unhcrNotificationConsent: 'NEEDS' } },
  CaseApproved: detail('CASE_MANAGEMENT'),
  TravelDocumentRequested: detail('CASE_MANAGEMENT'),
  ExitAuthorizationRequested: detail('CASE_MANAGEMENT'),
  DocumentsAlreadyValidRecorded: detail('CASE_MANAGEMENT'),
  TravelDocumentIssued: detail('CASE_MANAGEMENT'),
  TravelDocumentRefused: detail('CASE_MANAGEMENT'),
  ExitAuthorizationRecorded: detail('CASE_MANAGEMENT'),
  DocumentRenewalRequired: detail('CASE_MANAGEMENT'),
  ReadyForBookingMarked: detail('ITINERARY'),
  BookingConfirmed: detail('ITINERARY'),
  BookingChanged: detail('ITINERARY'),
  BookingCancelled: { detail: ['ITINERARY'], fields: { reason: (e) => BOOKING_END_REASON_DISCLOSURE[e.reason] } },
  BookingTicketed: detail('ITINERARY'),
  NoShowRecorded: detail('ITINERARY'),
  NoShowReviewRecorded: detail('ITINERARY'),
  // The check is the medical officer's; the itinerary it was made for is the movement assistant's.
  PreEmbarkationCheckRecorded: { detail: ['SERVICE_CODES'], fields: { itineraryRef: 'ITINERARY' } },
  // The asylum seekers whose departure UNHCR must learn: a task for whoever records the departure (as the consent).
  DepartureRecorded: { detail: ['ITINERARY'], fields: { pocketMoney: 'MONEY', unhcrNotificationDue: 'NEEDS' } },
  TransitRecorded: detail('ITINERARY'),
  TransitIncidentRecorded: {
    detail: ['ITINERARY'],
    fields: { kind: (e) => TRANSIT_INCIDENT_DISCLOSURE[e.kind] },
  },
  ConsulateFollowUpRecorded: detail('CASE_MANAGEMENT'),
  TurnBackRecorded: detail('ITINERARY'),
  ArrivalRecorded: detail('ITINERARY'),
  HandoverAcknowledged: detail('CASE_MANAGEMENT'),
  CaseWithdrawn: detail('CASE_MANAGEMENT'),
  MembersWithdrawn: detail('CASE_MANAGEMENT'),
  CaseCancelled: {
    detail: ['CASE_MANAGEMENT'],
    fields: {
      reasonCode: (e) => CANCEL_REASON_DISCLOSURE[e.reasonCode],
      // Where the person was referred says as much as the reason (a child protection service: the BID circle).
      referralNote: (e) => CANCEL_REASON_DISCLOSURE[e.reasonCode],
    },
  },
  CaseReopened: detail('CASE_MANAGEMENT'),
  CaseSplit: detail('CASE_MANAGEMENT'),
  MemberDied: detail('CASE_MANAGEMENT'),
  TicketCancellationRecorded: detail('ITINERARY'),
  PartnerNotificationRecorded: { detail: ['CASE_MANAGEMENT'], fields: { partner: 'NEEDS' } },
  DuplicateDecisionRecorded: detail('CASE_MANAGEMENT'),
  RepeatApplicantExceptionRecorded: detail('CASE_MANAGEMENT'),
  CaseClosed: detail('CASE_MANAGEMENT', 'MONEY'),
  HandoverAcknowledgementOverdue: detail('OPERATIONAL'),
  ContinuityOfCareConsentRecorded: detail('CASE_MANAGEMENT'),
  ReintegrationAssessmentRecorded: detail('CASE_MANAGEMENT'),
  PlanAgreed: detail('CASE_MANAGEMENT', 'MONEY'),
  PlanAmended: detail('CASE_MANAGEMENT', 'MONEY'),
  MilestoneRecorded: detail('CASE_MANAGEMENT'),
  EvidenceRecorded: detail('CASE_MANAGEMENT'),
  TrancheRequested: detail('CASE_MANAGEMENT', 'MONEY'),
  TrancheApproved: detail('CASE_MANAGEMENT', 'MONEY'),
  TranchePaid: detail('CASE_MANAGEMENT', 'MONEY'),
  TrancheCancelled: detail('CASE_MANAGEMENT', 'MONEY'),
  AssistanceCompleted: detail('CASE_MANAGEMENT'),
  MonitoringVisitDue: detail('OPERATIONAL'),
  MonitoringVisitRecorded: detail('CASE_MANAGEMENT'),
  ReferralRecorded: detail('CASE_MANAGEMENT'),
  ReferralUpdated: detail('CASE_MANAGEMENT'),
  ContactAttemptRecorded: detail('CASE_MANAGEMENT'),
  RssRecorded: detail('CASE_MANAGEMENT'),
  FollowUpRequired: detail('CASE_MANAGEMENT'),
  FollowUpRecorded: detail('CASE_MANAGEMENT'),
  OptedOut: detail('CASE_MANAGEMENT'),
  ReintegrationClosed: detail('CASE_MANAGEMENT'),
  ClosureReasonCorrected: detail('CASE_MANAGEMENT'),
  CaseReopenedAfterClosure: detail('CASE_MANAGEMENT'),
  // The finding is a special category: only its circle sees which one (the others: that a finding was recorded).
  ProtectionFindingRecorded: { detail: ['NEEDS'], fields: { finding: (e) => VULNERABILITY_DISCLOSURE[e.finding] } },
  NationalityRecorded: detail('IDENTITY'),
  PlanAmendmentDrafted: detail('CASE_MANAGEMENT', 'MONEY'),
  PlanAmendmentRejected: detail('CASE_MANAGEMENT', 'MONEY'),
  // A consent's purpose may say more than case management: a UNHCR-notification consent tells of an asylum claim.
  ConsentRecorded: { detail: ['CASE_MANAGEMENT'], fields: { purpose: (e) => CONSENT_PURPOSE_DISCLOSURE[e.purpose] } },
  ConsentWithdrawn: { detail: ['CASE_MANAGEMENT'], fields: { purpose: (e) => CONSENT_PURPOSE_DISCLOSURE[e.purpose] } },
};

/** The bare form of an event: what happened and when, nothing of what it says. */
function bareEvent(e: { type: string; effectiveAt?: string; recordedAt?: string }): Record<string, unknown> {
  return { type: e.type, ...(e.effectiveAt ? { effectiveAt: e.effectiveAt, recordedAt: e.recordedAt } : {}) };
}

/** One event as the reader may see it. An event type the policy does not know shows bare. */
export function discloseEvent(event: CaseEvent, reader: Reader): Record<string, unknown> {
  const rule = (EVENT_DISCLOSURE as Record<string, EventRule<CaseEvent> | undefined>)[event.type];
  if (!rule || !rule.detail.some((t) => sees(reader, t))) return bareEvent(event);
  const shown: Record<string, unknown> = { ...(rule.filter ? rule.filter(event, reader) : event) };
  for (const [field, fieldRule] of Object.entries<FieldRule<CaseEvent>>(rule.fields ?? {})) {
    if (!(field in shown)) continue;
    const topic = typeof fieldRule === 'function' ? fieldRule(event) : fieldRule;
    if (!sees(reader, topic)) delete shown[field];
  }
  return shown;
}

/** An audit row: who, when, from which stage to which (D0), and its events as the reader may see them. */
export interface AuditEntry {
  events: unknown[];
}
export function discloseAuditEntry<T extends AuditEntry>(entry: T, reader: Reader): T {
  return { ...entry, events: entry.events.map((e) => discloseEvent(e as CaseEvent, reader)) };
}

// ---------------------------------------------------------------- requirements

export type DisclosedRequirement = Requirement | { code: typeof WITHHELD; message: string };
const WITHHELD_REQUIREMENT = {
  code: WITHHELD,
  message: 'A requirement whose detail your role may not see is not met.',
} as const;

export function discloseRequirement(req: Requirement, reader: Reader): DisclosedRequirement {
  const rule = REQUIREMENT_DISCLOSURE[req.code];
  if (!rule || !sees(reader, rule.code)) return WITHHELD_REQUIREMENT;
  if (rule.message && !sees(reader, rule.message))
    return { ...req, message: `${req.code}: the detail is not shown to your role.` };
  return req;
}

/** A list of requirements; several withheld ones show as one. */
export function discloseRequirements(reqs: readonly Requirement[], reader: Reader): DisclosedRequirement[] {
  const out: DisclosedRequirement[] = [];
  for (const req of reqs) {
    const shown = discloseRequirement(req, reader);
    if (shown.code === WITHHELD && out.some((x) => x.code === WITHHELD)) continue;
    out.push(shown);
  }
  return out;
}

export function discloseAvailability(commands: readonly CommandAvailability[], reader: Reader) {
  return commands.map((c) => ({ ...c, unmet: discloseRequirements(c.unmet, reader) }));
}

// ---------------------------------------------------------------- reminders and notifications

export interface ReminderRef {
  id: string;
  kind: string;
  subject: string;
  recipients?: readonly { role: string; office: string }[];
}

/**
 * Whether the reader sees a reminder's precise kind: only when it may see the kind of every reminder of the same
 * neutral category. Otherwise a withheld kind would itself tell (among the kinds operations may see, WITHHELD would
 * mean "VoT reassessment"); the reader gets the category, for every reminder of it alike.
 */
export function seesReminderKind(kind: string, reader: Reader): boolean {
  const category = reminderCategoryOf(kind);
  return (Object.keys(REMINDER_CATEGORY) as ReminderKind[])
    .filter((k) => REMINDER_CATEGORY[k] === category)
    .every((k) => sees(reader, REMINDER_DISCLOSURE[k]));
}

/**
 * A reminder as the reader may see it, with its neutral category. Its id is opaque (a keyed digest, libs/projection);
 * a kind the reader may not see (seesReminderKind) is withheld from the kind, the subject (it names the assessment)
 * and the recipients' roles (a medical officer or the protection focal point would name it too).
 */
export function discloseReminder<T extends ReminderRef>(reminder: T, reader: Reader): T & { category: string } {
  const category = reminderCategoryOf(reminder.kind);
  if (seesReminderKind(reminder.kind, reader)) return { ...reminder, category };
  return {
    ...reminder,
    category,
    kind: WITHHELD,
    subject: WITHHELD,
    ...(reminder.recipients
      ? { recipients: reminder.recipients.map((r) => ({ role: WITHHELD, office: r.office })) }
      : {}),
  };
}

/** What a notification row carries: its kind, the reminder it comes from (if any) and a body of ids and codes. */
export interface NotificationRef {
  kind: string;
  reminderId: string | null;
  body: Record<string, unknown>;
}

/**
 * A notification as the reader may see it: a reminder notification carries the reminder's kind, subject and id; a kind
 * the reader may not see is withheld from all three (the reminder's recipients are chosen to see it: this guards a
 * reader the planner did not mean).
 */
export function discloseNotification<T extends NotificationRef>(n: T, reader: Reader): T {
  if (n.kind === 'CASE_EVENT') return discloseCaseEventNotification(n, reader);
  if (n.kind !== 'REMINDER') return n;
  if (seesReminderKind(typeof n.body.reminderKind === 'string' ? n.body.reminderKind : '', reader)) return n;
  return { ...n, reminderId: null, body: { ...n.body, reminderKind: WITHHELD, subject: WITHHELD } };
}

// ---------------------------------------------------------------- the case view

/** A member's identity and contact data (D1), kept in PostgreSQL and joined to the view for readers who may see it. */
export interface MemberIdentity {
  memberId: string;
  relationship: Relationship;
  givenName: string;
  familyName: string;
  aliases: string[];
  dateOfBirth: string;
  dateOfBirthEstimated: boolean;
  nationality: string;
  languages: string[];
  phone?: string | null;
  email?: string | null;
  address?: string | null;
}

type Hold = CaseView['holds'][number];
function discloseHold(
  h: Hold,
  reader: Reader,
): { type: HoldType | typeof WITHHELD; memberId?: string; placedAt: string; reason?: string } {
  const rule = HOLD_DISCLOSURE[h.type];
  if (!sees(reader, rule.type))
    return { type: WITHHELD, ...(h.memberId ? { memberId: h.memberId } : {}), placedAt: h.placedAt };
  const { reason, ...rest } = h;
  return reason !== undefined && sees(reader, rule.reason) ? { ...rest, reason } : rest;
}

/** D0 of a case: what operations staff and lists see. Pseudonymous reference, stage, dates, counts, flags without detail. */
export function caseSummary(view: CaseView, reader: Reader) {
  return {
    caseId: view.caseId,
    reference: view.reference,
    stage: view.stage,
    version: view.version,
    hostOffice: view.hostOffice,
    countryOfOrigin: view.countryOfOrigin,
    receivingOffice: view.receivingOffice ?? null,
    memberCount: view.members.length,
    holds: view.holds.map((h) => discloseHold(h, reader).type),
    vulnerable: view.flags.vulnerable,
    openedAt: view.openedAt,
    stageEnteredAt: view.stageEnteredAt,
    updatedAt: view.updatedAt,
    closedAt: view.closedAt ?? null,
    /** The receiving office has not acknowledged the handover in time (a timer flag, for the sending office). */
    handoverOverdue: view.reintegration?.handover.overdue ?? false,
  };
}
export type CaseSummary = ReturnType<typeof caseSummary>;

// ---------------------------------------------------------------- the work queue, search and staff names

/** What the kind of a case's next deadline reveals: the VoT reassessment tells that a VoT risk was assessed. */
export const DEADLINE_DISCLOSURE: Record<Deadline['kind'], Topic> = {
  DOCUMENT_EXPIRY: 'OPERATIONAL',
  BOOKING_HOLD_EXPIRY: 'OPERATIONAL',
  VOT_ASSESSMENT_EXPIRY: 'NEEDS',
  RISK_REASSESSMENT_DUE: 'NEEDS',
  HANDOVER_ACK_OVERDUE: 'OPERATIONAL',
  MONITORING_VISIT_DUE: 'OPERATIONAL',
  CONTACT_RULE_MET: 'OPERATIONAL',
};

/** A case's next deadline for the reader: a kind the reader may not see is withheld (its date is operational). */
export function discloseDeadline(
  deadline: { kind: Deadline['kind']; dueAt: string } | null,
  reader: Reader,
): { kind: Deadline['kind'] | typeof WITHHELD; dueAt: string } | null {
  if (!deadline) return null;
  const topic = DEADLINE_DISCLOSURE[deadline.kind] ?? 'NEEDS';
  return sees(reader, topic)
    ? { kind: deadline.kind, dueAt: deadline.dueAt }
    : { kind: WITHHELD, dueAt: deadline.dueAt };
}

/**
 * Staff names (who did what in the audit trail): for readers who see more of a case than its operational facts.
 * Operations staff see D0 only, and their screens show no names at all; administrators and the engine read no case.
 */
export function seesStaffNames(reader: Reader): boolean {
  return [...reader.topics].some((t) => t !== 'OPERATIONAL');
}

/**
 * Searching cases by a member's name, date of birth or phone number tells whether that person is in a case, which
 * is identity data (D1): only roles that see identity may search that way. Others may search by case reference.
 */
export function maySearchByIdentity(role: Role): boolean {
  return ROLE_DISCLOSURE[role].sees.includes('IDENTITY');
}

/** Finance officers: amounts, payee details and plan lines; no counselling, no RSS answers, no D3. */
function financeView(view: CaseView, identities: readonly MemberIdentity[], reader: Reader) {
  const r = view.reintegration;
  return {
    ...caseSummary(view, reader),
    payees: sees(reader, 'PAYEE')
      ? identities.map((m) => ({
          memberId: m.memberId,
          relationship: m.relationship,
          givenName: m.givenName,
          familyName: m.familyName,
          phone: m.phone ?? null,
        }))
      : [],
    reintegration: r
      ? {
          plan: r.plan
            ? {
                planVersion: r.plan.planVersion,
                activities: r.plan.activities.map(({ milestones: _m, ...a }) => a),
                budget: r.plan.budget,
                currency: r.plan.currency,
                exchangeRate: r.plan.exchangeRate ?? null,
                modality: r.plan.modality,
                envelope: r.plan.envelope,
              }
            : null,
          planVersions: r.planVersions,
          budget: r.budget ?? null,
          tranches: r.tranches,
          evidence: r.evidence.filter((e) => e.purpose === 'TRANCHE_USE'),
        }
      : null,
  };
}

/**
 * A member as the reader may see them: who they are (D0), their identity (D1), the D3 their topics allow (fitness to
 * travel a service code; vulnerabilities and assessments by their circles), and the case-management part (documents,
 * exit authorization, consent and declaration: D2) only for caseworkers.
 */
function discloseMember(m: MemberView, reader: Reader, identity: MemberIdentity | undefined) {
  const {
    fitToTravel,
    escortRequired,
    vulnerabilities,
    assessments,
    documents,
    exitAuthorization,
    dataConsent,
    declarationSigned,
    nationality,
    ...rest
  } = m;
  const personal =
    sees(reader, 'IDENTITY') && identity
      ? {
          givenName: identity.givenName,
          familyName: identity.familyName,
          aliases: identity.aliases,
          dateOfBirth: identity.dateOfBirth,
          dateOfBirthEstimated: identity.dateOfBirthEstimated,
          nationality: identity.nationality,
          languages: identity.languages,
          phone: identity.phone ?? null,
          email: identity.email ?? null,
          address: identity.address ?? null,
        }
      : null;
  return {
    ...rest,
    // Declared or confirmed nationality is identity (D1): the readers of identity only.
    ...(nationality && sees(reader, 'IDENTITY') ? { nationality } : {}),
    ...(sees(reader, 'CASE_MANAGEMENT')
      ? { dataConsent, declarationSigned, documents, ...(exitAuthorization ? { exitAuthorization } : {}) }
      : {}),
    ...(fitToTravel && sees(reader, 'SERVICE_CODES') ? { fitToTravel } : {}),
    // That a member travels with an escort is a service code (what an airline may learn), and known to caseworkers.
    ...(sees(reader, 'SERVICE_CODES') || sees(reader, 'CASE_MANAGEMENT') ? { escortRequired } : {}),
    vulnerabilities: vulnerabilities.filter((v) =>
      sees(reader, VULNERABILITY_DISCLOSURE[v as VulnerabilityType] ?? 'NEEDS'),
    ),
    assessments: assessments
      .filter((a) => sees(reader, ASSESSMENT_DISCLOSURE[a.assessment].entry))
      .map((a) =>
        a.outcome === undefined || sees(reader, ASSESSMENT_DISCLOSURE[a.assessment].outcome)
          ? a
          : (({ outcome: _o, ...x }) => x)(a),
      ),
    personal,
  };
}

/** The "needs" flags: the medical flag is a service code, the protection flag a needs flag. */
function discloseFlags(flags: CaseView['flags'], reader: Reader) {
  return {
    vulnerable: flags.vulnerable,
    uasc: flags.uasc,
    ...(sees(reader, 'SERVICE_CODES') ? { medical: flags.medical } : {}),
    ...(sees(reader, 'NEEDS') ? { protection: flags.protection } : {}),
  };
}

/** An incident stays (something happened in transit, when and where); what it was only for those who may know. */
function discloseTransitIncidents(incidents: readonly TransitIncidentView[], reader: Reader) {
  return incidents.map(({ kind, ...i }) => (sees(reader, TRANSIT_INCIDENT_DISCLOSURE[kind]) ? { ...i, kind } : i));
}

/**
 * A reader without case management (D2) who sees more than D0: the medical officer and the movement assistant. The
 * summary, the holds and flags their codes allow, the members with identity and the D3 of their circle; the itinerary
 * (booking, no-shows, incidents in transit) only for who sees it. No counselling, eligibility, documents, plan or money.
 */
function roleView(view: CaseView, reader: Reader, byId: ReadonlyMap<string, MemberIdentity>) {
  const { booking, transitIncidents, cancellationReason } = view;
  return {
    ...caseSummary(view, reader),
    holds: view.holds.map((h) => discloseHold(h, reader)),
    flags: discloseFlags(view.flags, reader),
    travellerCount: view.travellerCount,
    members: view.members.map((m) => discloseMember(m, reader, byId.get(m.memberId))),
    ...(cancellationReason && sees(reader, CANCEL_REASON_DISCLOSURE[cancellationReason]) ? { cancellationReason } : {}),
    ...(sees(reader, 'ITINERARY')
      ? {
          noShowCount: view.noShowCount,
          ...(booking ? { booking } : {}),
          ...(transitIncidents ? { transitIncidents: discloseTransitIncidents(transitIncidents, reader) } : {}),
        }
      : {}),
  };
}

/** Whether the reader sees anything of a case beyond D0 (the summary). */
const seesBeyondSummary = (reader: Reader) => [...reader.topics].some((t) => TOPIC_CLASS[t] !== 'D0');

/**
 * The case as its reader may see it: operations (D0) the summary; finance the money; the medical officer and the
 * movement assistant their circle (roleView); caseworkers the view with each member's identity (joined from
 * PostgreSQL: it never travels through Temporal) and the D3 their role and the returnee's consent allow.
 */
export function discloseCase(view: CaseView, reader: Reader, identities: readonly MemberIdentity[] = []) {
  const byId = new Map(identities.map((m) => [m.memberId, m]));
  if (!sees(reader, 'CASE_MANAGEMENT')) {
    if (sees(reader, 'MONEY')) return financeView(view, identities, reader);
    return seesBeyondSummary(reader) ? roleView(view, reader, byId) : caseSummary(view, reader);
  }
  const { flags, cancellationReason, transitIncidents, holds, members, consents, repeatApplicant, ...rest } = view;
  return {
    ...rest,
    // Whether the person already returned with assistance: for the roles that see duplicate matches (they decide it).
    ...(repeatApplicant && DUPLICATE_DISCLOSURE[reader.role] === 'MATCH' ? { repeatApplicant } : {}),
    ...(consents ? { consents: consents.filter((c) => sees(reader, CONSENT_PURPOSE_DISCLOSURE[c.purpose])) } : {}),
    ...(cancellationReason && sees(reader, CANCEL_REASON_DISCLOSURE[cancellationReason]) ? { cancellationReason } : {}),
    holds: holds.map((h) => discloseHold(h, reader)),
    members: members.map((m) => discloseMember(m, reader, byId.get(m.memberId))),
    flags: discloseFlags(flags, reader),
    ...(transitIncidents ? { transitIncidents: discloseTransitIncidents(transitIncidents, reader) } : {}),
  };
}
export type DisclosedCase = ReturnType<typeof discloseCase>;

// ---------------------------------------------------------------- the read log

/** D3 topics whose reading is logged: service codes are what an airline may learn, not a special-category read. */
const LOGGED = (t: Topic) => TOPIC_CLASS[t] === 'D3' && t !== 'SERVICE_CODES';

/**
 * Which special categories (and the needs flags that stand for them) a reader is shown of this case, for the read log
 * ("log who viewed D3", AVRR.md §13 principle 7): the logged D3 topics present in the view that the reader may see.
 * Empty when nothing of D3 was shown.
 */
export function specialCategoriesShown(view: CaseView, reader: Reader): Topic[] {
  const present = new Set<Topic>();
  for (const m of view.members) {
    for (const v of m.vulnerabilities) present.add(VULNERABILITY_DISCLOSURE[v as VulnerabilityType] ?? 'NEEDS');
    for (const a of m.assessments) {
      present.add(ASSESSMENT_DISCLOSURE[a.assessment].entry);
      if (a.outcome !== undefined) present.add(ASSESSMENT_DISCLOSURE[a.assessment].outcome);
    }
    if (m.fitToTravel) present.add('SERVICE_CODES');
  }
  for (const h of view.holds) {
    present.add(HOLD_DISCLOSURE[h.type].type);
    if (h.reason !== undefined) present.add(HOLD_DISCLOSURE[h.type].reason);
  }
  for (const i of view.transitIncidents ?? []) present.add(TRANSIT_INCIDENT_DISCLOSURE[i.kind]);
  return [...present].filter((t) => LOGGED(t) && sees(reader, t)).sort();
}

/** The same for an audit trail: the D3 topics of the detail shown (bare events show none). */
export function specialCategoriesShownInHistory(events: readonly CaseEvent[], reader: Reader): Topic[] {
  const shown = new Set<Topic>();
  for (const e of events) {
    const rule = (EVENT_DISCLOSURE as Record<string, EventRule<CaseEvent> | undefined>)[e.type];
    if (!rule || !rule.detail.some((t) => sees(reader, t))) continue;
    for (const t of rule.detail) if (LOGGED(t) && sees(reader, t)) shown.add(t);
    for (const [field, fieldRule] of Object.entries<FieldRule<CaseEvent>>(rule.fields ?? {})) {
      if (!(field in e)) continue;
      const t = typeof fieldRule === 'function' ? fieldRule(e) : fieldRule;
      if (LOGGED(t) && sees(reader, t)) shown.add(t);
    }
    if (e.type === 'RapidVulnerabilityScreeningRecorded') {
      for (const f of e.findings)
        for (const v of f.vulnerabilities)
          if (sees(reader, VULNERABILITY_DISCLOSURE[v])) shown.add(VULNERABILITY_DISCLOSURE[v]);
    }
  }
  return [...shown].sort();
}

// ---------------------------------------------------------------- at rest

/**
 * The special-category (D3) part of a case view, sealed at column level at rest: per member the vulnerability types,
 * the assessments and fitness to travel; the incidents in transit (a medical one, a detention); the holds' reasons.
 */
export interface SpecialCategoryFacts {
  members: {
    memberId: string;
    vulnerabilities: MemberView['vulnerabilities'];
    assessments: MemberView['assessments'];
    fitToTravel?: MemberView['fitToTravel'];
  }[];
  transitIncidents?: CaseView['transitIncidents'];
  holdReasons?: { type: HoldType; memberId?: string; reason: string }[];
}

/** Splits a view into what may sit in clear (D0-D2, needs flags) and its special-category facts. */
export function splitSpecialCategories(view: CaseView): { open: CaseView; special: SpecialCategoryFacts } {
  const { transitIncidents, ...rest } = view;
  const reasons = view.holds
    .filter((h) => h.reason !== undefined)
    .map((h) => ({ type: h.type, ...(h.memberId ? { memberId: h.memberId } : {}), reason: h.reason! }));
  return {
    open: {
      ...rest,
      holds: view.holds.map(({ reason: _reason, ...h }) => h),
      members: view.members.map(({ fitToTravel: _fit, ...m }) => ({ ...m, vulnerabilities: [], assessments: [] })),
    },
    special: {
      members: view.members.map((m) => ({
        memberId: m.memberId,
        vulnerabilities: m.vulnerabilities,
        assessments: m.assessments,
        ...(m.fitToTravel ? { fitToTravel: m.fitToTravel } : {}),
      })),
      ...(transitIncidents ? { transitIncidents } : {}),
      ...(reasons.length ? { holdReasons: reasons } : {}),
    },
  };
}

/** The view again from its open part and its special-category facts (facts sealed before a field existed stay open). */
export function joinSpecialCategories(open: CaseView, special: SpecialCategoryFacts): CaseView {
  const byId = new Map(special.members.map((s) => [s.memberId, s]));
  const reasonOf = (h: Hold) =>
    special.holdReasons?.find((x) => x.type === h.type && (x.memberId ?? null) === (h.memberId ?? null))?.reason;
  return {
    ...open,
    ...(special.transitIncidents ? { transitIncidents: special.transitIncidents } : {}),
    holds: open.holds.map((h) => {
      const reason = reasonOf(h) ?? h.reason;
      return reason !== undefined ? { ...h, reason } : h;
    }),
    members: open.members.map((m) => {
      const s = byId.get(m.memberId);
      const fitToTravel = s?.fitToTravel ?? m.fitToTravel;
      return {
        ...m,
        vulnerabilities: s?.vulnerabilities ?? m.vulnerabilities,
        assessments: s?.assessments ?? m.assessments,
        ...(fitToTravel ? { fitToTravel } : {}),
      };
    }),
  };
}

/**
 * Whether the role reads personal data of a case (any topic beyond D0). Once a case is anonymised by retention, such
 * reads (the case, its history, a command) answer 410 CASE_ANONYMISED; a D0-only reader (operations) still gets the
 * case's non-personal facts, and every list keeps the case.
 */
export function readsPersonalData(role: Role): boolean {
  return ROLE_DISCLOSURE[role].sees.some((t) => TOPIC_CLASS[t] !== 'D0');
}

/**
 * Who may run the retention job (dry or not) and read its runs: counts per data category and rows per store, never a
 * name, a reference or a case id. Operations run the engine; the supervisor stands in for the data protection focal
 * point where that role does not exist.
 */
export const RETENTION_ACCESS: Record<Role, boolean> = {
  officer: false,
  supervisor: true,
  protection: false,
  medical: false,
  movement: false,
  counterpart: false,
  finance: false,
  operations: true,
  // The data protection focal point answers for retention (AVRR.md §13): runs it and reads its reports.
  dpo: true,
  me: false,
  admin: false,
  system: false,
};
export const RETENTION_ROLES: readonly Role[] = (Object.keys(RETENTION_ACCESS) as Role[]).filter(
  (r) => RETENTION_ACCESS[r],
);
// ---------------------------------------------------------------- tasks

/**
 * A task's kind tells what the case holds (a VoT risk assessment task reveals VoT): the topic each kind reveals. The
 * owner role of a kind always sees it (it was chosen because it must do the work); another reader who may not see the
 * topic sees the neutral kind, no subject, no member and no suggested action.
 */
export const TASK_DISCLOSURE: Record<TaskKind, Topic> = {
  CANCEL_TICKET: 'ITINERARY',
  BID_ASSESSMENT: 'BID',
  VOT_RISK_ASSESSMENT: 'VOT',
  FAMILY_ASSESSMENT: 'BID',
  MEDICAL_ASSESSMENT: 'HEALTH',
  NO_SHOW_REVIEW: 'OPERATIONAL',
  DOCUMENT_RENEWAL: 'OPERATIONAL',
  UNHCR_NOTIFICATION: 'ASYLUM',
  CHILD_WITHOUT_GUARDIAN: 'NEEDS',
  RSS_FOLLOW_UP: 'CASE_MANAGEMENT',
};

/** What a suggested action reveals (an MHPSS referral: a low psychosocial score). */
export const SUGGESTED_ACTION_DISCLOSURE: Record<SuggestedAction, Topic> = {
  MHPSS_REFERRAL: 'MENTAL_HEALTH',
  EXTRA_VISIT: 'CASE_MANAGEMENT',
};

/** The kind shown in place of one the reader may not see. */
export const NEUTRAL_TASK_KIND = 'FOLLOW_UP' as const;

export interface TaskRef {
  kind: string;
  ownerRole: string;
  subject: string | null;
  memberId: string | null;
  suggestedAction: string | null;
  command: string;
}

/** Whether the reader sees a task's kind: the owner role does, others by the kind's topic. */
export function seesTaskKind(task: Pick<TaskRef, 'kind' | 'ownerRole'>, reader: Reader): boolean {
  if (task.ownerRole === reader.role) return true;
  const topic = TASK_DISCLOSURE[task.kind as TaskKind] ?? 'NEEDS';
  return sees(reader, topic);
}

/** A task as the reader may see it (one place, for every endpoint that lists tasks). */
export function discloseTask<T extends TaskRef>(task: T, reader: Reader): T {
  let out = task;
  if (!seesTaskKind(task, reader)) {
    // The completing command names the work too (RecordAssessmentResult of a pending VoT assessment is less telling
    // than the kind, but the kind is what a neutral task hides): both go.
    out = { ...task, kind: NEUTRAL_TASK_KIND, subject: null, memberId: null, suggestedAction: null, command: WITHHELD };
  }
  const action = out.suggestedAction as SuggestedAction | null;
  if (action && task.ownerRole !== reader.role && !sees(reader, SUGGESTED_ACTION_DISCLOSURE[action] ?? 'NEEDS'))
    out = { ...out, suggestedAction: null };
  return out;
}

// ---------------------------------------------------------------- the receiving office in the loop

/** Dates of the return in a case-event notification: the itinerary (D2); the rest is D0 (codes, counts, reference). */
const CASE_EVENT_ITINERARY_FIELDS = ['expectedDepartureDate', 'expectedArrivalDate', 'previousDepartureDate'];

function discloseCaseEventNotification<T extends NotificationRef>(n: T, reader: Reader): T {
  if (sees(reader, 'ITINERARY')) return n;
  const body = Object.fromEntries(Object.entries(n.body).filter(([k]) => !CASE_EVENT_ITINERARY_FIELDS.includes(k)));
  return { ...n, body };
}

/**
 * An incoming case as its reader may see it: the flight and dates are the itinerary (D2); the needs flags are D3 and
 * reach a counterpart only with the returnee's consent to share them (incomingCase already leaves them out without it).
 */
export function discloseIncoming(item: IncomingCase, reader: Reader): IncomingCase {
  const itinerary = sees(reader, 'ITINERARY');
  const needs = sees(reader, 'NEEDS');
  return {
    ...item,
    expectedDepartureDate: itinerary ? item.expectedDepartureDate : null,
    expectedArrivalDate: itinerary ? item.expectedArrivalDate : null,
    itineraryRef: itinerary ? item.itineraryRef : null,
    needs: needs ? item.needs : null,
  };
}

// ---------------------------------------------------------------- data protection records

/**
 * Who reads a case's transfers (GET /cases/:id/transfers): the caseworkers who send the data (officer, supervisor,
 * protection) and the data protection focal point, who approves what falls outside the allow-lists. A transfer's items
 * are names of data categories, never the data; still, the items of a transfer to UNHCR tell of an asylum claim, so
 * a reader who may not see needs flags is shown such a transfer without its purpose and items.
 */
export const TRANSFER_READERS: readonly Role[] = ['officer', 'supervisor', 'protection', 'dpo'];

/** The data protection focal point's records: incidents, access and correction requests, the special-category read log. */
export const DATA_PROTECTION_ROLES: readonly Role[] = ['dpo'];

export function mayReadTransfers(role: Role): boolean {
  return TRANSFER_READERS.includes(role);
}

/** A transfer as its reader may see it: a transfer to UNHCR tells of an asylum claim (a needs flag). */
export function discloseTransfer<T extends { recipientKind: string; purpose: string; items: readonly string[] }>(
  t: T,
  role: Role,
): T {
  if (t.recipientKind !== 'UNHCR' || role === 'dpo' || ROLE_DISCLOSURE[role].sees.includes('NEEDS')) return t;
  return { ...t, purpose: WITHHELD, items: [] };
}

// ---------------------------------------------------------------- possible duplicates (issue 11 item 6)

/**
 * What a role sees of another case that may be the same person: MATCH the reference, office, stage, score, matched
 * features and decision (who registers and decides: officer, supervisor; protection for safeguarding); REFERENCE only
 * the links recorded as SAME_PERSON, as a reference, office and stage (the receiving office's counterpart); NONE
 * nothing. No role ever sees the other case's personal data here: no name, date of birth, phone or document of the
 * other person leaves the duplicate check, only codes of what matched.
 */
export type DuplicateDisclosure = 'MATCH' | 'REFERENCE' | 'NONE';
export const DUPLICATE_DISCLOSURE: Record<Role, DuplicateDisclosure> = {
  officer: 'MATCH',
  supervisor: 'MATCH',
  protection: 'MATCH',
  counterpart: 'REFERENCE',
  medical: 'NONE',
  movement: 'NONE',
  finance: 'NONE',
  operations: 'NONE',
  dpo: 'NONE',
  me: 'NONE',
  admin: 'NONE',
  system: 'NONE',
};

/** A possible duplicate of a case as the API joins it: references and codes, no personal data by construction. */
export interface PossibleDuplicate {
  caseId: string;
  reference: string;
  office: string;
  stage: string;
  score: number;
  features: readonly string[];
  decision: 'NEW_PERSON' | 'SAME_PERSON' | null;
  direction: 'FOUND' | 'LINKED_FROM';
}

export type DisclosedPossibleDuplicate =
  PossibleDuplicate | Pick<PossibleDuplicate, 'caseId' | 'reference' | 'office' | 'stage' | 'decision' | 'direction'>;

/** The possible duplicates a role may see, shaped by DUPLICATE_DISCLOSURE. */
export function disclosePossibleDuplicates(
  list: readonly PossibleDuplicate[],
  role: Role,
): DisclosedPossibleDuplicate[] {
  const rule = DUPLICATE_DISCLOSURE[role];
  if (rule === 'NONE') return [];
  if (rule === 'MATCH')
    return list.map((d) => ({
      caseId: d.caseId,
      reference: d.reference,
      office: d.office,
      stage: d.stage,
      score: d.score,
      features: [...d.features],
      decision: d.decision,
      direction: d.direction,
    }));
  return list
    .filter((d) => d.decision === 'SAME_PERSON')
    .map((d) => ({
      caseId: d.caseId,
      reference: d.reference,
      office: d.office,
      stage: d.stage,
      decision: d.decision,
      direction: d.direction,
    }));
}

// ---------------------------------------------------------------- RSS weight sets and rescored surveys (issue 10)

/**
 * RSS weight sets are configuration (D0: indicator codes and numbers, no case data). MANAGE: add a set and list them
 * with who added each (administrators, who own configuration: AVRR.md §4); READ: list the sets without who added them,
 * to pick one a stored score is recomputed under (the readers of RSS scores, and M&E, whose RSS analysis depends on
 * the weights); NONE: neither.
 */
export type RssWeightsAccess = 'MANAGE' | 'READ' | 'NONE';
export const RSS_WEIGHTS_ACCESS: Record<Role, RssWeightsAccess> = {
  admin: 'MANAGE',
  officer: 'READ',
  supervisor: 'READ',
  protection: 'READ',
  counterpart: 'READ',
  me: 'READ',
  medical: 'NONE',
  movement: 'NONE',
  finance: 'NONE',
  operations: 'NONE',
  dpo: 'NONE',
  system: 'NONE',
};

const rolesWith = (access: readonly RssWeightsAccess[]) =>
  (Object.keys(RSS_WEIGHTS_ACCESS) as Role[]).filter((r) => access.includes(RSS_WEIGHTS_ACCESS[r]));
/** Who adds weight sets (POST /admin/rss-weights) and lists them with their authors (GET /admin/rss-weights). */
export const RSS_WEIGHTS_MANAGERS: readonly Role[] = rolesWith(['MANAGE']);
/** Who lists the weight sets (GET /rss-weights). */
export const RSS_WEIGHTS_READERS: readonly Role[] = rolesWith(['MANAGE', 'READ']);

/**
 * Who may see a stored RSS survey scored again under another weight set (GET /cases/:id/rss/:rssId/score): the
 * readers of the case's RSS scores, that is of its case management (D2), in their scope. M&E, the data protection
 * focal point and administrators hold no case in scope (404); the others answer 403.
 */
export const RSS_SCORE_ACCESS: Record<Role, boolean> = {
  officer: true,
  supervisor: true,
  protection: true,
  counterpart: true,
  medical: false,
  movement: false,
  finance: false,
  operations: false,
  me: false,
  dpo: false,
  admin: false,
  system: false,
};

/** Whether the reader sees a case's RSS scores (and so their recomputation). */
export function mayReadRssScores(reader: Reader): boolean {
  return RSS_SCORE_ACCESS[reader.role] && sees(reader, 'CASE_MANAGEMENT');
}

/** A weight set as its reader may see it: null for a role without access; who added it only for MANAGE. */
export function discloseRssWeightSet<T extends { createdBy: string | null }>(
  set: T,
  role: Role,
): T | Omit<T, 'createdBy'> | null {
  const access = RSS_WEIGHTS_ACCESS[role];
  if (access === 'NONE') return null;
  if (access === 'MANAGE') return set;
  const { createdBy: _by, ...rest } = set;
  return rest;
}

/** A stored survey's score and its recomputation, shown only to a reader of the case's RSS scores (else null). */
export function discloseRssRescore<T extends object>(result: T, reader: Reader): T | null {
  return mayReadRssScores(reader) ? result : null;
}
