import {
  ASSESSMENT_TYPES,
  CANCEL_REASONS,
  CONSENT_PURPOSES,
  COMMAND_TYPES,
  HOLD_TYPES,
  REPEAT_APPLICANT_EXCEPTION_REASONS,
  ROLES,
  STAGES,
  TRANSIT_INCIDENT_KINDS,
  VULNERABILITY_TYPES,
  WITHHELD,
} from '@avrr/domain';
import { AssignmentEntryResponse } from '../../tasks/task.dto';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { RequirementResponse } from '../../http/error.response';

/**
 * The response shapes of the case endpoints, as the disclosure policy (libs/domain/src/disclosure.ts) leaves them. One
 * schema per response: a field that not every role gets is optional, and a code the reader may not see is WITHHELD.
 * The shaping itself is in case.response.ts and the domain; these classes only describe it for clients.
 */

const RELATIONSHIPS = ['PA', 'SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'OTHER_RELATIVE', 'OTHER'];
const SEXES = ['F', 'M', 'X'];
const CLOSURE_REASONS = [
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
const HOLD_TYPE_SHOWN = [...HOLD_TYPES, WITHHELD];
const DATE = { format: 'date', example: '2026-11-20' } as const;
const INSTANT = { format: 'date-time', example: '2026-11-20T10:00:00.000Z' } as const;

// ---------------------------------------------------------------- the summary (D0), the list

export class CaseSummaryResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MA-RBA-2026-1A2B3C4D' }) reference!: string;
  @ApiProperty({ enum: STAGES, enumName: 'Stage' }) stage!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ example: 'MA-RBA' }) hostOffice!: string;
  @ApiProperty({ example: 'GN' }) countryOfOrigin!: string;
  @ApiProperty({ type: String, nullable: true }) receivingOffice!: string | null;
  @ApiProperty() memberCount!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: HOLD_TYPE_SHOWN },
    description: `Active hold types (${WITHHELD}: a hold whose type your role may not see)`,
  })
  holds!: string[];
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty(INSTANT) openedAt!: string;
  @ApiProperty(INSTANT) stageEnteredAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, ...INSTANT }) closedAt!: string | null;
  @ApiProperty({ description: 'The receiving office has not acknowledged the handover in time' })
  handoverOverdue!: boolean;
}

const DEADLINE_KINDS = [
  'DOCUMENT_EXPIRY',
  'BOOKING_HOLD_EXPIRY',
  'VOT_ASSESSMENT_EXPIRY',
  'HANDOVER_ACK_OVERDUE',
  'MONITORING_VISIT_DUE',
  'CONTACT_RULE_MET',
  WITHHELD,
];

