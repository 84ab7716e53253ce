/**
 * Builders for the domain specs (and for other layers' tests). Pure, no test framework needed.
 * Names and other personal data never appear: members are ids, dates of birth and flags.
 */
import type { CaseCommand, CommandEnvelope } from './commands';
import { defaultDomainConfig, type DecideContext, type DomainConfig } from './config';
import { applyAccepted, decide, type DecideResult } from './decide';
import { initialState } from './evolve';
import type { CaseState } from './state';
import type { Actor, CaseOpened, MemberFacts, Role } from './types';

export const T0 = '2025-03-01T09:00:00.000Z';

export function actor(role: Role): Actor {
  return { userId: `user-${role}`, role };
}

export const officer = actor('officer');
export const supervisor = actor('supervisor');
export const protection = actor('protection');
export const medical = actor('medical');
export const movement = actor('movement');
export const counterpart = actor('counterpart');

export function context(now: string = T0, config: Partial<DomainConfig> = {}): DecideContext {
  return { now, config: { ...defaultDomainConfig, ...config } };
}

export function adult(memberId: string, over: Partial<MemberFacts> = {}): MemberFacts {
  return {
    memberId,
    relationship: 'PA',
    sex: 'M',
    dateOfBirth: '1990-05-14',
    dateOfBirthEstimated: false,
    guardianMemberIds: [],
    dataConsent: true,
    ...over,
  };
}

export function child(
  memberId: string,
  guardianMemberIds: string[],
  dateOfBirth = '2016-02-10',
  over: Partial<MemberFacts> = {},
): MemberFacts {
  return {
    memberId,
    relationship: 'CHILD',
    sex: 'F',
    dateOfBirth,
    dateOfBirthEstimated: false,
    guardianMemberIds,
    dataConsent: true,
    ...over,
  };
}

export function opening(members: MemberFacts[], over: Partial<CaseOpened> = {}): CaseOpened {
  return {
    caseId: 'case-1',
    reference: 'MA-2025-0001',
    hostOffice: 'RABAT',
    countryOfOrigin: 'SN',
    receivingOffice: 'DAKAR',
    referralSource: 'WALK_IN',
    members,
    openedAt: T0,
    ...over,
  };
}

let counter = 0;

export function envelope(state: CaseState, by: Actor, command: CaseCommand, effectiveAt: string): CommandEnvelope {
  counter += 1;
  return { meta: { commandId: `cmd-${counter}`, actor: by, expectedVersion: state.version, effectiveAt }, command };
}

/** decide() at time `at` (effective = recorded unless `effectiveAt` is given). */
export function attempt(
  state: CaseState,
  by: Actor,
  command: CaseCommand,
  at: string = T0,
  config: Partial<DomainConfig> = {},
  effectiveAt: string = at,
): DecideResult {
  return decide(state, envelope(state, by, command, effectiveAt), context(at, config));
}

/** decide + applyAccepted; throws with the rejection when the command is refused. */
export function run(
  state: CaseState,
  by: Actor,
  command: CaseCommand,
  at: string = T0,
  config: Partial<DomainConfig> = {},
  effectiveAt: string = at,
): CaseState {
  const env = envelope(state, by, command, effectiveAt);
  const ctx = context(at, config);
  const result = decide(state, env, ctx);
  if (!result.ok) {
    throw new Error(
      `${command.type} rejected: ${result.rejection.code} ${JSON.stringify(result.rejection.requirements.map((r) => [r.code, r.memberId]))} ${result.rejection.message}`,
    );
  }
  return applyAccepted(state, env, result.events, ctx).state;
}

/** Codes (with member) of a rejection, or [] when accepted. */
export function unmetCodes(result: DecideResult): string[] {
  if (result.ok) return [];
  return result.rejection.requirements.map((r) => (r.memberId ? `${r.code}:${r.memberId}` : r.code));
}

export const counselling: CaseCommand = {
  type: 'RecordCounsellingSession',
  language: 'fr',
  interpreterUsed: false,
  mode: 'IN_PERSON',
  topics: ['RETURN', 'REINTEGRATION', 'ALTERNATIVES'],
};

export function declaration(
  memberId: string,
  over: Partial<Extract<CaseCommand, { type: 'SignVoluntaryReturnDeclaration' }>> = {},
): CaseCommand {
  return {
    type: 'SignVoluntaryReturnDeclaration',
    memberId,
    signatory: 'SELF',
    formVersion: 'VRD-2024',
    language: 'fr',
    ...over,
  };
}

export function guardianDeclaration(childId: string, guardianMemberId: string): CaseCommand {
  return declaration(childId, { signatory: 'GUARDIAN', guardianMemberId, childViewsRecorded: true });
}

