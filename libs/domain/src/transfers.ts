/**
 * Transfers (AVRR.md §13 principle 5, §14 rule 5): data leaves the organisation, or crosses offices, only as a
 * `Transfer` record: recipient, purpose, the data items sent, the legal basis (a consent or a data-sharing agreement),
 * the safeguards, who approved and when. Default deny: each recipient kind has an allow-list of items; an item outside
 * it waits for the data protection focal point's approval, and some items never go to some recipients (a consulate
 * never learns VoT, medical or asylum facts; an airline never a diagnosis). The commands that send data create their
 * transfers here, derived from the events they produced; the projection stores them.
 */
import type { CaseChange } from './decide';
import type { CaseEvent } from './events';
import type { CaseView } from './view';
import { consentWithdrawn, continuityOfCareSharedInView } from './consents';

/** AUTHORITY: the host country's authorities that grant the exit authorization (AVRR.md §7.3). */
export type RecipientKind =
  'CONSULATE' | 'AUTHORITY' | 'AIRLINE' | 'UNHCR' | 'RECEIVING_OFFICE' | 'SERVICE_PROVIDER' | 'OTHER';
export const RECIPIENT_KINDS: readonly RecipientKind[] = [
  'CONSULATE',
  'AUTHORITY',
  'AIRLINE',
  'UNHCR',
  'RECEIVING_OFFICE',
  'SERVICE_PROVIDER',
  'OTHER',
];

/** What may be sent: coarse items, each of one data class (names and codes only, never the data itself). */
export type DataItem =
  | 'NAME'
  | 'DATE_OF_BIRTH'
  | 'NATIONALITY'
  | 'PHOTO'
  | 'CONTACT_DETAILS'
  | 'DOCUMENT_NUMBER'
  | 'ITINERARY'
  | 'SPECIAL_SERVICE_CODES'
  | 'DEPARTURE_NOTIFICATION'
  | 'HANDOVER_FILE'
  | 'CONTINUITY_OF_CARE_SUMMARY'
  | 'CASE_NOTES'
  | 'MEDICAL_DETAILS'
  | 'VOT_STATUS'
  | 'ASYLUM_STATUS'
  | 'GBV_DETAILS';
export const DATA_ITEMS: readonly DataItem[] = [
  'NAME',
  'DATE_OF_BIRTH',
  'NATIONALITY',
  'PHOTO',
  'CONTACT_DETAILS',
  'DOCUMENT_NUMBER',
  'ITINERARY',
  'SPECIAL_SERVICE_CODES',
  'DEPARTURE_NOTIFICATION',
  'HANDOVER_FILE',
  'CONTINUITY_OF_CARE_SUMMARY',
  'CASE_NOTES',
  'MEDICAL_DETAILS',
  'VOT_STATUS',
  'ASYLUM_STATUS',
  'GBV_DETAILS',
];

export interface TransferPolicy {
  /** Items this recipient kind may receive for its purpose without anyone's approval. */
  allowed: readonly DataItem[];
  /** Items it never receives, whoever approves (refused with TRANSFER_ITEM_PROHIBITED). */
  never: readonly DataItem[];
  /** Allowed items that also need a consent of the person (the purpose of that consent). */
  consentGated?: Partial<Record<DataItem, 'CONTINUITY_OF_CARE_SHARING' | 'PHOTOS_BIOMETRICS' | 'UNHCR_NOTIFICATION'>>;
}

const SPECIAL: readonly DataItem[] = ['MEDICAL_DETAILS', 'VOT_STATUS', 'ASYLUM_STATUS', 'GBV_DETAILS'];

/**
 * The allow-lists (AVRR.md §4 "External parties", §7.4): a consulate gets identity for the travel document only; an
 * airline the name, document number and special-service codes; UNHCR the departure notification; the receiving office
 * the handover file and, with consent, the continuity-of-care summary. Anything else: the focal point decides.
 */
export const TRANSFER_POLICY: Record<RecipientKind, TransferPolicy> = {
  CONSULATE: {
    allowed: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'PHOTO'],
    never: SPECIAL,
    consentGated: { PHOTO: 'PHOTOS_BIOMETRICS' },
  },
  // The exit authorization: who leaves, on which document; never why they are vulnerable.
  AUTHORITY: { allowed: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'DOCUMENT_NUMBER'], never: SPECIAL },
  AIRLINE: { allowed: ['NAME', 'DOCUMENT_NUMBER', 'SPECIAL_SERVICE_CODES'], never: SPECIAL },
  UNHCR: {
    allowed: ['DEPARTURE_NOTIFICATION'],
    never: ['MEDICAL_DETAILS', 'VOT_STATUS', 'GBV_DETAILS'],
    consentGated: { DEPARTURE_NOTIFICATION: 'UNHCR_NOTIFICATION' },
  },
  RECEIVING_OFFICE: {
    allowed: ['HANDOVER_FILE', 'CONTINUITY_OF_CARE_SUMMARY'],
    never: [],
    consentGated: { CONTINUITY_OF_CARE_SUMMARY: 'CONTINUITY_OF_CARE_SHARING' },
  },
  SERVICE_PROVIDER: { allowed: [], never: [] },
  OTHER: { allowed: [], never: [] },
};