export class NextDeadlineResponse {
  @ApiProperty({ enum: DEADLINE_KINDS, description: 'WITHHELD: a kind your role may not see' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
}

/** A row of the case list and the work queue: the summary, with the work the caller has on it. */
export class CaseListItemResponse extends CaseSummaryResponse {
  @ApiProperty({ description: 'Whole days since the case entered its stage' }) daysInStage!: number;
  @ApiProperty({
    type: String,
    enum: ['OK', 'ALERT', 'ESCALATE', 'PAUSED', 'NONE'],
    nullable: true,
    description: "The stuck-case monitor's last SLA evaluation; null before its first scan of the case",
  })
  slaState!: string | null;
  @ApiProperty({
    type: NextDeadlineResponse,
    nullable: true,
    description: 'The earliest deadline the engine acts on (a document or booking hold expiring, a visit due...)',
  })
  nextDeadline!: NextDeadlineResponse | null;
  @ApiProperty({ description: 'Reminders delivered to you for this case, unread and not cancelled since' })
  dueReminders!: number;
  @ApiProperty({
    type: [String],
    enum: COMMAND_TYPES,
    description: 'The commands that move this case which wait on your role (and that you may do)',
  })
  awaiting!: string[];
}

export class CaseListResponse {
  @ApiProperty({ type: [CaseListItemResponse] }) items!: CaseListItemResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}

// ---------------------------------------------------------------- parts of the case view

export class HoldResponse {
  @ApiProperty({ enum: HOLD_TYPE_SHOWN }) type!: string;
  @ApiPropertyOptional({ format: 'uuid' }) memberId?: string;
  @ApiProperty(INSTANT) placedAt!: string;
  @ApiPropertyOptional({ description: 'Reason code, for readers who may see the hold circle' }) reason?: string;
}

export class CaseFlagsResponse {
  @ApiProperty() vulnerable!: boolean;
  @ApiProperty() uasc!: boolean;
  @ApiPropertyOptional({ description: 'Service code: readers who see service codes' }) medical?: boolean;
  @ApiPropertyOptional({ description: 'Needs flag: readers who see needs' }) protection?: boolean;
}

export class DocumentResponse {
  @ApiProperty({ enum: ['LAISSEZ_PASSER', 'PASSPORT'] }) documentType!: string;
  @ApiProperty({ enum: ['REQUESTED', 'ISSUED', 'ON_RECORD', 'REFUSED', 'CANCELLED', 'EXPIRED', 'RENEWAL_REQUIRED'] })
  status!: string;
  @ApiPropertyOptional() authority?: string;
  @ApiPropertyOptional() documentRef?: string;
  @ApiPropertyOptional(DATE) expiresOn?: string;
  @ApiPropertyOptional() requestedAt?: string;
  @ApiPropertyOptional() decidedAt?: string;
}

export class MoneyResponse {
  @ApiProperty() amount!: number;
  @ApiProperty({ example: 'EUR' }) currency!: string;
}

export class ExitFineResponse extends MoneyResponse {
  @ApiProperty({ example: 'IOM' }) paidBy!: string;
}

export class ExitAuthorizationResponse {
  @ApiProperty({ enum: ['REQUESTED', 'GRANTED', 'REFUSED', 'CANCELLED'] }) status!: string;
  @ApiPropertyOptional({ type: ExitFineResponse }) fine?: ExitFineResponse;
}

export class FitToTravelResponse {
  @ApiProperty() fit!: boolean;
  @ApiPropertyOptional(DATE) validUntil?: string;
  @ApiProperty() escortRequired!: boolean;
}

export class AssessmentResponse {
  @ApiProperty({ enum: ASSESSMENT_TYPES }) assessment!: string;
  @ApiProperty({ enum: ['PENDING', 'COMPLETED'] }) status!: string;
  @ApiPropertyOptional({ description: 'For readers of the assessment circle only' }) outcome?: string;
  @ApiPropertyOptional(DATE) validUntil?: string;
  @ApiPropertyOptional() escortRequired?: boolean;
  @ApiPropertyOptional() completedAt?: string;
}

/** Identity and contact (D1), kept in PostgreSQL and joined for readers who may see it. */
export class MemberPersonalResponse {
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty(DATE) dateOfBirth!: string;
  @ApiProperty() dateOfBirthEstimated!: boolean;
  @ApiProperty({ example: 'GN' }) nationality!: string;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
}

export class NationalityResponse {
  @ApiProperty({ enum: ['DECLARED', 'CONFIRMED'], description: 'DECLARED until a consulate confirms it' })
  status!: string;
  @ApiPropertyOptional({ example: 'SN', description: 'As stated at interview' }) declared?: string;
  @ApiPropertyOptional({ example: 'SN', description: 'As confirmed by a consulate' }) confirmed?: string;
  @ApiPropertyOptional({ example: 'CONSULATE_SN_RABAT' }) confirmedBy?: string;
  @ApiPropertyOptional() confirmedAt?: string;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty({ enum: SEXES }) sex!: string;
  @ApiProperty({ description: 'Age on the date of the last change' }) age!: number;
  @ApiProperty() ageEstimated!: boolean;
  @ApiProperty() isChild!: boolean;
  @ApiProperty() travelling!: boolean;
  @ApiProperty() withdrawn!: boolean;
  @ApiProperty() deceased!: boolean;
  @ApiPropertyOptional({ description: 'Case management (D2) readers' }) dataConsent?: boolean;
  @ApiPropertyOptional({ description: 'Case management (D2) readers' }) declarationSigned?: boolean;
  @ApiPropertyOptional({ type: [DocumentResponse], description: 'Case management (D2) readers' })
  documents?: DocumentResponse[];
  @ApiPropertyOptional({ type: ExitAuthorizationResponse }) exitAuthorization?: ExitAuthorizationResponse;
  @ApiPropertyOptional({ type: FitToTravelResponse, description: 'Service-code readers' })
  fitToTravel?: FitToTravelResponse;
  @ApiPropertyOptional({ description: 'Service-code and case-management readers' }) escortRequired?: boolean;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: VULNERABILITY_TYPES as string[] },
    description: 'Types only, those your role may see',
  })
  vulnerabilities!: string[];
  @ApiProperty({ type: [AssessmentResponse] }) assessments!: AssessmentResponse[];
  @ApiPropertyOptional({ type: NationalityResponse, description: 'Identity (D1) readers; absent until recorded' })
  nationality?: NationalityResponse;
  @ApiProperty({ type: MemberPersonalResponse, nullable: true, description: 'null for readers without identity (D1)' })
  personal!: MemberPersonalResponse | null;
}

