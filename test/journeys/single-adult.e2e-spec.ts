import { randomUUID } from 'node:crypto';
import { singleAdult } from '../helpers/households';
import {
  CaseDriver,
  counselling,
  days,
  departure,
  eligible,
  hoursAgo,
  requirementCodes,
  selfDeclaration,
} from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/**
 * Journey 1 (AVRR.md §5.3, §7.1-7.4): a single adult from Guinea, from intake to the handover in Conakry, every stage
 * through the HTTP API as the user who does it in real life.
 */
describe('journey: a single adult returns from Rabat to Guinea', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const lpExpiresOn = days(30);

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should open the referral at REGISTERED when the adult gave data-processing consent at intake', async () => {
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    expect(c.view).toMatchObject({ stage: 'REGISTERED', version: 1, countryOfOrigin: 'GN', hostOffice: 'MA-RBA' });
    expect(c.view.members).toHaveLength(1);
    expect(c.member('pa')).toMatchObject({ isChild: false, dataConsent: true, personal: { givenName: 'Mamadou' } });
    expect(c.view.availableCommands.find((a: any) => a.type === 'RecordCounsellingSession')).toMatchObject({
      allowed: true,
    });
  });

  it('should move to COUNSELLING with a session recorded after the fact (effective time kept apart from recorded time)', async () => {
    const effectiveAt = hoursAgo(26);
    await c.run(officer, 'RecordCounsellingSession', counselling, { effectiveAt });
    expect(c.stage).toBe('COUNSELLING');
    const entry = (await c.history()).find((e) => e.version === c.version);
    expect(entry).toMatchObject({
      commandType: 'RecordCounsellingSession',
      effectiveAt,
      fromStage: 'REGISTERED',
      toStage: 'COUNSELLING',
    });
    expect(Date.parse(entry.recordedAt)).toBeGreaterThan(Date.parse(effectiveAt));
  });

  it('should refuse a fact dated in the future', async () => {
    const res = await c.send(officer, 'RecordCounsellingSession', counselling, {
      effectiveAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    expect([res.status, res.body.code]).toEqual([422, 'EFFECTIVE_TIME_IN_FUTURE']);
  });

  it('should screen: eligibility, then a rapid screening with nothing found keeps the case in SCREENING', async () => {
    await c.run(officer, 'StartScreening', {});
    expect(c.stage).toBe('SCREENING');
    expect(await c.unmet(officer, 'Approve')).toEqual(
      expect.arrayContaining([
        'ELIGIBILITY_NOT_RECORDED',
        'VULNERABILITY_SCREENING_MISSING',
        'DECLARATION_NOT_SIGNED:pa',
      ]),
    );
    await c.run(officer, 'RecordEligibility', eligible);
    await c.run(officer, 'RecordRapidVulnerabilityScreening', {
      findings: [{ memberId: c.id('pa'), vulnerabilities: [] }],
    });
    expect(c.stage).toBe('SCREENING');
    expect(c.view.flags).toMatchObject({ vulnerable: false, uasc: false, medical: false });
  });

  it('should not approve before the voluntary return declaration is signed', async () => {
    await c.expectRejected(officer, 'Approve', {}, 422, 'REQUIREMENTS_NOT_MET', 'DECLARATION_NOT_SIGNED:pa', {
      exact: true,
    });
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
    expect(c.member('pa').declarationSigned).toBe(true);
    expect(await c.unmet(officer, 'Approve')).toEqual([]);
  });

  it('should let an officer approve a case without vulnerabilities, and no one else', async () => {
    await c.expectRejected('movement.rabat', 'Approve', {}, 403, 'ROLE_NOT_ALLOWED');
    await c.run(officer, 'Approve', {});
    expect(c.stage).toBe('APPROVED');
  });

  it('should obtain a laissez-passer through the consulate and the exit authorization', async () => {
    const memberId = c.id('pa');
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      ['TRAVEL_DOCUMENT_MISSING:pa', 'EXIT_AUTHORIZATION_MISSING:pa'],
      { exact: true },
    );
    const missingConsentRef = await c.send(officer, 'RequestTravelDocument', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
    });
    expect([missingConsentRef.status, missingConsentRef.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missingConsentRef.body.details.fields.map((f: any) => f.field)).toContain('payload.transferConsentRef');

    await c.run(officer, 'RequestTravelDocument', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
      transferConsentRef: 'tr-2026-0412',
    });
    expect(c.stage).toBe('DOCUMENTATION');
    expect(c.member('pa').documents).toEqual([
      expect.objectContaining({ documentType: 'LAISSEZ_PASSER', status: 'REQUESTED', authority: 'CONSULATE-GN-RABAT' }),
    ]);
    await c.run(officer, 'RecordDocumentIssued', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      documentRef: 'doc-lp-1',
      expiresOn: lpExpiresOn,
    });
    expect(c.member('pa').documents).toEqual([expect.objectContaining({ status: 'ISSUED', expiresOn: lpExpiresOn })]);
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'EXIT_AUTHORIZATION_MISSING:pa',
      { exact: true },
    );
    await c.run(officer, 'RequestExitAuthorization', { memberId, authority: 'DGSN' });
    await c.run(officer, 'RecordExitAuthorization', {
      memberId,
      granted: true,
      fine: { amount: 0, currency: 'MAD', paidBy: 'WAIVED' },
    });
    expect(c.member('pa').exitAuthorization).toMatchObject({ status: 'GRANTED' });
    expect(c.stage).toBe('DOCUMENTATION');
  });

  it('should be ready for booking once the office in Conakry confirmed reception', async () => {
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: false },
      422,
      'REQUIREMENTS_NOT_MET',
      'RECEPTION_NOT_CONFIRMED',
      { exact: true },
    );
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    expect(c.stage).toBe('READY_FOR_BOOKING');
  });

  it('should book through the movement assistant only, then ticket the booking', async () => {
    const payload = {
      departureDate: days(0),
      arrivalDate: days(0),
      itineraryRef: 'IT-RBA-CKY-1',
      fundsAvailable: true,
    };
    await c.expectRejected(officer, 'ConfirmBooking', payload, 403, 'ROLE_NOT_ALLOWED');
    await c.expectRejected(
      'movement.rabat',
      'ConfirmBooking',
      { ...payload, fundsAvailable: false },
      422,
      'REQUIREMENTS_NOT_MET',
      'FUNDS_NOT_AVAILABLE',
      { exact: true },
    );
    await c.run('movement.rabat', 'ConfirmBooking', payload);
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({
      itineraryRef: 'IT-RBA-CKY-1',
      departureDate: days(0),
      ticketed: false,
      travellerIds: [c.id('pa')],
    });
    expect(c.view.booking.bookingHoldUntil).toBeDefined();
    await c.expectRejected(
      'movement.rabat',
      'RecordTicketIssued',
      { itineraryRef: 'IT-OTHER' },
      422,
      'INVALID_COMMAND',
    );
    await c.run('movement.rabat', 'RecordTicketIssued', { itineraryRef: 'IT-RBA-CKY-1' });
    expect(c.view.booking).toMatchObject({ ticketed: true });
    expect(c.view.booking.bookingHoldUntil).toBeUndefined();
  });

  it('should show the booked case to the receiving Conakry office, and to no other receiving office (issue 10)', async () => {
    const conakry = await c.get('counterpart.conakry');
    expect(conakry.status).toBe(200);
    expect(conakry.body).toMatchObject({ caseId: c.caseId, receivingOffice: 'GN-CKY' });
    expect((await c.get('counterpart.dakar')).status).toBe(404);
  });

  it('should record the departure with voluntariness reconfirmed on the day, and the transit', async () => {
    await c.expectRejected(
      'movement.rabat',
      'RecordDeparture',
      { ...departure, voluntarinessReconfirmed: false },
      422,
      'REQUIREMENTS_NOT_MET',
      'VOLUNTARINESS_NOT_RECONFIRMED',
      { exact: true },
    );
    await c.run('movement.rabat', 'RecordDeparture', departure);
    expect(c.stage).toBe('DEPARTED');
    await c.run('movement.rabat', 'RecordTransit', { location: 'CMN' });
    expect(c.stage).toBe('DEPARTED');
    // In the air the receiving office still expects the returnee; another receiving office still finds nothing.
    expect((await c.get('counterpart.conakry')).status).toBe(200);
    const elsewhere = await c.get('counterpart.dakar');
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
  });

  it('should record the arrival in Conakry and hand the case to the GN-CKY office', async () => {
    await c.expectRejected(
      'movement.rabat',
      'RecordArrival',
      { receptionRecorded: false, receivingOffice: 'GN-CKY' },
      422,
      'REQUIREMENTS_NOT_MET',
      'RECEPTION_NOT_RECORDED',
    );
    await c.run('movement.rabat', 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
    expect(c.stage).toBe('ARRIVED');
    expect(c.view.receivingOffice).toBe('GN-CKY');
  });

  it('should let counterpart.conakry (and not counterpart.dakar) see the case and acknowledge the handover', async () => {
    const seen = await c.get('counterpart.conakry');
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ caseId: c.caseId, stage: 'ARRIVED', receivingOffice: 'GN-CKY' });
    expect((await c.get('counterpart.dakar')).status).toBe(404);
    const available = (await c.requirements('counterpart.conakry')).commands.find(
      (x: any) => x.type === 'AcknowledgeHandover',
    );
    expect(available).toMatchObject({ allowed: true, unmet: [] });

    await c.expectRejected(officer, 'AcknowledgeHandover', {}, 403, 'ROLE_NOT_ALLOWED');
    await c.run('counterpart.conakry', 'AcknowledgeHandover', {});
    expect(c.stage).toBe('REINTEGRATION_COUNSELLING');
    expect((await c.get('counterpart.conakry')).body.stage).toBe('REINTEGRATION_COUNSELLING');
    expect((await c.get(officer)).body.stage).toBe('REINTEGRATION_COUNSELLING');
  });

  it('should keep a whole audit trail of who did what, from which stage to which', async () => {
    const entries = await c.expectCompleteAuditTrail();
    expect(entries.map((e) => e.commandType)).toEqual([
      'CaseOpened',
      'RecordCounsellingSession',
      'StartScreening',
      'RecordEligibility',
      'RecordRapidVulnerabilityScreening',
      'SignVoluntaryReturnDeclaration',
      'Approve',
      'RequestTravelDocument',
      'RecordDocumentIssued',
      'RequestExitAuthorization',
      'RecordExitAuthorization',
      'MarkReadyForBooking',
      'ConfirmBooking',
      'RecordTicketIssued',
      'RecordDeparture',
      'RecordTransit',
      'RecordArrival',
      'AcknowledgeHandover',
    ]);
    const moves = entries.filter((e) => e.fromStage !== e.toStage).map((e) => `${e.toStage}:${e.actorRole}`);
    expect(moves).toEqual([
      'COUNSELLING:officer',
      'SCREENING:officer',
      'APPROVED:officer',
      'DOCUMENTATION:officer',
      'READY_FOR_BOOKING:officer',
      'BOOKED:movement',
      'DEPARTED:movement',
      'ARRIVED:movement',
      'REINTEGRATION_COUNSELLING:counterpart',
    ]);
    expect((await c.history('counterpart.conakry')).length).toBe(entries.length);
    await c.saveHistory('single-adult-to-handover');
  });
});

