import type { CaseCommand } from './commands';
import { decide, applyAccepted, type CaseChange } from './decide';
import type { CaseState } from './state';
import { context, envelope, movement, officer, statesByStage, run } from './test-fixtures';
import {
  checkTransfer,
  requestedTransferStatus,
  transfersOfChange,
  TRANSFER_POLICY,
  RECIPIENT_KINDS,
} from './transfers';
import { toView } from './view';

/** The change a command makes, and the transfers derived from it. */
function transfers(state: CaseState, by: typeof officer, command: CaseCommand) {
  const env = envelope(state, by, command, state.updatedAt);
  const result = decide(state, env, context(state.updatedAt));
  if (!result.ok) throw new Error(result.rejection.message);
  const next = applyAccepted(state, env, result.events, context(state.updatedAt)).state;
  const change: CaseChange = {
    version: next.version,
    commandId: env.meta.commandId,
    commandType: command.type,
    actor: by,
    effectiveAt: env.meta.effectiveAt,
    recordedAt: next.updatedAt,
    fromStage: state.stage,
    toStage: next.stage,
    events: result.events,
  };
  return transfersOfChange(toView(next), change);
}

const requestLp: CaseCommand = {
  type: 'RequestTravelDocument',
  memberId: 'a1',
  documentType: 'LAISSEZ_PASSER',
  authority: 'CONSULATE-SN-RABAT',
  transferConsentRef: 'tr-a1',
};

describe('transfers', () => {
  it('should never let a consulate or an airline receive special categories, whoever approves', () => {
    for (const kind of ['CONSULATE', 'AIRLINE'] as const)
      for (const item of ['VOT_STATUS', 'MEDICAL_DETAILS', 'ASYLUM_STATUS'] as const)
        expect(requestedTransferStatus(kind, [item])).toEqual({ ok: false, prohibited: [item] });
  });

  it('should deny by default: a recipient kind with no allow-list needs the focal point for every item', () => {
    expect(requestedTransferStatus('SERVICE_PROVIDER', ['NAME'])).toEqual({
      ok: true,
      status: 'PENDING_APPROVAL',
      outside: ['NAME'],
    });
    expect(checkTransfer('CONSULATE', ['NAME', 'CONTACT_DETAILS']).outside).toEqual(['CONTACT_DETAILS']);
  });

  it('should hold a consent-gated item for approval when the consent is not given', () => {
    expect(requestedTransferStatus('RECEIVING_OFFICE', ['CONTINUITY_OF_CARE_SUMMARY']).ok && 'PENDING').toBe('PENDING');
    expect(requestedTransferStatus('RECEIVING_OFFICE', ['CONTINUITY_OF_CARE_SUMMARY'], () => true)).toMatchObject({
      status: 'SENT',
    });
  });

  it('should create the consulate transfer of a travel document request with the allowed identity items only', () => {
    const sut = transfers(statesByStage().APPROVED as CaseState, officer, requestLp);
    expect(sut).toEqual([
      expect.objectContaining({
        recipientKind: 'CONSULATE',
        recipientName: 'CONSULATE-SN-RABAT',
        items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'PHOTO'],
        legalBasis: { kind: 'CONSENT', ref: 'tr-a1' },
        status: 'SENT',
        approvedBy: 'ALLOW_LIST',
        memberIds: ['a1'],
      }),
    ]);
  });

  it('should create the authority transfer of an exit authorization request: identity and document number only', () => {
    const sut = transfers(statesByStage().APPROVED as CaseState, officer, {
      type: 'RequestExitAuthorization',
      memberId: 'a1',
      authority: 'DGSN',
    });
    expect(sut).toEqual([
      expect.objectContaining({
        recipientKind: 'AUTHORITY',
        recipientName: 'DGSN',
        purpose: 'EXIT_AUTHORIZATION',
        items: ['NAME', 'DATE_OF_BIRTH', 'NATIONALITY', 'DOCUMENT_NUMBER'],
        legalBasis: { kind: 'CONSENT', ref: expect.stringMatching(/DATA_PROCESSING/) },
        status: 'SENT',
        approvedBy: 'ALLOW_LIST',
        memberIds: ['a1'],
      }),
    ]);
    for (const item of ['VOT_STATUS', 'MEDICAL_DETAILS', 'ASYLUM_STATUS', 'GBV_DETAILS'] as const)
      expect(requestedTransferStatus('AUTHORITY', [item])).toEqual({ ok: false, prohibited: [item] });
  });

  it('should leave the photo out of the consulate transfer once the photos consent is withdrawn', () => {
    let s = statesByStage().APPROVED as CaseState;
    s = run(s, officer, {
      type: 'RecordConsent',
      memberId: 'a1',
      purpose: 'PHOTOS_BIOMETRICS',
      formVersion: 'F',
      language: 'fr',
      interpreterUsed: false,
      signatory: 'SELF',
      thumbprint: false,
      capacityConcern: false,
    });
    s = run(s, officer, { type: 'WithdrawConsent', memberId: 'a1', purpose: 'PHOTOS_BIOMETRICS' });
    expect(transfers(s, officer, requestLp)[0]?.items).toEqual(['NAME', 'DATE_OF_BIRTH', 'NATIONALITY']);
  });

  it('should create the airline transfer of a booking and the handover transfer of an arrival', () => {
    const booked = transfers(statesByStage().READY_FOR_BOOKING as CaseState, movement, {
      type: 'ConfirmBooking',
      departureDate: '2025-03-10',
      itineraryRef: 'ITN-1',
      fundsAvailable: true,
      ticketed: true,
    });
    expect(booked.map((t) => [t.recipientKind, t.items, t.status])).toEqual([
      ['AIRLINE', ['NAME', 'DOCUMENT_NUMBER'], 'SENT'],
    ]);
    const arrived = transfers(statesByStage().DEPARTED as CaseState, movement, {
      type: 'RecordArrival',
      receptionRecorded: true,
      receivingOffice: 'DAKAR',
    });
    expect(arrived.map((t) => [t.recipientKind, t.recipientName, t.items])).toEqual([
      ['RECEIVING_OFFICE', 'DAKAR', ['HANDOVER_FILE']],
    ]);
  });

  it('should derive only allow-listed transfers from commands (every allow-list item is in the policy)', () => {
    for (const kind of RECIPIENT_KINDS) {
      const policy = TRANSFER_POLICY[kind];
      expect(policy.allowed.filter((i) => policy.never.includes(i))).toEqual([]);
    }
  });
});