export class BookingResponse {
  @ApiProperty() itineraryRef!: string;
  @ApiProperty(DATE) departureDate!: string;
  @ApiPropertyOptional(DATE) arrivalDate?: string;
  @ApiProperty() escortOnItinerary!: boolean;
  @ApiProperty() ticketed!: boolean;
  @ApiPropertyOptional() bookingHoldUntil?: string;
  @ApiProperty({ type: [String] }) travellerIds!: string[];
  @ApiProperty() changeCount!: number;
}

export class TransitIncidentResponse {
  @ApiProperty() incidentId!: string;
  @ApiPropertyOptional({ enum: TRANSIT_INCIDENT_KINDS, description: 'For readers who may know what it was' })
  kind?: string;
  @ApiProperty({ type: [String] }) memberIds!: string[];
  @ApiProperty() transitPoint!: string;
  @ApiProperty(INSTANT) effectiveAt!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
}

/** A consent for one purpose (every version kept; caseworkers; a UNHCR-notification one only for readers of needs). */
export class ConsentResponse {
  @ApiProperty({ example: '3f1c2a9e-7b4d-4e8a-9c61-2d5b8e0f4a17.RSS_INTERVIEW.1' }) consentRef!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: string;
  @ApiProperty() formVersion!: string;
  @ApiProperty() language!: string;
  @ApiProperty() interpreterUsed!: boolean;
  @ApiProperty({ enum: ['SELF', 'GUARDIAN'] }) signatory!: string;
  @ApiPropertyOptional({ format: 'uuid' }) guardianMemberId?: string;
  @ApiProperty() thumbprint!: boolean;
  @ApiProperty() capacityConcern!: boolean;
  @ApiProperty({ enum: ['GIVEN', 'WITHDRAWN'] }) status!: string;
  @ApiProperty(INSTANT) givenAt!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
  @ApiPropertyOptional(INSTANT) withdrawnAt?: string;
  @ApiPropertyOptional() withdrawalReason?: string;
}

export class SplitFromResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
}

/** A payee (finance): who receives the money, nothing else of the person. */
export class PayeeResponse {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ enum: RELATIONSHIPS }) relationship!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty() familyName!: string;
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
}

// ---------------------------------------------------------------- reintegration

export class HandoverResponse {
  @ApiPropertyOptional() receivingOffice?: string;
  @ApiPropertyOptional() arrivedAt?: string;
  @ApiPropertyOptional() acknowledgedAt?: string;
  @ApiPropertyOptional(DATE) dueOn?: string;
  @ApiProperty() overdue!: boolean;
}

