import { randomUUID } from 'node:crypto';

const consent = { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' };

/** A single adult returning to Guinea. */
export function singleAdult(overrides: Record<string, unknown> = {}) {
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
    ...overrides,
  };
}

/** Mother, father and two children; the children's guardians are both parents. */
export function familyOfFour(familyName = `Diallo-${randomUUID().slice(0, 6)}`) {
  return {
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'NGO',
    members: [
      {
        givenName: 'Aminata',
        familyName,
        sex: 'F',
        dateOfBirth: '1990-02-11',
        relationship: 'PA',
        nationality: 'GN',
        languages: ['fr'],
        phone: '+212 600 111 222',
        dataConsent: consent,
      },
      {
        givenName: 'Ibrahima',
        familyName,
        sex: 'M',
        estimatedAge: 38,
        relationship: 'SPOUSE',
        nationality: 'GN',
        languages: ['fr', 'ff'],
        dataConsent: consent,
      },
      {
        givenName: 'Fatoumata',
        familyName,
        sex: 'F',
        dateOfBirth: '2015-09-30',
        relationship: 'CHILD',
        nationality: 'GN',
        languages: ['fr'],
        guardianIndexes: [0, 1],
        dataConsent: { ...consent, signatory: 'GUARDIAN' },
      },
      {
        givenName: 'Ousmane',
        familyName,
        sex: 'M',
        dateOfBirth: '2019-01-15',
        relationship: 'CHILD',
        nationality: 'GN',
        languages: ['fr'],
        guardianIndexes: [0, 1],
        dataConsent: { ...consent, signatory: 'GUARDIAN' },
      },
    ],
  };
}
