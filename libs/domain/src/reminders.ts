/**
 * Reminders an officer actually wants (AVRR.md §10), derived from the case view: a pure function from the view, a few
 * facts the view does not carry (from the audit trail and the household) and configuration, to the reminders that
 * should exist now. The caller makes PostgreSQL match this list: new ones are created, moved ones rescheduled, the
 * rest cancelled. Ids are deterministic (case, kind, subject, step), so the same case state always yields the same ids.
 *
 * Not planned: the retention review (no retention schedule is modelled yet).
 */
import { rssConsentWithdrawn } from './consents';
import {
  addMonths,
  addOfficeWorkingDays,
  dateOfAge,
  defaultCalendar,
  localDate,
  type OfficeCalendar,
  zonedInstant,
} from './dates';
import { isEnded, isPostArrival, isPreDeparture } from './stages';
import type { Role, Stage } from './types';
import type { CaseState } from './state';
import type { CaseView } from './view';

export type ReminderKind =
  | 'CONSULATE_FOLLOW_UP'
  | 'DOCUMENT_EXPIRY'
  | 'DEPARTURE_CALL'
  | 'PRE_EMBARKATION_CHECK'
  | 'ARRIVAL_NOT_CONFIRMED'
  | 'HANDOVER_NOT_ACKNOWLEDGED'
  | 'FIRST_REINTEGRATION_COUNSELLING'
  | 'PLAN_OVERDUE'
  | 'UNDECIDED_CASE'
  | 'VOT_REASSESSMENT'
  | 'TURNS_ADULT'
  | 'TRANCHE_DUE'
  | 'MONITORING_VISIT_DUE'
  | 'RSS_DUE';

export const REMINDER_KINDS: readonly ReminderKind[] = [
  'CONSULATE_FOLLOW_UP',
  'DOCUMENT_EXPIRY',
  'DEPARTURE_CALL',
  'PRE_EMBARKATION_CHECK',
  'ARRIVAL_NOT_CONFIRMED',
  'HANDOVER_NOT_ACKNOWLEDGED',
  'FIRST_REINTEGRATION_COUNSELLING',
  'PLAN_OVERDUE',
  'UNDECIDED_CASE',
  'VOT_REASSESSMENT',
  'TURNS_ADULT',
  'TRANCHE_DUE',
  'MONITORING_VISIT_DUE',
  'RSS_DUE',
];

/**
 * What a reminder is about, in words that tell nothing special: the one name of a reminder that leaves the workflow
 * and PostgreSQL (Redis job data, logs, office webhooks, operations screens). Each category holds ordinary kinds next
 * to the ones that would reveal a special category (a VoT reassessment sits with the undecided case and the coming of
 * age; the medical pre-embarkation check with the departure call), so the category alone never tells one from the
 * other. The precise kind stays in PostgreSQL, for the readers the disclosure policy lets see it.
 */
export type ReminderCategory = 'DOCUMENTS' | 'DEPARTURE' | 'ASSESSMENT_DUE' | 'REINTEGRATION';

export const REMINDER_CATEGORY: Record<ReminderKind, ReminderCategory> = {
  CONSULATE_FOLLOW_UP: 'DOCUMENTS',
  DOCUMENT_EXPIRY: 'DOCUMENTS',
  DEPARTURE_CALL: 'DEPARTURE',
  PRE_EMBARKATION_CHECK: 'DEPARTURE',
  ARRIVAL_NOT_CONFIRMED: 'DEPARTURE',
  HANDOVER_NOT_ACKNOWLEDGED: 'REINTEGRATION',
  FIRST_REINTEGRATION_COUNSELLING: 'REINTEGRATION',
  PLAN_OVERDUE: 'REINTEGRATION',
  UNDECIDED_CASE: 'ASSESSMENT_DUE',
  VOT_REASSESSMENT: 'ASSESSMENT_DUE',
  TURNS_ADULT: 'ASSESSMENT_DUE',
  TRANCHE_DUE: 'REINTEGRATION',
  MONITORING_VISIT_DUE: 'REINTEGRATION',
  RSS_DUE: 'REINTEGRATION',
};

/** The neutral category of a stored kind (an unknown kind counts as an assessment: the least telling). */
export function reminderCategoryOf(kind: string): ReminderCategory {
  return REMINDER_CATEGORY[kind as ReminderKind] ?? 'ASSESSMENT_DUE';
}

/** HOST = the case's host office; RECEIVING = the receiving office in the country of origin. */
export interface ReminderRecipient {
  role: Role;
  scope: 'HOST' | 'RECEIVING';
}

