/**
 * evolve(state, event) → state. Pure: works on a copy, never throws on a valid event (unknown members are
 * ignored), and does not bump the version (applyAccepted does).
 */
import { defaultDomainConfig, type DomainConfig } from './config';
import { ageOn } from './dates';
import { isEnded } from './stages';
import type { BookingEndReason, CaseEvent, InFlightCancelled } from './events';
import {
  blankState,
  openedEvent,
  unaccompaniedAtOpening,
  type AssessmentRecord,
  type CaseState,
  type DocumentRecord,
  type MemberState,
} from './state';
import type { AssessmentType, CaseOpened } from './types';
import { cancelOpenTranchesOnClosure, evolveReintegration, isReintegrationEvent } from './reintegration-evolve';
import { failedAttemptsSinceContact } from './reintegration-model';

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function member(s: CaseState, memberId: string): MemberState | undefined {
  return s.members.find((m) => m.memberId === memberId);
}

function latest(m: MemberState, type: AssessmentType): AssessmentRecord | undefined {
  for (let i = m.assessments.length - 1; i >= 0; i--) {
    const a = m.assessments[i];
    if (a && a.assessment === type) return a;
  }
  return undefined;
}

function cancelInFlight(s: CaseState, e: InFlightCancelled, at: string, outcome: BookingEndReason): void {
  for (const c of e.cancelledDocumentRequests) {
    const m = member(s, c.memberId);
    for (const d of m?.documents ?? []) {
      if (d.status === 'REQUESTED' && d.documentType === c.documentType) {
        d.status = 'CANCELLED';
        d.decidedAt = at;
      }
    }
  }
  for (const c of e.cancelledExitAuthorizationRequests) {
    const m = member(s, c.memberId);
    if (m?.exitAuthorization?.status === 'REQUESTED') {
      m.exitAuthorization.status = 'CANCELLED';
      m.exitAuthorization.decidedAt = at;
    }
  }
  if (e.cancelledBooking && s.booking) {
    s.bookingHistory.push({
      itineraryRef: s.booking.itineraryRef,
      departureDate: s.booking.departureDate,
      outcome,
      at,
    });
    s.booking = undefined;
  }
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const s = copy(state);
  const at = event.effectiveAt;
  if (isReintegrationEvent(event)) return evolveReintegration(s, event);
  switch (event.type) {
    case 'CaseOpened': {
      s.caseId = event.caseId;
      s.reference = event.reference;
      s.hostOffice = event.hostOffice;
      s.countryOfOrigin = event.countryOfOrigin;
      s.receivingOffice = event.receivingOffice;
      s.referralSource = event.referralSource;
      s.programme = event.programme;
      s.splitFrom = event.splitFrom;
      s.stage = event.stage;
      s.stageEnteredAt = at;
      s.openedAt = event.openedAt;
      s.updatedAt = event.recordedAt;
      s.members = event.members.map((f) => {
        // Who signed at intake is not in the input: a member under the default age of majority had a guardian sign.
        const childOfCase = ageOn(f.dateOfBirth, event.openedAt) < defaultDomainConfig.adultAge;
        return {
          memberId: f.memberId,
          relationship: f.relationship,
          sex: f.sex,
          dateOfBirth: f.dateOfBirth,
          dateOfBirthEstimated: f.dateOfBirthEstimated,
          guardianMemberIds: [...f.guardianMemberIds],
          unaccompanied: !!f.unaccompanied,
          travelling: true,
          withdrawn: false,
          deceased: false,
          // The opening cannot tell who signed; a member listed as a child gets a guardian's consent.
          dataConsent: f.dataConsent
            ? {
                signatory: childOfCase ? 'GUARDIAN' : 'SELF',
                source: 'OPENING',
                effectiveAt: at,
                recordedAt: event.recordedAt,
              }
            : null,
          declaration: null,
          voidedDeclarations: 0,
          vulnerabilities: f.unaccompanied ? ['UASC'] : [],
          assessments: [],
          documents: [],
          exitAuthorization: null,
          fitToTravel: null,
          preEmbarkation: null,
          escortRequired: false,
        };
      });
      if (event.stage === 'REGISTERED') {
        s.registration = { duplicateCheckDone: true, effectiveAt: at, recordedAt: event.recordedAt };
      }
      if (event.stage === 'ARRIVED') {
        s.arrival = {
          receptionRecorded: true,
          uascHandoverSigned: false,
          receivingOffice: event.receivingOffice ?? '',
          effectiveAt: event.arrivedAt ?? at,
        };
      }
      return s;
    }
    case 'StageChanged': {
      if (isEnded(event.to) && !isEnded(event.from)) {
        s.previousStage = event.from;
      }
      s.stage = event.to;
      s.stageEnteredAt = at;
      if (event.to === 'CLOSED') s.closedAt = at;
      return s;
    }
    case 'CaseRegistered':
    case 'DataConsentRecorded': {
      for (const c of event.consents) {
        const m = member(s, c.memberId);
        if (!m) continue;
        m.dataConsent = {
          signatory: c.signatory,
          formVersion: c.formVersion,
          language: c.language,
          source: 'COMMAND',
          effectiveAt: at,
          recordedAt: event.recordedAt,
        };
      }
      if (event.type === 'CaseRegistered') {
        s.registration = {
          duplicateCheckDone: event.duplicateCheckDone,
          effectiveAt: at,
          recordedAt: event.recordedAt,
        };
      }
      return s;
    }
    case 'CounsellingSessionRecorded': {
      s.counsellingSessions.push({
        language: event.language,
        interpreterUsed: event.interpreterUsed,
        mode: event.mode,
        topics: [...event.topics],
        effectiveAt: at,
        recordedAt: event.recordedAt,
      });
      s.counsellingSinceReopen += 1;
      s.counsellingSinceNoShow += 1;
      return s;
    }
    case 'ScreeningStarted':
      return s;
    case 'EligibilityRecorded': {
      s.eligibility = { eligible: event.eligible, ruleId: event.ruleId, reasonCode: event.reasonCode, effectiveAt: at };
      return s;
    }
    case 'RapidVulnerabilityScreeningRecorded': {
      for (const f of event.findings) {
        const m = member(s, f.memberId);
        if (!m) continue;
        for (const v of f.vulnerabilities) if (!m.vulnerabilities.includes(v)) m.vulnerabilities.push(v);
      }
      s.vulnerabilityScreening = { effectiveAt: at, recordedAt: event.recordedAt };
      return s;
    }
    case 'AssessmentRequired': {
      const m = member(s, event.memberId);
      if (!m) return s;
      const prev = latest(m, event.assessment);
      if (prev && event.trigger === 'EXPIRED') {
        if (prev.outcome)
          prev.previousOutcomes.push({
            outcome: prev.outcome,
            validUntil: prev.validUntil,
            effectiveAt: prev.completedAt?.effectiveAt ?? at,
          });
        prev.status = 'PENDING';
        prev.trigger = 'EXPIRED';
        prev.requiredAt = at;
        prev.outcome = undefined;
        prev.validUntil = undefined;
        prev.completedAt = undefined;
        return s;
      }
      if (prev) return s;
      m.assessments.push({
        assessment: event.assessment,
        status: 'PENDING',
        trigger: event.trigger,
        requiredAt: at,
        previousOutcomes: [],
      });
      return s;
    }
    case 'AssessmentResultRecorded': {
      const m = member(s, event.memberId);
      if (!m) return s;
      let a = latest(m, event.assessment);
      if (!a) {
        a = { assessment: event.assessment, status: 'PENDING', trigger: 'DIRECT', previousOutcomes: [] };
        m.assessments.push(a);
      } else if (a.status === 'COMPLETED' && a.outcome) {
        a.previousOutcomes.push({
          outcome: a.outcome,
          validUntil: a.validUntil,
          effectiveAt: a.completedAt?.effectiveAt ?? at,
        });
      }
      a.status = 'COMPLETED';
      a.outcome = event.outcome;
      a.validUntil = event.validUntil;
      a.escortRequired = event.escortRequired;
      a.mitigation = event.mitigation;
      a.completedAt = { effectiveAt: at, recordedAt: event.recordedAt };
      // The latest result of each assessment decides: a reassessment without an escort lifts the need that an
      // earlier result of the same assessment created (another assessment's escort need stays).
      m.escortRequired = m.assessments.some((x) => x.escortRequired === true);
      if (event.assessment === 'MEDICAL') {
        m.fitToTravel = {
          fit: event.outcome !== 'UNFIT',
          validUntil: event.validUntil,
          escortRequired: event.escortRequired,
          effectiveAt: at,
          recordedAt: event.recordedAt,
        };
        if (!m.vulnerabilities.includes('MEDICAL')) m.vulnerabilities.push('MEDICAL');
      }
      return s;
    }
    case 'HoldPlaced': {
      if (!s.holds.some((h) => h.type === event.hold && h.memberId === event.memberId)) {
        s.holds.push({
          type: event.hold,
          memberId: event.memberId,
          reason: event.reason,
          placedBy: event.placedBy,
          placedAt: at,
          recordedAt: event.recordedAt,
        });
      }
      if (event.hold === 'CONTACT_LOST' && event.reason === 'CONTACT_RULE_MET' && s.reintegration) {
        const first = failedAttemptsSinceContact(s.reintegration)[0];
        if (first) s.reintegration = { ...s.reintegration, contactRuleHoldFor: first.effectiveAt };
      }
      return s;
    }
    case 'HoldLifted': {
      s.holds = s.holds.filter((h) => !(h.type === event.hold && h.memberId === event.memberId));
      return s;
    }
    case 'VoluntaryReturnDeclarationSigned': {
      const m = member(s, event.memberId);
      if (!m) return s;
      m.declaration = {
        signatory: event.signatory,
        guardianMemberId: event.guardianMemberId,
        representativeRef: event.representativeRef,
        formVersion: event.formVersion,
        language: event.language,
        childViewsRecorded: event.childViewsRecorded,
        childCoSigned: event.childCoSigned,
        unhcrNotificationConsent: event.unhcrNotificationConsent,
        effectiveAt: at,
        recordedAt: event.recordedAt,
      };
      return s;
    }
    case 'CaseApproved': {
      s.approval = { supervisorApproval: event.supervisorApproval, approvedBy: event.approvedBy, effectiveAt: at };
      return s;
    }
    case 'TravelDocumentRequested': {
      const m = member(s, event.memberId);
      m?.documents.push({
        documentType: event.documentType,
        status: 'REQUESTED',
        authority: event.authority,
        transferConsentRef: event.transferConsentRef,
        requestedAt: at,
        recordedAt: event.recordedAt,
      });
      return s;
    }
    case 'ExitAuthorizationRequested': {
      const m = member(s, event.memberId);
      if (m) m.exitAuthorization = { status: 'REQUESTED', authority: event.authority, requestedAt: at };
      return s;
    }
    case 'DocumentsAlreadyValidRecorded': {
      for (const d of event.documents) {
        const m = member(s, d.memberId);
        m?.documents.push({
          documentType: d.documentType,
          status: 'ON_RECORD',
          documentRef: d.documentRef,
          expiresOn: d.expiresOn,
          decidedAt: at,
          recordedAt: event.recordedAt,
        });
      }
      return s;
    }
    case 'TravelDocumentIssued': {
      const m = member(s, event.memberId);
      if (!m) return s;
      const request = m.documents.find((d) => d.status === 'REQUESTED' && d.documentType === event.documentType);
      const doc: DocumentRecord = request ?? {
        documentType: event.documentType,
        status: 'ISSUED',
        recordedAt: event.recordedAt,
      };
      doc.status = 'ISSUED';
      doc.documentRef = event.documentRef;
      doc.expiresOn = event.expiresOn;
      doc.decidedAt = at;
      doc.recordedAt = event.recordedAt;
      if (!request) m.documents.push(doc);
      return s;
    }
    case 'TravelDocumentRefused': {
      const m = member(s, event.memberId);
      if (!m) return s;
      const request = m.documents.find((d) => d.status === 'REQUESTED' && d.documentType === event.documentType);
      const doc: DocumentRecord = request ?? {
        documentType: event.documentType,
        status: 'REFUSED',
        recordedAt: event.recordedAt,
      };
      doc.status = 'REFUSED';
      doc.reasonCode = event.reasonCode;
      doc.decidedAt = at;
      if (!request) m.documents.push(doc);
      return s;
    }
    case 'ExitAuthorizationRecorded': {
      const m = member(s, event.memberId);
      if (!m) return s;
      m.exitAuthorization = {
        ...(m.exitAuthorization ?? {}),
        status: event.granted ? 'GRANTED' : 'REFUSED',
        fine: event.fine,
        decidedAt: at,
      };
      return s;
    }
    case 'DocumentRenewalRequired': {
      const m = member(s, event.memberId);
      if (!m) return s;
      for (const d of m.documents) {
        if (
          (d.status === 'ISSUED' || d.status === 'ON_RECORD') &&
          d.documentType === event.documentType &&
          (event.expiresOn === undefined || d.expiresOn === event.expiresOn)
        ) {
          d.status = event.reason === 'EXPIRED' ? 'EXPIRED' : 'RENEWAL_REQUIRED';
          d.renewalReason = event.reason;
        }
      }
      return s;
    }
    case 'ReadyForBookingMarked': {
      s.readyForBooking = {
        receptionConfirmed: event.receptionConfirmed,
        escortArranged: event.escortArranged,
        effectiveAt: at,
      };
      return s;
    }
    case 'BookingConfirmed':
    case 'BookingChanged': {
      const changeCount = event.type === 'BookingChanged' ? (s.booking?.changeCount ?? 0) + 1 : 0;
      if (event.type === 'BookingChanged' && s.booking) {
        s.bookingHistory.push({
          itineraryRef: s.booking.itineraryRef,
          departureDate: s.booking.departureDate,
          outcome: 'CHANGED',
          at,
        });
      }
      if (event.receivingOffice) s.receivingOffice = event.receivingOffice;
      s.booking = {
        status: 'CONFIRMED',
        itineraryRef: event.itineraryRef,
        departureDate: event.departureDate,
        arrivalDate: event.arrivalDate,
        escortOnItinerary: event.escortOnItinerary,
        fundsAvailable: event.fundsAvailable,
        ticketed: event.ticketed,
        bookingHoldUntil: event.bookingHoldUntil,
        travellerIds: [...event.travellerIds],
        confirmedAt: at,
        changeCount,
      };
      return s;
    }
    case 'BookingCancelled': {
      if (s.booking) {
        s.bookingHistory.push({
          itineraryRef: s.booking.itineraryRef,
          departureDate: s.booking.departureDate,
          outcome: event.reason,
          at,
        });
        s.booking = undefined;
      }
      return s;
    }
    case 'BookingTicketed': {
      if (s.booking) {
        s.booking.ticketed = true;
        s.booking.bookingHoldUntil = undefined;
      }
      return s;
    }
    case 'NoShowRecorded': {
      s.noShowCount = event.noShowCount;
      s.lastNoShowAt = at;
      s.counsellingSinceNoShow = 0;
      s.noShowReview = undefined;
      return s;
    }
    case 'NoShowReviewRecorded': {
      s.noShowReview = { approved: event.approved, noShowCount: event.noShowCount, effectiveAt: at };
      return s;
    }
    case 'PreEmbarkationCheckRecorded': {
      const m = member(s, event.memberId);
      if (!m) return s;
      m.preEmbarkation = {
        fit: event.fit,
        itineraryRef: event.itineraryRef,
        effectiveAt: at,
        recordedAt: event.recordedAt,
      };
      if (!event.fit && m.fitToTravel) m.fitToTravel.fit = false;
      if (!event.fit && !m.fitToTravel)
        m.fitToTravel = { fit: false, escortRequired: m.escortRequired, effectiveAt: at, recordedAt: event.recordedAt };
      return s;
    }
    case 'DepartureRecorded': {
      s.departure = {
        itineraryRef: event.itineraryRef,
        travellerIds: [...event.travellerIds],
        voluntarinessReconfirmed: event.voluntarinessReconfirmed,
        pocketMoney: { ...event.pocketMoney },
        effectiveAt: at,
      };
      if (s.booking) {
        s.bookingHistory.push({
          itineraryRef: s.booking.itineraryRef,
          departureDate: s.booking.departureDate,
          outcome: 'DEPARTED',
          at,
        });
      }
      return s;
    }
    case 'TransitRecorded': {
      s.transits.push({ location: event.location, effectiveAt: at });
      return s;
    }
    case 'TransitIncidentRecorded': {
      s.transitIncidents = [
        ...(s.transitIncidents ?? []),
        {
          incidentId: event.incidentId,
          kind: event.kind,
          memberIds: [...event.memberIds],
          transitPoint: event.transitPoint,
          effectiveAt: at,
          recordedAt: event.recordedAt,
        },
      ];
      return s;
    }
    case 'TurnBackRecorded': {
      s.turnBacks.push({ reason: event.reason, documentsStillValid: event.documentsStillValid, effectiveAt: at });
      s.departure = undefined;
      s.booking = undefined;
      for (const m of s.members) m.preEmbarkation = null;
      return s;
    }
    case 'ArrivalRecorded': {
      s.arrival = {
        receptionRecorded: event.receptionRecorded,
        uascHandoverSigned: event.uascHandoverSigned,
        receivingOffice: event.receivingOffice,
        effectiveAt: at,
        ...(event.handoverDueOn ? { handoverDueOn: event.handoverDueOn } : {}),
        ...(event.handoverOverdueAt ? { handoverOverdueAt: event.handoverOverdueAt } : {}),
      };
      s.receivingOffice = event.receivingOffice;
      s.booking = undefined;
      return s;
    }
    case 'HandoverAcknowledged': {
      s.handover = { receivingOffice: event.receivingOffice, effectiveAt: at };
      return s;
    }
    case 'CaseWithdrawn': {
      cancelInFlight(s, event, at, 'WITHDRAWN');
      s.withdrawal = { effectiveAt: at, reasonCode: event.reasonCode, fromStage: event.fromStage };
      return s;
    }
    case 'MembersWithdrawn': {
      cancelInFlight(s, event, at, 'MEMBER_WITHDRAWN');
      for (const id of event.memberIds) {
        const m = member(s, id);
        if (!m) continue;
        m.withdrawn = true;
        m.travelling = false;
        m.withdrawnAt = at;
      }
      return s;
    }
    case 'CaseCancelled': {
      cancelInFlight(s, event, at, 'CANCELLED');
      s.cancellation = {
        effectiveAt: at,
        reasonCode: event.reasonCode,
        fromStage: event.fromStage,
        ...(event.referralNote ? { referralNote: { ...event.referralNote } } : {}),
      };
      return s;
    }
    case 'CaseReopened': {
      for (const id of event.voidedDeclarations) {
        const m = member(s, id);
        if (m && m.declaration) {
          m.declaration = null;
          m.voidedDeclarations += 1;
        }
      }
      s.reopenCount += 1;
      s.counsellingSinceReopen = 0;
      s.eligibility = undefined;
      s.approval = undefined;
      s.readyForBooking = undefined;
      s.withdrawal = undefined;
      s.cancellation = undefined;
      for (const m of s.members) m.preEmbarkation = null;
      return s;
    }
    case 'CaseSplit': {
      const moved = new Set(event.memberIds);
      s.members = s.members.filter((m) => !moved.has(m.memberId));
      s.holds = s.holds.filter((h) => h.memberId === undefined || !moved.has(h.memberId));
      for (const m of s.members) m.guardianMemberIds = m.guardianMemberIds.filter((g) => !moved.has(g));
      if (event.newPrincipalMemberId) {
        const pa = member(s, event.newPrincipalMemberId);
        if (pa) pa.relationship = 'PA';
      }
      if (s.booking) s.booking.travellerIds = s.booking.travellerIds.filter((id) => !moved.has(id));
      s.splits.push({ newCaseId: event.newCaseId, memberIds: [...event.memberIds], effectiveAt: at });
      return s;
    }
    case 'TicketCancellationRecorded':
      s.ticketCancellations = [...(s.ticketCancellations ?? []), { itineraryRef: event.itineraryRef, effectiveAt: at }];
      return s;
    case 'PartnerNotificationRecorded':
      s.unhcrNotification = { itineraryRef: event.itineraryRef, effectiveAt: at };
      return s;
    case 'ConsulateFollowUpRecorded': {
      // History only: the request date (the SLA's start) and the stage entry stay as they are.
      const d = member(s, event.memberId)?.documents.find(
        (x) => x.documentType === event.documentType && x.status === 'REQUESTED',
      );
      if (d) d.lastFollowUpAt = at;
      return s;
    }
    case 'ProtectionFindingRecorded': {
      const m = member(s, event.memberId);
      if (m && !m.vulnerabilities.includes(event.finding)) m.vulnerabilities.push(event.finding);
      return s;
    }
    case 'NationalityRecorded': {
      const m = member(s, event.memberId);
      if (!m) return s;
      const n = { ...(m.nationality ?? {}) };
      if (event.status === 'DECLARED') {
        n.declared = event.nationality;
        n.declaredAt = at;
      } else {
        n.confirmed = event.nationality;
        n.confirmedBy = event.authority;
        n.confirmedAt = at;
      }
      m.nationality = n;
      return s;
    }
    case 'DuplicateDecisionRecorded': {
      const others = (s.duplicateDecisions ?? []).filter((d) => d.candidateCaseId !== event.candidateCaseId);
      s.duplicateDecisions = [
        ...others,
        {
          candidateCaseId: event.candidateCaseId,
          candidateReference: event.candidateReference,
          decision: event.decision,
        },
      ];
      const refs = new Set(s.repeatApplicant?.candidateReferences ?? []);
      if (event.repeatApplicant) refs.add(event.candidateReference);
      else refs.delete(event.candidateReference);
      s.repeatApplicant = refs.size ? { ...s.repeatApplicant, candidateReferences: [...refs] } : undefined;
      if (!s.repeatApplicant) delete s.repeatApplicant;
      return s;
    }
    case 'RepeatApplicantExceptionRecorded': {
      if (s.repeatApplicant)
        s.repeatApplicant = {
          ...s.repeatApplicant,
          exception: { reason: event.reason, byUserId: event.byUserId, recordedAt: event.recordedAt },
        };
      return s;
    }
    case 'MemberDied': {
      const m = member(s, event.memberId);
      if (m) {
        m.deceased = true;
        m.deceasedAt = at;
        m.travelling = false;
      }
      s.holds = s.holds.filter((h) => h.memberId !== event.memberId);
      return s;
    }
    case 'ConsentRecorded': {
      const { type: _t, effectiveAt: _e, recordedAt, ...c } = event;
      s.consents = [...(s.consents ?? []), { ...c, status: 'GIVEN', givenAt: at, recordedAt }];
      const m = member(s, event.memberId);
      // A data-processing consent under this command is the member's data consent for the rules that ask for it.
      if (m && event.purpose === 'DATA_PROCESSING')
        m.dataConsent = {
          signatory: event.thumbprint ? 'THUMBPRINT' : event.signatory,
          formVersion: event.formVersion,
          language: event.language,
          source: 'COMMAND',
          effectiveAt: at,
          recordedAt,
        };
      return s;
    }
    case 'ConsentWithdrawn': {
      const rec = (s.consents ?? []).find((c) => c.consentRef === event.consentRef);
      if (rec) {
        rec.status = 'WITHDRAWN';
        rec.withdrawnAt = at;
        if (event.reasonCode) rec.withdrawalReason = event.reasonCode;
      } else {
        // A consent given before purposes were recorded (the data consent of registration): its withdrawal on record.
        s.consents = [
          ...(s.consents ?? []),
          {
            consentRef: event.consentRef,
            memberId: event.memberId,
            purpose: event.purpose,
            formVersion: member(s, event.memberId)?.dataConsent?.formVersion ?? 'LEGACY',
            language: member(s, event.memberId)?.dataConsent?.language ?? 'und',
            interpreterUsed: false,
            signatory: member(s, event.memberId)?.dataConsent?.signatory === 'GUARDIAN' ? 'GUARDIAN' : 'SELF',
            thumbprint: member(s, event.memberId)?.dataConsent?.signatory === 'THUMBPRINT',
            capacityConcern: false,
            status: 'WITHDRAWN',
            givenAt: member(s, event.memberId)?.dataConsent?.effectiveAt ?? at,
            recordedAt: event.recordedAt,
            withdrawnAt: at,
            ...(event.reasonCode ? { withdrawalReason: event.reasonCode } : {}),
          },
        ];
      }
      const m = member(s, event.memberId);
      if (m && event.purpose === 'DATA_PROCESSING') m.dataConsent = null;
      if (event.purpose === 'UNHCR_NOTIFICATION' && m?.declaration) m.declaration.unhcrNotificationConsent = false;
      return s;
    }
    case 'CaseClosed': {
      s.closureReason = event.reason;
      s.closedAt = at;
      cancelOpenTranchesOnClosure(s, event.reason, at);
      return s;
    }
    default: {
      // Exhaustive at compile time; an unknown event from a newer deployment leaves the state unchanged.
      const unknown: never = event;
      void unknown;
      return s;
    }
  }
}

