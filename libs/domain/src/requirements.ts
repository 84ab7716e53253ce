/**
 * "Why can't I advance?": one function answers for decide() (with the command) and availableCommands()
 * (without it), so what the screen offers and what the engine accepts cannot disagree.
 *
 * Without a command only what the state alone decides is checked; requirements the payload itself can meet
 * (e.g. Register's consents, the booking date) are checked only when the command is given.
 */
import {
  COMMAND_ROLES,
  HOLD_ROLES,
  HOLDS_BLOCKING_APPROVAL,
  HOLDS_BLOCKING_BOOKING,
  HOLDS_BLOCKING_DEPARTURE,
  type BookingFields,
  type CaseCommand,
  type CaseCommandType,
  type CommandOf,
  type ConsentInput,
} from './commands';
import type { DecideContext, DomainConfig } from './config';
import { addDays, ageOn, compareInstants, toDate } from './dates';
import {
  bestDocument,
  blockingHolds,
  describeHold,
  findMember,
  flaggedVulnerabilities,
  isAdultOn,
  isMedical,
  isUasc,
  latestAssessment,
  needsEscort,
  travellers,
  travellingGuardians,
  uascAssessmentsComplete,
} from './queries';
import { withinReopenWindow } from './reopen-window';
import { tasksOf } from './tasks';
import { POST_ARRIVAL_STAGES, PRE_DEPARTURE_STAGES } from './stages';
import { consentGiven, currentConsent } from './consents';
import type { CaseState, MemberState } from './state';
import {
  type Actor,
  type ConsentSignatory,
  type HoldType,
  type Requirement,
  type RequirementCode,
  type Stage,
} from './types';
import { REINTEGRATION_CHECKS, REINTEGRATION_COMMAND_STAGES, reopenClosedRequirements } from './reintegration/rules';

const DOCS_STAGES: readonly Stage[] = ['APPROVED', 'DOCUMENTATION', 'READY_FOR_BOOKING'];

/** Stages in which each command is relevant (AVRR.md §5.3). */
export const COMMAND_STAGES: Record<CaseCommandType, readonly Stage[]> = {
  Register: ['REFERRED'],
  RecordDataConsent: PRE_DEPARTURE_STAGES,
  RecordDuplicateDecision: PRE_DEPARTURE_STAGES,
  RecordRepeatApplicantException: PRE_DEPARTURE_STAGES,
  RecordCounsellingSession: PRE_DEPARTURE_STAGES.filter((s) => s !== 'REFERRED'),
  StartScreening: ['COUNSELLING'],
  RecordEligibility: ['SCREENING'],
  RecordRapidVulnerabilityScreening: ['SCREENING', 'ASSESSMENT'],
  RecordAssessmentResult: ['SCREENING', 'ASSESSMENT', 'APPROVED', 'DOCUMENTATION', 'READY_FOR_BOOKING'],
  SignVoluntaryReturnDeclaration: [
    'SCREENING',
    'ASSESSMENT',
    'APPROVED',
    'DOCUMENTATION',
    'READY_FOR_BOOKING',
    'BOOKED',
  ],
  Approve: ['SCREENING'],
  RequestTravelDocument: DOCS_STAGES,
  RequestExitAuthorization: DOCS_STAGES,
  RecordDocumentsAlreadyValid: DOCS_STAGES,
  RecordDocumentIssued: ['DOCUMENTATION', 'READY_FOR_BOOKING'],
  RecordDocumentRefused: ['DOCUMENTATION', 'READY_FOR_BOOKING'],
  RecordExitAuthorization: ['DOCUMENTATION', 'READY_FOR_BOOKING'],
  MarkReadyForBooking: ['APPROVED', 'DOCUMENTATION'],
  ConfirmBooking: ['READY_FOR_BOOKING'],
  ChangeBooking: ['BOOKED'],
  RecordTicketIssued: ['BOOKED'],
  RecordNoShow: ['BOOKED'],
  RecordNoShowReview: ['DOCUMENTATION', 'READY_FOR_BOOKING'],
  RecordPreEmbarkationCheck: ['BOOKED'],
  RecordDeparture: ['BOOKED'],
  RecordTransit: ['DEPARTED'],
  RecordTransitIncident: ['DEPARTED'],
  RecordTurnBack: ['DEPARTED'],
  RecordArrival: ['DEPARTED'],
  AcknowledgeHandover: ['ARRIVED'],
  PlaceHold: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES],
  LiftHold: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES],
  Withdraw: PRE_DEPARTURE_STAGES,
  Cancel: PRE_DEPARTURE_STAGES,
  Reopen: ['WITHDRAWN', 'CANCELLED', 'CLOSED'],
  SplitCase: PRE_DEPARTURE_STAGES,
  RecordDeath: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES, 'WITHDRAWN', 'CANCELLED'],
  RecordTicketCancellation: [...PRE_DEPARTURE_STAGES, 'WITHDRAWN', 'CANCELLED'],
  RecordPartnerNotification: ['DEPARTED', ...POST_ARRIVAL_STAGES],
  RecordConsulateFollowUp: ['DOCUMENTATION', 'READY_FOR_BOOKING'],
  RecordProtectionFinding: PRE_DEPARTURE_STAGES,
  RecordNationality: PRE_DEPARTURE_STAGES,
  // A consent may be given or withdrawn whenever the case is open or paused (withdrawal is always possible).
  RecordConsent: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES],
  WithdrawConsent: [...PRE_DEPARTURE_STAGES, 'DEPARTED', ...POST_ARRIVAL_STAGES, 'WITHDRAWN', 'CANCELLED'],
  ...REINTEGRATION_COMMAND_STAGES,
};