export interface PlannedReminder {
  /**
   * The planning key `${caseId}.${kind}.${subject}.${step}`: precise, so internal. The stored id is an opaque keyed
   * digest of it (libs/projection), never this key: it would carry the kind into Redis keys, logs and screens.
   */
  id: string;
  caseId: string;
  kind: ReminderKind;
  /** The neutral category (REMINDER_CATEGORY), the only name of the reminder outside PostgreSQL. */
  category: ReminderCategory;
  /** What the reminder is about: 'case', 'departure', or `${memberId}-${documentType}` etc. Ids only. */
  subject: string;
  /** Index into the kind's offsets (the 14-day and the 30-day follow-up are steps 0 and 1). */
  step: number;
  dueAt: string;
  recipients: ReminderRecipient[];
}

/** What the view does not carry: from the audit trail (effective times) and the household (dates of birth). */
export interface ReminderFacts {
  lastCounsellingAt?: string;
  arrivedAt?: string;
  /** A pre-embarkation check was recorded after the current booking. */
  preEmbarkationRecorded?: boolean;
  /** memberId -> 'YYYY-MM-DD'. */
  birthDates?: Record<string, string>;
  hostCalendar?: OfficeCalendar;
  receivingCalendar?: OfficeCalendar;
}

/** The facts of ReminderFacts that come from the case itself (not the offices' calendars). */
export type CaseReminderFacts = Omit<ReminderFacts, 'hostCalendar' | 'receivingCalendar'>;

/**
 * The planner's facts that the view does not carry, from the workflow's own state: so the projection plans a case's
 * reminders from what the workflow committed, never by reading the audit trail back. The pre-embarkation check counts
 * when it is for the current itinerary (as the departure rule reads it).
 */
export function reminderFactsOf(state: CaseState): CaseReminderFacts {
  const counselled = state.counsellingSessions.reduce<string | undefined>(
    (last, c) => (last === undefined || Date.parse(c.effectiveAt) > Date.parse(last) ? c.effectiveAt : last),
    undefined,
  );
  const itinerary = state.booking?.itineraryRef;
  return {
    ...(counselled ? { lastCounsellingAt: counselled } : {}),
    ...(state.arrival ? { arrivedAt: state.arrival.effectiveAt } : {}),
    preEmbarkationRecorded:
      itinerary !== undefined && state.members.some((m) => m.preEmbarkation?.itineraryRef === itinerary),
    birthDates: Object.fromEntries(state.members.map((m) => [m.memberId, m.dateOfBirth])),
  };
}

export interface ReminderConfig {
  /** Offsets from each kind's anchor, ms (negative = before). */
  offsetsMs: Record<ReminderKind, readonly number[]>;
  /** Local hour at which a reminder anchored on a calendar date (departure, expiry) fires. */
  localHour: number;
  /** HANDOVER_NOT_ACKNOWLEDGED counts working days of the receiving office unless offsetsMs overrides it. */
  handoverWorkingDays: readonly number[];
  adultAge: number;
  preEmbarkationCheckRequiredFor: 'MEDICAL' | 'ALL' | 'NONE';
}

const H = 3_600_000;
const D = 24 * H;

/** Defaults from AVRR.md §10. */
export const DEFAULT_REMINDER_OFFSETS_MS: Record<ReminderKind, readonly number[]> = {
  CONSULATE_FOLLOW_UP: [14 * D, 30 * D],
  DOCUMENT_EXPIRY: [-14 * D, -7 * D],
  DEPARTURE_CALL: [-48 * H, -24 * H],
  PRE_EMBARKATION_CHECK: [-72 * H],
  ARRIVAL_NOT_CONFIRMED: [24 * H],
  HANDOVER_NOT_ACKNOWLEDGED: [],
  FIRST_REINTEGRATION_COUNSELLING: [7 * D],
  PLAN_OVERDUE: [30 * D],
  UNDECIDED_CASE: [30 * D],
  VOT_REASSESSMENT: [0],
  TURNS_ADULT: [-30 * D],
  TRANCHE_DUE: [0, 14 * D],
  MONITORING_VISIT_DUE: [-7 * D, 0],
  /** From the arrival's date plus 12 months. */
  RSS_DUE: [0],
};

export const defaultReminderConfig: ReminderConfig = {
  offsetsMs: DEFAULT_REMINDER_OFFSETS_MS,
  localHour: 8,
  handoverWorkingDays: [3],
  adultAge: 18,
  preEmbarkationCheckRequiredFor: 'MEDICAL',
};