/**
 * The events of a case's opening: CaseOpened, then the BID_PENDING hold of every child registered without a parent or
 * legal guardian in the case (placed at registration, not at a later screening), then, for a case split off with
 * members who had withdrawn, the withdrawal (the new case is WITHDRAWN, its history pointing at the source case).
 */
export function openingEvents(opened: CaseOpened, config: DomainConfig = defaultDomainConfig): CaseEvent[] {
  const first = openedEvent(opened, config);
  const t = { effectiveAt: first.effectiveAt, recordedAt: first.recordedAt };
  const events: CaseEvent[] = [first];
  for (const memberId of unaccompaniedAtOpening(opened, config)) {
    events.push({
      type: 'HoldPlaced',
      hold: 'BID_PENDING',
      memberId,
      reason: 'UASC_AT_REGISTRATION',
      placedBy: 'system',
      ...t,
    });
  }
  const withdrawal = opened.splitFrom?.withdrawal;
  if (withdrawal && first.stage !== 'ARRIVED') {
    events.push(
      {
        type: 'CaseWithdrawn',
        fromStage: first.stage,
        ...(withdrawal.reasonCode ? { reasonCode: withdrawal.reasonCode } : {}),
        cancelledDocumentRequests: [],
        cancelledExitAuthorizationRequests: [],
        ...t,
      },
      { type: 'StageChanged', from: first.stage, to: 'WITHDRAWN', ...t },
    );
  }
  return events;
}

/** Applies the opening (stage REFERRED / REGISTERED / ARRIVED, or WITHDRAWN for a withdrawn split); version 1. */
export function initialState(opened: CaseOpened, config: DomainConfig = defaultDomainConfig): CaseState {
  const state = openingEvents(opened, config).reduce(evolve, blankState());
  return { ...state, version: 1, updatedAt: opened.openedAt };
}