function req(code: RequirementCode, message: string, memberId?: string): Requirement {
  return memberId === undefined ? { code, message } : { code, memberId, message };
}

function commandOf<T extends CaseCommandType>(command: CaseCommand | undefined, type: T): CommandOf<T> | undefined {
  return command && command.type === type ? (command as CommandOf<T>) : undefined;
}

function today(ctx: DecideContext): string {
  return toDate(ctx.now);
}

const DOC_LABEL = { LAISSEZ_PASSER: 'laissez-passer', PASSPORT: 'passport' } as const;

// ---------------------------------------------------------------- consent and declaration

function consentRequirements(
  m: MemberState,
  on: string,
  config: DomainConfig,
  given?: { signatory: ConsentSignatory },
): Requirement[] {
  const consent = given ?? m.dataConsent;
  const adult = isAdultOn(m, on, config);
  if (!consent) {
    return [
      req(
        'DATA_CONSENT_MISSING',
        adult
          ? `Member ${m.memberId} has not given data-processing consent.`
          : `Member ${m.memberId} is a child: a guardian (or legal representative) must give data-processing consent.`,
        m.memberId,
      ),
    ];
  }
  if (adult && consent.signatory === 'GUARDIAN') {
    return [
      req(
        'OWN_CONSENT_REQUIRED_AT_18',
        `Member ${m.memberId} is ${config.adultAge} or older on ${toDate(on)}: they must give their own data-processing consent.`,
        m.memberId,
      ),
    ];
  }
  if (!adult && consent.signatory !== 'GUARDIAN') {
    return [
      req(
        'GUARDIAN_SIGNATURE_REQUIRED',
        `Member ${m.memberId} is a child: the consent must be signed by a guardian.`,
        m.memberId,
      ),
    ];
  }
  return [];
}

function declarationRequirements(state: CaseState, m: MemberState, on: string, config: DomainConfig): Requirement[] {
  const d = m.declaration;
  if (isAdultOn(m, on, config)) {
    if (!d)
      return [
        req(
          'DECLARATION_NOT_SIGNED',
          `Member ${m.memberId} has not signed the voluntary return declaration.`,
          m.memberId,
        ),
      ];
    if (d.signatory !== 'SELF') {
      return [
        req(
          'OWN_DECLARATION_REQUIRED_AT_18',
          `Member ${m.memberId} is ${config.adultAge} or older on ${toDate(on)}: they must sign their own voluntary return declaration.`,
          m.memberId,
        ),
      ];
    }
    return [];
  }
  if (!d) {
    return [
      req(
        'DECLARATION_NOT_SIGNED',
        `A guardian has not signed the voluntary return declaration for child ${m.memberId}.`,
        m.memberId,
      ),
    ];
  }
  const out: Requirement[] = [];
  if (!d.childViewsRecorded)
    out.push(req('CHILD_VIEWS_NOT_RECORDED', `The views of child ${m.memberId} have not been recorded.`, m.memberId));
  if (coSignRequired(state, m, on, config) && !d.childCoSigned) {
    out.push(
      req(
        'CHILD_CO_SIGNATURE_MISSING',
        `Child ${m.memberId} must sign the declaration together with their legal representative.`,
        m.memberId,
      ),
    );
  }
  return out;
}

function coSignRequired(state: CaseState, m: MemberState, on: string, config: DomainConfig): boolean {
  return (
    config.uascOver16SignsWithRepresentative &&
    isUasc(state, m, on, config) &&
    ageOn(m.dateOfBirth, toDate(on)) >= config.uascCoSignAge
  );
}

// ---------------------------------------------------------------- assessments

function assessmentRequirements(state: CaseState, m: MemberState, on: string, config: DomainConfig): Requirement[] {
  const out: Requirement[] = [];
  const bid = latestAssessment(m, 'BID');
  const family = latestAssessment(m, 'FAMILY');
  const vot = latestAssessment(m, 'VOT_RISK');
  const medical = latestAssessment(m, 'MEDICAL');
  const uasc = isUasc(state, m, on, config);
  if ((bid && bid.status === 'PENDING') || (!bid && uasc)) {
    out.push(
      req(
        'BID_NOT_COMPLETED',
        `The best-interests determination for child ${m.memberId} is not completed.`,
        m.memberId,
      ),
    );
  } else if (bid?.outcome === 'RETURN_NOT_IN_BEST_INTERESTS') {
    out.push(
      req(
        'BID_NOT_IN_BEST_INTERESTS',
        `The best-interests determination found return is not in the interests of child ${m.memberId}.`,
        m.memberId,
      ),
    );
  }
  if ((family && family.status === 'PENDING') || (!family && uasc)) {
    out.push(
      req('FAMILY_ASSESSMENT_PENDING', `The family assessment for child ${m.memberId} is not completed.`, m.memberId),
    );
  } else if (family?.outcome === 'NOT_SUITABLE') {
    out.push(req('FAMILY_NOT_SUITABLE', `The family of child ${m.memberId} was assessed as not suitable.`, m.memberId));
  }
  if (vot?.status === 'PENDING') {
    out.push(
      req('ASSESSMENT_PENDING', `The protection risk assessment for member ${m.memberId} is pending.`, m.memberId),
    );
  } else if (vot?.outcome === 'TOO_HIGH') {
    out.push(req('RISK_TOO_HIGH', tooHighMessage(m.memberId, vot.validUntil), m.memberId));
  }
  if (medical?.status === 'PENDING') {
    out.push(req('ASSESSMENT_PENDING', `The medical assessment for member ${m.memberId} is pending.`, m.memberId));
  }
  return out;
}