export class ReintegrationAssessmentResponse {
  @ApiProperty({ type: [String] }) needs!: string[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty() effectiveAt!: string;
}

export class MilestoneInputResponse {
  @ApiProperty() milestoneId!: string;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty() code!: string;
}

export class PlanActivityResponse {
  @ApiProperty() activityId!: string;
  @ApiProperty({ enum: ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'] }) dimension!: string;
  @ApiProperty({ enum: ['INDIVIDUAL', 'COMMUNITY', 'STRUCTURAL'] }) level!: string;
  @ApiProperty() type!: string;
  @ApiProperty() budget!: number;
  @ApiPropertyOptional({ type: [MilestoneInputResponse], description: 'Not shown to finance' })
  milestones?: MilestoneInputResponse[];
}

export class ExchangeRateResponse {
  @ApiProperty() currency!: string;
  @ApiProperty() rate!: number;
}

export class PlanResponse {
  @ApiProperty() planVersion!: number;
  @ApiProperty({ type: [PlanActivityResponse] }) activities!: PlanActivityResponse[];
  @ApiProperty() budget!: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional({ type: ExchangeRateResponse, nullable: true }) exchangeRate?: ExchangeRateResponse | null;
  @ApiProperty({ enum: ['CASH', 'IN_KIND', 'MIXED'] }) modality!: string;
  @ApiProperty() envelope!: number;
  @ApiPropertyOptional() signatureRef?: string;
  @ApiPropertyOptional() aboveCeiling?: boolean;
  @ApiPropertyOptional({ enum: ROLES }) approvedByRole?: string;
  @ApiPropertyOptional() approvedBy?: string;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiPropertyOptional() effectiveAt?: string;
  @ApiPropertyOptional() recordedAt?: string;
}

export class PlanVersionResponse {
  @ApiProperty() planVersion!: number;
  @ApiProperty() budget!: number;
  @ApiProperty() envelope!: number;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiProperty() effectiveAt!: string;
}

export class BudgetResponse {
  @ApiProperty() currency!: string;
  @ApiProperty() envelope!: number;
  @ApiProperty() committed!: number;
  @ApiProperty() paid!: number;
  @ApiProperty() remaining!: number;
}

export class MilestoneResponse {
  @ApiProperty() milestoneId!: string;
  @ApiProperty() activityId!: string;
  @ApiProperty() planVersion!: number;
  @ApiProperty() code!: string;
  @ApiProperty(DATE) dueDate!: string;
  @ApiProperty({ enum: ['PLANNED', 'IN_PROGRESS', 'DONE', 'PARTIAL', 'FAILED', 'CANCELLED'] }) status!: string;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiProperty({ type: [String] }) evidenceIds!: string[];
  @ApiPropertyOptional() updatedAt?: string;
}

export class EvidenceResponse {
  @ApiProperty() evidenceId!: string;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) checksum!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty({ enum: ['MILESTONE', 'TRANCHE_USE', 'HANDOVER_NOTE', 'OTHER'] }) purpose!: string;
  @ApiPropertyOptional() milestoneId?: string;
  @ApiPropertyOptional() trancheId?: string;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiProperty() recordedAt!: string;
}

export class TrancheResponse {
  @ApiProperty() trancheId!: string;
  @ApiProperty() sequence!: number;
  @ApiProperty() amount!: number;
  @ApiPropertyOptional(DATE) dueDate?: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: ['EVIDENCE_OF_PREVIOUS_USE', 'MONITORING_VISIT', 'COUNTERPART_RECOMMENDATION'] },
  })
  conditions!: string[];
  @ApiProperty({ enum: ['CASH', 'IN_KIND', 'MIXED'] }) modality!: string;
  @ApiProperty() payeeRef!: string;
  @ApiProperty() planVersion!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['PLANNED', 'REQUESTED', 'APPROVED', 'PAID', 'CANCELLED'] }) status!: string;
  @ApiPropertyOptional() requestedBy?: string;
  @ApiPropertyOptional({ enum: ROLES }) requestedByRole?: string;
  @ApiPropertyOptional() requestedAt?: string;
  @ApiPropertyOptional() approvedBy?: string;
  @ApiPropertyOptional() approvedAt?: string;
  @ApiPropertyOptional() paidBy?: string;
  @ApiPropertyOptional() paidAt?: string;
  @ApiPropertyOptional() paymentRef?: string;
  @ApiPropertyOptional() localAmount?: number;
  @ApiPropertyOptional() localCurrency?: string;
  @ApiPropertyOptional() cancelledAt?: string;
  @ApiPropertyOptional() cancelReason?: string;
}

