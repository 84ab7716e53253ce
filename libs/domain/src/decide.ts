/**
 * decide(state, envelope, ctx) → events | rejection. Order: version (STALE_VERSION), stage
 * (NOT_ALLOWED_IN_STAGE), role (ROLE_NOT_ALLOWED), payload (INVALID_COMMAND / UNKNOWN_MEMBER), rules
 * (REQUIREMENTS_NOT_MET). The rules are requirementsFor(), shared with availableCommands().
 */
import {
  COMMAND_TYPES,
  type CaseCommand,
  type CaseCommandType,
  type CommandEnvelope,
  type CommandOf,
} from './commands';
import { addDays, addHours, handoverDeadline, toDate } from './dates';
import { defaultDomainConfig, reintegrationConfig, type DecideContext, type DomainConfig } from './config';
import type {
  AssessmentRequired,
  BookingDetails,
  CaseEvent,
  CaseSplit,
  DocumentRenewalRequired,
  EventTimes,
  HoldLifted,
  HoldPlaced,
  InFlightCancelled,
  StageChanged,
} from './events';
import { evolve, openingEvents } from './evolve';
import {
  activeHold,
  bestDocument,
  findMember,
  isAdultOn,
  isUasc,
  latestAssessment,
  pendingAssessments,
  pendingDocumentRequests,
  splitMembers,
  travellerIds,
  travellers,
  usableDocuments,
} from './queries';
import { bookingRequirements, gateRequirements, requirementsFor } from './requirements';
import { isOutOfProcess, isPreDeparture } from './stages';
import { RECENT_COMMAND_IDS, type CaseState, type MemberState } from './state';
import {
  type Actor,
  type CaseOpened,
  type MemberFacts,
  type Rejection,
  type RejectionCode,
  type Requirement,
  type Stage,
  type VulnerabilityType,
} from './types';
import { validateCommand } from './validate';
import { consentWithdrawn, currentConsent, nextConsentRef } from './consents';
import { produceReintegration, reopenClosedEvents } from './reintegration/decide';

export type DecideResult = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

/** One accepted change of a case: what the projection and the audit trail store. */
export interface CaseChange {
  version: number;
  commandId: string;
  commandType: CaseCommandType | 'CaseOpened' | 'DeadlineReached';
  actor: Actor;
  effectiveAt: string;
  recordedAt: string;
  fromStage: Stage;
  toStage: Stage;
  events: CaseEvent[];
}

function reject(
  state: CaseState,
  code: RejectionCode,
  message: string,
  requirements: Requirement[] = [],
): DecideResult {
  return { ok: false, rejection: { code, message, requirements, currentVersion: state.version } };
}

function rejectionFor(state: CaseState, type: CaseCommandType, requirements: Requirement[]): DecideResult {
  if (requirements.some((r) => r.code === 'NOT_ALLOWED_IN_STAGE')) {
    return reject(
      state,
      'NOT_ALLOWED_IN_STAGE',
      `${type} is not possible while the case is ${state.stage}.`,
      requirements,
    );
  }
  if (requirements.some((r) => r.code === 'ROLE_NOT_ALLOWED')) {
    return reject(
      state,
      'ROLE_NOT_ALLOWED',
      requirements.find((r) => r.code === 'ROLE_NOT_ALLOWED')?.message ?? 'Role not allowed.',
      requirements,
    );
  }
  return reject(state, 'REQUIREMENTS_NOT_MET', `${type}: ${requirements.length} requirement(s) not met.`, requirements);
}

export function decide(state: CaseState, envelope: CommandEnvelope, ctx: DecideContext): DecideResult {
  const { meta, command } = envelope ?? ({} as Partial<CommandEnvelope>);
  if (!meta || !meta.actor) return reject(state, 'INVALID_COMMAND', 'Command metadata is missing.');
  if (meta.expectedVersion !== state.version) {
    return reject(
      state,
      'STALE_VERSION',
      `The case is at version ${state.version}, not ${meta.expectedVersion}: reload it.`,
    );
  }
  if (!command || typeof command !== 'object' || !COMMAND_TYPES.includes(command.type)) {
    return reject(state, 'INVALID_COMMAND', 'Unknown command type.');
  }
  const gate = gateRequirements(state, command.type, meta.actor);
  if (gate.length > 0) return rejectionFor(state, command.type, gate);
  const invalid = validateCommand(state, command, meta, ctx);
  if (invalid) return reject(state, invalid.code, invalid.message);
  const unmet = requirementsFor(state, command.type, meta.actor, ctx, command);
  if (unmet.length > 0) return rejectionFor(state, command.type, unmet);
  return { ok: true, events: produce(state, envelope, ctx) };
}

