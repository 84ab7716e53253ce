/**
 * The receiving office in the loop (issue 10 item 1): from booking on, the office in the country of origin that expects
 * the returnee sees the incoming case and is told when the return changes; and who is notified of each event of a case
 * (item 6), as one pure routing table. Ids, codes, dates and counts only: the notification bodies never carry names,
 * notes or a vulnerability kind.
 */
import { continuityOfCareSharedInView } from './consents';
import type { CaseChange } from './decide';
import type { CaseEvent } from './events';
import { RECEIVING_OFFICE_STAGES } from './stages';
import type { Role, Stage } from './types';
import type { CaseView } from './view';

/** Stages in which a case is on its way to the receiving office: booked, then in the air. */
export const INCOMING_STAGES: readonly Stage[] = ['BOOKED', 'DEPARTED'];

/** Stages in which the receiving office's staff see a case: incoming from booking on, then handed over to them. */
export const RECEIVING_OFFICE_SCOPE_STAGES: readonly Stage[] = [...INCOMING_STAGES, ...RECEIVING_OFFICE_STAGES];

// ------------------------------------------------------------------------------------------------- shared needs

/** The "needs" flags a receiving office may see (AVRR.md §4: D3 only as flags, and only with the returnee's consent). */
export interface SharedNeeds {
  medical: boolean;
  uasc: boolean;
  protection: boolean;
  vulnerable: boolean;
  escortRequired: boolean;
}

/**
 * Whether the returnee agreed to share their needs with the receiving office for continuity of care. One place to
 * change when consents become per purpose: today the continuity-of-care consent (RecordContinuityOfCareConsent).
 */
export function needsSharingConsented(view: CaseView): boolean {
  return continuityOfCareSharedInView(view);
}

/** The needs flags the receiving office may see, or null when the returnee did not consent to sharing them. */
export function sharedNeeds(view: CaseView): SharedNeeds | null {
  if (!needsSharingConsented(view)) return null;
  const travelling = view.members.filter((m) => m.travelling);
  return {
    medical: view.flags.medical,
    uasc: view.flags.uasc,
    protection: view.flags.protection,
    vulnerable: view.flags.vulnerable,
    escortRequired: travelling.some((m) => m.escortRequired),
  };
}

/** What the receiving office sees of an incoming case: when, which flight, how many, and the needs shared with it. */
export interface IncomingCase {
  caseId: string;
  reference: string;
  stage: Stage;
  hostOffice: string;
  receivingOffice: string | null;
  countryOfOrigin: string;
  expectedDepartureDate: string | null;
  expectedArrivalDate: string | null;
  itineraryRef: string | null;
  travellerCount: number;
  adultCount: number;
  childCount: number;
  escortOnItinerary: boolean;
  needsShared: boolean;
  needs: SharedNeeds | null;
  updatedAt: string;
}

export function incomingCase(view: CaseView): IncomingCase {
  const travelling = view.members.filter((m) => m.travelling);
  const b = view.booking;
  return {
    caseId: view.caseId,
    reference: view.reference,
    stage: view.stage,
    hostOffice: view.hostOffice,
    receivingOffice: view.receivingOffice ?? null,
    countryOfOrigin: view.countryOfOrigin,
    expectedDepartureDate: b?.departureDate ?? null,
    expectedArrivalDate: b ? (b.arrivalDate ?? b.departureDate) : null,
    itineraryRef: b?.itineraryRef ?? null,
    travellerCount: view.travellerCount,
    adultCount: travelling.filter((m) => !m.isChild).length,
    childCount: travelling.filter((m) => m.isChild).length,
    escortOnItinerary: b?.escortOnItinerary ?? false,
    needsShared: needsSharingConsented(view),
    needs: sharedNeeds(view),
    updatedAt: view.updatedAt,
  };
}

// ------------------------------------------------------------------------------------------------- notifications

/** What happened, in the words of a notification. */
export type CaseNotificationKind =
  | 'RETURNEE_EXPECTED'
  | 'EXPECTED_DATE_CHANGED'
  | 'ITINERARY_CHANGED'
  | 'NO_SHOW'
  | 'RETURN_WITHDRAWN'
  | 'RETURN_CANCELLED'
  | 'BOOKING_CANCELLED'
  | 'TURNED_BACK'
  | 'ARRIVAL_RECORDED';

export const CASE_NOTIFICATION_KINDS: readonly CaseNotificationKind[] = [
  'RETURNEE_EXPECTED',
  'EXPECTED_DATE_CHANGED',
  'ITINERARY_CHANGED',
  'NO_SHOW',
  'RETURN_WITHDRAWN',
  'RETURN_CANCELLED',
  'BOOKING_CANCELLED',
  'TURNED_BACK',
  'ARRIVAL_RECORDED',
];

/** HOST = the mission that organises the return; RECEIVING = the office in the country of origin that expects it. */
export interface CaseNotificationRecipient {
  role: Role;
  scope: 'HOST' | 'RECEIVING';
}

const recv = (...roles: Role[]): CaseNotificationRecipient[] => roles.map((role) => ({ role, scope: 'RECEIVING' }));
const host = (...roles: Role[]): CaseNotificationRecipient[] => roles.map((role) => ({ role, scope: 'HOST' }));

/**
 * Who is told of each kind (AVRR.md §4, §5.3, §10): the receiving office's counterparts and supervisor of every change
 * to a return they expect; the host office's officer of what the movement assistant or the receiving office recorded;
 * the movement assistant of a live booking that must be cancelled with the airline.
 */
