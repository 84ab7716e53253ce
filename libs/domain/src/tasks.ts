/**
 * Tasks (AVRR.md §5-§10, issue 10): the work that follows from a case's state and that someone must do, with an owner
 * (a role in an office, resolved to a person by the read model's case assignment), a due time and the command that
 * completes it. Derived, like reminders: a pure function of the workflow's state, computed in the workflow after each
 * change and carried to PostgreSQL by the projection, which opens the tasks that appear and closes those that are no
 * longer called for (as done when the change was the completing command, else as no longer needed). Nothing about a
 * task lives only in Redis.
 *
 * Ids are deterministic keys (case, kind, subject), so the same state always gives the same tasks and a retried
 * projection never doubles one. Keys carry ids and codes only; the kind can reveal a special category (a VoT risk
 * assessment reveals VoT), so the API shows tasks through disclosure.ts (discloseTask), never raw.
 */
import type { CaseCommandType } from './commands';
import type { DecideContext } from './config';
import { ageOn } from './dates';
import type { BookingEndReason } from './events';
import type { RssDimension } from './rss';
import type { CaseState, MemberState } from './state';
import { isPreDeparture } from './stages';
import type { AssessmentType, Role } from './types';

export type TaskKind =
  | 'CANCEL_TICKET'
  | 'BID_ASSESSMENT'
  | 'VOT_RISK_ASSESSMENT'
  | 'FAMILY_ASSESSMENT'
  | 'MEDICAL_ASSESSMENT'
  | 'NO_SHOW_REVIEW'
  | 'DOCUMENT_RENEWAL'
  | 'UNHCR_NOTIFICATION'
  | 'CHILD_WITHOUT_GUARDIAN'
  | 'RSS_FOLLOW_UP';

export const TASK_KINDS: readonly TaskKind[] = [
  'CANCEL_TICKET',
  'BID_ASSESSMENT',
  'VOT_RISK_ASSESSMENT',
  'FAMILY_ASSESSMENT',
  'MEDICAL_ASSESSMENT',
  'NO_SHOW_REVIEW',
  'DOCUMENT_RENEWAL',
  'UNHCR_NOTIFICATION',
  'CHILD_WITHOUT_GUARDIAN',
  'RSS_FOLLOW_UP',
];

/** What an RSS follow-up suggests doing (AVRR.md §8.4: a low score triggers a referral or an extra visit). */
export type SuggestedAction = 'MHPSS_REFERRAL' | 'EXTRA_VISIT';

/** HOST = the case's host office; RECEIVING = the receiving office in the country of origin. */
export interface TaskOwner {
  role: Role;
  scope: 'HOST' | 'RECEIVING';
}

export interface PlannedTask {
  /** `${caseId}.${kind}.${subject}`: ids and codes only. */
  key: string;
  kind: TaskKind;
  /** What the task is about: 'case', an itinerary ref, `${memberId}-${documentType}`, a follow-up id. */
  subject: string;
  memberId?: string;
  owner: TaskOwner;
  /** When the work is due (ISO instant). */
  dueAt: string;
  /** When it becomes an alert beyond being overdue (a document to renew expires with no new request). */
  alertAt?: string;
  /** The command that completes it. */
  command: CaseCommandType;
  suggestedAction?: SuggestedAction;
}

/** The owner role of each kind (the table test pins it). Officer work goes to the case's assigned officer. */
export const TASK_OWNERS: Record<TaskKind, TaskOwner> = {
  CANCEL_TICKET: { role: 'movement', scope: 'HOST' },
  BID_ASSESSMENT: { role: 'protection', scope: 'HOST' },
  VOT_RISK_ASSESSMENT: { role: 'protection', scope: 'HOST' },
  FAMILY_ASSESSMENT: { role: 'protection', scope: 'HOST' },
  MEDICAL_ASSESSMENT: { role: 'medical', scope: 'HOST' },
  NO_SHOW_REVIEW: { role: 'supervisor', scope: 'HOST' },
  DOCUMENT_RENEWAL: { role: 'officer', scope: 'HOST' },
  UNHCR_NOTIFICATION: { role: 'officer', scope: 'HOST' },
  CHILD_WITHOUT_GUARDIAN: { role: 'protection', scope: 'HOST' },
  RSS_FOLLOW_UP: { role: 'counterpart', scope: 'RECEIVING' },
};