/** The default configuration with overrides (unknown kinds are ignored). */
export function reminderConfig(
  overrides: {
    offsetsMs?: Record<string, readonly number[]>;
    localHour?: number;
    adultAge?: number;
    preEmbarkationCheckRequiredFor?: ReminderConfig['preEmbarkationCheckRequiredFor'];
  } = {},
): ReminderConfig {
  const offsetsMs = { ...DEFAULT_REMINDER_OFFSETS_MS };
  for (const [kind, list] of Object.entries(overrides.offsetsMs ?? {})) {
    if ((REMINDER_KINDS as readonly string[]).includes(kind)) offsetsMs[kind as ReminderKind] = list;
  }
  return {
    ...defaultReminderConfig,
    offsetsMs,
    ...(overrides.localHour !== undefined ? { localHour: overrides.localHour } : {}),
    ...(overrides.adultAge !== undefined ? { adultAge: overrides.adultAge } : {}),
    ...(overrides.preEmbarkationCheckRequiredFor
      ? { preEmbarkationCheckRequiredFor: overrides.preEmbarkationCheckRequiredFor }
      : {}),
  };
}

/**
 * Prefix of the reason recorded when operations staff cancel a reminder (by hand, or with the case's workflow). The
 * rule: an operator's cancellation sticks until the reminder's time changes; re-planning the same reminder at the same
 * time (the next projection of the case) must not undo it, a reminder moved to another time is planned again. The
 * projection applies it to the reminder rows in one statement (ReminderRepository's reminderSyncStatement).
 */
export const OPERATOR_CANCELLATION_PREFIX = 'operations:';

/** The cancellation reason recorded for an operator's cancellation (`why`: a code or short text, never personal data). */
export function operatorCancellationReason(why: string): string {
  return `${OPERATOR_CANCELLATION_PREFIX} ${why}`;
}

const WAITING_FOR_DECISION: readonly Stage[] = ['COUNSELLING', 'SCREENING', 'ASSESSMENT'];
const BEFORE_PLAN: readonly Stage[] = ['ARRIVED', 'REINTEGRATION_COUNSELLING'];
const ASSISTANCE: readonly Stage[] = ['PLAN_AGREED', 'ASSISTANCE_IN_PROGRESS', 'MONITORING'];

const officer: ReminderRecipient = { role: 'officer', scope: 'HOST' };