// ---------------------------------------------------------------- documents and travel

function documentRequirements(m: MemberState, departureDate: string | undefined, config: DomainConfig): Requirement[] {
  const doc = bestDocument(m);
  if (!doc || !doc.expiresOn) {
    return [req('TRAVEL_DOCUMENT_MISSING', `Member ${m.memberId} has no valid travel document.`, m.memberId)];
  }
  if (departureDate !== undefined && addDays(departureDate, config.documentExpiryBufferDays) > doc.expiresOn) {
    return [
      req(
        'DOCUMENT_EXPIRES_BEFORE_DEPARTURE',
        `The ${DOC_LABEL[doc.documentType]} of member ${m.memberId} expires on ${doc.expiresOn}, less than ${config.documentExpiryBufferDays} days after the departure date ${departureDate}.`,
        m.memberId,
      ),
    ];
  }
  return [];
}

function exitRequirements(m: MemberState, config: DomainConfig): Requirement[] {
  if (!config.exitAuthorizationRequired || m.exitAuthorization?.status === 'GRANTED') return [];
  return [req('EXIT_AUTHORIZATION_MISSING', `Member ${m.memberId} has no granted exit authorization.`, m.memberId)];
}

function fitnessRequirements(m: MemberState, on: string | undefined): Requirement[] {
  if (!isMedical(m)) return [];
  const f = m.fitToTravel;
  if (!f || !f.fit)
    return [req('FIT_TO_TRAVEL_MISSING', `Member ${m.memberId} has no fit-to-travel result.`, m.memberId)];
  if (on !== undefined && f.validUntil !== undefined && f.validUntil < toDate(on)) {
    return [
      req(
        'FIT_TO_TRAVEL_EXPIRED',
        `The fit-to-travel result of member ${m.memberId} is valid until ${f.validUntil}, before ${toDate(on)}.`,
        m.memberId,
      ),
    ];
  }
  return [];
}

function votRequirements(m: MemberState, on: string | undefined): Requirement[] {
  const vot = latestAssessment(m, 'VOT_RISK');
  if (!vot) return [];
  if (vot.status === 'PENDING')
    return [
      req('ASSESSMENT_PENDING', `The protection risk assessment for member ${m.memberId} is pending.`, m.memberId),
    ];
  if (vot.outcome === 'TOO_HIGH') return [req('RISK_TOO_HIGH', tooHighMessage(m.memberId, vot.validUntil), m.memberId)];
  if (on !== undefined && vot.validUntil !== undefined && vot.validUntil < toDate(on)) {
    return [
      req(
        'VOT_ASSESSMENT_EXPIRED',
        `The protection risk assessment of member ${m.memberId} is valid until ${vot.validUntil}, before ${toDate(on)}: reassess.`,
        m.memberId,
      ),
    ];
  }
  return [];
}

function tooHighMessage(memberId: string, reassessAfter: string | undefined): string {
  return reassessAfter
    ? `The protection risk for member ${memberId} was assessed as too high; it is reassessed after ${reassessAfter}.`
    : `The protection risk for member ${memberId} was assessed as too high.`;
}

/**
 * A completed BID found that return is not in the best interests of a child of this pre-departure case: the booking
 * path is closed for good (AVRR.md §5.2, §8.4 RETURN_NOT_IN_BEST_INTERESTS). The member, or null.
 */
export function bidClosedBookingPath(state: CaseState): MemberState | null {
  if (!PRE_DEPARTURE_STAGES.includes(state.stage)) return null;
  return (
    state.members.find((m) => {
      if (m.withdrawn || m.deceased) return false;
      const bid = latestAssessment(m, 'BID');
      return bid?.status === 'COMPLETED' && bid.outcome === 'RETURN_NOT_IN_BEST_INTERESTS';
    }) ?? null
  );
}

/** What a case whose booking path a BID closed may still record: its cancellation, and a death. */
const OPEN_AFTER_NEGATIVE_BID: readonly CaseCommandType[] = ['Cancel', 'RecordDeath'];

function referralNoteRequirements(
  reasons: readonly string[] | undefined,
  reason: string,
  note: unknown,
  what: string,
): Requirement[] {
  if (!(reasons ?? []).includes(reason) || note) return [];
  return [
    req(
      'REFERRAL_NOTE_REQUIRED',
      `${what} ${reason} needs a referral note: where the person was referred and which alternative solution was explored.`,
    ),
  ];
}

function holdRequirements(state: CaseState, types: readonly HoldType[], what: string): Requirement[] {
  return blockingHolds(state, types).map((h) =>
    req('HOLD_ACTIVE', `The ${describeHold(h)} blocks ${what}.`, h.memberId),
  );
}