/** Folds the accepted events, bumps the version by one and stamps the recorded time. */
export function applyAccepted(
  state: CaseState,
  envelope: CommandEnvelope,
  events: CaseEvent[],
  ctx: DecideContext,
): { state: CaseState; change: CaseChange } {
  const next = events.reduce(evolve, state);
  const recentCommandIds = [...next.recentCommandIds, envelope.meta.commandId].slice(-RECENT_COMMAND_IDS);
  const result: CaseState = { ...next, version: state.version + 1, updatedAt: ctx.now, recentCommandIds };
  return {
    state: result,
    change: {
      version: result.version,
      commandId: envelope.meta.commandId,
      commandType: envelope.command.type,
      actor: envelope.meta.actor,
      effectiveAt: envelope.meta.effectiveAt,
      recordedAt: ctx.now,
      fromStage: state.stage,
      toStage: result.stage,
      events,
    },
  };
}

// ---------------------------------------------------------------- event production

function stageTo(state: CaseState, to: Stage, t: EventTimes): StageChanged[] {
  return state.stage === to ? [] : [{ type: 'StageChanged', from: state.stage, to, ...t }];
}

/**
 * A case in ASSESSMENT whose pending assessments all belonged to members who just left the travelling household
 * (withdrawn, split off, deceased) goes back to SCREENING: nobody could record those results any more.
 */
function assessmentsLeftWith(state: CaseState, events: CaseEvent[], t: EventTimes): StageChanged[] {
  if (state.stage !== 'ASSESSMENT') return [];
  const after = events.reduce(evolve, state);
  if (after.stage !== 'ASSESSMENT' || pendingAssessments(after).length > 0) return [];
  return stageTo(state, 'SCREENING', t);
}

function inFlight(state: CaseState, memberIds: string[] | undefined, cancelBooking: boolean): InFlightCancelled {
  const members = state.members.filter((m) => memberIds === undefined || memberIds.includes(m.memberId));
  return {
    ...(cancelBooking && state.booking
      ? { cancelledBooking: { itineraryRef: state.booking.itineraryRef, departureDate: state.booking.departureDate } }
      : {}),
    cancelledDocumentRequests: members.flatMap((m) =>
      pendingDocumentRequests(m).map((d) => ({
        memberId: m.memberId,
        documentType: d.documentType,
        authority: d.authority,
      })),
    ),
    cancelledExitAuthorizationRequests: members
      .filter((m) => m.exitAuthorization?.status === 'REQUESTED')
      .map((m) => ({ memberId: m.memberId, authority: m.exitAuthorization?.authority })),
  };
}

function holdPlaced(
  state: CaseState,
  hold: HoldPlaced['hold'],
  memberId: string | undefined,
  placedBy: HoldPlaced['placedBy'],
  t: EventTimes,
  reason?: string,
): HoldPlaced[] {
  if (activeHold(state, hold, memberId)) return [];
  return [
    { type: 'HoldPlaced', hold, ...(memberId ? { memberId } : {}), ...(reason ? { reason } : {}), placedBy, ...t },
  ];
}

function holdLifted(
  state: CaseState,
  hold: HoldLifted['hold'],
  memberId: string | undefined,
  liftedBy: HoldLifted['liftedBy'],
  t: EventTimes,
  mitigation?: string,
): HoldLifted[] {
  if (!activeHold(state, hold, memberId)) return [];
  return [
    {
      type: 'HoldLifted',
      hold,
      ...(memberId ? { memberId } : {}),
      ...(mitigation ? { mitigation } : {}),
      liftedBy,
      ...t,
    },
  ];
}

function bookingDetails(
  state: CaseState,
  c: CommandOf<'ConfirmBooking'> | CommandOf<'ChangeBooking'>,
  effectiveAt: string,
  holdHours: number,
): BookingDetails {
  const ticketed = !!c.ticketed;
  return {
    itineraryRef: c.itineraryRef,
    departureDate: c.departureDate,
    ...(c.arrivalDate ? { arrivalDate: c.arrivalDate } : {}),
    escortOnItinerary: !!c.escortOnItinerary,
    fundsAvailable: c.fundsAvailable,
    ticketed,
    ...(ticketed ? {} : { bookingHoldUntil: c.bookingHoldUntil ?? addHours(effectiveAt, holdHours) }),
    travellerIds: travellerIds(state),
    ...(c.receivingOffice ? { receivingOffice: c.receivingOffice } : {}),
  };
}

/** Renewal events for every traveller whose best document cannot serve a departure on `from`. */
function renewalsFrom(
  state: CaseState,
  from: string,
  bufferDays: number,
  t: EventTimes,
  reason: DocumentRenewalRequired['reason'],
): DocumentRenewalRequired[] {
  const out: DocumentRenewalRequired[] = [];
  for (const m of travellers(state)) {
    const doc = bestDocument(m);
    if (doc?.expiresOn && addDays(from, bufferDays) > doc.expiresOn) {
      out.push({
        type: 'DocumentRenewalRequired',
        memberId: m.memberId,
        documentType: doc.documentType,
        expiresOn: doc.expiresOn,
        reason,
        ...t,
      });
    }
  }
  return out;
}

function documentsServe(state: CaseState, from: string, bufferDays: number): boolean {
  return travellers(state).every((m) => {
    const doc = bestDocument(m);
    return !!doc?.expiresOn && addDays(from, bufferDays) <= doc.expiresOn;
  });
}