export const CASE_NOTIFICATION_ROUTES: Record<CaseNotificationKind, readonly CaseNotificationRecipient[]> = {
  RETURNEE_EXPECTED: recv('counterpart', 'supervisor'),
  EXPECTED_DATE_CHANGED: recv('counterpart', 'supervisor'),
  ITINERARY_CHANGED: recv('counterpart'),
  NO_SHOW: [...recv('counterpart', 'supervisor'), ...host('officer')],
  RETURN_WITHDRAWN: [...recv('counterpart', 'supervisor'), ...host('movement')],
  RETURN_CANCELLED: [...recv('counterpart', 'supervisor'), ...host('movement')],
  BOOKING_CANCELLED: [...recv('counterpart'), ...host('officer')],
  TURNED_BACK: [...recv('counterpart', 'supervisor'), ...host('officer', 'supervisor')],
  ARRIVAL_RECORDED: [...recv('counterpart'), ...host('officer', 'movement')],
};

/** One notification to send for a committed change, recipients resolved to offices; the body is D0 only. */
export interface PlannedCaseNotification {
  kind: CaseNotificationKind;
  recipients: { role: Role; office: string }[];
  /** Offices whose webhook hears of it (each office named among the recipients). */
  offices: string[];
  body: {
    notificationKind: CaseNotificationKind;
    caseReference: string;
    stage: Stage;
    version: number;
    expectedDepartureDate?: string;
    expectedArrivalDate?: string;
    previousDepartureDate?: string;
    noShowCount?: number;
    travellerCount: number;
  };
}

/** The kind a committed change is notified as (the most specific event of the change wins), or null. */
export function notificationKindOf(events: readonly CaseEvent[]): CaseNotificationKind | null {
  const has = (t: CaseEvent['type']) => events.some((e) => e.type === t);
  if (has('CaseWithdrawn') || has('MembersWithdrawn')) return 'RETURN_WITHDRAWN';
  if (has('CaseCancelled')) return 'RETURN_CANCELLED';
  if (has('NoShowRecorded')) return 'NO_SHOW';
  if (has('TurnBackRecorded')) return 'TURNED_BACK';
  if (has('ArrivalRecorded')) return 'ARRIVAL_RECORDED';
  if (has('BookingConfirmed')) return 'RETURNEE_EXPECTED';
  const changed = events.find((e) => e.type === 'BookingChanged');
  if (changed)
    return changed.previousDepartureDate !== changed.departureDate ? 'EXPECTED_DATE_CHANGED' : 'ITINERARY_CHANGED';
  if (has('BookingCancelled')) return 'BOOKING_CANCELLED';
  return null;
}

/**
 * The office answering for the host side of a case. An inbound case (a returnee received from another mission, opened
 * at ARRIVED) names as host a mission outside this system: the receiving office answers for everything then, so
 * host-side recipients of an inbound case are the receiving office's (never the sending mission's).
 */
export function hostSideOffice(view: Pick<CaseView, 'hostOffice' | 'receivingOffice'>, inbound = false): string {
  return inbound && view.receivingOffice ? view.receivingOffice : view.hostOffice;
}

/**
 * The notifications a committed change sends: its kind from the table above, recipients resolved to the case's
 * offices. A return with no receiving office on record (withdrawn before any booking) tells only the host office.
 * Withdrawals and cancellations before any booking concern nobody outside the host office's own work: none is sent.
 */
export function caseEventNotifications(
  change: Pick<CaseChange, 'events' | 'version'>,
  view: CaseView,
  opts: { inbound?: boolean } = {},
): PlannedCaseNotification[] {
  const kind = notificationKindOf(change.events);
  if (!kind) return [];
  const bookingEnded = change.events.some(
    (e) =>
      e.type === 'BookingCancelled' ||
      ((e.type === 'CaseWithdrawn' || e.type === 'MembersWithdrawn' || e.type === 'CaseCancelled') &&
        !!e.cancelledBooking),
  );
  if ((kind === 'RETURN_WITHDRAWN' || kind === 'RETURN_CANCELLED') && !bookingEnded && !view.receivingOffice) return [];
  const offices = { HOST: hostSideOffice(view, opts.inbound), RECEIVING: view.receivingOffice };
  const seen = new Set<string>();
  const recipients: { role: Role; office: string }[] = [];
  for (const r of CASE_NOTIFICATION_ROUTES[kind]) {
    // The movement assistant only has a ticket to cancel when a live booking ended.
    if (r.role === 'movement' && (kind === 'RETURN_WITHDRAWN' || kind === 'RETURN_CANCELLED') && !bookingEnded)
      continue;
    const office = offices[r.scope];
    if (!office || seen.has(`${r.role}|${office}`)) continue;
    seen.add(`${r.role}|${office}`);
    recipients.push({ role: r.role, office });
  }
  if (!recipients.length) return [];
  const changed = change.events.find((e) => e.type === 'BookingChanged');
  const noShow = change.events.find((e) => e.type === 'NoShowRecorded');
  const b = view.booking;
  return [
    {
      kind,
      recipients,
      offices: [...new Set(recipients.map((r) => r.office))],
      body: {
        notificationKind: kind,
        caseReference: view.reference,
        stage: view.stage,
        version: change.version,
        ...(b ? { expectedDepartureDate: b.departureDate, expectedArrivalDate: b.arrivalDate ?? b.departureDate } : {}),
        ...(changed ? { previousDepartureDate: changed.previousDepartureDate } : {}),
        ...(noShow ? { noShowCount: noShow.noShowCount } : {}),
        travellerCount: view.travellerCount,
      },
    },
  ];
}