function childTravelRequirements(
  state: CaseState,
  m: MemberState,
  on: string,
  escortOnItinerary: boolean | undefined,
  config: DomainConfig,
): Requirement[] {
  if (isAdultOn(m, on, config)) return [];
  if (travellingGuardians(state, m, on, config).length > 0) return [];
  const missing: string[] = [];
  const bid = latestAssessment(m, 'BID');
  const family = latestAssessment(m, 'FAMILY');
  if (!(bid?.status === 'COMPLETED' && bid.outcome === 'RETURN_IN_BEST_INTERESTS'))
    missing.push('a positive best-interests determination');
  if (!(family?.status === 'COMPLETED' && family.outcome === 'FAMILY_TRACED_SUITABLE'))
    missing.push('a suitable family assessment');
  if (escortOnItinerary === false) missing.push('an escort on the itinerary');
  if (missing.length === 0 && uascAssessmentsComplete(m)) return [];
  return [
    req(
      'CHILD_WITHOUT_GUARDIAN',
      `Child ${m.memberId} travels without a travelling guardian: needs ${missing.join(', ')}.`,
      m.memberId,
    ),
  ];
}

function noShowRequirements(state: CaseState, config: DomainConfig): Requirement[] {
  if (state.noShowCount < config.noShowReviewThreshold) return [];
  const out: Requirement[] = [];
  const review = state.noShowReview;
  if (!review || !review.approved || review.noShowCount < state.noShowCount) {
    out.push(
      req(
        'NO_SHOW_REVIEW_REQUIRED',
        `After ${state.noShowCount} no-shows a supervisor must review the case before rebooking.`,
      ),
    );
  }
  if (state.counsellingSinceNoShow === 0) {
    out.push(
      req(
        'COUNSELLING_SESSION_MISSING',
        'A new counselling session is needed after the last no-show before rebooking.',
      ),
    );
  }
  return out;
}

/** Guards of ConfirmBooking and ChangeBooking, for every traveller. Without booking fields: state-only part. */
export function bookingRequirements(state: CaseState, ctx: DecideContext, booking?: BookingFields): Requirement[] {
  const { config } = ctx;
  const on = booking?.departureDate ?? today(ctx);
  const out: Requirement[] = [];
  const ts = travellers(state);
  if (ts.length === 0) out.push(req('NO_TRAVELLERS', 'No member of the case is travelling.'));
  out.push(...holdRequirements(state, HOLDS_BLOCKING_BOOKING, 'booking'));
  out.push(...noShowRequirements(state, config));
  if (!state.readyForBooking?.receptionConfirmed) {
    out.push(req('RECEPTION_NOT_CONFIRMED', 'The office in the country of origin has not confirmed reception.'));
  }
  for (const m of ts) {
    out.push(...documentRequirements(m, booking?.departureDate, config));
    out.push(...exitRequirements(m, config));
    out.push(...fitnessRequirements(m, booking?.departureDate));
    out.push(...votRequirements(m, booking?.departureDate));
    out.push(...consentRequirements(m, on, config));
    out.push(...declarationRequirements(state, m, on, config));
    out.push(...childTravelRequirements(state, m, on, booking ? !!booking.escortOnItinerary : undefined, config));
  }
  if (booking) {
    for (const m of needsEscort(state, on, config)) {
      if (!booking.escortOnItinerary)
        out.push(req('ESCORT_REQUIRED', `Member ${m.memberId} needs an escort on the itinerary.`, m.memberId));
    }
    if (!booking.fundsAvailable) out.push(req('FUNDS_NOT_AVAILABLE', 'Funds for the journey are not confirmed.'));
  }
  return out;
}

// ---------------------------------------------------------------- per command

type Check = (state: CaseState, actor: Actor, ctx: DecideContext, command: CaseCommand | undefined) => Requirement[];