function screeningEvents(
  state: CaseState,
  c: CommandOf<'RecordRapidVulnerabilityScreening'>,
  ctx: DecideContext,
  t: EventTimes,
): CaseEvent[] {
  const findings = new Map<string, VulnerabilityType[]>();
  for (const f of c.findings) {
    const list = findings.get(f.memberId) ?? [];
    for (const v of f.vulnerabilities) if (!list.includes(v)) list.push(v);
    findings.set(f.memberId, list);
  }
  // A child with no guardian in the case is a UASC whatever the screener ticked.
  for (const m of travellers(state)) {
    if (isUasc(state, m, ctx.now, ctx.config)) {
      const list = findings.get(m.memberId) ?? [];
      if (!list.includes('UASC')) list.push('UASC');
      findings.set(m.memberId, list);
    }
  }
  const events: CaseEvent[] = [
    {
      type: 'RapidVulnerabilityScreeningRecorded',
      findings: [...findings].map(([memberId, vulnerabilities]) => ({ memberId, vulnerabilities })),
      ...t,
    },
  ];
  for (const m of travellers(state)) {
    const vulns = new Set<VulnerabilityType>([...m.vulnerabilities, ...(findings.get(m.memberId) ?? [])]);
    const need = (assessment: AssessmentRequired['assessment']): AssessmentRequired[] =>
      latestAssessment(m, assessment)
        ? []
        : [{ type: 'AssessmentRequired', memberId: m.memberId, assessment, trigger: 'SCREENING', ...t }];
    if (vulns.has('UASC') && !isAdultOn(m, ctx.now, ctx.config)) {
      events.push(...need('BID'), ...need('FAMILY'));
      const bid = latestAssessment(m, 'BID');
      if (!(bid?.status === 'COMPLETED' && bid.outcome === 'RETURN_IN_BEST_INTERESTS')) {
        events.push(...holdPlaced(state, 'BID_PENDING', m.memberId, 'system', t));
      }
    }
    if (vulns.has('VOT')) {
      events.push(...need('VOT_RISK'));
      const vot = latestAssessment(m, 'VOT_RISK');
      if (!(vot?.status === 'COMPLETED' && vot.outcome === 'ACCEPTABLE')) {
        events.push(...holdPlaced(state, 'PROTECTION_RISK', m.memberId, 'system', t));
      }
    }
    if (vulns.has('MEDICAL')) events.push(...need('MEDICAL'));
  }
  const after = events.reduce(evolve, state);
  if (pendingAssessments(after).length > 0) events.push(...stageTo(state, 'ASSESSMENT', t));
  return events;
}

function assessmentEvents(
  state: CaseState,
  c: CommandOf<'RecordAssessmentResult'>,
  actor: Actor,
  ctx: DecideContext,
  t: EventTimes,
): CaseEvent[] {
  const date = toDate(t.effectiveAt);
  let validUntil = c.validUntil;
  if (validUntil === undefined && c.assessment === 'MEDICAL' && c.outcome !== 'UNFIT')
    validUntil = addDays(date, ctx.config.fitToTravelValidityDays);
  if (validUntil === undefined && c.assessment === 'VOT_RISK' && c.outcome === 'ACCEPTABLE')
    validUntil = addDays(date, ctx.config.votAssessmentValidityDays);
  // A risk judged too high is reassessed after the configured days (a deadline makes it pending again): never a silent block.
  if (
    validUntil === undefined &&
    c.assessment === 'VOT_RISK' &&
    c.outcome === 'TOO_HIGH' &&
    ctx.config.riskReassessmentDays !== undefined
  )
    validUntil = addDays(date, ctx.config.riskReassessmentDays);
  const events: CaseEvent[] = [
    {
      type: 'AssessmentResultRecorded',
      memberId: c.memberId,
      assessment: c.assessment,
      outcome: c.outcome,
      ...(validUntil ? { validUntil } : {}),
      escortRequired: c.escortRequired ?? c.outcome === 'FIT_WITH_ESCORT',
      ...(c.mitigation ? { mitigation: c.mitigation } : {}),
      assessorRole: actor.role,
      ...t,
    },
  ];
  const id = c.memberId;
  switch (c.outcome) {
    case 'RETURN_IN_BEST_INTERESTS':
      events.push(...holdLifted(state, 'BID_PENDING', id, actor.role, t));
      break;
    case 'RETURN_NOT_IN_BEST_INTERESTS':
      events.push(...holdPlaced(state, 'BID_PENDING', id, actor.role, t));
      break;
    case 'ACCEPTABLE':
      events.push(...holdLifted(state, 'PROTECTION_RISK', id, actor.role, t, c.mitigation));
      break;
    case 'TOO_HIGH':
      events.push(...holdPlaced(state, 'PROTECTION_RISK', id, actor.role, t));
      break;
    case 'FIT':
    case 'FIT_WITH_ESCORT':
      events.push(...holdLifted(state, 'MEDICAL_UNFIT', id, actor.role, t));
      break;
    case 'UNFIT':
      events.push(...holdPlaced(state, 'MEDICAL_UNFIT', id, actor.role, t));
      break;
    default:
      break;
  }
  if (state.stage === 'ASSESSMENT') {
    const after = events.reduce(evolve, state);
    if (pendingAssessments(after).length === 0) events.push(...stageTo(state, 'SCREENING', t));
  }
  return events;
}