export class PlannedVisitResponse {
  @ApiProperty() visitNo!: number;
  @ApiProperty(DATE) dueOn!: string;
  @ApiProperty({ enum: ['PLANNED', 'DUE', 'DONE'] }) status!: string;
  @ApiPropertyOptional() doneAt?: string;
}

export class MonitoringVisitResponse {
  @ApiPropertyOptional() visitNo?: number;
  @ApiProperty() mode!: string;
  @ApiProperty({ type: [String] }) findings!: string[];
  @ApiPropertyOptional() businessStatus?: string;
  @ApiProperty() effectiveAt!: string;
}

export class MonitoringResponse {
  @ApiProperty({ type: [PlannedVisitResponse] }) planned!: PlannedVisitResponse[];
  @ApiProperty({ type: [MonitoringVisitResponse] }) visits!: MonitoringVisitResponse[];
  @ApiProperty() failedContactAttempts!: number;
  @ApiProperty() lostContactRuleMet!: boolean;
}

export class ReferralResponse {
  @ApiProperty() referralId!: string;
  @ApiProperty() memberId!: string;
  @ApiProperty() providerRef!: string;
  @ApiProperty() service!: string;
  @ApiPropertyOptional() activityId?: string;
  @ApiPropertyOptional() needCode?: string;
  @ApiProperty({ enum: ['REFERRED', 'ACCEPTED', 'SERVICE_RECEIVED', 'DECLINED', 'NO_SHOW', 'CANCELLED'] })
  status!: string;
  @ApiPropertyOptional() reasonCode?: string;
  @ApiPropertyOptional() satisfaction?: number;
  @ApiProperty({ type: [String] }) feedback!: string[];
  @ApiProperty() referredBy!: string;
  @ApiProperty() referredAt!: string;
  @ApiProperty() recordedAt!: string;
  @ApiPropertyOptional() updatedAt?: string;
}

const NUMBERS = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class RssResultResponse {
  @ApiProperty() rssId!: string;
  @ApiProperty() timing!: string;
  @ApiProperty() mode!: string;
  @ApiProperty() instrumentVersion!: string;
  @ApiProperty() weightsVersion!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Answers by indicator' })
  answers!: Record<string, unknown>;
  @ApiProperty(NUMBERS) indicatorScores!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } })
  dimensionScores!: Record<string, number | null>;
  @ApiProperty({ type: Number, nullable: true }) composite!: number | null;
  @ApiProperty({ type: [String] }) missingIndicators!: string[];
  @ApiProperty() incomplete!: boolean;
  @ApiProperty() provisional!: boolean;
  @ApiProperty({ type: [String] }) belowThreshold!: string[];
  @ApiProperty() effectiveAt!: string;
  @ApiProperty() recordedAt!: string;
}

export class FollowUpResponse {
  @ApiProperty() followUpId!: string;
  @ApiProperty({ enum: ['RSS_BELOW_THRESHOLD'] }) reason!: string;
  @ApiProperty() rssId!: string;
  @ApiProperty({ type: [String] }) dimensions!: string[];
  @ApiProperty({ enum: ['OPEN', 'DONE'] }) status!: string;
  @ApiPropertyOptional() action?: string;
  @ApiProperty() openedAt!: string;
  @ApiPropertyOptional() doneAt?: string;
}

export class ReferralNoteResponse {
  @ApiProperty() referredTo!: string;
  @ApiProperty() solutionCode!: string;
  @ApiProperty() noteRef!: string;
}

export class ReintegrationClosureResponse {
  @ApiProperty({ enum: CLOSURE_REASONS }) reason!: string;
  @ApiPropertyOptional() justificationCode?: string;
  @ApiPropertyOptional() overrideReasonCode?: string;
  @ApiPropertyOptional() rssWaiverReason?: string;
  @ApiPropertyOptional() finalRssId?: string;
  @ApiPropertyOptional({ type: ReferralNoteResponse }) referralNote?: ReferralNoteResponse;
  @ApiProperty() effectiveAt!: string;
}