/** The command that completes each kind. */
export const TASK_COMMANDS: Record<TaskKind, CaseCommandType> = {
  CANCEL_TICKET: 'RecordTicketCancellation',
  BID_ASSESSMENT: 'RecordAssessmentResult',
  VOT_RISK_ASSESSMENT: 'RecordAssessmentResult',
  FAMILY_ASSESSMENT: 'RecordAssessmentResult',
  MEDICAL_ASSESSMENT: 'RecordAssessmentResult',
  NO_SHOW_REVIEW: 'RecordNoShowReview',
  DOCUMENT_RENEWAL: 'RequestTravelDocument',
  UNHCR_NOTIFICATION: 'RecordPartnerNotification',
  CHILD_WITHOUT_GUARDIAN: 'RecordAssessmentResult',
  RSS_FOLLOW_UP: 'RecordFollowUp',
};

const DAY = 86_400_000;

/** Days from the fact that calls for a task to its due time (AVRR.md §9 where it names one; [A] otherwise). */
export const DEFAULT_TASK_DUE_DAYS: Record<TaskKind, number> = {
  CANCEL_TICKET: 1,
  BID_ASSESSMENT: 30,
  VOT_RISK_ASSESSMENT: 10,
  FAMILY_ASSESSMENT: 30,
  MEDICAL_ASSESSMENT: 10,
  NO_SHOW_REVIEW: 2,
  DOCUMENT_RENEWAL: 3,
  UNHCR_NOTIFICATION: 2,
  CHILD_WITHOUT_GUARDIAN: 2,
  RSS_FOLLOW_UP: 14,
};

/** The booking end reasons after which the tickets (or the held seats) must be cancelled with the carrier. */
export const TICKET_CANCELLATION_REASONS: readonly BookingEndReason[] = [
  'WITHDRAWN',
  'MEMBER_WITHDRAWN',
  'CANCELLED',
  // A traveller's death ends the booking too; the others are booked again, on new tickets.
  'DECEASED',
];

/** Repeated no-shows: from this count on, rebooking waits for a supervisor's review (AVRR.md §5.3). */
export const NO_SHOW_REVIEW_FROM = 2;

const ASSESSMENT_TASK: Record<AssessmentType, TaskKind> = {
  BID: 'BID_ASSESSMENT',
  VOT_RISK: 'VOT_RISK_ASSESSMENT',
  FAMILY: 'FAMILY_ASSESSMENT',
  MEDICAL: 'MEDICAL_ASSESSMENT',
};

const plusDays = (instant: string, days: number) => new Date(Date.parse(instant) + days * DAY).toISOString();
const later = (a: string | undefined, b: string | undefined) =>
  a === undefined ? b : b === undefined ? a : Date.parse(a) >= Date.parse(b) ? a : b;

function active(m: MemberState): boolean {
  return m.travelling && !m.withdrawn && !m.deceased;
}

/**
 * When a child's guardians of record all left the household (withdrew, died, or were split off into a case of their
 * own), the last of those times; undefined while one of them still travels with the child or when the child had none
 * on record (an unaccompanied child from intake takes the UASC path, not this task).
 */
function guardianLeftAt(state: CaseState, child: MemberState): string | undefined {
  if (!child.guardianMemberIds.length) return undefined;
  let left: string | undefined;
  for (const id of child.guardianMemberIds) {
    const g = state.members.find((m) => m.memberId === id);
    if (g && active(g)) return undefined;
    const at = g
      ? (g.deceasedAt ?? g.withdrawnAt ?? state.updatedAt)
      : (state.splits.find((s) => s.memberIds.includes(id))?.effectiveAt ?? state.updatedAt);
    left = later(left, at);
  }
  return left;
}

function suggestedActionFor(dimensions: readonly (RssDimension | 'COMPOSITE')[]): SuggestedAction {
  return dimensions.includes('PSYCHOSOCIAL') ? 'MHPSS_REFERRAL' : 'EXTRA_VISIT';
}

/**
 * The tasks this case's state calls for now. Pure: the same state and configuration give the same list, whatever the
 * time (overdue is the reader's comparison of `dueAt` with now). A closed case has none left.
 */