/** The reminders that should exist for this case now. An ended case (closed, withdrawn or cancelled) has none. */
export function planReminders(
  view: CaseView,
  facts: ReminderFacts = {},
  config: ReminderConfig = defaultReminderConfig,
): PlannedReminder[] {
  if (isEnded(view.stage)) return [];
  const out: PlannedReminder[] = [];
  const host = facts.hostCalendar ?? defaultCalendar();
  const receiving = facts.receivingCalendar ?? host;
  const onDate = (date: string, cal: OfficeCalendar = host) => zonedInstant(date, config.localHour, cal.timeZone);
  const add = (kind: ReminderKind, subject: string, anchorMs: number, recipients: ReminderRecipient[]) => {
    config.offsetsMs[kind].forEach((offset, step) => {
      out.push({
        id: `${view.caseId}.${kind}.${subject}.${step}`,
        caseId: view.caseId,
        kind,
        category: REMINDER_CATEGORY[kind],
        subject,
        step,
        dueAt: new Date(anchorMs + offset).toISOString(),
        recipients,
      });
    });
  };
  const preDeparture = isPreDeparture(view.stage);
  const travelling = view.members.filter((m) => m.travelling);

  if (preDeparture) {
    for (const m of travelling) {
      for (const d of m.documents) {
        if (d.status === 'REQUESTED' && d.documentType === 'LAISSEZ_PASSER' && d.requestedAt) {
          add('CONSULATE_FOLLOW_UP', `${m.memberId}-${d.documentType}`, Date.parse(d.requestedAt), [officer]);
        }
        if ((d.status === 'ISSUED' || d.status === 'ON_RECORD') && d.expiresOn) {
          add('DOCUMENT_EXPIRY', `${m.memberId}-${d.documentType}`, onDate(d.expiresOn), [
            officer,
            { role: 'movement', scope: 'HOST' },
          ]);
        }
      }
      for (const a of m.assessments) {
        if (a.assessment === 'VOT_RISK' && a.status === 'COMPLETED' && a.validUntil) {
          add('VOT_REASSESSMENT', `${m.memberId}-VOT_RISK`, onDate(a.validUntil), [
            { role: 'protection', scope: 'HOST' },
          ]);
        }
      }
    }
  }

  if (view.stage === 'BOOKED' && view.booking) {
    const departure = onDate(view.booking.departureDate);
    add('DEPARTURE_CALL', 'departure', departure, [officer]);
    const required =
      config.preEmbarkationCheckRequiredFor === 'ALL' ||
      (config.preEmbarkationCheckRequiredFor === 'MEDICAL' && view.flags.medical);
    if (required && !facts.preEmbarkationRecorded)
      add('PRE_EMBARKATION_CHECK', 'departure', departure, [{ role: 'medical', scope: 'HOST' }]);
  }

  if (view.stage === 'DEPARTED' && view.booking) {
    add('ARRIVAL_NOT_CONFIRMED', 'arrival', onDate(view.booking.arrivalDate ?? view.booking.departureDate, receiving), [
      { role: 'counterpart', scope: 'RECEIVING' },
      { role: 'movement', scope: 'HOST' },
    ]);
  }

  const ri = view.reintegration;
  const arrivedAtIso = ri?.handover.arrivedAt ?? facts.arrivedAt;
  if (BEFORE_PLAN.includes(view.stage)) {
    const arrived = Date.parse(arrivedAtIso ?? view.stageEnteredAt);
    if (view.stage === 'ARRIVED') {
      const counterpart: ReminderRecipient[] = [{ role: 'counterpart', scope: 'RECEIVING' }];
      if (config.offsetsMs.HANDOVER_NOT_ACKNOWLEDGED.length)
        add('HANDOVER_NOT_ACKNOWLEDGED', 'handover', arrived, counterpart);
      else {
        config.handoverWorkingDays.forEach((n, step) =>
          out.push({
            id: `${view.caseId}.HANDOVER_NOT_ACKNOWLEDGED.handover.${step}`,
            caseId: view.caseId,
            kind: 'HANDOVER_NOT_ACKNOWLEDGED',
            category: REMINDER_CATEGORY.HANDOVER_NOT_ACKNOWLEDGED,
            subject: 'handover',
            step,
            dueAt: new Date(addOfficeWorkingDays(arrived, n, receiving)).toISOString(),
            recipients: counterpart,
          }),
        );
      }
    }
    if (!ri?.assessments.length)
      add('FIRST_REINTEGRATION_COUNSELLING', 'arrival', arrived, [{ role: 'counterpart', scope: 'RECEIVING' }]);
    if (!ri?.plan)
      add('PLAN_OVERDUE', 'arrival', arrived, [
        { role: 'counterpart', scope: 'RECEIVING' },
        { role: 'supervisor', scope: 'RECEIVING' },
      ]);
  }

  if (ri && ASSISTANCE.includes(view.stage)) {
    for (const t of ri.tranches) {
      if (t.dueDate && (t.status === 'PLANNED' || t.status === 'REQUESTED' || t.status === 'APPROVED')) {
        add('TRANCHE_DUE', t.trancheId, onDate(t.dueDate, receiving), [
          { role: 'counterpart', scope: 'RECEIVING' },
          { role: 'finance', scope: 'RECEIVING' },
        ]);
      }
    }
    for (const v of ri.monitoring.planned) {
      if (v.status !== 'DONE')
        add('MONITORING_VISIT_DUE', `visit-${v.visitNo}`, onDate(v.dueOn, receiving), [
          { role: 'counterpart', scope: 'RECEIVING' },
        ]);
    }
  }
  // The RSS interview stops when its consent is withdrawn (no reminder to run it).
  const rssWithdrawn = rssConsentWithdrawn(view);
  if (ri && isPostArrival(view.stage) && arrivedAtIso && !rssWithdrawn && !ri.rss.some((r) => r.timing === 'ENDLINE')) {
    const arrivalDate = localDate(arrivedAtIso, receiving.timeZone);
    add('RSS_DUE', 'endline', onDate(addMonths(arrivalDate, 12), receiving), [
      { role: 'counterpart', scope: 'RECEIVING' },
    ]);
  }

  if (
    WAITING_FOR_DECISION.includes(view.stage) &&
    facts.lastCounsellingAt &&
    travelling.some((m) => !m.declarationSigned)
  ) {
    add('UNDECIDED_CASE', 'decision', Date.parse(facts.lastCounsellingAt), [officer]);
  }

  for (const m of view.members) {
    const dob = facts.birthDates?.[m.memberId];
    if (!dob || !m.isChild || m.deceased || m.withdrawn) continue;
    add('TURNS_ADULT', `${m.memberId}`, onDate(dateOfAge(dob, config.adultAge)), [officer]);
  }
  return out;
}