export class ClosureCorrectionResponse {
  @ApiProperty({ enum: CLOSURE_REASONS }) from!: string;
  @ApiProperty({ enum: CLOSURE_REASONS }) to!: string;
  @ApiProperty() noteCode!: string;
  @ApiProperty() effectiveAt!: string;
}

/**
 * From arrival on. Caseworkers (and the counterpart) get all of it; finance the money only: the plan without its
 * milestones, plan versions, budget, tranches and the evidence of use (plan, exchangeRate and budget are then null
 * when absent).
 */
/** A plan version drafted by the counterpart, waiting for a supervisor's approval. */
export class PendingAmendmentResponse {
  @ApiProperty() planVersion!: number;
  @ApiProperty() reasonCode!: string;
  @ApiProperty() budget!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['CASH', 'IN_KIND', 'MIXED'] }) modality!: string;
  @ApiProperty({ type: [PlanActivityResponse] }) activities!: PlanActivityResponse[];
  @ApiProperty({ type: [Number] }) trancheAmounts!: number[];
  @ApiProperty({ description: "The returnee's agreement (signed amended plan)" }) returneeSigned!: boolean;
  @ApiProperty() signatureRef!: string;
  @ApiProperty() draftedBy!: string;
  @ApiProperty() effectiveAt!: string;
}

export class ReintegrationResponse {
  @ApiPropertyOptional({ type: HandoverResponse }) handover?: HandoverResponse;
  @ApiPropertyOptional() continuityOfCareConsent?: boolean;
  @ApiPropertyOptional({ type: [ReintegrationAssessmentResponse] }) assessments?: ReintegrationAssessmentResponse[];
  @ApiPropertyOptional({ type: PlanResponse, nullable: true }) plan?: PlanResponse | null;
  @ApiProperty({ type: [PlanVersionResponse] }) planVersions!: PlanVersionResponse[];
  @ApiPropertyOptional({ type: BudgetResponse, nullable: true }) budget?: BudgetResponse | null;
  @ApiPropertyOptional({ type: [MilestoneResponse] }) milestones?: MilestoneResponse[];
  @ApiProperty({ type: [EvidenceResponse] }) evidence!: EvidenceResponse[];
  @ApiProperty({ type: [TrancheResponse] }) tranches!: TrancheResponse[];
  @ApiPropertyOptional({ type: MonitoringResponse }) monitoring?: MonitoringResponse;
  @ApiPropertyOptional({ type: [ReferralResponse] }) referrals?: ReferralResponse[];
  @ApiPropertyOptional({ type: [RssResultResponse] }) rss?: RssResultResponse[];
  @ApiPropertyOptional({ type: [FollowUpResponse] }) followUps?: FollowUpResponse[];
  @ApiPropertyOptional() assistanceCompletedAt?: string;
  @ApiPropertyOptional({ type: ReintegrationClosureResponse }) closure?: ReintegrationClosureResponse;
  @ApiPropertyOptional({ type: [ClosureCorrectionResponse] }) closureCorrections?: ClosureCorrectionResponse[];
  @ApiPropertyOptional({ type: PendingAmendmentResponse, description: 'A drafted amendment waiting for a supervisor' })
  pendingAmendment?: PendingAmendmentResponse;
}

// ---------------------------------------------------------------- the case view

/**
 * An earlier (or later, linked) case that may hold the same person (issue 11 item 6), shaped by DUPLICATE_DISCLOSURE:
 * references, office, stage, score and the codes of what matched; never the other case's personal data.
 */
