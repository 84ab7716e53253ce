/**
 * Shape checks of a command payload against the case (INVALID_COMMAND / UNKNOWN_MEMBER). The API validates
 * DTOs too, but the workflow's update validator is the last line, so the rules never trust a payload.
 */
import {
  CONSULATE_FOLLOW_UP_CHANNELS,
  CONSULATE_FOLLOW_UP_OUTCOMES,
  isReintegrationCommand,
  type CaseCommand,
  type CommandMeta,
  type ConsentInput,
  type ExitFine,
} from './commands';
import { compareInstants, isIsoDate, isIsoInstant, isTimeZone, toDate } from './dates';
import { findMember, splitMembers } from './queries';
import type { BookingEndReason } from './events';
import { tasksOf, TICKET_CANCELLATION_REASONS } from './tasks';
import { REPEAT_APPLICANT_EXCEPTION_REASONS } from './duplicates';
import { validateReintegration } from './reintegration/rules';
import type { DecideContext } from './config';
import { CONSENT_PURPOSES, PURPOSE_CONSENT_SIGNATORIES } from './consents';
import type { CaseState } from './state';
import {
  ASSESSMENT_OUTCOMES,
  ASSESSMENT_TYPES,
  CANCEL_REASONS,
  REOPEN_REASONS,
  HOLD_TYPES,
  NATIONALITY_STATUSES,
  PROTECTION_FINDINGS,
  TRANSIT_INCIDENT_KINDS,
  VULNERABILITY_TYPES,
  type HoldType,
  type RejectionCode,
} from './types';

export interface Invalid {
  code: Extract<RejectionCode, 'INVALID_COMMAND' | 'UNKNOWN_MEMBER'>;
  message: string;
}

const SIGNATORIES = ['SELF', 'GUARDIAN', 'THUMBPRINT'];
const DOC_TYPES = ['LAISSEZ_PASSER', 'PASSPORT'];
const MODES = ['IN_PERSON', 'PHONE', 'VIDEO'];
const TURN_BACK = ['DENIED_BOARDING', 'ENTRY_REFUSED', 'STRANDED'];
/** Holds that only make sense on one person. */
export const MEMBER_HOLDS: readonly HoldType[] = ['MEDICAL_UNFIT', 'BID_PENDING', 'DOCUMENT_REFUSED'];

function text(v: unknown): boolean {
  return typeof v === 'string' && v.trim().length > 0;
}

function bool(v: unknown): boolean {
  return typeof v === 'boolean';
}

function isOfficeCalendar(v: { timeZone?: unknown; weekendDays?: unknown; holidays?: unknown }): boolean {
  return (
    isTimeZone(v?.timeZone) &&
    Array.isArray(v.weekendDays) &&
    v.weekendDays.length < 7 &&
    v.weekendDays.every((d) => Number.isInteger(d) && d >= 0 && d <= 6) &&
    Array.isArray(v.holidays) &&
    v.holidays.every(isIsoDate)
  );
}

function optBool(v: unknown): boolean {
  return v === undefined || typeof v === 'boolean';
}

function invalid(message: string): Invalid {
  return { code: 'INVALID_COMMAND', message };
}

/** A referral note, when given: three codes / references (never the note's words). */
export function referralNoteInvalid(note: unknown): Invalid | null {
  if (note === undefined) return null;
  const n: { referredTo?: unknown; solutionCode?: unknown; noteRef?: unknown } | null =
    typeof note === 'object' ? note : null;
  if (!n || typeof n !== 'object' || !text(n.referredTo) || !text(n.solutionCode) || !text(n.noteRef))
    return invalid('referralNote needs referredTo, solutionCode and noteRef.');
  return null;
}

function unknownMember(memberId: unknown): Invalid {
  return { code: 'UNKNOWN_MEMBER', message: `Member ${String(memberId)} is not part of this case.` };
}

function member(state: CaseState, memberId: unknown, opts: { traveller?: boolean } = {}): Invalid | null {
  if (typeof memberId !== 'string') return invalid('memberId is required.');
  const m = findMember(state, memberId);
  if (!m) return unknownMember(memberId);
  if (opts.traveller && (m.deceased || m.withdrawn)) return invalid(`Member ${memberId} is no longer travelling.`);
  return null;
}

