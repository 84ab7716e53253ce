/**
 * Payload classes of the case commands: one per member of the domain's `CaseCommand` union, named `<Type>Payload`,
 * holding the command's fields except `type` (validated with whitelist + forbidNonWhitelisted).
 *
 * Fields of the domain commands the API fills itself, so they are NOT in the payloads:
 * - SplitCase.newCaseId, SplitCase.newReference: the server generates the new case's id and reference.
 * - RecordArrival.receivingCalendar: the receiving office's time zone, weekend and holidays (office settings).
 * - RecordDuplicateDecision.candidateReference, candidateAssisted: read from the candidate case (possible duplicates).
 * No other command field is server-filled. Around the payloads, the envelope (`CommandMeta`: commandId, actor,
 * expectedVersion, effectiveAt) comes from the Idempotency-Key header, the signed-in user and CaseCommandRequest.
 * Kept though the rules ignore it: Approve.supervisorApproval (informational; a supervisor's approval counts as one).
 * Never in a payload: AlreadyValidDocument.number (typed `never`: document numbers stay in PostgreSQL; `documentRef`).
 */
import type {
  AlreadyValidDocument,
  CaseCommandType,
  CommandOf,
  ConsentInput,
  ExchangeRateInput,
  ExitFine,
  MilestoneInput,
  Money,
  PlanActivityInput,
  ReferralNote,
  SupervisorOverride,
  TrancheInput,
  VulnerabilityFinding,
} from '@avrr/domain';
import {
  AcknowledgeHandoverPayload,
  ChangeBookingPayload,
  ConfirmBookingPayload,
  RecordArrivalPayload,
  RecordDeparturePayload,
  RecordNoShowPayload,
  RecordNoShowReviewPayload,
  RecordPreEmbarkationCheckPayload,
  RecordTicketIssuedPayload,
  RecordTransitPayload,
  RecordTransitIncidentPayload,
  RecordTurnBackPayload,
} from './movement.payloads';
import { RecordPartnerNotificationPayload, RecordTicketCancellationPayload } from './task.payloads';
import { RecordConsentPayload, WithdrawConsentPayload } from './consent.payloads';
import {
  CancelPayload,
  LiftHoldPayload,
  PlaceHoldPayload,
  RecordDeathPayload,
  ReopenPayload,
  SplitCasePayload,
  WithdrawPayload,
} from './case-control.payloads';
import {
  AlreadyValidDocumentPayload,
  ExitFinePayload,
  MarkReadyForBookingPayload,
  RecordDocumentIssuedPayload,
  RecordDocumentRefusedPayload,
  RecordDocumentsAlreadyValidPayload,
  RecordExitAuthorizationPayload,
  RequestExitAuthorizationPayload,
  RequestTravelDocumentPayload,
} from './documentation.payloads';
import {
  ApprovePayload,
  ConsentPayload,
  RecordAssessmentResultPayload,
  RecordCounsellingSessionPayload,
  RecordDataConsentPayload,
  RecordEligibilityPayload,
  RecordRapidVulnerabilityScreeningPayload,
  RegisterPayload,
  SignVoluntaryReturnDeclarationPayload,
  StartScreeningPayload,
  VulnerabilityFindingPayload,
} from './intake.payloads';
import { MoneyPayload } from './money.payload';
import { RecordDuplicateDecisionPayload, RecordRepeatApplicantExceptionPayload } from './duplicates.payloads';
import {
  ApprovePlanAmendmentPayload,
  DraftPlanAmendmentPayload,
  RecordNationalityPayload,
  RecordProtectionFindingPayload,
  RejectPlanAmendmentPayload,
} from './domain-rules.payloads';
import { ReferralNotePayload } from './referral-note.payload';
import {
  AgreePlanPayload,
  AmendPlanPayload,
  ApproveTranchePayload,
  CancelTranchePayload,
  CloseCasePayload,
  CompleteAssistancePayload,
  CorrectClosureReasonPayload,
  ExchangeRatePayload,
  MilestoneInputPayload,
  OptOutPayload,
  PlanActivityPayload,
  RecordContactAttemptPayload,
  RecordContinuityOfCareConsentPayload,
  RecordEvidencePayload,
  RecordFollowUpPayload,
  RecordMilestonePayload,
  RecordMonitoringVisitPayload,
  RecordReferralPayload,
  RecordReintegrationAssessmentPayload,
  RecordRssPayload,
  RecordTranchePaymentPayload,
  RequestTranchePayload,
  SupervisorOverridePayload,
  TrancheInputPayload,
  UpdateReferralPayload,
} from './reintegration.payloads';

