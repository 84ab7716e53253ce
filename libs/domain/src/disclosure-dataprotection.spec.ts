import {
  CONSENT_PURPOSE_DISCLOSURE,
  DATA_PROTECTION_ROLES,
  discloseCase,
  discloseTransfer,
  EVENT_DISCLOSURE,
  mayReadTransfers,
  readerOf,
  REQUIREMENT_DISCLOSURE,
  ROLE_DISCLOSURE,
} from './disclosure';
import { ROLES, type Role } from './types';
import { statesByStage } from './test-fixtures';
import type { CaseState } from './state';
import { toView } from './view';

/** Who may read what of the data-protection records, role by role (issue 11 items 1-3). */
const TABLE: Record<Role, { transfers: boolean; desk: boolean; caseContent: boolean }> = {
  officer: { transfers: true, desk: false, caseContent: true },
  supervisor: { transfers: true, desk: false, caseContent: true },
  protection: { transfers: true, desk: false, caseContent: true },
  medical: { transfers: false, desk: false, caseContent: true },
  movement: { transfers: false, desk: false, caseContent: true },
  counterpart: { transfers: false, desk: false, caseContent: true },
  finance: { transfers: false, desk: false, caseContent: true },
  operations: { transfers: false, desk: false, caseContent: false },
  me: { transfers: false, desk: false, caseContent: false },
  dpo: { transfers: true, desk: true, caseContent: false },
  admin: { transfers: false, desk: false, caseContent: false },
  system: { transfers: false, desk: false, caseContent: false },
};

describe('disclosure of the data-protection records', () => {
  it.each(ROLES)('should give %s the transfers, the desk and the case content of the table', (role) => {
    expect({
      transfers: mayReadTransfers(role),
      desk: DATA_PROTECTION_ROLES.includes(role),
      caseContent: ROLE_DISCLOSURE[role].sees.some((t) => t !== 'OPERATIONAL'),
    }).toEqual(TABLE[role]);
  });

  it('should show the focal point no case content through the case endpoints (only through an audited request)', () => {
    const view = toView(statesByStage().BOOKED as CaseState);
    const shown = discloseCase(view, readerOf('dpo', view));
    expect(shown).not.toHaveProperty('members');
    expect(shown).not.toHaveProperty('consents');
  });

  it('should withhold the purpose and items of a transfer to UNHCR from a reader who may not see needs flags', () => {
    const t = { recipientKind: 'UNHCR', purpose: 'DEPARTURE_NOTIFICATION', items: ['DEPARTURE_NOTIFICATION'] };
    expect(discloseTransfer(t, 'officer')).toEqual(t);
    expect(discloseTransfer(t, 'dpo')).toEqual(t);
    expect(discloseTransfer(t, 'counterpart')).toEqual({ recipientKind: 'UNHCR', purpose: 'WITHHELD', items: [] });
    const consulate = { recipientKind: 'CONSULATE', purpose: 'TRAVEL_DOCUMENT', items: ['NAME'] };
    expect(discloseTransfer(consulate, 'counterpart')).toEqual(consulate);
  });

  it('should classify the consent events, the consent purposes and the consent requirement codes', () => {
    expect(EVENT_DISCLOSURE.ConsentRecorded.detail).toEqual(['CASE_MANAGEMENT']);
    expect(EVENT_DISCLOSURE.ConsentWithdrawn.detail).toEqual(['CASE_MANAGEMENT']);
    expect(CONSENT_PURPOSE_DISCLOSURE.UNHCR_NOTIFICATION).toBe('NEEDS');
    expect(REQUIREMENT_DISCLOSURE.CONSENT_WITHDRAWN.code).toBe('CASE_MANAGEMENT');
    expect(REQUIREMENT_DISCLOSURE.CONSENT_NOT_GIVEN.code).toBe('CASE_MANAGEMENT');
  });
});
