import {
  ROLES,
  availableCommands,
  requirementsFor,
  type CaseCommand,
  type CaseCommandType,
  type CaseState,
  type Role,
} from './index';
import { reintegrationSample } from './reintegration/test-samples';
import {
  actor,
  attempt,
  booking,
  context,
  counselling,
  declaration,
  run,
  officer,
  statesByStage,
  unmetCodes,
  movement,
} from './test-fixtures';

/** A well-formed command of each type for the single-adult fixtures, shaped for the issuing role. */
function sample(type: CaseCommandType, s: CaseState, role: Role): CaseCommand {
  const consent = {
    memberId: 'a1',
    dataConsent: true as const,
    signatory: 'SELF' as const,
    formVersion: 'DP-2024',
    language: 'fr',
  };
  switch (type) {
    case 'Register':
      return { type, consents: [consent], duplicateCheckDone: true };
    case 'RecordDataConsent':
      return { type, consents: [consent] };
    case 'RecordCounsellingSession':
      return counselling;
    case 'StartScreening':
      return { type };
    case 'RecordEligibility':
      return { type, eligible: true, ruleId: 'R1' };
    case 'RecordRapidVulnerabilityScreening':
      return { type, findings: [] };
    case 'RecordAssessmentResult':
      return role === 'medical'
        ? { type, memberId: 'a1', assessment: 'MEDICAL', outcome: 'FIT' }
        : { type, memberId: 'a1', assessment: 'VOT_RISK', outcome: 'ACCEPTABLE', mitigation: 'M1' };
    case 'SignVoluntaryReturnDeclaration':
      return declaration('a1');
    case 'Approve':
      return { type };
    case 'RequestTravelDocument':
      return { type, memberId: 'a1', documentType: 'LAISSEZ_PASSER', authority: 'C', transferConsentRef: 'tr' };
    case 'RequestExitAuthorization':
      return { type, memberId: 'a1', authority: 'DGSN' };
    case 'RecordDocumentsAlreadyValid':
      return {
        type,
        documents: [{ memberId: 'a1', documentType: 'PASSPORT', documentRef: 'p', expiresOn: '2030-01-01' }],
      };
    case 'RecordDocumentIssued':
      return { type, memberId: 'a1', documentType: 'LAISSEZ_PASSER', documentRef: 'd', expiresOn: '2025-04-01' };
    case 'RecordDocumentRefused':
      return { type, memberId: 'a1', documentType: 'LAISSEZ_PASSER', reasonCode: 'X' };
    case 'RecordExitAuthorization':
      return { type, memberId: 'a1', granted: true };
    case 'MarkReadyForBooking':
      return { type, receptionConfirmed: true };
    case 'ConfirmBooking':
      return booking('2025-03-10');
    case 'ChangeBooking':
      return { type, departureDate: '2025-03-12', itineraryRef: 'IT-2', fundsAvailable: true, ticketed: true };
    case 'RecordTicketIssued':
      return { type, itineraryRef: s.booking?.itineraryRef ?? 'none' };
    case 'RecordNoShow':
      return { type };
    case 'RecordNoShowReview':
      return { type, approved: true };
    case 'RecordPreEmbarkationCheck':
      return { type, memberId: 'a1', fit: true };
    case 'RecordDeparture':
      return { type, voluntarinessReconfirmed: true, pocketMoney: { amount: 30, currency: 'EUR' } };
    case 'RecordTransit':
      return { type, location: 'CMN' };
    case 'RecordTransitIncident':
      return { type, kind: 'MISSED_CONNECTION', memberIds: ['a1'], transitPoint: 'CMN' };
    case 'RecordTurnBack':
      return { type, reason: 'STRANDED', documentsStillValid: true };
    case 'RecordArrival':
      return { type, receptionRecorded: true, uascHandoverSigned: true, receivingOffice: 'DAKAR' };
    case 'AcknowledgeHandover':
      return { type };
    case 'PlaceHold': {
      const hold =
        (
          {
            medical: 'MEDICAL_UNFIT',
            protection: 'LEGAL_PROCEEDINGS',
            supervisor: 'COO_SECURITY',
            system: 'CONTACT_LOST',
          } as const
        )[role as 'medical'] ?? 'BENEFICIARY_PAUSE';
      return { type, hold, ...(hold === 'MEDICAL_UNFIT' ? { memberId: 'a1' } : {}) };
    }
    case 'LiftHold':
      return {
        type,
        hold: s.holds[0]?.type ?? 'BENEFICIARY_PAUSE',
        ...(s.holds[0]?.memberId ? { memberId: s.holds[0].memberId } : {}),
      };
    case 'Withdraw':
      return { type };
    case 'Cancel':
      return { type, reasonCode: 'FRAUD' };
    case 'Reopen':
      return { type };
    case 'SplitCase':
      return { type, memberIds: ['a1'], newCaseId: 'case-x' };
    case 'RecordDeath':
      return { type, memberId: 'a1' };
    case 'RecordTicketCancellation':
      return { type, itineraryRef: s.bookingHistory[0]?.itineraryRef ?? 'IT-1' };
    case 'RecordPartnerNotification':
      return { type, partner: 'UNHCR' };
    case 'RecordConsulateFollowUp':
      return { type, memberId: 'a1', channel: 'PHONE', outcome: 'NO_REPLY' };
    case 'RecordProtectionFinding':
      return { type, memberId: 'a1', finding: 'GBV_SURVIVOR' };
    case 'RecordNationality':
      return { type, memberId: 'a1', nationality: 'SN', status: 'DECLARED' };
    case 'RecordConsent':
      return {
        type,
        memberId: 'a1',
        purpose: 'RSS_INTERVIEW',
        formVersion: 'RSS-1',
        language: 'fr',
        interpreterUsed: false,
        signatory: 'SELF',
        thumbprint: false,
        capacityConcern: false,
      };
    case 'WithdrawConsent':
      return { type, memberId: 'a1', purpose: 'DATA_PROCESSING' };
    case 'RecordDuplicateDecision':
      return {
        type,
        candidateCaseId: '00000000-0000-4000-8000-000000000001',
        decision: 'NEW_PERSON',
        candidateReference: 'MA-RBA-2026-00000001',
        candidateAssisted: false,
      };
    case 'RecordRepeatApplicantException':
      return { type, reason: 'OTHER' };
    default:
      return reintegrationSample(type, s, role);
  }
}