import { RecordConsulateFollowUpPayload } from './consulate.payloads';
export * from './intake.payloads';
export * from './documentation.payloads';
export * from './movement.payloads';
export * from './case-control.payloads';
export * from './money.payload';
export * from './reintegration.payloads';
export * from './consulate.payloads';
export * from './domain-rules.payloads';
export * from './referral-note.payload';
export * from './consent.payloads';
export * from './duplicates.payloads';
export { IsCalendarDate, IS_CALENDAR_DATE } from './is-calendar-date.decorator';
export { IsOptionalNotNull } from './is-optional-not-null.decorator';
export { NoFields } from './no-fields.decorator';

/** Domain command fields the server fills (see above). */
interface ServerFilled {
  SplitCase: 'newCaseId' | 'newReference';
  RecordArrival: 'receivingCalendar';
  ConfirmBooking: 'receivingOffice';
  ChangeBooking: 'receivingOffice';
  RecordDuplicateDecision: 'candidateReference' | 'candidateAssisted';
  RecordRss: 'weights';
}
type ServerFilledOf<T extends CaseCommandType> = T extends keyof ServerFilled ? ServerFilled[T] : never;
/** What the caller sends for a command type. */
export type PayloadOf<T extends CaseCommandType> = Omit<CommandOf<T>, 'type' | ServerFilledOf<T>>;

const PAYLOADS = {
  Register: RegisterPayload,
  RecordDataConsent: RecordDataConsentPayload,
  RecordCounsellingSession: RecordCounsellingSessionPayload,
  StartScreening: StartScreeningPayload,
  RecordEligibility: RecordEligibilityPayload,
  RecordRapidVulnerabilityScreening: RecordRapidVulnerabilityScreeningPayload,
  RecordAssessmentResult: RecordAssessmentResultPayload,
  SignVoluntaryReturnDeclaration: SignVoluntaryReturnDeclarationPayload,
  Approve: ApprovePayload,
  RequestTravelDocument: RequestTravelDocumentPayload,
  RequestExitAuthorization: RequestExitAuthorizationPayload,
  RecordDocumentsAlreadyValid: RecordDocumentsAlreadyValidPayload,
  RecordDocumentIssued: RecordDocumentIssuedPayload,
  RecordDocumentRefused: RecordDocumentRefusedPayload,
  RecordExitAuthorization: RecordExitAuthorizationPayload,
  MarkReadyForBooking: MarkReadyForBookingPayload,
  ConfirmBooking: ConfirmBookingPayload,
  ChangeBooking: ChangeBookingPayload,
  RecordTicketIssued: RecordTicketIssuedPayload,
  RecordNoShow: RecordNoShowPayload,
  RecordNoShowReview: RecordNoShowReviewPayload,
  RecordPreEmbarkationCheck: RecordPreEmbarkationCheckPayload,
  RecordDeparture: RecordDeparturePayload,
  RecordTransit: RecordTransitPayload,
  RecordTransitIncident: RecordTransitIncidentPayload,
  RecordTurnBack: RecordTurnBackPayload,
  RecordArrival: RecordArrivalPayload,
  AcknowledgeHandover: AcknowledgeHandoverPayload,
  PlaceHold: PlaceHoldPayload,
  LiftHold: LiftHoldPayload,
  Withdraw: WithdrawPayload,
  Cancel: CancelPayload,
  Reopen: ReopenPayload,
  SplitCase: SplitCasePayload,
  RecordDeath: RecordDeathPayload,
  RecordTicketCancellation: RecordTicketCancellationPayload,
  RecordPartnerNotification: RecordPartnerNotificationPayload,
  RecordConsulateFollowUp: RecordConsulateFollowUpPayload,
  RecordConsent: RecordConsentPayload,
  WithdrawConsent: WithdrawConsentPayload,
  RecordDuplicateDecision: RecordDuplicateDecisionPayload,
  RecordRepeatApplicantException: RecordRepeatApplicantExceptionPayload,
  RecordContinuityOfCareConsent: RecordContinuityOfCareConsentPayload,
  RecordReintegrationAssessment: RecordReintegrationAssessmentPayload,
  AgreePlan: AgreePlanPayload,
  AmendPlan: AmendPlanPayload,
  RecordMilestone: RecordMilestonePayload,
  RecordEvidence: RecordEvidencePayload,
  RequestTranche: RequestTranchePayload,
  ApproveTranche: ApproveTranchePayload,
  RecordTranchePayment: RecordTranchePaymentPayload,
  CancelTranche: CancelTranchePayload,
  CompleteAssistance: CompleteAssistancePayload,
  RecordMonitoringVisit: RecordMonitoringVisitPayload,
  RecordReferral: RecordReferralPayload,
  UpdateReferral: UpdateReferralPayload,
  RecordContactAttempt: RecordContactAttemptPayload,
  RecordRss: RecordRssPayload,
  RecordFollowUp: RecordFollowUpPayload,
  OptOut: OptOutPayload,
  CloseCase: CloseCasePayload,
  CorrectClosureReason: CorrectClosureReasonPayload,
  RecordProtectionFinding: RecordProtectionFindingPayload,
  RecordNationality: RecordNationalityPayload,
  DraftPlanAmendment: DraftPlanAmendmentPayload,
  ApprovePlanAmendment: ApprovePlanAmendmentPayload,
  RejectPlanAmendment: RejectPlanAmendmentPayload,
} satisfies Record<CaseCommandType, new () => object>;