function splitEvent(state: CaseState, c: CommandOf<'SplitCase'>, ctx: DecideContext, t: EventTimes): CaseSplit {
  const ids = splitMembers(state, c.memberIds);
  const moved = state.members.filter((m) => ids.includes(m.memberId));
  const remaining = state.members.filter((m) => !ids.includes(m.memberId) && !m.deceased);
  const adult = (m: MemberState) => isAdultOn(m, ctx.now, ctx.config);
  const newPa = moved.some((m) => m.relationship === 'PA') ? undefined : moved.find(adult)?.memberId;
  const facts: MemberFacts[] = moved.map((m) => ({
    memberId: m.memberId,
    relationship: m.memberId === newPa ? 'PA' : m.relationship,
    sex: m.sex,
    dateOfBirth: m.dateOfBirth,
    dateOfBirthEstimated: m.dateOfBirthEstimated,
    guardianMemberIds: m.guardianMemberIds.filter((g) => ids.includes(g)),
    dataConsent: m.dataConsent !== null,
    ...(m.unaccompanied ? { unaccompanied: true } : {}),
  }));
  const opened: CaseOpened = {
    caseId: c.newCaseId,
    reference: c.newReference ?? `${state.reference}-S${state.splits.length + 1}`,
    hostOffice: state.hostOffice,
    countryOfOrigin: state.countryOfOrigin,
    ...(state.receivingOffice ? { receivingOffice: state.receivingOffice } : {}),
    referralSource: 'SPLIT',
    ...(state.programme ? { programme: state.programme } : {}),
    members: facts,
    openedAt: t.effectiveAt,
    startAt: 'REFERRED',
    splitFrom: { caseId: state.caseId, reference: state.reference },
  };
  // Members who had withdrawn here leave as a withdrawn case of their own (re-openable), not as a new referral.
  const withdrawn = moved.length > 0 && moved.every((m) => m.withdrawn || m.deceased) && moved.some((m) => m.withdrawn);
  if (withdrawn)
    opened.splitFrom = { caseId: state.caseId, reference: state.reference, withdrawal: { fromStage: state.stage } };
  const paLeaves = moved.some((m) => m.relationship === 'PA') && !remaining.some((m) => m.relationship === 'PA');
  const successor = paLeaves ? remaining.find(adult)?.memberId : undefined;
  return {
    type: 'CaseSplit',
    newCaseId: c.newCaseId,
    memberIds: ids,
    ...(successor ? { newPrincipalMemberId: successor } : {}),
    opened,
    ...t,
  };
}

/**
 * A child who, after these events, has no travelling guardian left in a pre-departure case (the guardian died, was
 * split off or withdrew) is on the unaccompanied-child path: the BID hold is placed then (AVRR.md §5.3 family rules).
 */
function leftWithoutGuardian(state: CaseState, events: CaseEvent[], ctx: DecideContext, t: EventTimes): HoldPlaced[] {
  if (!isPreDeparture(state.stage)) return [];
  const after = events.reduce(evolve, state);
  if (!isPreDeparture(after.stage)) return [];
  const out: HoldPlaced[] = [];
  for (const m of travellers(after)) {
    if (isAdultOn(m, ctx.now, ctx.config) || !isUasc(after, m, ctx.now, ctx.config)) continue;
    const before = findMember(state, m.memberId);
    if (before && isUasc(state, before, ctx.now, ctx.config)) continue; // already on the path
    const bid = latestAssessment(m, 'BID');
    if (bid?.status === 'COMPLETED' && bid.outcome === 'RETURN_IN_BEST_INTERESTS') continue;
    out.push(...holdPlaced(after, 'BID_PENDING', m.memberId, 'system', t, 'LEFT_WITHOUT_GUARDIAN'));
  }
  return out;
}