/** Commands whose requirements come from the state alone: decide and availableCommands must match exactly. */
const STATE_ONLY: CaseCommandType[] = [
  'StartScreening',
  'Approve',
  'RecordNoShow',
  'RecordNoShowReview',
  'Withdraw',
  'Cancel',
  'Reopen',
  'AcknowledgeHandover',
  'RecordCounsellingSession',
  'RecordEligibility',
  'RecordTransit',
  'RecordTransitIncident',
];
/** Samples that may legitimately fail on their payload alone in some fixtures. */
const PAYLOAD_DEPENDENT: CaseCommandType[] = ['PlaceHold', 'LiftHold', 'SplitCase', 'WithdrawConsent'];

const fixtures: [string, CaseState][] = Object.entries(statesByStage());
// Extra states: a case after two no-shows, and one with holds.
const ready = statesByStage().READY_FOR_BOOKING as CaseState;
let twoNoShows = run(ready, movement, booking('2025-03-05'));
twoNoShows = run(twoNoShows, movement, { type: 'RecordNoShow' });
twoNoShows = run(twoNoShows, movement, booking('2025-03-06'));
twoNoShows = run(twoNoShows, movement, { type: 'RecordNoShow' });
fixtures.push(['READY_AFTER_TWO_NO_SHOWS', twoNoShows]);
fixtures.push(['READY_WITH_PAUSE', run(ready, officer, { type: 'PlaceHold', hold: 'BENEFICIARY_PAUSE' })]);

describe('availableCommands agrees with decide', () => {
  const ctx = context();
  const cases = fixtures.flatMap(([name, state]) => ROLES.map((role) => [name, role, state] as const));

  it.each(cases)('in %s for the %s role', (_name, role, state) => {
    const by = actor(role);
    for (const a of availableCommands(state, by, ctx)) {
      const r = attempt(state, by, sample(a.type, state, role));
      const gate = a.unmet.find((u) => u.code === 'NOT_ALLOWED_IN_STAGE' || u.code === 'ROLE_NOT_ALLOWED');
      if (gate) {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.rejection.code).toBe(gate.code);
          expect(r.rejection.requirements).toEqual(a.unmet);
        }
        continue;
      }
      if (STATE_ONLY.includes(a.type)) {
        expect({ type: a.type, codes: unmetCodes(r) }).toEqual({
          type: a.type,
          codes: a.unmet.map((u) => (u.memberId ? `${u.code}:${u.memberId}` : u.code)),
        });
        continue;
      }
      if (!a.allowed) {
        expect(r.ok).toBe(false);
        if (!r.ok && r.rejection.code === 'REQUIREMENTS_NOT_MET')
          expect(r.rejection.requirements).toEqual(expect.arrayContaining(a.unmet));
        continue;
      }
      if (!PAYLOAD_DEPENDENT.includes(a.type))
        expect({ type: a.type, ok: r.ok, codes: unmetCodes(r) }).toEqual({ type: a.type, ok: true, codes: [] });
    }
  });

  it('should list only commands relevant to the stage, with unmet requirements per member', () => {
    const list = availableCommands(statesByStage().SCREENING as CaseState, officer, ctx);
    expect(list.map((a) => a.type)).toEqual(
      expect.arrayContaining([
        'RecordEligibility',
        'RecordRapidVulnerabilityScreening',
        'SignVoluntaryReturnDeclaration',
        'Approve',
        'Withdraw',
      ]),
    );
    expect(list.map((a) => a.type)).not.toContain('ConfirmBooking');
    expect(list.find((a) => a.type === 'Approve')?.unmet).toEqual([
      expect.objectContaining({ code: 'VULNERABILITY_SCREENING_MISSING' }),
      expect.objectContaining({ code: 'DECLARATION_NOT_SIGNED', memberId: 'a1' }),
    ]);
    expect(list.find((a) => a.type === 'Withdraw')).toEqual({ type: 'Withdraw', allowed: true, unmet: [] });
  });

  it('should explain a blocked booking in words without personal data', () => {
    const reqs = requirementsFor(twoNoShows, 'ConfirmBooking', movement, ctx);
    expect(reqs.map((r) => r.code)).toEqual(['NO_SHOW_REVIEW_REQUIRED', 'COUNSELLING_SESSION_MISSING']);
    for (const r of reqs) expect(r.message.length).toBeGreaterThan(10);
  });
});