/** The payload class of each command type; a command type without one is a compile error. */
export const COMMAND_PAYLOADS: Record<CaseCommandType, new () => object> = PAYLOADS;

/** Every payload class, for `@ApiExtraModels`. */
export const COMMAND_PAYLOAD_CLASSES = Object.values(COMMAND_PAYLOADS);

// ---- Compile-time check that each class has exactly the domain's fields (names, optionality, types). ----
/** Same keys, and each assignable to the other (so the same optionality and field types). */
type Same<A, B> = [keyof A] extends [keyof B]
  ? [keyof B] extends [keyof A]
    ? [A] extends [B]
      ? [B] extends [A]
        ? true
        : false
      : false
    : false
  : false;
/**
 * Fields the API takes and keeps out of the command: a document number is hashed into PostgreSQL for duplicate
 * detection (CaseCommandsService) and never reaches the workflow.
 */
type ApiOnlyField = 'documentNumber';
type Mismatch<A, B, Name extends string> = Same<A, B> extends true ? never : Name;
// Every member is `never` while the shapes match, so the two rules below see "redundant" and "duplicate" members: that
// is the check working, not a defect.
/* eslint-disable @typescript-eslint/no-redundant-type-constituents, @typescript-eslint/no-duplicate-type-constituents */
type MismatchedPayloads =
  | {
      [K in CaseCommandType]: Mismatch<Omit<InstanceType<(typeof PAYLOADS)[K]>, ApiOnlyField>, PayloadOf<K>, K>;
    }[CaseCommandType]
  | Mismatch<ConsentPayload, ConsentInput, 'ConsentPayload'>
  | Mismatch<VulnerabilityFindingPayload, VulnerabilityFinding, 'VulnerabilityFindingPayload'>
  | Mismatch<
      Omit<AlreadyValidDocumentPayload, ApiOnlyField>,
      Omit<AlreadyValidDocument, 'number'>,
      'AlreadyValidDocumentPayload'
    >
  | Mismatch<MoneyPayload, Money, 'MoneyPayload'>
  | Mismatch<ExitFinePayload, ExitFine, 'ExitFinePayload'>
  | Mismatch<MilestoneInputPayload, MilestoneInput, 'MilestoneInputPayload'>
  | Mismatch<PlanActivityPayload, PlanActivityInput, 'PlanActivityPayload'>
  | Mismatch<TrancheInputPayload, TrancheInput, 'TrancheInputPayload'>
  | Mismatch<ExchangeRatePayload, ExchangeRateInput, 'ExchangeRatePayload'>
  | Mismatch<SupervisorOverridePayload, SupervisorOverride, 'SupervisorOverridePayload'>
  | Mismatch<ReferralNotePayload, ReferralNote, 'ReferralNotePayload'>;
/* eslint-enable @typescript-eslint/no-redundant-type-constituents, @typescript-eslint/no-duplicate-type-constituents */
/** A compile error here ("'true' is not assignable to '{ X: ... }'") names each command or class whose fields drifted. */
export const PAYLOAD_SHAPES_MATCH_DOMAIN: [MismatchedPayloads] extends [never]
  ? true
  : { [Drifted in MismatchedPayloads]: 'drifted from the domain' } = true;