export function tasksOf(
  state: CaseState,
  ctx: DecideContext,
  dueDays: Record<TaskKind, number> = DEFAULT_TASK_DUE_DAYS,
): PlannedTask[] {
  const out: PlannedTask[] = [];
  const add = (kind: TaskKind, subject: string, from: string, extra: Partial<PlannedTask> = {}) =>
    out.push({
      key: `${state.caseId}.${kind}.${subject}`,
      kind,
      subject,
      owner: TASK_OWNERS[kind],
      dueAt: plusDays(from, dueDays[kind]),
      command: TASK_COMMANDS[kind],
      ...extra,
    });
  if (state.stage === 'CLOSED') return out;

  // A booking ended by a withdrawal, a cancellation or a death: the movement assistant cancels the tickets (or held seats).
  const cancelled = new Set((state.ticketCancellations ?? []).map((t) => t.itineraryRef));
  for (const b of state.bookingHistory) {
    if (TICKET_CANCELLATION_REASONS.includes(b.outcome as BookingEndReason) && !cancelled.has(b.itineraryRef)) {
      cancelled.add(b.itineraryRef); // one task per itinerary, even if it ended twice
      add('CANCEL_TICKET', b.itineraryRef, b.at);
    }
  }

  const preDeparture = isPreDeparture(state.stage);
  for (const m of state.members) {
    if (!active(m)) continue;
    // Pending assessments: protection (BID, VoT risk, family) or the medical officer, before departure.
    if (preDeparture) {
      for (const a of m.assessments) {
        if (a.status !== 'PENDING') continue;
        const kind = ASSESSMENT_TASK[a.assessment];
        add(kind, `${m.memberId}-${a.assessment}`, a.requiredAt ?? state.stageEnteredAt, { memberId: m.memberId });
      }
      // A document routed back to renewal with no new request since: the officer requests one; its expiry is the alert.
      for (const [i, d] of m.documents.entries()) {
        if (d.status !== 'RENEWAL_REQUIRED' && d.status !== 'EXPIRED') continue;
        const renewed = m.documents.slice(i + 1).some((n) => n.documentType === d.documentType);
        if (renewed) continue;
        add('DOCUMENT_RENEWAL', `${m.memberId}-${d.documentType}`, d.decidedAt ?? state.stageEnteredAt, {
          memberId: m.memberId,
          ...(d.expiresOn ? { alertAt: `${d.expiresOn}T00:00:00.000Z` } : {}),
        });
      }
      // A child whose guardians of record all left the household: protection looks at the child's situation (BID).
      if (ageOn(m.dateOfBirth, state.updatedAt) < ctx.config.adultAge) {
        const leftAt = guardianLeftAt(state, m);
        const bidSince = m.assessments.some(
          (a) =>
            a.assessment === 'BID' &&
            a.completedAt !== undefined &&
            leftAt !== undefined &&
            Date.parse(a.completedAt.effectiveAt) >= Date.parse(leftAt),
        );
        if (leftAt && !bidSince) add('CHILD_WITHOUT_GUARDIAN', m.memberId, leftAt, { memberId: m.memberId });
      }
    }
  }

  // Repeated no-shows: the supervisor reviews before the case is booked again.
  if (
    state.noShowCount >= NO_SHOW_REVIEW_FROM &&
    state.noShowReview?.noShowCount !== state.noShowCount &&
    (state.stage === 'DOCUMENTATION' || state.stage === 'READY_FOR_BOOKING')
  ) {
    add('NO_SHOW_REVIEW', `no-show-${state.noShowCount}`, state.lastNoShowAt ?? state.stageEnteredAt);
  }

  // Departure of an asylum seeker: the officer informs UNHCR (the person consented to it before approval).
  if (state.departure && !state.unhcrNotification) {
    const departed = new Set(state.departure.travellerIds);
    const asylum = state.members.some((m) => departed.has(m.memberId) && m.vulnerabilities.includes('ASYLUM_SEEKER'));
    if (asylum) add('UNHCR_NOTIFICATION', state.departure.itineraryRef, state.departure.effectiveAt);
  }

  // An RSS dimension below its threshold: the counterpart follows up (MHPSS referral, extra visit).
  for (const f of state.reintegration?.followUps ?? []) {
    if (f.status !== 'OPEN') continue;
    add('RSS_FOLLOW_UP', f.followUpId, f.openedAt, { suggestedAction: suggestedActionFor(f.dimensions) });
  }
  return out;
}
