import { singleAdult } from '../helpers/households';
import { booking, CaseDriver, days, documentMembers, selfDeclaration, toScreening } from '../helpers/journey';
import { expectEventually, TestStack } from '../helpers/stack';

/**
 * Deadlines the case workflow reacts to by itself (libs/domain deadlines.ts, a Temporal timer in the workflow): the
 * change is made by the system, in the audit trail like any other, and the case is where the rules say.
 */
describe('journey: deadlines the workflow acts on', () => {
  let stack: TestStack;
  const officer = 'officer.rabat';

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function approvedSingleAdult(): Promise<CaseDriver> {
    const c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await toScreening(c);
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
    await c.run(officer, 'Approve', {});
    return c;
  }

  /** Waits for the system's change after `version` and returns it. */
  async function systemChangeAfter(c: CaseDriver, version: number): Promise<any> {
    const entry = await expectEventually(
      async () => {
        const found = (await c.history()).find((e) => e.version === version + 1);
        if (!found) throw new Error(`no version ${version + 1} yet`);
        return found;
      },
      20_000,
      250,
    );
    await c.refresh();
    return entry;
  }

  it('should release an unticketed booking when the airline hold lapses, back to READY_FOR_BOOKING', async () => {
    const c = await approvedSingleAdult();
    await documentMembers(c, ['pa'], days(30));
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    const plan = booking(days(5), { ticketed: false, bookingHoldUntil: new Date(Date.now() + 3000).toISOString() });
    await c.run('movement.rabat', 'ConfirmBooking', plan);
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({ ticketed: false, bookingHoldUntil: plan.bookingHoldUntil });

    const entry = await systemChangeAfter(c, c.version);
    expect(entry).toMatchObject({
      commandType: 'DeadlineReached',
      actorRole: 'system',
      fromStage: 'BOOKED',
      toStage: 'READY_FOR_BOOKING',
      effectiveAt: plan.bookingHoldUntil,
    });
    expect(entry.events.map((e: any) => e.type)).toEqual(['BookingCancelled', 'StageChanged']);
    expect(entry.events[0]).toMatchObject({ reason: 'HOLD_EXPIRED', itineraryRef: plan.itineraryRef });
    expect(c.view).toMatchObject({ stage: 'READY_FOR_BOOKING' });
    expect(c.view.booking).toBeUndefined();

    // The case goes on from there: a ticketed booking is not released.
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(5)));
    expect(c.stage).toBe('BOOKED');
    await c.expectCompleteAuditTrail();
    await c.saveHistory('booking-hold-lapsed');
  });

  it('should ask at once for a new laissez-passer when the one issued cannot serve any departure (expiry minus buffer passed)', async () => {
    const c = await approvedSingleAdult();
    const memberId = c.id('pa');
    await c.run(officer, 'RequestTravelDocument', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
      transferConsentRef: 'tr-short-lp',
    });
    await c.run(officer, 'RecordDocumentIssued', {
      memberId,
      documentType: 'LAISSEZ_PASSER',
      documentRef: 'doc-short-lp',
      expiresOn: days(2),
    });

    const entry = await systemChangeAfter(c, c.version);
    expect(entry).toMatchObject({
      commandType: 'DeadlineReached',
      actorRole: 'system',
      fromStage: 'DOCUMENTATION',
      toStage: 'DOCUMENTATION',
    });
    expect(entry.events).toEqual([
      expect.objectContaining({
        type: 'DocumentRenewalRequired',
        memberId,
        expiresOn: days(2),
        reason: 'EXPIRES_BEFORE_DEPARTURE',
      }),
    ]);
    expect(c.member('pa').documents).toEqual([expect.objectContaining({ status: 'RENEWAL_REQUIRED' })]);

    await c.run(officer, 'RequestExitAuthorization', { memberId, authority: 'DGSN' });
    await c.run(officer, 'RecordExitAuthorization', { memberId, granted: true });
    await c.expectRejected(
      officer,
      'MarkReadyForBooking',
      { receptionConfirmed: true },
      422,
      'REQUIREMENTS_NOT_MET',
      'TRAVEL_DOCUMENT_MISSING:pa',
      { exact: true },
    );
    // Nothing else happens on its own: the workflow does not spin on a deadline it has dealt with.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await c.history()).length).toBe(c.version);
    await c.expectCompleteAuditTrail();
    await c.saveHistory('short-laissez-passer-renewal');
  });
});