const CHECKS: Partial<Record<CaseCommandType, Check>> = {
  RecordRepeatApplicantException: (state, _actor, ctx) =>
    state.repeatApplicant && (ctx.config.repeatApplicant ?? 'SUPERVISOR_EXCEPTION') === 'SUPERVISOR_EXCEPTION'
      ? []
      : [req('NOT_A_REPEAT_APPLICANT', 'No exception is needed: the case is not a repeat application needing one.')],
  Register: (state, _actor, ctx, command) => {
    const household =
      state.members.length > 0 ? [] : [req('HOUSEHOLD_NOT_LISTED', 'No household member is listed on the case.')];
    const c = commandOf(command, 'Register');
    if (!c) return household;
    const out: Requirement[] = [...household];
    if (!c.duplicateCheckDone)
      out.push(req('DUPLICATE_CHECK_NOT_DONE', 'The search for earlier cases of these people has not been run.'));
    for (const m of state.members.filter((x) => !x.deceased)) {
      const given = c.consents.find((k: ConsentInput) => k.memberId === m.memberId);
      out.push(...consentRequirements(m, ctx.now, ctx.config, given));
    }
    return out;
  },
  RecordDataConsent: (state, _actor, ctx, command) => {
    const c = commandOf(command, 'RecordDataConsent');
    if (!c) return [];
    const out: Requirement[] = [];
    for (const k of c.consents) {
      const m = findMember(state, k.memberId);
      if (m) out.push(...consentRequirements(m, ctx.now, ctx.config, k));
    }
    return out;
  },
  WithdrawConsent: (state, _actor, _ctx, command) => {
    const c = commandOf(command, 'WithdrawConsent');
    if (!c) return [];
    const m = findMember(state, c.memberId);
    // The data consent of registration (before purposes were recorded) counts as a DATA_PROCESSING consent.
    const legacy = c.purpose === 'DATA_PROCESSING' && !currentConsent(state, c.memberId, c.purpose) && !!m?.dataConsent;
    return consentGiven(state, c.memberId, c.purpose) || legacy
      ? []
      : [req('CONSENT_NOT_GIVEN', `Member ${c.memberId} has no ${c.purpose} consent to withdraw.`, c.memberId)];
  },
  StartScreening: (state) =>
    state.counsellingSinceReopen > 0
      ? []
      : [req('COUNSELLING_SESSION_MISSING', 'No counselling session has been held yet.')],
  RecordAssessmentResult: (state, actor, _ctx, command) => {
    const c = commandOf(command, 'RecordAssessmentResult');
    if (!c) return [];
    const out: Requirement[] = [];
    const role = c.assessment === 'MEDICAL' ? 'medical' : 'protection';
    if (actor.role !== role)
      out.push(req('ROLE_NOT_ALLOWED', `Only the ${role} role may record a ${c.assessment} assessment.`, c.memberId));
    if (c.assessment === 'VOT_RISK' && c.outcome === 'ACCEPTABLE' && !c.mitigation) {
      out.push(
        req(
          'MITIGATION_NOT_RECORDED',
          `Record the mitigation for member ${c.memberId} when the risk is acceptable.`,
          c.memberId,
        ),
      );
    }
    return out;
  },
  SignVoluntaryReturnDeclaration: (state, _actor, ctx, command) => {
    const out: Requirement[] = [];
    if (state.counsellingSinceReopen === 0)
      out.push(req('COUNSELLING_SESSION_MISSING', 'A counselling session is needed before a declaration.'));
    const c = commandOf(command, 'SignVoluntaryReturnDeclaration');
    if (!c) return out;
    const m = findMember(state, c.memberId);
    if (!m) return out;
    const { config } = ctx;
    if (!m.dataConsent)
      out.push(
        req('DATA_CONSENT_MISSING', `Member ${m.memberId} has no data-processing consent on record.`, m.memberId),
      );
    if (isAdultOn(m, ctx.now, config)) {
      if (c.signatory !== 'SELF') {
        out.push(
          req(
            'OWN_DECLARATION_REQUIRED_AT_18',
            `Member ${m.memberId} is an adult and must sign their own declaration.`,
            m.memberId,
          ),
        );
      }
      return out;
    }
    if (c.signatory !== 'GUARDIAN') {
      out.push(
        req(
          'GUARDIAN_SIGNATURE_REQUIRED',
          `Child ${m.memberId}: the declaration must be signed by a guardian.`,
          m.memberId,
        ),
      );
      return out;
    }
    const guardiansInCase = m.guardianMemberIds
      .map((id) => findMember(state, id))
      .filter((g): g is MemberState => !!g && !g.deceased);
    if (c.guardianMemberId !== undefined) {
      const g = findMember(state, c.guardianMemberId);
      if (!g || g.deceased || !m.guardianMemberIds.includes(g.memberId) || !isAdultOn(g, ctx.now, config)) {
        out.push(
          req(
            'GUARDIAN_NOT_VALID',
            `Member ${c.guardianMemberId} is not an adult guardian of child ${m.memberId}.`,
            m.memberId,
          ),
        );
      }
    } else if (guardiansInCase.length > 0 || !c.representativeRef) {
      out.push(
        req(
          'GUARDIAN_NOT_VALID',
          guardiansInCase.length > 0
            ? `Child ${m.memberId} has a guardian in the case: the guardian signs.`
            : `Child ${m.memberId} has no guardian in the case: record the legal representative who signs.`,
          m.memberId,
        ),
      );
    }
    if (!c.childViewsRecorded)
      out.push(req('CHILD_VIEWS_NOT_RECORDED', `The views of child ${m.memberId} have not been recorded.`, m.memberId));
    if (coSignRequired(state, m, ctx.now, config) && !c.childCoSigned) {
      out.push(
        req(
          'CHILD_CO_SIGNATURE_MISSING',
          `Child ${m.memberId} must sign the declaration together with their legal representative.`,
          m.memberId,
        ),
      );
    }
    return out;
  },
  Approve: (state, actor, ctx) => {
    const { config } = ctx;
    const out: Requirement[] = [];
    if (state.counsellingSinceReopen === 0)
      out.push(req('COUNSELLING_SESSION_MISSING', 'No counselling session since the case was (re)opened.'));
    if (!state.eligibility) out.push(req('ELIGIBILITY_NOT_RECORDED', 'Eligibility has not been recorded.'));
    else if (!state.eligibility.eligible) out.push(req('NOT_ELIGIBLE', 'The case was found not eligible.'));
    if (!state.vulnerabilityScreening)
      out.push(req('VULNERABILITY_SCREENING_MISSING', 'The rapid vulnerability screening has not been recorded.'));
    const ts = travellers(state);
    if (ts.length === 0) out.push(req('NO_TRAVELLERS', 'No member of the case is travelling.'));
    for (const m of ts) {
      out.push(...consentRequirements(m, ctx.now, config));
      out.push(...declarationRequirements(state, m, ctx.now, config));
      out.push(...assessmentRequirements(state, m, ctx.now, config));
      if (
        m.vulnerabilities.includes('ASYLUM_SEEKER') &&
        !m.declaration?.unhcrNotificationConsent &&
        !consentGiven(state, m.memberId, 'UNHCR_NOTIFICATION')
      ) {
        out.push(
          req(
            'UNHCR_NOTIFICATION_CONSENT_MISSING',
            `Member ${m.memberId} must consent to UNHCR being informed of the departure.`,
            m.memberId,
          ),
        );
      }
    }
    out.push(...holdRequirements(state, HOLDS_BLOCKING_APPROVAL, 'approval'));
    out.push(...repeatApplicantRequirements(state, config));
    const flagged = flaggedVulnerabilities(state).filter((v) => config.vulnerabilitiesNeedingSupervisor.includes(v));
    if (config.supervisorApprovalForVulnerable && flagged.length > 0 && actor.role !== 'supervisor') {
      out.push(
        req(
          'SUPERVISOR_APPROVAL_REQUIRED',
          `A supervisor must approve: vulnerabilities are flagged (${flagged.join(', ')}).`,
        ),
      );
    }
    return out;
  },
  RecordDocumentsAlreadyValid: (state, _actor, ctx, command) => {
    const c = commandOf(command, 'RecordDocumentsAlreadyValid');
    if (!c) return [];
    const earliest = addDays(today(ctx), ctx.config.documentExpiryBufferDays);
    return c.documents
      .filter((d) => d.expiresOn < earliest)
      .map((d) =>
        req(
          'DOCUMENT_EXPIRES_BEFORE_DEPARTURE',
          `The passport of member ${d.memberId} expires on ${d.expiresOn}: too soon to travel on.`,
          d.memberId,
        ),
      );
  },
  MarkReadyForBooking: (state, _actor, ctx, command) => {
    const { config } = ctx;
    const out: Requirement[] = [];
    const ts = travellers(state);
    if (ts.length === 0) out.push(req('NO_TRAVELLERS', 'No member of the case is travelling.'));
    for (const m of ts) {
      out.push(...documentRequirements(m, today(ctx), config));
      out.push(...exitRequirements(m, config));
      out.push(...fitnessRequirements(m, today(ctx)));
    }
    const c = commandOf(command, 'MarkReadyForBooking');
    if (c) {
      if (!c.receptionConfirmed)
        out.push(req('RECEPTION_NOT_CONFIRMED', 'The office in the country of origin has not confirmed reception.'));
      for (const m of needsEscort(state, ctx.now, config)) {
        if (!c.escortArranged)
          out.push(req('ESCORT_REQUIRED', `Member ${m.memberId} needs an escort: arrange one first.`, m.memberId));
      }
    }
    return out;
  },
  ConfirmBooking: (state, _actor, ctx, command) =>
    bookingRequirements(state, ctx, commandOf(command, 'ConfirmBooking')),
  ChangeBooking: (state, _actor, ctx, command) => {
    const c = commandOf(command, 'ChangeBooking');
    const out = bookingRequirements(state, ctx, c);
    if (c?.fallbackToDocumentation && out.some((r) => r.code === 'DOCUMENT_EXPIRES_BEFORE_DEPARTURE')) {
      // The change becomes "cancel the booking, renew the documents": no new booking, so no booking guard applies.
      return [];
    }
    return out;
  },
  RecordTicketCancellation: (state, _actor, ctx, command) =>
    // With a command: its itinerary's tickets must still wait (a repeat is refused); without: any itinerary's.
    tasksOf(state, ctx).some(
      (t) =>
        t.kind === 'CANCEL_TICKET' &&
        (command?.type !== 'RecordTicketCancellation' || t.subject === command.itineraryRef),
    )
      ? []
      : [
          req(
            'NO_TICKET_TO_CANCEL',
            'No booking ended by a withdrawal, a cancellation or a death waits for its tickets to be cancelled.',
          ),
        ],
  RecordPartnerNotification: (state, _actor, ctx) =>
    tasksOf(state, ctx).some((t) => t.kind === 'UNHCR_NOTIFICATION')
      ? []
      : [req('NO_PARTNER_NOTIFICATION_DUE', 'No departure waits for a partner to be informed.')],
  RecordNoShowReview: (state) =>
    state.noShowCount > 0 ? [] : [req('NO_SHOW_NOT_RECORDED', 'There is no no-show to review.')],
  RecordDeparture: (state, _actor, ctx, command) => {
    const out = holdRequirements(state, HOLDS_BLOCKING_DEPARTURE, 'departure');
    const mode = ctx.config.preEmbarkationCheckRequiredFor;
    for (const m of travellers(state)) {
      const needed = mode === 'ALL' || (mode === 'MEDICAL' && isMedical(m));
      const check = m.preEmbarkation;
      if (needed && (!check || !check.fit || check.itineraryRef !== state.booking?.itineraryRef)) {
        out.push(
          req(
            'PRE_EMBARKATION_CHECK_MISSING',
            `Member ${m.memberId} has no passed pre-embarkation check for this itinerary.`,
            m.memberId,
          ),
        );
      }
    }
    const c = commandOf(command, 'RecordDeparture');
    if (c && !c.voluntarinessReconfirmed) {
      out.push(
        req('VOLUNTARINESS_NOT_RECONFIRMED', 'The travellers must reconfirm on the day that they still want to go.'),
      );
    }
    return out;
  },
  RecordArrival: (state, _actor, ctx, command) => {
    const c = commandOf(command, 'RecordArrival');
    if (!c) return [];
    const out: Requirement[] = [];
    if (!c.receptionRecorded)
      out.push(
        req('RECEPTION_NOT_RECORDED', 'Record the reception (who met, immediate assistance, onward transport).'),
      );
    for (const m of travellers(state)) {
      if (isUasc(state, m, ctx.now, ctx.config) && !c.uascHandoverSigned) {
        out.push(
          req(
            'UASC_HANDOVER_NOT_SIGNED',
            `Child ${m.memberId} needs a signed handover to family or an authority.`,
            m.memberId,
          ),
        );
      }
    }
    return out;
  },
  RecordConsulateFollowUp: (state, _actor, _ctx, command) => {
    const pending = (m: MemberState) =>
      m.documents.some((d) => d.documentType === 'LAISSEZ_PASSER' && d.status === 'REQUESTED');
    if (!travellers(state).some(pending))
      return [req('NO_PENDING_CONSULAR_REQUEST', 'No laissez-passer request is waiting for a consulate.')];
    const c = commandOf(command, 'RecordConsulateFollowUp');
    const m = c && state.members.find((x) => x.memberId === c.memberId);
    return !c || (m && pending(m))
      ? []
      : [
          req(
            'NO_PENDING_CONSULAR_REQUEST',
            `Member ${c.memberId} has no laissez-passer request waiting for the consulate.`,
            c.memberId,
          ),
        ];
  },
  AcknowledgeHandover: (state) =>
    state.receivingOffice || state.arrival?.receivingOffice
      ? []
      : [req('RECEIVING_OFFICE_NOT_ASSIGNED', 'No office in the country of origin is assigned to the case.')],
  PlaceHold: (state, actor, _ctx, command) => {
    const c = commandOf(command, 'PlaceHold');
    if (!c) return [];
    const out: Requirement[] = [];
    const roles = HOLD_ROLES[c.hold]?.place ?? [];
    if (!roles.includes(actor.role))
      out.push(req('ROLE_NOT_ALLOWED', `The ${actor.role} role may not place a ${c.hold} hold.`, c.memberId));
    if (state.holds.some((h) => h.type === c.hold && h.memberId === c.memberId)) {
      out.push(req('HOLD_ALREADY_ACTIVE', `A ${c.hold} hold is already active.`, c.memberId));
    }
    return out;
  },
  LiftHold: (state, actor, ctx, command) => {
    const c = commandOf(command, 'LiftHold');
    if (!c) return [];
    const out: Requirement[] = [];
    const roles = HOLD_ROLES[c.hold]?.lift ?? [];
    if (!roles.includes(actor.role))
      out.push(req('ROLE_NOT_ALLOWED', `The ${actor.role} role may not lift a ${c.hold} hold.`, c.memberId));
    const hold = state.holds.find((h) => h.type === c.hold && h.memberId === c.memberId);
    if (!hold) {
      out.push(req('HOLD_NOT_ACTIVE', `No ${c.hold} hold is active.`, c.memberId));
      return out;
    }
    const m = findMember(state, c.memberId);
    if (c.hold === 'PROTECTION_RISK' && !c.mitigation) {
      out.push(req('MITIGATION_NOT_RECORDED', 'Record the mitigation before lifting a protection hold.', c.memberId));
    }
    // "Risk reassessed as acceptable, with mitigation recorded" (AVRR.md §5.2): the member's latest VoT risk result.
    if (c.hold === 'PROTECTION_RISK' && m && ctx.config.protectionLiftNeedsAcceptableRisk) {
      const vot = latestAssessment(m, 'VOT_RISK');
      if (!(vot?.status === 'COMPLETED' && vot.outcome === 'ACCEPTABLE')) {
        out.push(
          req(
            'RISK_NOT_ACCEPTABLE',
            `The protection risk of member ${m.memberId} has not been reassessed as acceptable.`,
            m.memberId,
          ),
        );
      }
    }
    if (
      c.hold === 'MEDICAL_UNFIT' &&
      m &&
      !(m.fitToTravel?.fit && compareInstants(m.fitToTravel.effectiveAt, hold.placedAt) >= 0)
    ) {
      out.push(req('FIT_TO_TRAVEL_MISSING', `Member ${m.memberId} needs a new fit-to-travel result.`, m.memberId));
    }
    if (c.hold === 'BID_PENDING' && m) {
      const bid = latestAssessment(m, 'BID');
      if (!(bid?.status === 'COMPLETED' && bid.outcome === 'RETURN_IN_BEST_INTERESTS')) {
        out.push(
          req(
            'BID_NOT_COMPLETED',
            `The best-interests determination for child ${m.memberId} is not positive.`,
            m.memberId,
          ),
        );
      }
    }
    return out;
  },
  Cancel: (state, _actor, ctx, command) => {
    const c = commandOf(command, 'Cancel');
    if (!c) return [];
    const out: Requirement[] = [];
    const closedBy = bidClosedBookingPath(state);
    if (closedBy && c.reasonCode !== 'RETURN_NOT_IN_BEST_INTERESTS') {
      out.push(
        req(
          'BOOKING_PATH_CLOSED',
          `The best-interests determination for child ${closedBy.memberId} closed the booking path: cancel with reason RETURN_NOT_IN_BEST_INTERESTS.`,
          closedBy.memberId,
        ),
      );
    }
    const reasons = closedBy
      ? [...(ctx.config.referralNoteCancelReasons ?? []), 'RETURN_NOT_IN_BEST_INTERESTS']
      : ctx.config.referralNoteCancelReasons;
    out.push(...referralNoteRequirements(reasons, c.reasonCode, c.referralNote, 'Cancelling for'));
    return out;
  },
  Reopen: (state, actor, ctx, command) => {
    const out: Requirement[] = [];
    if (state.stage === 'CANCELLED' && state.cancellation?.reasonCode === 'RETURN_NOT_IN_BEST_INTERESTS') {
      out.push(
        req(
          'BOOKING_PATH_CLOSED',
          "The case was cancelled because return is not in the child's best interests: it cannot be re-opened for return.",
        ),
      );
    }
    if (!withinReopenWindow(state, ctx.now, ctx.config)) {
      out.push(
        req('REOPEN_WINDOW_PASSED', `The case left the process more than ${ctx.config.reopenWindowDays} days ago.`),
      );
    }
    if (state.stage === 'CANCELLED' && actor.role !== 'supervisor') {
      out.push(req('ROLE_NOT_ALLOWED', 'Only a supervisor may re-open a cancelled case.'));
    }
    if (state.stage === 'CLOSED')
      out.push(...reopenClosedRequirements(state, actor, ctx, commandOf(command, 'Reopen')));
    return out;
  },
  ...REINTEGRATION_CHECKS,
};

