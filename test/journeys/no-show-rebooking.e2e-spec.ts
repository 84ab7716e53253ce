import { singleAdult } from '../helpers/households';
import { booking, CaseDriver, counselling, days, departure, singleAdultReady } from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/**
 * Journey 5 (AVRR.md §5.3 RecordNoShow / ChangeBooking, §7.2 short-lived laissez-passer, §14 rule 3): after a
 * no-show the case is rebooked; a date the laissez-passer cannot cover (expiry minus the 3-day buffer) is refused,
 * or sends the case back to DOCUMENTATION for a new laissez-passer; a second no-show needs a supervisor's review and
 * new counselling before rebooking.
 */
describe("journey: no-show, then rebooking past the laissez-passer's expiry", () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';
  const movement = 'movement.rabat';
  const firstLpExpiresOn = days(12);

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should book a single adult for today on a laissez-passer valid 12 days', async () => {
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await singleAdultReady(c, firstLpExpiresOn);
    await c.run(movement, 'ConfirmBooking', booking(days(0)));
    expect(c.stage).toBe('BOOKED');
  });

  it('should return to READY_FOR_BOOKING on a no-show while the laissez-passer can still serve', async () => {
    await c.run(movement, 'RecordNoShow', {});
    expect(c.stage).toBe('READY_FOR_BOOKING');
    expect(c.view.noShowCount).toBe(1);
    expect(c.view.booking).toBeUndefined();
  });

  it('should refuse a new booking on a date the laissez-passer does not cover (expiry minus the buffer)', async () => {
    const body = await c.expectRejected(
      movement,
      'ConfirmBooking',
      booking(days(10)),
      422,
      'REQUIREMENTS_NOT_MET',
      'DOCUMENT_EXPIRES_BEFORE_DEPARTURE:pa',
      { exact: true },
    );
    expect(body.details.requirements[0].message).toContain(firstLpExpiresOn);
    // Nine days out is the last date it covers (expiry 12 days out, buffer 3 days).
    await c.run(movement, 'ConfirmBooking', booking(days(9)));
    expect(c.stage).toBe('BOOKED');
  });

  it('should refuse a change of date past it, unless told to fall back to documentation', async () => {
    await c.expectRejected(
      movement,
      'ChangeBooking',
      booking(days(10)),
      422,
      'REQUIREMENTS_NOT_MET',
      'DOCUMENT_EXPIRES_BEFORE_DEPARTURE:pa',
      { exact: true },
    );
    await c.run(movement, 'ChangeBooking', { ...booking(days(10)), fallbackToDocumentation: true });
    expect(c.stage).toBe('DOCUMENTATION');
    expect(c.view.booking).toBeUndefined();
    // The documents are case management (D2): the movement assistant does not see them, the officer does.
    expect(c.member('pa')).not.toHaveProperty('documents');
    await c.refresh(officer);
    expect(c.member('pa').documents).toEqual([
      expect.objectContaining({
        documentType: 'LAISSEZ_PASSER',
        status: 'RENEWAL_REQUIRED',
        expiresOn: firstLpExpiresOn,
      }),
    ]);
    const [entry] = (await c.history()).slice(-1);
    expect(entry.events.map((e: any) => e.type)).toEqual([
      'BookingCancelled',
      'DocumentRenewalRequired',
      'StageChanged',
    ]);
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'TRAVEL_DOCUMENT_MISSING:pa',
      { exact: true },
    );
  });

  it('should book the later date on a new laissez-passer', async () => {
    const memberId = c.id('pa');
    await c.run(officer, 'RequestTravelDocument', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
      transferConsentRef: 'tr-renewal-1',
    });
    await c.run(officer, 'RecordDocumentIssued', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      documentRef: 'doc-lp-2',
      expiresOn: days(45),
    });
    expect(c.member('pa').documents.map((d: any) => d.status)).toEqual(['RENEWAL_REQUIRED', 'ISSUED']);
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    await c.run(movement, 'ConfirmBooking', booking(days(10)));
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({ departureDate: days(10), changeCount: 0 });
    const earlier = booking(days(0));
    await c.run(movement, 'ChangeBooking', earlier);
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({
      departureDate: days(0),
      itineraryRef: earlier.itineraryRef,
      changeCount: 1,
    });
  });

  it("should need a supervisor's review and new counselling after the second no-show", async () => {
    await c.run(movement, 'RecordNoShow', {});
    expect(c.stage).toBe('READY_FOR_BOOKING');
    expect(c.view.noShowCount).toBe(2);
    await c.expectRejected(
      movement,
      'ConfirmBooking',
      booking(days(0)),
      422,
      'REQUIREMENTS_NOT_MET',
      ['NO_SHOW_REVIEW_REQUIRED', 'COUNSELLING_SESSION_MISSING'],
      { exact: true },
    );
    await c.expectRejected(officer, 'RecordNoShowReview', { approved: true }, 403, 'ROLE_NOT_ALLOWED');
    await c.run('supervisor.rabat', 'RecordNoShowReview', { approved: true });
    expect(await c.unmet(movement, 'ConfirmBooking')).toEqual(['COUNSELLING_SESSION_MISSING']);
    await c.run(officer, 'RecordCounsellingSession', counselling);
    expect(c.stage).toBe('READY_FOR_BOOKING');
    await c.run(movement, 'ConfirmBooking', booking(days(0)));
    await c.run(movement, 'RecordDeparture', departure);
    expect(c.stage).toBe('DEPARTED');
  });

  it('should keep a whole audit trail of the bookings, the no-shows and the renewal', async () => {
    const entries = await c.expectCompleteAuditTrail();
    const moves = entries
      .filter((e) => e.fromStage !== e.toStage)
      .map((e) => `${e.commandType}:${e.fromStage}>${e.toStage}`);
    expect(moves.slice(5)).toEqual([
      'ConfirmBooking:READY_FOR_BOOKING>BOOKED',
      'RecordNoShow:BOOKED>READY_FOR_BOOKING',
      'ConfirmBooking:READY_FOR_BOOKING>BOOKED',
      'ChangeBooking:BOOKED>DOCUMENTATION',
      'MarkReadyForBooking:DOCUMENTATION>READY_FOR_BOOKING',
      'ConfirmBooking:READY_FOR_BOOKING>BOOKED',
      'RecordNoShow:BOOKED>READY_FOR_BOOKING',
      'ConfirmBooking:READY_FOR_BOOKING>BOOKED',
      'RecordDeparture:BOOKED>DEPARTED',
    ]);
    await c.saveHistory('no-show-lp-renewal');
  });
});