function consents(state: CaseState, list: unknown, allowEmpty: boolean): Invalid | null {
  if (!Array.isArray(list)) return invalid('consents must be a list.');
  if (!allowEmpty && list.length === 0) return invalid('consents must not be empty.');
  for (const c of list as ConsentInput[]) {
    const bad = member(state, c?.memberId);
    if (bad) return bad;
    if (c.dataConsent !== true) return invalid('dataConsent must be true: a refusal is not recorded as a consent.');
    if (!SIGNATORIES.includes(c.signatory)) return invalid('signatory must be SELF, GUARDIAN or THUMBPRINT.');
    if (!text(c.formVersion) || !text(c.language)) return invalid('formVersion and language are required.');
  }
  return null;
}

function money(v: unknown, what: string): Invalid | null {
  const m = v as ExitFine | undefined;
  if (!m || typeof m.amount !== 'number' || !Number.isFinite(m.amount) || m.amount < 0)
    return invalid(`${what}.amount must be a number >= 0.`);
  if (typeof m.currency !== 'string' || !/^[A-Z]{3}$/.test(m.currency))
    return invalid(`${what}.currency must be an ISO 4217 code.`);
  return null;
}

function booking(
  state: CaseState,
  c: {
    departureDate: unknown;
    arrivalDate?: unknown;
    itineraryRef: unknown;
    fundsAvailable: unknown;
    bookingHoldUntil?: unknown;
    escortOnItinerary?: unknown;
    ticketed?: unknown;
  },
  ctx: DecideContext,
): Invalid | null {
  if (!isIsoDate(c.departureDate)) return invalid('departureDate must be YYYY-MM-DD.');
  if (c.departureDate < toDate(ctx.now)) return invalid('departureDate is in the past.');
  if (c.arrivalDate !== undefined && (!isIsoDate(c.arrivalDate) || c.arrivalDate < c.departureDate)) {
    return invalid('arrivalDate must be YYYY-MM-DD, not before departureDate.');
  }
  if (!text(c.itineraryRef)) return invalid('itineraryRef is required.');
  if (!bool(c.fundsAvailable)) return invalid('fundsAvailable is required.');
  if (c.bookingHoldUntil !== undefined && !isIsoInstant(c.bookingHoldUntil))
    return invalid('bookingHoldUntil must be an ISO instant.');
  if (!optBool(c.escortOnItinerary) || !optBool(c.ticketed))
    return invalid('escortOnItinerary and ticketed are flags.');
  void state;
  return null;
}