/** Opening → SCREENING with eligibility recorded and counselling held. */
export function toScreening(opened: CaseOpened, at: string = T0): CaseState {
  let s = initialState(opened);
  s = run(s, officer, counselling, at);
  s = run(s, officer, { type: 'StartScreening' }, at);
  s = run(s, officer, { type: 'RecordEligibility', eligible: true, ruleId: 'RULE-SN-2025' }, at);
  return s;
}

/** For each traveller: LP issued (expiring on `expiresOn`) and exit authorization granted. */
export function documentEveryone(state: CaseState, memberIds: string[], expiresOn: string, at: string = T0): CaseState {
  let s = state;
  for (const id of memberIds) {
    s = run(
      s,
      officer,
      {
        type: 'RequestTravelDocument',
        memberId: id,
        documentType: 'LAISSEZ_PASSER',
        authority: 'CONSULATE-SN-RABAT',
        transferConsentRef: `tr-${id}`,
      },
      at,
    );
    s = run(s, officer, { type: 'RequestExitAuthorization', memberId: id, authority: 'DGSN' }, at);
    s = run(
      s,
      officer,
      {
        type: 'RecordDocumentIssued',
        memberId: id,
        documentType: 'LAISSEZ_PASSER',
        documentRef: `doc-${id}`,
        expiresOn,
      },
      at,
    );
    s = run(s, officer, { type: 'RecordExitAuthorization', memberId: id, granted: true }, at);
  }
  return s;
}

export function booking(
  departureDate: string,
  over: Partial<Extract<CaseCommand, { type: 'ConfirmBooking' }>> = {},
): CaseCommand {
  return {
    type: 'ConfirmBooking',
    departureDate,
    itineraryRef: `IT-${departureDate}`,
    fundsAvailable: true,
    ticketed: true,
    ...over,
  };
}

/** Single adult 'a1' taken to READY_FOR_BOOKING with an LP expiring on `lpExpiry`. */
export function singleAdultReady(lpExpiry = '2025-04-01', at: string = T0): CaseState {
  let s = toScreening(opening([adult('a1')]), at);
  s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] }, at);
  s = run(s, officer, declaration('a1'), at);
  s = run(s, officer, { type: 'Approve' }, at);
  s = documentEveryone(s, ['a1'], lpExpiry, at);
  s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true }, at);
  return s;
}

/** One single-adult case in each stage it can reach (ASSESSMENT via a VoT finding). */
export function statesByStage(): Partial<Record<import('./types').Stage, CaseState>> {
  const out: Partial<Record<import('./types').Stage, CaseState>> = {};
  out.REFERRED = initialState(opening([adult('a1', { dataConsent: false })]));
  let s = initialState(opening([adult('a1')]));
  out.REGISTERED = s;
  s = run(s, officer, counselling);
  out.COUNSELLING = s;
  s = run(s, officer, { type: 'StartScreening' });
  s = run(s, officer, { type: 'RecordEligibility', eligible: true, ruleId: 'RULE-SN-2025' });
  out.SCREENING = s;
  out.ASSESSMENT = run(s, officer, {
    type: 'RecordRapidVulnerabilityScreening',
    findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
  });
  s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
  s = run(s, officer, declaration('a1'));
  s = run(s, officer, { type: 'Approve' });
  out.APPROVED = s;
  s = run(s, officer, {
    type: 'RequestTravelDocument',
    memberId: 'a1',
    documentType: 'LAISSEZ_PASSER',
    authority: 'CONSULATE-SN-RABAT',
    transferConsentRef: 'tr-a1',
  });
  s = run(s, officer, { type: 'RequestExitAuthorization', memberId: 'a1', authority: 'DGSN' });
  out.DOCUMENTATION = s;
  s = run(s, officer, {
    type: 'RecordDocumentIssued',
    memberId: 'a1',
    documentType: 'LAISSEZ_PASSER',
    documentRef: 'doc-a1',
    expiresOn: '2025-04-01',
  });
  s = run(s, officer, { type: 'RecordExitAuthorization', memberId: 'a1', granted: true });
  s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
  out.READY_FOR_BOOKING = s;
  s = run(s, movement, booking('2025-03-10'));
  out.BOOKED = s;
  s = run(s, movement, {
    type: 'RecordDeparture',
    voluntarinessReconfirmed: true,
    pocketMoney: { amount: 30, currency: 'EUR' },
  });
  out.DEPARTED = s;
  s = run(s, counterpart, { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' });
  out.ARRIVED = s;
  out.REINTEGRATION_COUNSELLING = run(s, counterpart, { type: 'AcknowledgeHandover' });
  out.WITHDRAWN = run(out.SCREENING, officer, { type: 'Withdraw' });
  out.CANCELLED = run(out.SCREENING, supervisor, { type: 'Cancel', reasonCode: 'FRAUD' });
  out.CLOSED = run(out.SCREENING, officer, { type: 'RecordDeath', memberId: 'a1' });
  return out;
}