function produce(state: CaseState, envelope: CommandEnvelope, ctx: DecideContext): CaseEvent[] {
  const { meta } = envelope;
  const c: CaseCommand = envelope.command;
  const t: EventTimes = { effectiveAt: meta.effectiveAt, recordedAt: ctx.now };
  const role = meta.actor.role;
  const { config } = ctx;
  switch (c.type) {
    case 'Register':
      return [
        { type: 'CaseRegistered', consents: c.consents, duplicateCheckDone: c.duplicateCheckDone, ...t },
        ...stageTo(state, 'REGISTERED', t),
      ];
    case 'RecordDataConsent':
      return [{ type: 'DataConsentRecorded', consents: c.consents, ...t }];
    case 'RecordDuplicateDecision':
      return [
        {
          type: 'DuplicateDecisionRecorded',
          candidateCaseId: c.candidateCaseId,
          candidateReference: c.candidateReference,
          decision: c.decision,
          repeatApplicant: c.decision === 'SAME_PERSON' && c.candidateAssisted,
          ...t,
        },
      ];
    case 'RecordRepeatApplicantException':
      return [{ type: 'RepeatApplicantExceptionRecorded', reason: c.reason, byUserId: meta.actor.userId, ...t }];
    case 'RecordCounsellingSession':
      return [
        {
          type: 'CounsellingSessionRecorded',
          language: c.language,
          interpreterUsed: c.interpreterUsed,
          mode: c.mode,
          topics: [...c.topics],
          ...t,
        },
        ...(state.stage === 'REGISTERED' ? stageTo(state, 'COUNSELLING', t) : []),
      ];
    case 'StartScreening':
      return [{ type: 'ScreeningStarted', ...t }, ...stageTo(state, 'SCREENING', t)];
    case 'RecordEligibility': {
      const events: CaseEvent[] = [
        {
          type: 'EligibilityRecorded',
          eligible: c.eligible,
          ruleId: c.ruleId,
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          ...t,
        },
      ];
      if (!c.eligible) {
        events.push({
          type: 'CaseCancelled',
          fromStage: state.stage,
          reasonCode: 'INELIGIBLE',
          ...inFlight(state, undefined, true),
          ...t,
        });
        events.push(...stageTo(state, 'CANCELLED', t));
      }
      return events;
    }
    case 'RecordRapidVulnerabilityScreening':
      return screeningEvents(state, c, ctx, t);
    case 'RecordAssessmentResult':
      return assessmentEvents(state, c, meta.actor, ctx, t);
    case 'SignVoluntaryReturnDeclaration':
      return [
        {
          type: 'VoluntaryReturnDeclarationSigned',
          memberId: c.memberId,
          signatory: c.signatory,
          ...(c.guardianMemberId ? { guardianMemberId: c.guardianMemberId } : {}),
          ...(c.representativeRef ? { representativeRef: c.representativeRef } : {}),
          formVersion: c.formVersion,
          language: c.language,
          childViewsRecorded: !!c.childViewsRecorded,
          childCoSigned: !!c.childCoSigned,
          unhcrNotificationConsent: !!c.unhcrNotificationConsent,
          ...t,
        },
      ];
    case 'Approve':
      return [
        { type: 'CaseApproved', supervisorApproval: role === 'supervisor', approvedBy: role, ...t },
        ...stageTo(state, 'APPROVED', t),
      ];
    case 'RequestTravelDocument':
      return [
        {
          type: 'TravelDocumentRequested',
          memberId: c.memberId,
          documentType: c.documentType,
          authority: c.authority,
          transferConsentRef: c.transferConsentRef,
          ...t,
        },
        ...(state.stage === 'APPROVED' ? stageTo(state, 'DOCUMENTATION', t) : []),
      ];
    case 'RequestExitAuthorization':
      return [
        { type: 'ExitAuthorizationRequested', memberId: c.memberId, authority: c.authority, ...t },
        ...(state.stage === 'APPROVED' ? stageTo(state, 'DOCUMENTATION', t) : []),
      ];
    case 'RecordDocumentsAlreadyValid':
      return [
        {
          type: 'DocumentsAlreadyValidRecorded',
          documents: c.documents.map((d) => ({
            memberId: d.memberId,
            documentType: d.documentType,
            documentRef: d.documentRef,
            expiresOn: d.expiresOn,
          })),
          ...t,
        },
        ...(state.stage === 'APPROVED' ? stageTo(state, 'DOCUMENTATION', t) : []),
      ];
    case 'RecordDocumentIssued':
      return [
        {
          type: 'TravelDocumentIssued',
          memberId: c.memberId,
          documentType: c.documentType,
          documentRef: c.documentRef,
          expiresOn: c.expiresOn,
          ...t,
        },
        ...holdLifted(state, 'DOCUMENT_REFUSED', c.memberId, role, t),
      ];
    case 'RecordDocumentRefused': {
      const events: CaseEvent[] = [
        {
          type: 'TravelDocumentRefused',
          memberId: c.memberId,
          documentType: c.documentType,
          reasonCode: c.reasonCode,
          ...t,
        },
        ...holdPlaced(state, 'DOCUMENT_REFUSED', c.memberId, role, t, c.reasonCode),
      ];
      const m = findMember(state, c.memberId);
      if (state.stage === 'READY_FOR_BOOKING' && m && usableDocuments(m).length === 0)
        events.push(...stageTo(state, 'DOCUMENTATION', t));
      return events;
    }
    case 'RecordExitAuthorization': {
      const events: CaseEvent[] = [
        {
          type: 'ExitAuthorizationRecorded',
          memberId: c.memberId,
          granted: c.granted,
          ...(c.fine ? { fine: { ...c.fine } } : {}),
          ...t,
        },
      ];
      if (state.stage === 'READY_FOR_BOOKING' && !c.granted && config.exitAuthorizationRequired)
        events.push(...stageTo(state, 'DOCUMENTATION', t));
      return events;
    }
    case 'MarkReadyForBooking':
      return [
        {
          type: 'ReadyForBookingMarked',
          receptionConfirmed: c.receptionConfirmed,
          escortArranged: !!c.escortArranged,
          ...t,
        },
        ...stageTo(state, 'READY_FOR_BOOKING', t),
      ];
    case 'ConfirmBooking':
      return [
        { type: 'BookingConfirmed', ...bookingDetails(state, c, t.effectiveAt, config.bookingHoldDefaultHours), ...t },
        ...stageTo(state, 'BOOKED', t),
      ];
    case 'ChangeBooking': {
      const current = state.booking;
      const docIssues = bookingRequirements(state, ctx, c).filter(
        (r) => r.code === 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE',
      );
      if (c.fallbackToDocumentation && docIssues.length > 0) {
        return [
          ...(current
            ? [
                {
                  type: 'BookingCancelled' as const,
                  itineraryRef: current.itineraryRef,
                  departureDate: current.departureDate,
                  reason: 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE' as const,
                  ...t,
                },
              ]
            : []),
          ...renewalsFrom(state, c.departureDate, config.documentExpiryBufferDays, t, 'EXPIRES_BEFORE_DEPARTURE'),
          ...stageTo(state, 'DOCUMENTATION', t),
        ];
      }
      return [
        {
          type: 'BookingChanged',
          previousItineraryRef: current?.itineraryRef ?? '',
          previousDepartureDate: current?.departureDate ?? '',
          ...bookingDetails(state, c, t.effectiveAt, config.bookingHoldDefaultHours),
          ...t,
        },
      ];
    }
    case 'RecordTicketIssued':
      return [{ type: 'BookingTicketed', itineraryRef: c.itineraryRef, ...t }];
    case 'RecordNoShow': {
      const current = state.booking;
      const from = toDate(ctx.now);
      const stillValid = documentsServe(state, from, config.documentExpiryBufferDays);
      return [
        {
          type: 'NoShowRecorded',
          itineraryRef: current?.itineraryRef ?? '',
          noShowCount: state.noShowCount + 1,
          documentsStillValid: stillValid,
          ...t,
        },
        ...(current
          ? [
              {
                type: 'BookingCancelled' as const,
                itineraryRef: current.itineraryRef,
                departureDate: current.departureDate,
                reason: 'NO_SHOW' as const,
                ...t,
              },
            ]
          : []),
        ...(stillValid
          ? []
          : renewalsFrom(state, from, config.documentExpiryBufferDays, t, 'EXPIRES_BEFORE_DEPARTURE')),
        ...stageTo(state, stillValid ? 'READY_FOR_BOOKING' : 'DOCUMENTATION', t),
      ];
    }
    case 'RecordNoShowReview':
      return [{ type: 'NoShowReviewRecorded', approved: c.approved, noShowCount: state.noShowCount, ...t }];
    case 'RecordPreEmbarkationCheck': {
      const current = state.booking;
      const events: CaseEvent[] = [
        {
          type: 'PreEmbarkationCheckRecorded',
          memberId: c.memberId,
          fit: c.fit,
          itineraryRef: current?.itineraryRef ?? '',
          ...t,
        },
      ];
      if (!c.fit) {
        events.push(...holdPlaced(state, 'MEDICAL_UNFIT', c.memberId, role, t, 'PRE_EMBARKATION'));
        if (current)
          events.push({
            type: 'BookingCancelled',
            itineraryRef: current.itineraryRef,
            departureDate: current.departureDate,
            reason: 'MEDICAL_UNFIT',
            ...t,
          });
        events.push(...stageTo(state, 'READY_FOR_BOOKING', t));
      }
      return events;
    }
    case 'RecordDeparture': {
      const ts = travellers(state);
      return [
        {
          type: 'DepartureRecorded',
          itineraryRef: state.booking?.itineraryRef ?? '',
          travellerIds: ts.map((m) => m.memberId),
          voluntarinessReconfirmed: c.voluntarinessReconfirmed,
          pocketMoney: { amount: c.pocketMoney.amount, currency: c.pocketMoney.currency },
          // A member who withdrew the UNHCR-notification consent is not notified (nothing after a withdrawal).
          unhcrNotificationDue: ts
            .filter((m) => m.vulnerabilities.includes('ASYLUM_SEEKER'))
            .filter((m) => !consentWithdrawn(state, m.memberId, 'UNHCR_NOTIFICATION'))
            .map((m) => m.memberId),
          ...t,
        },
        ...stageTo(state, 'DEPARTED', t),
      ];
    }
    case 'RecordTransit':
      return [{ type: 'TransitRecorded', location: c.location, ...t }];
    case 'RecordTransitIncident':
      return [
        {
          type: 'TransitIncidentRecorded',
          incidentId: `TI-${(state.transitIncidents?.length ?? 0) + 1}`,
          kind: c.kind,
          memberIds: [...c.memberIds],
          transitPoint: c.transitPoint,
          ...t,
        },
      ];
    case 'RecordTurnBack': {
      const renewals: DocumentRenewalRequired[] = c.documentsStillValid
        ? []
        : travellers(state).flatMap((m) =>
            usableDocuments(m).map((d) => ({
              type: 'DocumentRenewalRequired' as const,
              memberId: m.memberId,
              documentType: d.documentType,
              ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
              reason: 'USED_OR_INVALID' as const,
              ...t,
            })),
          );
      return [
        { type: 'TurnBackRecorded', reason: c.reason, documentsStillValid: c.documentsStillValid, ...t },
        ...renewals,
        ...stageTo(state, c.documentsStillValid ? 'READY_FOR_BOOKING' : 'DOCUMENTATION', t),
      ];
    }
    case 'RecordArrival':
      return [
        {
          type: 'ArrivalRecorded',
          receptionRecorded: c.receptionRecorded,
          uascHandoverSigned: !!c.uascHandoverSigned,
          receivingOffice: c.receivingOffice,
          ...(c.receivingCalendar
            ? handoverDeadline(
                t.effectiveAt,
                c.receivingCalendar,
                reintegrationConfig(ctx.config).handoverAckWorkingDays,
              )
            : {}),
          ...t,
        },
        ...stageTo(state, 'ARRIVED', t),
      ];
    case 'AcknowledgeHandover':
      return [
        {
          type: 'HandoverAcknowledged',
          receivingOffice: state.arrival?.receivingOffice || state.receivingOffice || '',
          ...t,
        },
        ...stageTo(state, 'REINTEGRATION_COUNSELLING', t),
      ];
    case 'PlaceHold':
      return holdPlaced(state, c.hold, c.memberId, role, t, c.reason);
    case 'LiftHold':
      return holdLifted(state, c.hold, c.memberId, role, t, c.mitigation);
    case 'Withdraw': {
      const remaining = travellers(state).filter((m) => !c.memberIds?.includes(m.memberId));
      if (c.memberIds === undefined || remaining.length === 0) {
        return [
          {
            type: 'CaseWithdrawn',
            fromStage: state.stage,
            ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
            ...inFlight(state, undefined, true),
            ...t,
          },
          ...stageTo(state, 'WITHDRAWN', t),
        ];
      }
      // The itinerary lists the people who stop: it is cancelled and the others are rebooked.
      const booked = state.stage === 'BOOKED';
      const withdrawn: CaseEvent[] = [
        {
          type: 'MembersWithdrawn',
          memberIds: [...c.memberIds],
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          ...inFlight(state, c.memberIds, booked),
          ...t,
        },
      ];
      return [
        ...withdrawn,
        ...leftWithoutGuardian(state, withdrawn, ctx, t),
        ...(booked ? stageTo(state, 'READY_FOR_BOOKING', t) : assessmentsLeftWith(state, withdrawn, t)),
      ];
    }
    case 'Cancel':
      return [
        {
          type: 'CaseCancelled',
          fromStage: state.stage,
          reasonCode: c.reasonCode,
          ...(c.referralNote
            ? {
                referralNote: {
                  referredTo: c.referralNote.referredTo,
                  solutionCode: c.referralNote.solutionCode,
                  noteRef: c.referralNote.noteRef,
                },
              }
            : {}),
          ...inFlight(state, undefined, true),
          ...t,
        },
        ...stageTo(state, 'CANCELLED', t),
      ];
    case 'RecordProtectionFinding': {
      const events: CaseEvent[] = [
        { type: 'ProtectionFindingRecorded', memberId: c.memberId, finding: c.finding, ...t },
      ];
      const m = findMember(state, c.memberId);
      if (c.finding === 'VOT' && m) {
        // A VoT finding needs the risk assessment before booking (AVRR.md §5.3), and holds approval and booking meanwhile.
        const vot = latestAssessment(m, 'VOT_RISK');
        if (!vot)
          events.push({
            type: 'AssessmentRequired',
            memberId: c.memberId,
            assessment: 'VOT_RISK',
            trigger: 'DIRECT',
            ...t,
          });
        if (!(vot?.status === 'COMPLETED' && vot.outcome === 'ACCEPTABLE'))
          events.push(...holdPlaced(state, 'PROTECTION_RISK', c.memberId, role, t, 'VOT_FINDING'));
        if (state.stage === 'SCREENING' && !vot) events.push(...stageTo(state, 'ASSESSMENT', t));
      }
      return events;
    }
    case 'RecordNationality':
      return [
        {
          type: 'NationalityRecorded',
          memberId: c.memberId,
          nationality: c.nationality,
          status: c.status,
          ...(c.status === 'CONFIRMED' && c.authority ? { authority: c.authority } : {}),
          ...t,
        },
      ];
    case 'Reopen': {
      if (state.stage === 'CLOSED') return reopenClosedEvents(state, t, c.reasonCode);
      const registered = !!state.registration || state.members.every((m) => m.deceased || m.dataConsent !== null);
      return [
        {
          type: 'CaseReopened',
          from: state.stage === 'CANCELLED' ? 'CANCELLED' : 'WITHDRAWN',
          voidedDeclarations: state.members.filter((m) => m.declaration !== null).map((m) => m.memberId),
          ...t,
        },
        ...stageTo(state, registered ? 'REGISTERED' : 'REFERRED', t),
      ];
    }
    case 'SplitCase': {
      const split = splitEvent(state, c, ctx, t);
      const current = state.booking;
      const movesTraveller = split.memberIds.some((id) => travellerIds(state).includes(id));
      const cancelBooking = state.stage === 'BOOKED' && current && movesTraveller;
      return [
        ...(cancelBooking && current
          ? [
              {
                type: 'BookingCancelled' as const,
                itineraryRef: current.itineraryRef,
                departureDate: current.departureDate,
                reason: 'SPLIT' as const,
                ...t,
              },
            ]
          : []),
        split,
        ...leftWithoutGuardian(state, [split], ctx, t),
        ...(cancelBooking ? stageTo(state, 'READY_FOR_BOOKING', t) : assessmentsLeftWith(state, [split], t)),
      ];
    }
    case 'RecordTicketCancellation':
      return [{ type: 'TicketCancellationRecorded', itineraryRef: c.itineraryRef, ...t }];
    case 'RecordPartnerNotification':
      return [
        {
          type: 'PartnerNotificationRecorded',
          partner: c.partner,
          itineraryRef: state.departure?.itineraryRef ?? '',
          ...t,
        },
      ];
    case 'RecordConsulateFollowUp': {
      const lp = findMember(state, c.memberId)?.documents.find(
        (d) => d.documentType === 'LAISSEZ_PASSER' && d.status === 'REQUESTED',
      );
      return [
        {
          type: 'ConsulateFollowUpRecorded',
          memberId: c.memberId,
          documentType: 'LAISSEZ_PASSER',
          channel: c.channel,
          outcome: c.outcome,
          ...(lp?.requestedAt ? { requestedAt: lp.requestedAt } : {}),
          ...t,
        },
      ];
    }
    case 'RecordDeath': {
      const m = findMember(state, c.memberId);
      const events: CaseEvent[] = [{ type: 'MemberDied', memberId: c.memberId, ...t }];
      const othersAlive = state.members.some((x) => x.memberId !== c.memberId && !x.deceased);
      const preDeparture = isPreDeparture(state.stage) || isOutOfProcess(state.stage);
      const current = state.booking;
      if (!othersAlive || (preDeparture && m?.relationship === 'PA')) {
        if (current)
          events.push({
            type: 'BookingCancelled',
            itineraryRef: current.itineraryRef,
            departureDate: current.departureDate,
            reason: 'DECEASED',
            ...t,
          });
        events.push({ type: 'CaseClosed', reason: 'DECEASED', ...t });
        events.push(...stageTo(state, 'CLOSED', t));
        return events;
      }
      if (state.stage === 'BOOKED' && current && m && m.travelling && !m.withdrawn) {
        events.push({
          type: 'BookingCancelled',
          itineraryRef: current.itineraryRef,
          departureDate: current.departureDate,
          reason: 'DECEASED',
          ...t,
        });
        events.push(...stageTo(state, 'READY_FOR_BOOKING', t));
      }
      events.push(...leftWithoutGuardian(state, events, ctx, t));
      events.push(...assessmentsLeftWith(state, events, t));
      return events;
    }
    case 'RecordConsent':
      return [
        {
          type: 'ConsentRecorded',
          consentRef: nextConsentRef(state, c.memberId, c.purpose),
          memberId: c.memberId,
          purpose: c.purpose,
          formVersion: c.formVersion,
          language: c.language,
          interpreterUsed: c.interpreterUsed,
          signatory: c.signatory,
          ...(c.guardianMemberId ? { guardianMemberId: c.guardianMemberId } : {}),
          thumbprint: c.thumbprint,
          capacityConcern: c.capacityConcern,
          ...t,
        },
      ];
    case 'WithdrawConsent':
      return [
        {
          type: 'ConsentWithdrawn',
          consentRef:
            currentConsent(state, c.memberId, c.purpose)?.consentRef ?? nextConsentRef(state, c.memberId, c.purpose),
          memberId: c.memberId,
          purpose: c.purpose,
          ...(c.reasonCode ? { reasonCode: c.reasonCode } : {}),
          ...t,
        },
      ];
    default:
      return produceReintegration(state, envelope, ctx);
  }
}

/** The CaseOpened input of the case a CaseSplit event creates (open it as a new case / workflow). */
export function splitOpened(state: CaseState, event: CaseSplit): CaseOpened {
  void state;
  return {
    ...event.opened,
    members: event.opened.members.map((m) => ({ ...m, guardianMemberIds: [...m.guardianMemberIds] })),
  };
}

/** The version-1 change of a new case (actor role 'system' unless given). */
export function openingChange(
  state: CaseState,
  opened: CaseOpened,
  actor: Actor = { userId: 'system', role: 'system' },
  config: DomainConfig = defaultDomainConfig,
): CaseChange {
  return {
    version: 1,
    commandId: `open:${opened.caseId}`,
    commandType: 'CaseOpened',
    actor,
    effectiveAt: opened.openedAt,
    recordedAt: state.updatedAt || opened.openedAt,
    fromStage: state.stage,
    toStage: state.stage,
    events: openingEvents(opened, config),
  };
}