/** null when the payload is well-formed for this case. */
export function validateCommand(
  state: CaseState,
  command: CaseCommand,
  meta: CommandMeta,
  ctx: DecideContext,
): Invalid | null {
  if (!text(meta.commandId)) return invalid('commandId is required.');
  if (!isIsoInstant(meta.effectiveAt)) return invalid('effectiveAt must be an ISO instant.');
  if (compareInstants(meta.effectiveAt, ctx.now) > 0)
    return invalid('effectiveAt is later than now: facts cannot be recorded ahead of time.');
  const c = command;
  switch (c.type) {
    case 'Register':
      if (!bool(c.duplicateCheckDone)) return invalid('duplicateCheckDone is required.');
      return consents(state, c.consents, true);
    case 'RecordDataConsent':
      return consents(state, c.consents, false);
    case 'RecordCounsellingSession':
      if (!text(c.language)) return invalid('language is required.');
      if (!bool(c.interpreterUsed)) return invalid('interpreterUsed is required.');
      if (!MODES.includes(c.mode)) return invalid('mode must be IN_PERSON, PHONE or VIDEO.');
      if (!Array.isArray(c.topics) || !c.topics.every(text)) return invalid('topics must be a list of codes.');
      return null;
    case 'RecordEligibility':
      if (!bool(c.eligible) || !text(c.ruleId)) return invalid('eligible and ruleId are required.');
      return null;
    case 'RecordRapidVulnerabilityScreening':
      if (!Array.isArray(c.findings)) return invalid('findings must be a list.');
      for (const f of c.findings) {
        const bad = member(state, f?.memberId);
        if (bad) return bad;
        if (!Array.isArray(f.vulnerabilities) || !f.vulnerabilities.every((v) => VULNERABILITY_TYPES.includes(v))) {
          return invalid('unknown vulnerability type.');
        }
      }
      return null;
    case 'RecordAssessmentResult': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!ASSESSMENT_TYPES.includes(c.assessment)) return invalid('unknown assessment type.');
      if (!ASSESSMENT_OUTCOMES[c.assessment].includes(c.outcome))
        return invalid(`${String(c.outcome)} is not an outcome of ${c.assessment}.`);
      if (c.validUntil !== undefined && !isIsoDate(c.validUntil)) return invalid('validUntil must be YYYY-MM-DD.');
      if (!optBool(c.escortRequired)) return invalid('escortRequired is a flag.');
      return null;
    }
    case 'SignVoluntaryReturnDeclaration': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (c.signatory !== 'SELF' && c.signatory !== 'GUARDIAN') return invalid('signatory must be SELF or GUARDIAN.');
      if (c.guardianMemberId !== undefined && !findMember(state, c.guardianMemberId))
        return unknownMember(c.guardianMemberId);
      if (!text(c.formVersion) || !text(c.language)) return invalid('formVersion and language are required.');
      if (!optBool(c.childViewsRecorded) || !optBool(c.childCoSigned) || !optBool(c.unhcrNotificationConsent))
        return invalid('flags must be booleans.');
      return null;
    }
    case 'RequestTravelDocument': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!DOC_TYPES.includes(c.documentType)) return invalid('documentType must be LAISSEZ_PASSER or PASSPORT.');
      if (!text(c.authority)) return invalid('authority is required.');
      if (!text(c.transferConsentRef))
        return invalid(
          'transferConsentRef is required: identity data leaves only through a logged, consented transfer.',
        );
      return null;
    }
    case 'RequestExitAuthorization': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      return text(c.authority) ? null : invalid('authority is required.');
    }
    case 'RecordDocumentsAlreadyValid':
      if (!Array.isArray(c.documents) || c.documents.length === 0) return invalid('documents must not be empty.');
      for (const d of c.documents) {
        const bad = member(state, d?.memberId, { traveller: true });
        if (bad) return bad;
        if ('number' in d) return invalid('document numbers never enter the case: use documentRef.');
        if (d.documentType !== 'PASSPORT') return invalid('only a PASSPORT can be recorded as already valid.');
        if (!text(d.documentRef) || !isIsoDate(d.expiresOn))
          return invalid('documentRef and expiresOn (YYYY-MM-DD) are required.');
      }
      return null;
    case 'RecordDocumentIssued': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!DOC_TYPES.includes(c.documentType)) return invalid('documentType must be LAISSEZ_PASSER or PASSPORT.');
      if ('number' in c) return invalid('document numbers never enter the case: use documentRef.');
      if (!text(c.documentRef) || !isIsoDate(c.expiresOn))
        return invalid('documentRef and expiresOn (YYYY-MM-DD) are required.');
      return null;
    }
    case 'RecordDocumentRefused': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!DOC_TYPES.includes(c.documentType)) return invalid('documentType must be LAISSEZ_PASSER or PASSPORT.');
      return text(c.reasonCode) ? null : invalid('reasonCode is required.');
    }
    case 'RecordExitAuthorization': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!bool(c.granted)) return invalid('granted is required.');
      if (c.fine !== undefined) {
        const badFine = money(c.fine, 'fine');
        if (badFine) return badFine;
        if (!text(c.fine.paidBy)) return invalid('fine.paidBy is required.');
      }
      return null;
    }
    case 'MarkReadyForBooking':
      if (!bool(c.receptionConfirmed) || !optBool(c.escortArranged)) return invalid('receptionConfirmed is required.');
      return null;
    case 'ConfirmBooking':
      return booking(state, c, ctx);
    case 'ChangeBooking':
      if (!optBool(c.fallbackToDocumentation)) return invalid('fallbackToDocumentation is a flag.');
      return booking(state, c, ctx);
    case 'RecordTicketIssued':
      return state.booking && c.itineraryRef === state.booking.itineraryRef
        ? null
        : invalid('itineraryRef is not the current booking.');
    case 'RecordNoShowReview':
      return bool(c.approved) ? null : invalid('approved is required.');
    case 'RecordPreEmbarkationCheck': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      return bool(c.fit) ? null : invalid('fit is required.');
    }
    case 'RecordDeparture':
      if (!bool(c.voluntarinessReconfirmed)) return invalid('voluntarinessReconfirmed is required.');
      return money(c.pocketMoney, 'pocketMoney');
    case 'RecordTransit':
      return text(c.location) ? null : invalid('location is required.');
    case 'RecordTransitIncident': {
      if (!TRANSIT_INCIDENT_KINDS.includes(c.kind))
        return invalid(`kind must be one of ${TRANSIT_INCIDENT_KINDS.join(', ')}.`);
      if (!Array.isArray(c.memberIds) || c.memberIds.length === 0)
        return invalid('memberIds must name at least one traveller.');
      if (new Set(c.memberIds).size !== c.memberIds.length) return invalid('memberIds must not repeat a member.');
      for (const id of c.memberIds) {
        const bad = member(state, id, { traveller: true });
        if (bad) return bad;
      }
      return text(c.transitPoint) ? null : invalid('transitPoint is required.');
    }
    case 'RecordTurnBack':
      if (!TURN_BACK.includes(c.reason)) return invalid('reason must be DENIED_BOARDING, ENTRY_REFUSED or STRANDED.');
      return bool(c.documentsStillValid) ? null : invalid('documentsStillValid is required.');
    case 'RecordArrival':
      if (!bool(c.receptionRecorded) || !optBool(c.uascHandoverSigned))
        return invalid('receptionRecorded is required.');
      if (c.receivingCalendar !== undefined && !isOfficeCalendar(c.receivingCalendar)) {
        return invalid('receivingCalendar needs an IANA time zone, weekend days 0-6 and holidays as YYYY-MM-DD.');
      }
      return text(c.receivingOffice) ? null : invalid('receivingOffice is required.');
    case 'PlaceHold':
    case 'LiftHold': {
      if (!HOLD_TYPES.includes(c.hold)) return invalid('unknown hold type.');
      if (c.memberId !== undefined) {
        const bad = member(state, c.memberId);
        if (bad) return bad;
      } else if (c.type === 'PlaceHold' && MEMBER_HOLDS.includes(c.hold)) {
        return invalid(`A ${c.hold} hold is placed on a member: memberId is required.`);
      }
      return null;
    }
    case 'Withdraw':
      if (c.memberIds !== undefined) {
        if (!Array.isArray(c.memberIds) || c.memberIds.length === 0)
          return invalid('memberIds, when given, must not be empty.');
        for (const id of c.memberIds) {
          const bad = member(state, id, { traveller: true });
          if (bad) return bad;
        }
      }
      return null;
    case 'Cancel':
      return CANCEL_REASONS.includes(c.reasonCode)
        ? referralNoteInvalid(c.referralNote)
        : invalid('unknown cancellation reason.');
    case 'RecordProtectionFinding': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      return PROTECTION_FINDINGS.includes(c.finding)
        ? null
        : invalid('finding must be VOT, GBV_SURVIVOR or ASYLUM_SEEKER.');
    }
    case 'RecordNationality': {
      const bad = member(state, c.memberId);
      if (bad) return bad;
      if (typeof c.nationality !== 'string' || !/^[A-Z]{2}$/.test(c.nationality))
        return invalid('nationality must be an ISO 3166 alpha-2 code.');
      if (!NATIONALITY_STATUSES.includes(c.status)) return invalid('status must be DECLARED or CONFIRMED.');
      if (c.status === 'CONFIRMED' && !text(c.authority))
        return invalid('a CONFIRMED nationality names the consulate or authority that confirmed it.');
      if (c.status === 'DECLARED' && c.authority !== undefined)
        return invalid('a DECLARED nationality has no confirming authority.');
      return null;
    }
    case 'SplitCase': {
      if (!Array.isArray(c.memberIds) || c.memberIds.length === 0) return invalid('memberIds must not be empty.');
      for (const id of c.memberIds) {
        const bad = member(state, id);
        if (bad) return bad;
      }
      if (!text(c.newCaseId) || c.newCaseId === state.caseId || state.splits.some((s) => s.newCaseId === c.newCaseId)) {
        return invalid('newCaseId must be a new case id.');
      }
      const moving = splitMembers(state, c.memberIds);
      const remaining = state.members.filter((m) => !m.deceased && !moving.includes(m.memberId));
      if (remaining.length === 0) return invalid('At least one member must stay in this case.');
      return null;
    }
    case 'RecordConsulateFollowUp': {
      const bad = member(state, c.memberId, { traveller: true });
      if (bad) return bad;
      if (!(CONSULATE_FOLLOW_UP_CHANNELS as readonly string[]).includes(c.channel))
        return invalid(`channel must be one of ${CONSULATE_FOLLOW_UP_CHANNELS.join(', ')}.`);
      if (!(CONSULATE_FOLLOW_UP_OUTCOMES as readonly string[]).includes(c.outcome))
        return invalid(`outcome must be one of ${CONSULATE_FOLLOW_UP_OUTCOMES.join(', ')}.`);
      return null;
    }
    case 'RecordDuplicateDecision':
      if (typeof c.candidateCaseId !== 'string' || !/^[0-9a-f-]{36}$/i.test(c.candidateCaseId))
        return invalid('candidateCaseId must be a case id.');
      if (c.decision !== 'NEW_PERSON' && c.decision !== 'SAME_PERSON')
        return invalid('decision must be NEW_PERSON or SAME_PERSON.');
      if (!text(c.candidateReference) || !bool(c.candidateAssisted))
        return invalid('candidateReference and candidateAssisted are filled by the server.');
      return null;
    case 'RecordRepeatApplicantException':
      return REPEAT_APPLICANT_EXCEPTION_REASONS.includes(c.reason)
        ? null
        : invalid(`reason must be one of ${REPEAT_APPLICANT_EXCEPTION_REASONS.join(', ')}.`);
    case 'RecordDeath': {
      const bad = member(state, c.memberId);
      if (bad) return bad;
      return findMember(state, c.memberId)?.deceased ? invalid('The member is already recorded as deceased.') : null;
    }
    case 'RecordTicketCancellation': {
      const ended = state.bookingHistory.some(
        (b) => b.itineraryRef === c.itineraryRef && TICKET_CANCELLATION_REASONS.includes(b.outcome as BookingEndReason),
      );
      if (!ended) return invalid('itineraryRef is not a booking ended by a withdrawal, a cancellation or a death.');
      // Tickets already recorded as cancelled: a state rule (NO_TICKET_TO_CANCEL in requirements.ts), not bad input.
      return null;
    }
    case 'RecordPartnerNotification':
      if (c.partner !== 'UNHCR') return invalid('partner must be UNHCR.');
      if (!tasksOf(state, ctx).some((t) => t.kind === 'UNHCR_NOTIFICATION'))
        return invalid('No departure of an asylum seeker is waiting for the UNHCR notification.');
      return null;
    case 'RecordConsent': {
      const bad = member(state, c.memberId);
      if (bad) return bad;
      if (!CONSENT_PURPOSES.includes(c.purpose)) return invalid('unknown consent purpose.');
      if (!PURPOSE_CONSENT_SIGNATORIES.includes(c.signatory)) return invalid('signatory must be SELF or GUARDIAN.');
      if (!text(c.formVersion) || !text(c.language)) return invalid('formVersion and language are required.');
      if (!bool(c.interpreterUsed) || !bool(c.thumbprint) || !bool(c.capacityConcern))
        return invalid('interpreterUsed, thumbprint and capacityConcern are required flags.');
      if (c.guardianMemberId !== undefined) {
        if (c.signatory !== 'GUARDIAN') return invalid('guardianMemberId is only for a consent a guardian signs.');
        if (c.guardianMemberId === c.memberId) return invalid('A member is not their own guardian.');
        const g = member(state, c.guardianMemberId);
        if (g) return g;
      }
      return null;
    }
    case 'WithdrawConsent': {
      const bad = member(state, c.memberId);
      if (bad) return bad;
      if (!CONSENT_PURPOSES.includes(c.purpose)) return invalid('unknown consent purpose.');
      return c.reasonCode === undefined || text(c.reasonCode) ? null : invalid('reasonCode must be a code.');
    }
    case 'StartScreening':
    case 'Approve':
    case 'RecordNoShow':
    case 'AcknowledgeHandover':
      return null;
    case 'Reopen':
      if (c.reasonCode === undefined) return null;
      if (state.stage !== 'CLOSED') return invalid('reasonCode is the ground for re-opening a closed case only.');
      return REOPEN_REASONS.includes(c.reasonCode)
        ? null
        : invalid('reasonCode must be CLOSURE_WRONG or NEW_PHASE_FUNDED.');
    default:
      return isReintegrationCommand(c) ? validateReintegration(state, c, meta, ctx) : invalid('unknown command type.');
  }
}