/** Stage and role gate shared by every command. */
export function gateRequirements(state: CaseState, type: CaseCommandType, actor: Actor): Requirement[] {
  const stages = COMMAND_STAGES[type];
  if (!stages || !stages.includes(state.stage)) {
    return [req('NOT_ALLOWED_IN_STAGE', `${type} is not possible while the case is ${state.stage}.`)];
  }
  if (!COMMAND_ROLES[type].includes(actor.role)) {
    return [req('ROLE_NOT_ALLOWED', `The ${actor.role} role may not ${type}.`)];
  }
  const closedBy = OPEN_AFTER_NEGATIVE_BID.includes(type) ? null : bidClosedBookingPath(state);
  if (closedBy) {
    return [
      req(
        'BOOKING_PATH_CLOSED',
        `The best-interests determination for child ${closedBy.memberId} found return not in their best interests: the case can only be cancelled (RETURN_NOT_IN_BEST_INTERESTS, with a referral note).`,
        closedBy.memberId,
      ),
    ];
  }
  return [];
}

/**
 * Unmet requirements of a command: stage and role first (alone when they fail), then the rules. Used by
 * decide() with the command and by availableCommands() without it.
 */
export function requirementsFor(
  state: CaseState,
  type: CaseCommandType,
  actor: Actor,
  ctx: DecideContext,
  command?: CaseCommand,
): Requirement[] {
  const gate = gateRequirements(state, type, actor);
  if (gate.length > 0) return gate;
  const check = CHECKS[type];
  return check ? check(state, actor, ctx, command && command.type === type ? command : undefined) : [];
}

