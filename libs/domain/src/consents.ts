/**
 * Consents per purpose (AVRR.md §13 principle 4): separate, versioned consents for each purpose, per member, taken at
 * collection with the language, interpreter, signatory (self or guardian), thumbprint and a capacity concern. A new
 * record for the same member and purpose supersedes the earlier one (history kept); withdrawing one is its own
 * command, distinct from withdrawing from the return. What depends on a consent asks `consentGiven` here.
 */

export type ConsentPurpose =
  'DATA_PROCESSING' | 'CONTINUITY_OF_CARE_SHARING' | 'UNHCR_NOTIFICATION' | 'RSS_INTERVIEW' | 'PHOTOS_BIOMETRICS';

export const CONSENT_PURPOSES: readonly ConsentPurpose[] = [
  'DATA_PROCESSING',
  'CONTINUITY_OF_CARE_SHARING',
  'UNHCR_NOTIFICATION',
  'RSS_INTERVIEW',
  'PHOTOS_BIOMETRICS',
];

export type PurposeConsentSignatory = 'SELF' | 'GUARDIAN';
export const PURPOSE_CONSENT_SIGNATORIES: readonly PurposeConsentSignatory[] = ['SELF', 'GUARDIAN'];

/** One consent as recorded (a later record for the same member and purpose supersedes it; both stay). */
export interface PurposeConsentRecord {
  /** `${memberId}.${purpose}.${n}`: n counts the records of this member and purpose from 1 (the consent reference). */
  consentRef: string;
  memberId: string;
  purpose: ConsentPurpose;
  /** Version of the consent form. */
  formVersion: string;
  language: string;
  interpreterUsed: boolean;
  signatory: PurposeConsentSignatory;
  /** The guardian member who signed for a child (signatory GUARDIAN). */
  guardianMemberId?: string;
  /** Signed by thumbprint (the signatory could not write). */
  thumbprint: boolean;
  /** The officer recorded a concern about the person's capacity to consent. */
  capacityConcern: boolean;
  status: 'GIVEN' | 'WITHDRAWN';
  givenAt: string;
  recordedAt: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
}

/** What the consent questions need: the consents on record and the members (a state or a view). */
export interface ConsentHolder {
  consents?: readonly PurposeConsentRecord[];
  members: readonly { memberId: string }[];
}

/** The current (latest) record of a member's consent for a purpose, if any. */
export function currentConsent(
  state: Pick<ConsentHolder, 'consents'>,
  memberId: string,
  purpose: ConsentPurpose,
): PurposeConsentRecord | undefined {
  const list = (state.consents ?? []).filter((c) => c.memberId === memberId && c.purpose === purpose);
  return list[list.length - 1];
}

/** The member consented to this purpose and has not withdrawn it. */
export function consentGiven(
  state: Pick<ConsentHolder, 'consents'>,
  memberId: string,
  purpose: ConsentPurpose,
): boolean {
  return currentConsent(state, memberId, purpose)?.status === 'GIVEN';
}

/** The member's current consent for this purpose is withdrawn. */
export function consentWithdrawn(
  state: Pick<ConsentHolder, 'consents'>,
  memberId: string,
  purpose: ConsentPurpose,
): boolean {
  return currentConsent(state, memberId, purpose)?.status === 'WITHDRAWN';
}

/** Some member of the case withdrew their consent to this purpose (and did not give it again). */
export function anyConsentWithdrawn(state: ConsentHolder, purpose: ConsentPurpose): boolean {
  return state.members.some((m) => consentWithdrawn(state, m.memberId, purpose));
}

/**
 * The RSS interview may no longer be run: a member withdrew the RSS-interview consent. Its reminders stop, RecordRss
 * is refused, and the case may close as COMPLETED without the endline RSS (the closure records the waiver).
 */
export function rssConsentWithdrawn(state: ConsentHolder): boolean {
  return anyConsentWithdrawn(state, 'RSS_INTERVIEW');
}

/** The RSS waiver a closure records when the RSS-interview consent was withdrawn. */
export const RSS_WAIVER_CONSENT_WITHDRAWN = 'RSS_CONSENT_WITHDRAWN';

/** The next consent reference for a member and purpose. */
export function nextConsentRef(
  state: Pick<ConsentHolder, 'consents'>,
  memberId: string,
  purpose: ConsentPurpose,
): string {
  const n = (state.consents ?? []).filter((c) => c.memberId === memberId && c.purpose === purpose).length + 1;
  return `${memberId}.${purpose}.${n}`;
}

/** A consent as the case view shows it (the same record: no personal data, ids and codes only). */
export type ConsentView = PurposeConsentRecord;

/**
 * The returnee consented to sharing their D3 with the receiving office for continuity of care: the reintegration
 * command (RecordContinuityOfCareConsent) or a CONTINUITY_OF_CARE_SHARING consent of a member, and no member withdrew
 * that purpose since (a withdrawal stops the sharing, whichever way the consent was given).
 */
export function continuityOfCareShared(
  state: ConsentHolder & { reintegration?: { continuityOfCareConsent?: { given: boolean } } },
): boolean {
  if (anyConsentWithdrawn(state, 'CONTINUITY_OF_CARE_SHARING')) return false;
  return (
    !!state.reintegration?.continuityOfCareConsent?.given ||
    state.members.some((m) => consentGiven(state, m.memberId, 'CONTINUITY_OF_CARE_SHARING'))
  );
}

/** The same question asked of a case view (the reintegration part carries the answer from arrival on). */
export function continuityOfCareSharedInView(
  view: ConsentHolder & { reintegration?: { continuityOfCareConsent: boolean } },
): boolean {
  if (view.reintegration) return view.reintegration.continuityOfCareConsent;
  if (anyConsentWithdrawn(view, 'CONTINUITY_OF_CARE_SHARING')) return false;
  return view.members.some((m) => consentGiven(view, m.memberId, 'CONTINUITY_OF_CARE_SHARING'));
}
