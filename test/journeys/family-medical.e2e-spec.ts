import { familyOfFour } from '../helpers/households';
import {
  booking,
  CaseDriver,
  counselling,
  days,
  departure,
  documentMembers,
  eligible,
  guardianDeclaration,
  selfDeclaration,
} from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/**
 * Journey 2 (AVRR.md §5.3 vulnerable-case rules, §14 rules 1, 3, 4): a family of four where the father has a medical
 * condition. Fitness, documents and checks are per person; the medical flag brings an assessment, a supervisor's
 * approval, an escort and a pre-embarkation check.
 */
describe('journey: a family of four with one medical case', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const everyone = ['mother', 'father', 'daughter', 'son'];

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should open the household at REGISTERED with two adults and two children', async () => {
    c = await CaseDriver.open(stack, officer, familyOfFour(), everyone);
    expect(c.stage).toBe('REGISTERED');
    expect(c.view.members.map((m: any) => m.isChild)).toEqual([false, false, true, true]);
    await c.run(officer, 'RecordCounsellingSession', { ...counselling, interpreterUsed: true, language: 'ff' });
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
    expect(c.stage).toBe('SCREENING');
  });

  it('should send the case to ASSESSMENT when the rapid screening flags MEDICAL for the father', async () => {
    await c.run(officer, 'RecordRapidVulnerabilityScreening', {
      findings: [{ memberId: c.id('father'), vulnerabilities: ['MEDICAL'] }],
    });
    expect(c.stage).toBe('ASSESSMENT');
    expect(c.member('father').vulnerabilities).toEqual(['MEDICAL']);
    expect(c.member('father').assessments).toEqual([
      expect.objectContaining({ assessment: 'MEDICAL', status: 'PENDING' }),
    ]);
    expect(c.member('mother').assessments).toEqual([]);
    expect(c.view.flags).toMatchObject({ vulnerable: true, medical: true, uasc: false });
    await c.expectRejected('supervisor.rabat', 'Approve', {}, 409, 'NOT_ALLOWED_IN_STAGE');
  });

  it('should accept the medical result only from the medical officer; FIT_WITH_ESCORT returns the case to SCREENING', async () => {
    const result = { memberId: c.id('father'), assessment: 'MEDICAL' as const, outcome: 'FIT_WITH_ESCORT' as const };
    await c.expectRejected(officer, 'RecordAssessmentResult', result, 403, 'ROLE_NOT_ALLOWED');
    await c.expectRejected(
      'protection.rabat',
      'RecordAssessmentResult',
      result,
      403,
      'ROLE_NOT_ALLOWED',
      'ROLE_NOT_ALLOWED:father',
    );
    await c.expectRejected(
      'medical.rabat',
      'RecordAssessmentResult',
      { ...result, outcome: 'RETURN_IN_BEST_INTERESTS' },
      422,
      'INVALID_COMMAND',
    );
    await c.run('medical.rabat', 'RecordAssessmentResult', result);
    expect(c.stage).toBe('SCREENING');
    expect(c.member('father')).toMatchObject({
      escortRequired: true,
      fitToTravel: { fit: true, escortRequired: true, validUntil: days(7) },
    });
  });

  it("should take one declaration per adult and a guardian's (with the child's views) per child", async () => {
    await c.expectRejected(
      officer,
      'SignVoluntaryReturnDeclaration',
      { ...guardianDeclaration(c.id('daughter'), c.id('mother')), childViewsRecorded: false },
      422,
      'REQUIREMENTS_NOT_MET',
      'CHILD_VIEWS_NOT_RECORDED:daughter',
      { exact: true },
    );
    await c.expectRejected(
      officer,
      'SignVoluntaryReturnDeclaration',
      { ...selfDeclaration(c.id('son')) },
      422,
      'REQUIREMENTS_NOT_MET',
      'GUARDIAN_SIGNATURE_REQUIRED:son',
      { exact: true },
    );
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('mother')));
    expect(await c.unmet('supervisor.rabat', 'Approve')).toEqual([
      'DECLARATION_NOT_SIGNED:father',
      'DECLARATION_NOT_SIGNED:daughter',
      'DECLARATION_NOT_SIGNED:son',
    ]);
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('father')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('daughter'), c.id('mother')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('son'), c.id('father')));
    expect(c.view.members.every((m: any) => m.declarationSigned)).toBe(true);
  });

  it('should need a supervisor to approve a vulnerable case', async () => {
    expect(await c.unmet(officer, 'Approve')).toEqual(['SUPERVISOR_APPROVAL_REQUIRED']);
    expect(await c.unmet('supervisor.rabat', 'Approve')).toEqual([]);
    await c.expectRejected(
      officer,
      'Approve',
      { supervisorApproval: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'SUPERVISOR_APPROVAL_REQUIRED',
      { exact: true },
    );
    await c.run('supervisor.rabat', 'Approve', {});
    expect(c.stage).toBe('APPROVED');
  });

  it('should document all four, person by person', async () => {
    await documentMembers(c, ['mother', 'father', 'daughter'], days(40));
    expect(c.stage).toBe('DOCUMENTATION');
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true, escortArranged: true },
      422,
      'REQUIREMENTS_NOT_MET',
      ['TRAVEL_DOCUMENT_MISSING:son', 'EXIT_AUTHORIZATION_MISSING:son'],
      { exact: true },
    );
    await documentMembers(c, ['son'], days(40));
    expect(
      c.view.members.map((m: any) => [m.documents.map((d: any) => d.status).join(), m.exitAuthorization?.status]),
    ).toEqual(everyone.map(() => ['ISSUED', 'GRANTED']));
  });

  it('should be ready for booking only with the escort arranged', async () => {
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'ESCORT_REQUIRED:father',
      { exact: true },
    );
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true, escortArranged: true });
    expect(c.stage).toBe('READY_FOR_BOOKING');
  });

  it('should book only with the escort on the itinerary, within the fit-to-travel validity', async () => {
    await c.expectRejected(
      'movement.rabat',
      'ConfirmBooking',
      booking(days(2)),
      422,
      'REQUIREMENTS_NOT_MET',
      'ESCORT_REQUIRED:father',
      { exact: true },
    );
    await c.expectRejected(
      'movement.rabat',
      'ConfirmBooking',
      booking(days(9), { escortOnItinerary: true }),
      422,
      'REQUIREMENTS_NOT_MET',
      'FIT_TO_TRAVEL_EXPIRED:father',
      { exact: true },
    );
    const plan = booking(days(0), { escortOnItinerary: true });
    await c.run('movement.rabat', 'ConfirmBooking', plan);
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({ escortOnItinerary: true, travellerIds: everyone.map((l) => c.id(l)) });
  });

  it("should not let the family depart before the father's pre-embarkation check, recorded by the medical officer", async () => {
    await c.expectRejected(
      'movement.rabat',
      'RecordDeparture',
      departure,
      422,
      'REQUIREMENTS_NOT_MET',
      'PRE_EMBARKATION_CHECK_MISSING:father',
      { exact: true },
    );
    await c.expectRejected(
      'movement.rabat',
      'RecordPreEmbarkationCheck',
      { memberId: c.id('father'), fit: true },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.run('medical.rabat', 'RecordPreEmbarkationCheck', { memberId: c.id('father'), fit: true });
    expect(c.stage).toBe('BOOKED');
    await c.run('movement.rabat', 'RecordDeparture', departure);
    expect(c.stage).toBe('DEPARTED');
    expect(c.view.travellerCount).toBe(4);
  });

  it('should keep a whole audit trail', async () => {
    const entries = await c.expectCompleteAuditTrail();
    const moves = entries
      .filter((e) => e.fromStage !== e.toStage)
      .map((e) => `${e.fromStage}>${e.toStage}:${e.actorRole}`);
    expect(moves).toEqual([
      'REGISTERED>COUNSELLING:officer',
      'COUNSELLING>SCREENING:officer',
      'SCREENING>ASSESSMENT:officer',
      'ASSESSMENT>SCREENING:medical',
      'SCREENING>APPROVED:supervisor',
      'APPROVED>DOCUMENTATION:officer',
      'DOCUMENTATION>READY_FOR_BOOKING:officer',
      'READY_FOR_BOOKING>BOOKED:movement',
      'BOOKED>DEPARTED:movement',
    ]);
    const departed = entries[entries.length - 1].events.find((e: any) => e.type === 'DepartureRecorded');
    expect(departed.travellerIds).toHaveLength(4);
    await c.saveHistory('family-medical-escort');
  });

  it('should keep the medical facts sealed at rest in PostgreSQL, yet show them to the officer', async () => {
    const {
      rows: [row],
    } = await stack.db.query('SELECT view::text AS view, view_sensitive FROM cases WHERE id = $1', [c.caseId]);
    expect(row.view).not.toContain('MEDICAL'); // only the "needs" flag stays in clear
    expect(row.view_sensitive).toMatch(/^v1\./);
    expect(row.view_sensitive).not.toContain('MEDICAL');
    const { rows: audit } = await stack.db.query(
      'SELECT events::text AS events, events_sealed FROM case_events WHERE case_id = $1',
      [c.caseId],
    );
    expect(audit.map((a: any) => a.events).join()).not.toMatch(/MEDICAL|FIT_WITH_ESCORT/);
    expect(audit.map((a: any) => a.events_sealed).join()).not.toMatch(/MEDICAL|FIT_WITH_ESCORT/);
    const seen = await stack.request('GET', `/cases/${c.caseId}`, { as: 'officer.rabat' });
    expect(seen.body.members.find((m: any) => m.memberId === c.id('father')).vulnerabilities).toEqual(['MEDICAL']);
  });

  it('should log who viewed special categories, and show that log to supervisors and protection only', async () => {
    const reads = async () =>
      (await stack.request('GET', `/cases/${c.caseId}/special-category-reads`, { as: 'supervisor.rabat' })).body.reads;
    const before = (await reads()).length;
    expect((await stack.request('GET', `/cases/${c.caseId}`, { as: 'medical.rabat' })).status).toBe(200);
    expect((await stack.request('GET', `/cases/${c.caseId}/history`, { as: 'protection.rabat' })).status).toBe(200);
    const movement = await stack.request('GET', `/cases/${c.caseId}`, { as: 'movement.rabat' }); // shown no D3: not logged
    expect(JSON.stringify(movement.body.members.map((m: any) => m.vulnerabilities))).toBe('[[],[],[],[]]');
    const after = await reads();
    expect(after.length).toBe(before + 2);
    expect(after.slice(0, 2).map((r: any) => [r.role, r.via, r.categories])).toEqual([
      // The categories are the disclosure policy's D3 topics: here the medical needs (fitness to travel is a service code).
      ['protection', 'GET /cases/:id/history', ['NEEDS']],
      ['medical', 'GET /cases/:id', ['NEEDS']],
    ]);
    expect(after[0]).toMatchObject({ userId: expect.any(String), readAt: expect.any(String) });
    for (const as of ['officer.rabat', 'movement.rabat', 'operations']) {
      const res = await stack.request('GET', `/cases/${c.caseId}/special-category-reads`, { as });
      expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    }
  });
});
