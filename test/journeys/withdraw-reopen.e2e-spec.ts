import { singleAdult } from '../helpers/households';
import {
  booking,
  CaseDriver,
  counselling,
  days,
  eligible,
  selfDeclaration,
  singleAdultReady,
} from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/**
 * Journey 4 (AVRR.md §5.3 Withdraw / Reopen, §14 rule 2): withdrawal is always possible before departure, needs no
 * reason and cancels what is in flight; re-opening voids the earlier declaration, so new counselling and a new
 * declaration are needed.
 */
describe('journey: withdrawal after booking, then re-opening', () => {
  let stack: TestStack;
  let c: CaseDriver;
  let itineraryRef: string;
  const officer = 'officer.rabat';

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should bring a single adult to BOOKED', async () => {
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await singleAdultReady(c, days(30));
    const plan = booking(days(3), { ticketed: false });
    itineraryRef = plan.itineraryRef;
    await c.run('movement.rabat', 'ConfirmBooking', plan);
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking).toMatchObject({ itineraryRef, departureDate: days(3) });
  });

  it('should withdraw the whole case without a reason, cancelling the booking', async () => {
    await c.expectRejected('movement.rabat', 'Withdraw', {}, 403, 'ROLE_NOT_ALLOWED');
    await c.run(officer, 'Withdraw', {});
    expect(c.stage).toBe('WITHDRAWN');
    expect(c.view.booking).toBeUndefined();
    expect(c.view.withdrawnAt).toBeDefined();
    const stored = await c.refresh();
    expect(stored.booking).toBeUndefined();
    const [entry] = (await c.history()).slice(-1);
    expect(entry).toMatchObject({ commandType: 'Withdraw', fromStage: 'BOOKED', toStage: 'WITHDRAWN' });
    const withdrawn = entry.events.find((e: any) => e.type === 'CaseWithdrawn');
    expect(withdrawn).toMatchObject({
      fromStage: 'BOOKED',
      cancelledBooking: { itineraryRef, departureDate: days(3) },
    });
    expect(withdrawn.reasonCode).toBeUndefined();
  });

  it('should accept nothing but re-opening (or a death) while WITHDRAWN', async () => {
    await c.expectRejected('movement.rabat', 'ConfirmBooking', booking(days(3)), 409, 'NOT_ALLOWED_IN_STAGE');
    await c.expectRejected(officer, 'Withdraw', {}, 409, 'NOT_ALLOWED_IN_STAGE');
    const open = (await c.requirements(officer)).commands.map((x: any) => x.type).sort();
    // Besides re-opening and a death: the tickets of the ended booking are cancelled with the carrier (issue 10), and a
    // consent may be withdrawn whatever the case's state (issue 11).
    expect(open).toEqual(['RecordDeath', 'RecordTicketCancellation', 'Reopen', 'WithdrawConsent']);
  });

  it('should re-open at REGISTERED with the declaration void', async () => {
    await c.run(officer, 'Reopen', {});
    expect(c.stage).toBe('REGISTERED');
    expect(c.member('pa').declarationSigned).toBe(false);
    const [entry] = (await c.history()).slice(-1);
    expect(entry.events.find((e: any) => e.type === 'CaseReopened')).toMatchObject({
      from: 'WITHDRAWN',
      voidedDeclarations: [c.id('pa')],
    });
    // The documents obtained before the withdrawal are still on record.
    expect(c.member('pa').documents).toEqual([expect.objectContaining({ status: 'ISSUED' })]);
  });

  it('should ask again for counselling, eligibility and a declaration before approval', async () => {
    await c.run(officer, 'RecordCounsellingSession', counselling);
    expect(c.stage).toBe('COUNSELLING');
    await c.run(officer, 'StartScreening', {});
    expect(c.stage).toBe('SCREENING');
    expect(await c.unmet(officer, 'Approve')).toEqual(['ELIGIBILITY_NOT_RECORDED', 'DECLARATION_NOT_SIGNED:pa']);
    await c.expectRejected(
      officer,
      'Approve',
      {},
      422,
      'REQUIREMENTS_NOT_MET',
      ['ELIGIBILITY_NOT_RECORDED', 'DECLARATION_NOT_SIGNED:pa'],
      { exact: true },
    );
    await c.run(officer, 'RecordEligibility', eligible);
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
    expect(c.member('pa').declarationSigned).toBe(true);
    expect(await c.unmet(officer, 'Approve')).toEqual([]);
    await c.run(officer, 'Approve', {});
    expect(c.stage).toBe('APPROVED');
  });

  it('should let the re-opened case go straight to READY_FOR_BOOKING on its still valid documents', async () => {
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    expect(c.stage).toBe('READY_FOR_BOOKING');
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    expect(c.stage).toBe('BOOKED');
  });

  it('should keep a whole audit trail across the withdrawal and the re-opening', async () => {
    const entries = await c.expectCompleteAuditTrail();
    const moves = entries.filter((e) => e.fromStage !== e.toStage).map((e) => `${e.fromStage}>${e.toStage}`);
    expect(moves).toEqual([
      'REGISTERED>COUNSELLING',
      'COUNSELLING>SCREENING',
      'SCREENING>APPROVED',
      'APPROVED>DOCUMENTATION',
      'DOCUMENTATION>READY_FOR_BOOKING',
      'READY_FOR_BOOKING>BOOKED',
      'BOOKED>WITHDRAWN',
      'WITHDRAWN>REGISTERED',
      'REGISTERED>COUNSELLING',
      'COUNSELLING>SCREENING',
      'SCREENING>APPROVED',
      'APPROVED>READY_FOR_BOOKING',
      'READY_FOR_BOOKING>BOOKED',
    ]);
    await c.saveHistory('withdraw-after-booking-reopen');
  });
});