describe('concurrency and retries on the command endpoint', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should answer a stale expectedVersion with 409 STALE_VERSION and the current version, and change nothing', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await c.run('officer.rabat', 'RecordCounsellingSession', counselling);
    const before = await c.history();
    const res = await c.send('officer.rabat', 'StartScreening', {}, { expectedVersion: 1 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ statusCode: 409, code: 'STALE_VERSION', details: { currentVersion: 2 } });
    const now = await c.refresh();
    expect(now).toMatchObject({ version: 2, stage: 'COUNSELLING' });
    expect(await c.history()).toEqual(before);
    await c.run('officer.rabat', 'StartScreening', {});
    expect(c.view).toMatchObject({ version: 3, stage: 'SCREENING' });
  });

  it('should apply a command sent twice with the same Idempotency-Key once, answering both with the same version', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    const key = `retry-${randomUUID()}`;
    const first = await c.send('officer.rabat', 'RecordCounsellingSession', counselling, { idempotencyKey: key });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ version: 2, stage: 'COUNSELLING' });
    const afterFirst = await c.history();
    const second = await c.send('officer.rabat', 'RecordCounsellingSession', counselling, { idempotencyKey: key });
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(first.body.version);
    expect(second.body.stage).toBe('COUNSELLING');
    const afterSecond = await c.history();
    expect(afterSecond).toHaveLength(2);
    expect(afterSecond).toEqual(afterFirst);

    // Another key is another command: it is checked against the current version like any other.
    const other = await c.send('officer.rabat', 'RecordCounsellingSession', counselling, {
      idempotencyKey: `retry-${randomUUID()}`,
    });
    expect([other.status, other.body.code, other.body.details?.currentVersion]).toEqual([409, 'STALE_VERSION', 2]);
  });

  it('should reject a payload of the wrong shape with 400 VALIDATION_FAILED naming the field, before the rules run', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    const res = await c.send('officer.rabat', 'RecordCounsellingSession', {
      ...counselling,
      mode: 'CARRIER_PIGEON',
      notes: 'free text',
    });
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.details.fields.map((f: any) => f.field)).toEqual(
      expect.arrayContaining(['payload.mode', 'payload.notes']),
    );
    expect((await c.refresh()).version).toBe(1);
    await c.run('officer.rabat', 'RecordCounsellingSession', counselling);
    // Well-formed, but about someone who is not in the case: the rules answer.
    const stranger = await c.expectRejected(
      'officer.rabat',
      'Withdraw',
      { memberIds: [randomUUID()] },
      422,
      'UNKNOWN_MEMBER',
    );
    expect(requirementCodes(stranger.details.requirements)).toEqual([]);
    expect((await c.refresh()).stage).toBe('COUNSELLING');
  });
});
