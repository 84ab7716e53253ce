/**
 * The case view returned by the workflow's update handler and query. Raw, role-agnostic: the API shapes it
 * per reader (AVRR.md §4). Flags are "needs" flags only; detail stays behind the protection circle.
 */
import type { ExitFine } from './commands';
import { ageOn, toDate } from './dates';
import { isMedical, isUasc, travellers } from './queries';
import { defaultDomainConfig, type DomainConfig } from './config';
import type { AssessmentRecord, CaseState, DocumentStatus, MemberState } from './state';
import type {
  AssessmentOutcome,
  AssessmentType,
  CancelReason,
  ClosureReason,
  HoldType,
  Relationship,
  Sex,
  Stage,
  TransitIncidentKind,
  TravelDocumentType,
} from './types';
import { reintegrationView, type ReintegrationView } from './reintegration/view';
import type { ConsentView } from './consents';
import type { RepeatApplicantExceptionReason, RepeatApplicantRule } from './duplicates';

export interface DocumentView {
  documentType: TravelDocumentType;
  status: DocumentStatus;
  authority?: string;
  documentRef?: string;
  expiresOn?: string;
  requestedAt?: string;
  decidedAt?: string;
}

export interface AssessmentView {
  assessment: AssessmentType;
  status: 'PENDING' | 'COMPLETED';
  outcome?: AssessmentOutcome;
  validUntil?: string;
  escortRequired?: boolean;
  completedAt?: string;
}

export interface MemberView {
  memberId: string;
  relationship: Relationship;
  sex: Sex;
  /** Age on the date of the last change (state.updatedAt). */
  age: number;
  ageEstimated: boolean;
  isChild: boolean;
  travelling: boolean;
  withdrawn: boolean;
  deceased: boolean;
  dataConsent: boolean;
  declarationSigned: boolean;
  documents: DocumentView[];
  exitAuthorization?: { status: 'REQUESTED' | 'GRANTED' | 'REFUSED' | 'CANCELLED'; fine?: ExitFine };
  fitToTravel?: { fit: boolean; validUntil?: string; escortRequired: boolean };
  escortRequired: boolean;
  /** Types only, never detail. */
  vulnerabilities: string[];
  assessments: AssessmentView[];
  /** As stated (declared) and as a consulate confirmed it; status CONFIRMED once confirmed. Absent until recorded. */
  nationality?: {
    status: 'DECLARED' | 'CONFIRMED';
    declared?: string;
    confirmed?: string;
    confirmedBy?: string;
    confirmedAt?: string;
  };
}

/** A movement event in transit: codes, member ids and times only. */
export interface TransitIncidentView {
  incidentId: string;
  kind: TransitIncidentKind;
  memberIds: string[];
  transitPoint: string;
  effectiveAt: string;
  recordedAt: string;
}

export interface CaseView {
  caseId: string;
  reference: string;
  stage: Stage;
  version: number;
  hostOffice: string;
  countryOfOrigin: string;
  receivingOffice?: string;
  programme?: string;
  referralSource: string;
  holds: { type: HoldType; memberId?: string; placedAt: string; reason?: string }[];
  members: MemberView[];
  /** "Needs" flags only. */
  flags: { vulnerable: boolean; uasc: boolean; medical: boolean; protection: boolean };
  travellerCount: number;
  noShowCount: number;
  booking?: {
    itineraryRef: string;
    departureDate: string;
    arrivalDate?: string;
    escortOnItinerary: boolean;
    ticketed: boolean;
    bookingHoldUntil?: string;
    travellerIds: string[];
    changeCount: number;
  };
  openedAt: string;
  updatedAt: string;
  closedAt?: string;
  closureReason?: ClosureReason;
  withdrawnAt?: string;
  cancelledAt?: string;
  cancellationReason?: CancelReason;
  stageEnteredAt: string;
  splitFrom?: { caseId: string; reference: string };
  /** Consents per purpose (RecordConsent / WithdrawConsent), every version, oldest first; absent when none. */
  consents?: ConsentView[];
  /** Incidents in transit (RecordTransitIncident), oldest first; absent when there were none. */
  transitIncidents?: TransitIncidentView[];
  /** Handover, plan, milestones, tranches, monitoring, RSS and closure, from arrival on. */
  reintegration?: ReintegrationView;
  /**
   * The person was recorded as the same as one who already departed with assistance (RecordDuplicateDecision): the
   * earlier cases' references, the configured rule, and the supervisor's exception once recorded. Absent otherwise.
   */
  repeatApplicant?: RepeatApplicantView;
}

export interface RepeatApplicantView {
  candidateReferences: string[];
  rule: RepeatApplicantRule;
  /** SUPERVISOR_EXCEPTION and no exception recorded yet: approval waits for a supervisor. */
  exceptionRequired: boolean;
  exception?: { reason: RepeatApplicantExceptionReason; recordedAt: string };
}

function repeatApplicantView(r: NonNullable<CaseState['repeatApplicant']>, config: DomainConfig): RepeatApplicantView {
  const rule = config.repeatApplicant ?? 'SUPERVISOR_EXCEPTION';
  return {
    candidateReferences: [...r.candidateReferences],
    rule,
    exceptionRequired: rule === 'SUPERVISOR_EXCEPTION' && !r.exception,
    ...(r.exception
      ? {
          exception: {
            reason: r.exception.reason as RepeatApplicantExceptionReason,
            recordedAt: r.exception.recordedAt,
          },
        }
      : {}),
  };
}

function assessmentView(a: AssessmentRecord): AssessmentView {
  return {
    assessment: a.assessment,
    status: a.status,
    ...(a.outcome ? { outcome: a.outcome } : {}),
    ...(a.validUntil ? { validUntil: a.validUntil } : {}),
    ...(a.escortRequired !== undefined ? { escortRequired: a.escortRequired } : {}),
    ...(a.completedAt ? { completedAt: a.completedAt.effectiveAt } : {}),
  };
}

