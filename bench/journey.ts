/**
 * The pre-departure journey of one single adult, as libs/domain/src/journeys.spec.ts ("journey: single adult") and
 * test/helpers/journey.ts (singleAdultReady) run it: opening, then 13 commands from REGISTERED to DEPARTED, sent by
 * an officer, a supervisor (approval) and a movement assistant. Payloads as in test/helpers/journey.ts.
 */
import { randomUUID } from 'node:crypto';

export type User = 'officer.rabat' | 'supervisor.rabat' | 'movement.rabat';
export const USERS: User[] = ['officer.rabat', 'supervisor.rabat', 'movement.rabat'];

export interface Step {
  as: User;
  type: string;
  payload: (memberId: string) => Record<string, unknown>;
}

/** The calendar date n days from today (UTC, as the rules compare dates). */
export function days(n: number, from = new Date()): string {
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + n))
    .toISOString()
    .slice(0, 10);
}

const consent = { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' };

/** POST /cases body (test/helpers/households.ts singleAdult). */
export function singleAdult() {
  return {
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'WALK_IN',
    programme: 'AVRR-MA-2026',
    members: [
      {
        givenName: 'Mamadou',
        familyName: `Bah-${randomUUID().slice(0, 6)}`,
        sex: 'M',
        dateOfBirth: '1995-04-02',
        relationship: 'PA',
        nationality: 'GN',
        languages: ['fr', 'ff'],
        phone: '+212 661 234 567',
        dataConsent: consent,
      },
    ],
  };
}

export const counselling = {
  language: 'fr',
  interpreterUsed: false,
  mode: 'IN_PERSON',
  topics: ['RETURN', 'REINTEGRATION', 'ALTERNATIVES', 'RIGHTS', 'DATA_USE'],
};

/** REGISTERED -> COUNSELLING -> SCREENING -> APPROVED -> DOCUMENTATION -> READY_FOR_BOOKING -> BOOKED -> DEPARTED. */
export function journeySteps(today = new Date()): Step[] {
  const departureDate = days(0, today); // departs today, so the departure can be recorded now
  const lpExpiresOn = days(180, today);
  return [
    { as: 'officer.rabat', type: 'RecordCounsellingSession', payload: () => counselling },
    { as: 'officer.rabat', type: 'StartScreening', payload: () => ({}) },
    { as: 'officer.rabat', type: 'RecordEligibility', payload: () => ({ eligible: true, ruleId: 'RULE-GN-2026' }) },
    { as: 'officer.rabat', type: 'RecordRapidVulnerabilityScreening', payload: () => ({ findings: [] }) },
    {
      as: 'officer.rabat',
      type: 'SignVoluntaryReturnDeclaration',
      payload: (memberId) => ({ memberId, signatory: 'SELF', formVersion: 'VRD-2026-1', language: 'fr' }),
    },
    { as: 'supervisor.rabat', type: 'Approve', payload: () => ({}) },
    {
      as: 'officer.rabat',
      type: 'RequestTravelDocument',
      payload: (memberId) => ({
        memberId,
        documentType: 'LAISSEZ_PASSER',
        authority: 'CONSULATE-GN-RABAT',
        transferConsentRef: `tr-pa-${randomUUID().slice(0, 6)}`,
      }),
    },
    {
      as: 'officer.rabat',
      type: 'RecordDocumentIssued',
      payload: (memberId) => ({
        memberId,
        documentType: 'LAISSEZ_PASSER',
        documentRef: `doc-${randomUUID().slice(0, 8)}`,
        expiresOn: lpExpiresOn,
      }),
    },
    { as: 'officer.rabat', type: 'RequestExitAuthorization', payload: (memberId) => ({ memberId, authority: 'DGSN' }) },
    { as: 'officer.rabat', type: 'RecordExitAuthorization', payload: (memberId) => ({ memberId, granted: true }) },
    { as: 'officer.rabat', type: 'MarkReadyForBooking', payload: () => ({ receptionConfirmed: true }) },
    {
      as: 'movement.rabat',
      type: 'ConfirmBooking',
      payload: () => ({
        departureDate,
        itineraryRef: `IT-${departureDate}-${randomUUID().slice(0, 4)}`,
        fundsAvailable: true,
        ticketed: true,
      }),
    },
    {
      as: 'movement.rabat',
      type: 'RecordDeparture',
      payload: () => ({ voluntarinessReconfirmed: true, pocketMoney: { amount: 30, currency: 'EUR' } }),
    },
  ];
}

/** The stage each journey ends in. */
export const JOURNEY_END_STAGE = 'DEPARTED';