export interface TransferCheck {
  /** Items outside the allow-list: they need the focal point's approval. */
  outside: DataItem[];
  /** Items this recipient never receives. */
  prohibited: DataItem[];
}

/** Which of these items the recipient kind may not receive as of right. */
export function checkTransfer(kind: RecipientKind, items: readonly DataItem[]): TransferCheck {
  const policy = TRANSFER_POLICY[kind];
  return {
    prohibited: items.filter((i) => policy.never.includes(i)),
    outside: items.filter((i) => !policy.allowed.includes(i) && !policy.never.includes(i)),
  };
}

export type LegalBasis = { kind: 'CONSENT'; ref: string } | { kind: 'AGREEMENT'; ref: string };

export type TransferStatus = 'SENT' | 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED';

/** A transfer as the domain derives it from a command's events (the projection stores it). */
export interface DerivedTransfer {
  /** `${caseId}:${version}:${n}`: stable, so a retried projection writes it once. */
  transferId: string;
  caseId: string;
  version: number;
  memberIds: string[];
  recipientKind: RecipientKind;
  /** The recipient's code (consulate / authority code, office code, 'UNHCR', the itinerary's carrier reference). */
  recipientName: string;
  purpose: string;
  items: DataItem[];
  legalBasis: LegalBasis;
  safeguards: string[];
  status: TransferStatus;
  /** 'ALLOW_LIST' for an allow-listed transfer; the approver's user id otherwise. */
  approvedBy: string | null;
  requestedBy: string;
  at: string;
}

/** The internal agreement under which a case crosses offices of the organisation. */
export const INTERNAL_HANDOVER_AGREEMENT = 'ORG-INTERNAL-HANDOVER';
/** The agreement under which booking data goes to carriers. */
export const CARRIER_AGREEMENT = 'CARRIER-BOOKING-TERMS';

const SAFEGUARDS: Record<RecipientKind, string[]> = {
  CONSULATE: ['MINIMUM_NECESSARY', 'NO_SPECIAL_CATEGORIES', 'SENT_BY_OFFICIAL_CHANNEL'],
  AUTHORITY: ['MINIMUM_NECESSARY', 'NO_SPECIAL_CATEGORIES', 'SENT_BY_OFFICIAL_CHANNEL'],
  AIRLINE: ['MINIMUM_NECESSARY', 'SERVICE_CODES_ONLY'],
  UNHCR: ['CONSENT_OF_PERSON', 'SENT_BY_OFFICIAL_CHANNEL'],
  RECEIVING_OFFICE: ['INSIDE_THE_SYSTEM', 'NEED_TO_KNOW'],
  SERVICE_PROVIDER: ['DATA_SHARING_AGREEMENT'],
  OTHER: ['DATA_SHARING_AGREEMENT'],
};

interface Draft {
  memberIds: string[];
  recipientKind: RecipientKind;
  recipientName: string;
  purpose: string;
  items: DataItem[];
  legalBasis: LegalBasis;
}