export interface CommandAvailability {
  type: CaseCommandType;
  allowed: boolean;
  unmet: Requirement[];
}

/**
 * "Why can't I advance?": every command relevant to the current stage, allowed or with its unmet
 * requirements (per member where they concern one). Same function as decide(), so they agree; payload-only
 * requirements (dates, consents given in the command) are checked when the command is sent.
 */
export function availableCommands(state: CaseState, actor: Actor, ctx: DecideContext): CommandAvailability[] {
  return (Object.keys(COMMAND_STAGES) as CaseCommandType[])
    .filter((type) => COMMAND_STAGES[type].includes(state.stage))
    .map((type) => {
      const unmet = requirementsFor(state, type, actor, ctx);
      return { type, allowed: unmet.length === 0, unmet };
    });
}

/** A repeat applicant follows the configured rule (DomainConfig.repeatApplicant; issue 11 item 6). */
function repeatApplicantRequirements(state: CaseState, config: DecideContext['config']): Requirement[] {
  if (!state.repeatApplicant) return [];
  const refs = state.repeatApplicant.candidateReferences.join(', ');
  switch (config.repeatApplicant ?? 'SUPERVISOR_EXCEPTION') {
    case 'ALLOWED':
      return [];
    case 'NOT_ELIGIBLE':
      return [req('REPEAT_APPLICANT_NOT_ELIGIBLE', `The person already returned with assistance (${refs}).`)];
    case 'SUPERVISOR_EXCEPTION':
      return state.repeatApplicant.exception
        ? []
        : [
            req(
              'REPEAT_APPLICANT_EXCEPTION_REQUIRED',
              `The person already returned with assistance (${refs}): a supervisor must record an exception.`,
            ),
          ];
  }
}
