import { randomUUID } from 'node:crypto';
import {
  booking,
  bornYearsAgo,
  CaseDriver,
  counselling,
  days,
  departure,
  documentMembers,
  eligible,
} from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/** A 16-year-old registered alone, flagged unaccompanied at intake; a legal representative consented for them. */
function unaccompaniedSixteenYearOld() {
  return {
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'NGO',
    programme: 'AVRR-MA-2026',
    members: [
      {
        givenName: 'Alseny',
        familyName: `Camara-${randomUUID().slice(0, 6)}`,
        sex: 'M',
        dateOfBirth: bornYearsAgo(16, 90),
        relationship: 'PA',
        nationality: 'GN',
        languages: ['fr', 'sus'],
        unaccompanied: true,
        dataConsent: { given: true, signatory: 'GUARDIAN', formVersion: 'DP-2026-1', language: 'fr' },
      },
    ],
  };
}

/**
 * Journey 3 (AVRR.md §5.2 BID_PENDING, §5.3 UASC rules, §7.4): an unaccompanied child is blocked until the
 * protection focal point completes a positive best-interests determination and a suitable family assessment; the
 * declaration is signed by the legal representative with the child co-signing (16+), a supervisor approves, and the
 * child travels with an escort and is handed over against signature.
 */
describe('journey: an unaccompanied 16-year-old', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const declaration = () => ({
    memberId: c.id('child'),
    signatory: 'GUARDIAN' as const,
    representativeRef: 'rep-2026-17',
    formVersion: 'VRD-2026-1',
    language: 'fr',
    childViewsRecorded: true,
    childCoSigned: true,
  });

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should register the child as UASC at intake', async () => {
    c = await CaseDriver.open(stack, officer, unaccompaniedSixteenYearOld(), ['child']);
    expect(c.stage).toBe('REGISTERED');
    expect(c.member('child')).toMatchObject({
      isChild: true,
      age: 16,
      vulnerabilities: ['UASC'],
      escortRequired: true,
    });
    expect(c.view.flags).toMatchObject({ uasc: true, vulnerable: true });
    await c.run(officer, 'RecordCounsellingSession', counselling);
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
  });

  it('should take the declaration from the legal representative with the child co-signing, never from the child alone', async () => {
    const d = declaration();
    await c.expectRejected(
      officer,
      'SignVoluntaryReturnDeclaration',
      { ...d, signatory: 'SELF', representativeRef: undefined },
      422,
      'REQUIREMENTS_NOT_MET',
      'GUARDIAN_SIGNATURE_REQUIRED:child',
      { exact: true },
    );
    await c.expectRejected(
      officer,
      'SignVoluntaryReturnDeclaration',
      { ...d, representativeRef: undefined, childCoSigned: false },
      422,
      'REQUIREMENTS_NOT_MET',
      ['GUARDIAN_NOT_VALID:child', 'CHILD_CO_SIGNATURE_MISSING:child'],
      { exact: true },
    );
    await c.run(officer, 'SignVoluntaryReturnDeclaration', d);
    expect(c.member('child').declarationSigned).toBe(true);
  });

  it('should block approval until the BID and the family assessment are done (requirements and Approve agree)', async () => {
    const unmet = await c.unmet('supervisor.rabat', 'Approve');
    expect(unmet).toEqual([
      'VULNERABILITY_SCREENING_MISSING',
      'BID_NOT_COMPLETED:child',
      'FAMILY_ASSESSMENT_PENDING:child',
      // The BID hold stands from registration (issue 10: unaccompanied from registration on).
      'HOLD_ACTIVE:child',
    ]);
    const rejected = await c.expectRejected('supervisor.rabat', 'Approve', {}, 422, 'REQUIREMENTS_NOT_MET', unmet, {
      exact: true,
    });
    expect(rejected.message).toMatch(/requirement/);
    expect(await c.unmet(officer, 'Approve')).toEqual([...(unmet ?? []), 'SUPERVISOR_APPROVAL_REQUIRED']);
  });

  it('should open the BID and the family assessment, with a BID_PENDING hold, at the rapid screening', async () => {
    await c.run(officer, 'RecordRapidVulnerabilityScreening', { findings: [] });
    expect(c.stage).toBe('ASSESSMENT');
    expect(c.member('child').assessments.map((a: any) => `${a.assessment}:${a.status}`)).toEqual([
      'BID:PENDING',
      'FAMILY:PENDING',
    ]);
    expect(c.view.holds).toEqual([expect.objectContaining({ type: 'BID_PENDING', memberId: c.id('child') })]);
    await c.expectRejected('supervisor.rabat', 'Approve', {}, 409, 'NOT_ALLOWED_IN_STAGE');
    expect((await c.requirements('supervisor.rabat')).commands.map((x: any) => x.type)).not.toContain('Approve');
  });

  it('should accept the BID only from protection, lift the hold on a positive one, and return to SCREENING after the family assessment', async () => {
    const bid = { memberId: c.id('child'), assessment: 'BID' as const, outcome: 'RETURN_IN_BEST_INTERESTS' as const };
    await c.expectRejected(
      'medical.rabat',
      'RecordAssessmentResult',
      bid,
      403,
      'ROLE_NOT_ALLOWED',
      'ROLE_NOT_ALLOWED:child',
    );
    await c.expectRejected(
      officer,
      'LiftHold',
      { hold: 'BID_PENDING', memberId: c.id('child') },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.expectRejected(
      'protection.rabat',
      'LiftHold',
      { hold: 'BID_PENDING', memberId: c.id('child') },
      422,
      'REQUIREMENTS_NOT_MET',
      'BID_NOT_COMPLETED:child',
    );
    await c.run('protection.rabat', 'RecordAssessmentResult', bid);
    expect(c.view.holds).toEqual([]);
    expect(c.stage).toBe('ASSESSMENT');
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: c.id('child'),
      assessment: 'FAMILY',
      outcome: 'FAMILY_TRACED_SUITABLE',
    });
    expect(c.stage).toBe('SCREENING');
    expect(c.member('child').assessments.map((a: any) => `${a.assessment}:${a.outcome}`)).toEqual([
      'BID:RETURN_IN_BEST_INTERESTS',
      'FAMILY:FAMILY_TRACED_SUITABLE',
    ]);
  });

  it("should then need only the supervisor's approval", async () => {
    expect(await c.unmet(officer, 'Approve')).toEqual(['SUPERVISOR_APPROVAL_REQUIRED']);
    await c.expectRejected(officer, 'Approve', {}, 422, 'REQUIREMENTS_NOT_MET', 'SUPERVISOR_APPROVAL_REQUIRED', {
      exact: true,
    });
    await c.run('supervisor.rabat', 'Approve', {});
    expect(c.stage).toBe('APPROVED');
  });

  it('should be ready for booking with documents and an escort arranged', async () => {
    await documentMembers(c, ['child'], days(30));
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'ESCORT_REQUIRED:child',
      { exact: true },
    );
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true, escortArranged: true });
    expect(c.stage).toBe('READY_FOR_BOOKING');
  });

  it('should book only with an escort on the itinerary', async () => {
    await c.expectRejected(
      'movement.rabat',
      'ConfirmBooking',
      booking(days(1)),
      422,
      'REQUIREMENTS_NOT_MET',
      ['CHILD_WITHOUT_GUARDIAN:child', 'ESCORT_REQUIRED:child'],
      { exact: true },
    );
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0), { escortOnItinerary: true }));
    expect(c.stage).toBe('BOOKED');
  });

  it('should record the arrival only with a signed handover to family or an authority', async () => {
    await c.run('movement.rabat', 'RecordDeparture', departure);
    expect(c.stage).toBe('DEPARTED');
    await c.expectRejected(
      'movement.rabat',
      'RecordArrival',
      { receptionRecorded: true, receivingOffice: 'GN-CKY' },
      422,
      'REQUIREMENTS_NOT_MET',
      'UASC_HANDOVER_NOT_SIGNED:child',
      { exact: true },
    );
    await c.run('movement.rabat', 'RecordArrival', {
      receptionRecorded: true,
      uascHandoverSigned: true,
      receivingOffice: 'GN-CKY',
    });
    expect(c.stage).toBe('ARRIVED');
    expect((await c.get('counterpart.conakry')).status).toBe(200);
  });

  it('should keep a whole audit trail with the protection and supervisor decisions in it', async () => {
    const entries = await c.expectCompleteAuditTrail();
    expect(entries.filter((e) => e.commandType === 'RecordAssessmentResult').map((e) => e.actorRole)).toEqual([
      'protection',
      'protection',
    ]);
    expect(entries.find((e) => e.commandType === 'Approve')).toMatchObject({
      actorRole: 'supervisor',
      fromStage: 'SCREENING',
      toStage: 'APPROVED',
    });
    const screening = entries.find((e) => e.commandType === 'RecordRapidVulnerabilityScreening');
    expect(screening.events.map((e: any) => e.type)).toEqual([
      'RapidVulnerabilityScreeningRecorded',
      'AssessmentRequired',
      'AssessmentRequired',
      'StageChanged', // no HoldPlaced here: the BID hold was placed at registration
    ]);
    await c.saveHistory('uasc-to-arrival');
  });
});