function memberView(state: CaseState, m: MemberState, on: string, config: DomainConfig): MemberView {
  const age = ageOn(m.dateOfBirth, on);
  return {
    memberId: m.memberId,
    relationship: m.relationship,
    sex: m.sex,
    age,
    ageEstimated: m.dateOfBirthEstimated,
    isChild: age < config.adultAge,
    travelling: m.travelling && !m.withdrawn && !m.deceased,
    withdrawn: m.withdrawn,
    deceased: m.deceased,
    dataConsent: m.dataConsent !== null,
    declarationSigned: m.declaration !== null,
    ...(m.nationality
      ? {
          nationality: {
            status: m.nationality.confirmed ? ('CONFIRMED' as const) : ('DECLARED' as const),
            ...(m.nationality.declared ? { declared: m.nationality.declared } : {}),
            ...(m.nationality.confirmed ? { confirmed: m.nationality.confirmed } : {}),
            ...(m.nationality.confirmedBy ? { confirmedBy: m.nationality.confirmedBy } : {}),
            ...(m.nationality.confirmedAt ? { confirmedAt: m.nationality.confirmedAt } : {}),
          },
        }
      : {}),
    documents: m.documents.map((d) => ({
      documentType: d.documentType,
      status: d.status,
      ...(d.authority ? { authority: d.authority } : {}),
      ...(d.documentRef ? { documentRef: d.documentRef } : {}),
      ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
      ...(d.requestedAt ? { requestedAt: d.requestedAt } : {}),
      ...(d.decidedAt ? { decidedAt: d.decidedAt } : {}),
    })),
    ...(m.exitAuthorization
      ? {
          exitAuthorization: {
            status: m.exitAuthorization.status,
            ...(m.exitAuthorization.fine ? { fine: m.exitAuthorization.fine } : {}),
          },
        }
      : {}),
    ...(m.fitToTravel
      ? {
          fitToTravel: {
            fit: m.fitToTravel.fit,
            ...(m.fitToTravel.validUntil ? { validUntil: m.fitToTravel.validUntil } : {}),
            escortRequired: m.fitToTravel.escortRequired,
          },
        }
      : {}),
    escortRequired: m.escortRequired || (m.travelling && !m.withdrawn && !m.deceased && isUasc(state, m, on, config)),
    vulnerabilities: [...m.vulnerabilities],
    assessments: m.assessments.map(assessmentView),
  };
}

/** The view of a case; ages are computed on the date of the last change (state.updatedAt). */
export function toView(state: CaseState, config: DomainConfig = defaultDomainConfig): CaseView {
  const on = toDate(state.updatedAt || state.openedAt);
  const ts = travellers(state);
  const flags = {
    vulnerable: ts.some((m) => m.vulnerabilities.length > 0 || m.unaccompanied),
    uasc: ts.some((m) => isUasc(state, m, on, config) || m.vulnerabilities.includes('UASC')),
    medical: ts.some(isMedical),
    protection:
      ts.some((m) => m.vulnerabilities.includes('VOT') || m.assessments.some((a) => a.assessment === 'VOT_RISK')) ||
      state.holds.some((h) => h.type === 'PROTECTION_RISK'),
  };
  const b = state.booking;
  return {
    caseId: state.caseId,
    reference: state.reference,
    stage: state.stage,
    version: state.version,
    hostOffice: state.hostOffice,
    countryOfOrigin: state.countryOfOrigin,
    ...(state.receivingOffice ? { receivingOffice: state.receivingOffice } : {}),
    ...(state.programme ? { programme: state.programme } : {}),
    referralSource: state.referralSource,
    holds: state.holds.map((h) => ({
      type: h.type,
      ...(h.memberId ? { memberId: h.memberId } : {}),
      placedAt: h.placedAt,
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    members: state.members.map((m) => memberView(state, m, on, config)),
    flags,
    travellerCount: ts.length,
    noShowCount: state.noShowCount,
    ...(b
      ? {
          booking: {
            itineraryRef: b.itineraryRef,
            departureDate: b.departureDate,
            ...(b.arrivalDate ? { arrivalDate: b.arrivalDate } : {}),
            escortOnItinerary: b.escortOnItinerary,
            ticketed: b.ticketed,
            ...(b.bookingHoldUntil ? { bookingHoldUntil: b.bookingHoldUntil } : {}),
            travellerIds: [...b.travellerIds],
            changeCount: b.changeCount,
          },
        }
      : {}),
    openedAt: state.openedAt,
    updatedAt: state.updatedAt,
    ...(state.closedAt ? { closedAt: state.closedAt } : {}),
    ...(state.closureReason ? { closureReason: state.closureReason } : {}),
    ...(state.withdrawal ? { withdrawnAt: state.withdrawal.effectiveAt } : {}),
    ...(state.cancellation
      ? { cancelledAt: state.cancellation.effectiveAt, cancellationReason: state.cancellation.reasonCode }
      : {}),
    stageEnteredAt: state.stageEnteredAt,
    ...(state.splitFrom ? { splitFrom: state.splitFrom } : {}),
    ...(state.transitIncidents?.length
      ? { transitIncidents: state.transitIncidents.map((i) => ({ ...i, memberIds: [...i.memberIds] })) }
      : {}),
    ...(state.consents?.length ? { consents: state.consents.map((c) => ({ ...c })) } : {}),
    ...(() => {
      const reintegration = reintegrationView(state, config);
      return reintegration ? { reintegration } : {};
    })(),
    ...(state.repeatApplicant ? { repeatApplicant: repeatApplicantView(state.repeatApplicant, config) } : {}),
  };
}