export class PossibleDuplicateResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MA-RBA-2026-1A2B3C4D' }) reference!: string;
  @ApiProperty({ example: 'MA-RBA' }) office!: string;
  @ApiProperty({ enum: STAGES, enumName: 'Stage' }) stage!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 1, description: 'Officer, supervisor, protection' }) score?: number;
  @ApiPropertyOptional({
    type: [String],
    example: ['PHONE', 'NAME_VARIANT', 'DOB_EXACT'],
    description: 'What matched (codes only); officer, supervisor, protection',
  })
  features?: string[];
  @ApiProperty({ type: String, enum: ['NEW_PERSON', 'SAME_PERSON'], nullable: true }) decision!: string | null;
  @ApiProperty({
    enum: ['FOUND', 'LINKED_FROM'],
    description: "FOUND at this case's registration; LINKED_FROM: a later case recorded it as the same person",
  })
  direction!: string;
}

export class RepeatApplicantExceptionResponse {
  @ApiProperty({ enum: REPEAT_APPLICANT_EXCEPTION_REASONS }) reason!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
}

/** The person already departed with assistance (a SAME_PERSON decision on such a case): what the rule asks now. */
export class RepeatApplicantResponse {
  @ApiProperty({ type: [String], example: ['MA-RBA-2025-1A2B3C4D'], description: 'The earlier cases that departed' })
  candidateReferences!: string[];
  @ApiProperty({ enum: ['SUPERVISOR_EXCEPTION', 'ALLOWED', 'NOT_ELIGIBLE'], description: 'The configured rule' })
  rule!: string;
  @ApiProperty({
    description: 'A supervisor must record an exception (RecordRepeatApplicantException) before approval',
  })
  exceptionRequired!: boolean;
  @ApiPropertyOptional({ type: RepeatApplicantExceptionResponse }) exception?: RepeatApplicantExceptionResponse;
}

/**
 * A case shaped for its reader. Every role gets the fields that are required here; the rest depends on what the role
 * sees: operations the summary (memberCount, vulnerable, handoverOverdue, hold types as strings); finance the summary
 * with payees and the money part of reintegration; the medical officer and the movement assistant their circle
 * (members, flags, holds, and for the movement assistant the itinerary); caseworkers the whole view.
 */
export class CaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'MA-RBA-2026-1A2B3C4D' }) reference!: string;
  @ApiProperty({ enum: STAGES, enumName: 'Stage' }) stage!: string;
  @ApiProperty({ description: 'Send it back as expectedVersion with the next command' }) version!: number;
  @ApiProperty({ example: 'MA-RBA' }) hostOffice!: string;
  @ApiProperty({ example: 'GN' }) countryOfOrigin!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) receivingOffice?: string | null;
  @ApiPropertyOptional() programme?: string;
  @ApiPropertyOptional() referralSource?: string;
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ type: 'string', enum: HOLD_TYPE_SHOWN }, { $ref: getSchemaPath(HoldResponse) }],
    },
    description: 'Active holds: bare types (WITHHELD where hidden) for summary readers, objects for the others',
  })
  holds!: (string | HoldResponse)[];
  @ApiPropertyOptional({ type: [MemberResponse] }) members?: MemberResponse[];
  @ApiPropertyOptional({ description: 'Summary readers' }) memberCount?: number;
  @ApiPropertyOptional({ description: 'Summary readers' }) vulnerable?: boolean;
  @ApiPropertyOptional({ description: 'Summary readers' }) handoverOverdue?: boolean;
  @ApiPropertyOptional({ type: CaseFlagsResponse }) flags?: CaseFlagsResponse;
  @ApiPropertyOptional() travellerCount?: number;
  @ApiPropertyOptional() noShowCount?: number;
  @ApiPropertyOptional({ type: BookingResponse }) booking?: BookingResponse;
  @ApiProperty(INSTANT) openedAt!: string;
  @ApiProperty(INSTANT) updatedAt!: string;
  @ApiProperty(INSTANT) stageEnteredAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true, ...INSTANT }) closedAt?: string | null;
  @ApiPropertyOptional({ enum: CLOSURE_REASONS }) closureReason?: string;
  @ApiPropertyOptional() withdrawnAt?: string;
  @ApiPropertyOptional() cancelledAt?: string;
  @ApiPropertyOptional({ enum: CANCEL_REASONS }) cancellationReason?: string;
  @ApiPropertyOptional({ type: SplitFromResponse }) splitFrom?: SplitFromResponse;
  @ApiPropertyOptional({ type: [TransitIncidentResponse] }) transitIncidents?: TransitIncidentResponse[];
  @ApiPropertyOptional({ type: [ConsentResponse], description: 'Consents per purpose (caseworkers)' })
  consents?: ConsentResponse[];
  @ApiPropertyOptional({ type: [PayeeResponse], description: 'Finance' }) payees?: PayeeResponse[];
  @ApiPropertyOptional({ type: ReintegrationResponse, nullable: true }) reintegration?: ReintegrationResponse | null;
  @ApiPropertyOptional({
    type: [PossibleDuplicateResponse],
    description: 'Possible duplicates across offices, for the roles that decide them (references only)',
  })
  possibleDuplicates?: PossibleDuplicateResponse[];
  @ApiPropertyOptional({
    type: RepeatApplicantResponse,
    description: 'A repeat applicant, for the roles that decide duplicates (officer, supervisor, protection)',
  })
  repeatApplicant?: RepeatApplicantResponse;
}