function draftsOf(view: CaseView, e: CaseEvent): Draft[] {
  switch (e.type) {
    case 'TravelDocumentRequested': {
      // The photo goes only with the photos-and-biometrics consent still standing.
      const photo = !consentWithdrawn(view, e.memberId, 'PHOTOS_BIOMETRICS');
      return [
        {
          memberIds: [e.memberId],
          recipientKind: 'CONSULATE',
          recipientName: e.authority,
          purpose: `TRAVEL_DOCUMENT_${e.documentType}`,
          items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', ...(photo ? (['PHOTO'] as const) : [])],
          legalBasis: { kind: 'CONSENT', ref: e.transferConsentRef },
        },
      ];
    }
    case 'ExitAuthorizationRequested':
      // Identity for the exit authorization (AVRR.md §5.3: logged with consent): the person's data-processing consent.
      return [
        {
          memberIds: [e.memberId],
          recipientKind: 'AUTHORITY',
          recipientName: e.authority,
          purpose: 'EXIT_AUTHORIZATION',
          items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'DOCUMENT_NUMBER'],
          legalBasis: { kind: 'CONSENT', ref: consentRefOf(view, [e.memberId], 'DATA_PROCESSING') },
        },
      ];
    case 'BookingConfirmed':
    case 'BookingChanged':
    case 'BookingTicketed': {
      const travellerIds = 'travellerIds' in e ? e.travellerIds : (view.booking?.travellerIds ?? []);
      const codes =
        view.flags.medical || view.members.some((m) => m.escortRequired && travellerIds.includes(m.memberId));
      return [
        {
          memberIds: [...travellerIds],
          recipientKind: 'AIRLINE',
          recipientName: e.itineraryRef,
          purpose: e.type === 'BookingTicketed' ? 'TICKET_ISSUANCE' : 'BOOKING',
          items: ['NAME', 'DOCUMENT_NUMBER', ...(codes ? (['SPECIAL_SERVICE_CODES'] as const) : [])],
          legalBasis: { kind: 'AGREEMENT', ref: CARRIER_AGREEMENT },
        },
      ];
    }
    case 'DepartureRecorded':
      return e.unhcrNotificationDue.length
        ? [
            {
              memberIds: [...e.unhcrNotificationDue],
              recipientKind: 'UNHCR',
              recipientName: 'UNHCR',
              purpose: 'DEPARTURE_NOTIFICATION',
              items: ['DEPARTURE_NOTIFICATION'],
              legalBasis: { kind: 'CONSENT', ref: consentRefOf(view, e.unhcrNotificationDue, 'UNHCR_NOTIFICATION') },
            },
          ]
        : [];
    case 'ArrivalRecorded': {
      const summary = view.flags.medical && continuityOfCareSharedInView(view);
      return [
        {
          memberIds: view.members.filter((m) => m.travelling).map((m) => m.memberId),
          recipientKind: 'RECEIVING_OFFICE',
          recipientName: e.receivingOffice,
          purpose: 'HANDOVER',
          items: ['HANDOVER_FILE', ...(summary ? (['CONTINUITY_OF_CARE_SUMMARY'] as const) : [])],
          legalBasis: { kind: 'AGREEMENT', ref: INTERNAL_HANDOVER_AGREEMENT },
        },
      ];
    }
    case 'ContinuityOfCareConsentRecorded':
      return e.given && view.flags.medical && view.receivingOffice && continuityOfCareSharedInView(view)
        ? [
            {
              memberIds: view.members.filter((m) => m.travelling).map((m) => m.memberId),
              recipientKind: 'RECEIVING_OFFICE',
              recipientName: view.reintegration?.handover.receivingOffice ?? view.receivingOffice,
              purpose: 'CONTINUITY_OF_CARE',
              items: ['CONTINUITY_OF_CARE_SUMMARY'],
              legalBasis: { kind: 'CONSENT', ref: e.consentRef },
            },
          ]
        : [];
    default:
      return [];
  }
}

function consentRefOf(
  view: CaseView,
  memberIds: readonly string[],
  purpose: 'UNHCR_NOTIFICATION' | 'DATA_PROCESSING',
): string {
  const refs = (view.consents ?? [])
    .filter((c) => memberIds.includes(c.memberId) && c.purpose === purpose && c.status === 'GIVEN')
    .map((c) => c.consentRef);
  // Given before purposes were recorded separately: with the voluntary return declaration (UNHCR notification), or
  // at registration (data processing).
  return refs.length ? refs.join(',') : `${purpose === 'DATA_PROCESSING' ? 'REGISTRATION' : 'DECLARATION'}:${purpose}`;
}

/**
 * The transfers a committed change sends (pure: from the change's events and the view after it). An allow-listed
 * transfer is SENT, approved by the allow-list; one with an item outside the list waits for the focal point
 * (PENDING_APPROVAL). The view is the case after the change, so a consent withdrawn earlier is already seen.
 */
export function transfersOfChange(view: CaseView, change: CaseChange): DerivedTransfer[] {
  const out: DerivedTransfer[] = [];
  for (const e of change.events) {
    for (const d of draftsOf(view, e)) {
      const check = checkTransfer(d.recipientKind, d.items);
      const pending = check.outside.length > 0 || check.prohibited.length > 0;
      out.push({
        transferId: `${view.caseId}:${change.version}:${out.length + 1}`,
        caseId: view.caseId,
        version: change.version,
        ...d,
        safeguards: SAFEGUARDS[d.recipientKind],
        status: pending ? 'PENDING_APPROVAL' : 'SENT',
        approvedBy: pending ? null : 'ALLOW_LIST',
        requestedBy: change.actor.userId,
        at: e.effectiveAt,
      });
    }
  }
  return out;
}

/**
 * A transfer requested by hand (not derived from a command): the status it starts in, or why it is refused. An
 * allow-listed item that needs a consent the person has not given (`consented`) counts as outside the list.
 */
export function requestedTransferStatus(
  kind: RecipientKind,
  items: readonly DataItem[],
  consented: (purpose: NonNullable<TransferPolicy['consentGated']>[DataItem]) => boolean = () => false,
): { ok: true; status: 'SENT' | 'PENDING_APPROVAL'; outside: DataItem[] } | { ok: false; prohibited: DataItem[] } {
  const check = checkTransfer(kind, items);
  if (check.prohibited.length) return { ok: false, prohibited: check.prohibited };
  const gated = TRANSFER_POLICY[kind].consentGated ?? {};
  const outside = [
    ...check.outside,
    ...items.filter((i) => !check.outside.includes(i) && gated[i] !== undefined && !consented(gated[i])),
  ];
  return { ok: true, status: outside.length ? 'PENDING_APPROVAL' : 'SENT', outside };
}