/** A command open in the current stage: allowed, or its unmet requirements (per member). */
export class CommandAvailabilityResponse {
  @ApiProperty({ enum: COMMAND_TYPES, enumName: 'CaseCommandType' }) type!: string;
  @ApiProperty() allowed!: boolean;
  @ApiProperty({ type: [RequirementResponse] }) unmet!: RequirementResponse[];
}

/** The answer to a registration or a command: the case view and the commands open to you now. */
export class CaseWithCommandsResponse extends CaseResponse {
  @ApiProperty({ type: [CommandAvailabilityResponse] }) availableCommands!: CommandAvailabilityResponse[];
}

export class RequirementsResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: STAGES, enumName: 'Stage' }) stage!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [CommandAvailabilityResponse] }) commands!: CommandAvailabilityResponse[];
}

// ---------------------------------------------------------------- history and read log

export class HistoryEventResponse {
  @ApiProperty({ example: 'CounsellingSessionRecorded', description: 'The event type' }) type!: string;
  @ApiPropertyOptional() effectiveAt?: string;
  @ApiPropertyOptional() recordedAt?: string;
}

export class HistoryEntryResponse {
  @ApiProperty() version!: number;
  @ApiProperty() commandId!: string;
  @ApiProperty({ example: 'RecordCounsellingSession' }) commandType!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ enum: ROLES }) actorRole!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      "The staff user's display name (null: not a user, e.g. the engine); absent for roles whose screens show no names (operations)",
  })
  actorName?: string | null;
  @ApiProperty(INSTANT) effectiveAt!: string;
  @ApiProperty(INSTANT) recordedAt!: string;
  @ApiProperty({ enum: STAGES }) fromStage!: string;
  @ApiProperty({ enum: STAGES }) toStage!: string;
  @ApiProperty({
    type: [HistoryEventResponse],
    description: 'Each event with the detail your role may see; the others bare (type and times)',
  })
  events!: HistoryEventResponse[];
}

export class OperationsInterventionResponse {
  @ApiProperty({ enum: ['RETRY', 'RESET', 'CANCEL_REMINDER', 'TERMINATE'] }) action!: string;
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'DONE' }) outcome!: string;
  @ApiProperty() recordedAt!: string;
}

export class HistoryResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: [HistoryEntryResponse] }) entries!: HistoryEntryResponse[];
  @ApiProperty({ type: [OperationsInterventionResponse] }) operations!: OperationsInterventionResponse[];
  @ApiProperty({
    type: [AssignmentEntryResponse],
    description: "Changes of the case's assigned officer or counterpart",
  })
  assignments!: AssignmentEntryResponse[];
}

export class SpecialCategoryReadResponse {
  @ApiProperty() userId!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ example: 'GET /cases/:id' }) via!: string;
  @ApiProperty({ type: [String] }) categories!: string[];
  @ApiProperty() readAt!: string;
}

export class SpecialCategoryReadsResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: [SpecialCategoryReadResponse] }) reads!: SpecialCategoryReadResponse[];
}
