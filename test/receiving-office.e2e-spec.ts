import { singleAdult } from './helpers/households';
import { booking, CaseDriver, days, departure, singleAdultReady } from './helpers/journey';
import { expectEventually, STACK_START_TIMEOUT_MS, TestStack } from './helpers/stack';

/**
 * Issue 10 item 1: the receiving office in the loop. From booking on, the counterparts of the receiving office see the
 * incoming case (expected date, flight, travellers; needs only with consent), are told of a changed date, a no-show
 * and a withdrawal, and record the arrival themselves (for their own office only).
 */
describe('receiving office: incoming cases, notifications and arrival', () => {
  let stack: TestStack;
  const officer = 'officer.rabat';
  const movement = 'movement.rabat';
  const counterpart = 'counterpart.conakry';

  beforeAll(async () => {
    stack = await TestStack.start();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  const incoming = async (as: string) => {
    const res = await stack.request('GET', '/cases/incoming', { as });
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };
  /** The case-event notifications of a user about one case, by kind. */
  const caseEvents = async (as: string, reference: string): Promise<string[]> => {
    const res = await stack.request('GET', '/me/notifications?limit=200', { as });
    expect(res.status).toBe(200);
    return res.body.items
      .filter((n: any) => n.kind === 'CASE_EVENT' && n.body.caseReference === reference)
      .map((n: any) => n.body.notificationKind);
  };

  let c: CaseDriver;

  it('should show a booked case to the receiving counterparts as incoming, and not to another receiving office', async () => {
    c = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await singleAdultReady(c, days(40));
    expect((await c.get(counterpart)).status).toBe(404); // not yet booked: not theirs to see
    await c.run(movement, 'ConfirmBooking', booking(days(5), { arrivalDate: days(6), itineraryRef: 'AT-0555' }));
    const mine = (await incoming(counterpart)).find((i) => i.caseId === c.caseId);
    expect(mine).toMatchObject({
      reference: c.view.reference,
      stage: 'BOOKED',
      receivingOffice: 'GN-CKY',
      expectedDepartureDate: days(5),
      expectedArrivalDate: days(6),
      itineraryRef: 'AT-0555',
      travellerCount: 1,
      adultCount: 1,
      childCount: 0,
      needsShared: false,
      needs: null,
    });
    expect((await c.get(counterpart)).status).toBe(200);
    expect((await incoming('counterpart.dakar')).some((i) => i.caseId === c.caseId)).toBe(false);
    expect((await c.get('counterpart.dakar')).status).toBe(404);
    expect((await stack.request('GET', '/cases/incoming', { as: officer })).status).toBe(403);
    expect(await caseEvents(counterpart, c.view.reference)).toEqual(['RETURNEE_EXPECTED']);
  });

  it('should tell the receiving office of a changed date, then of a no-show (and the case leaves the incoming list)', async () => {
    await c.run(movement, 'ChangeBooking', booking(days(7), { itineraryRef: 'AT-0777' }));
    const changed = (await incoming(counterpart)).find((i) => i.caseId === c.caseId);
    expect(changed).toMatchObject({ expectedDepartureDate: days(7), itineraryRef: 'AT-0777' });
    await expectEventually(async () =>
      expect(await caseEvents(counterpart, c.view.reference)).toContain('EXPECTED_DATE_CHANGED'),
    );
    expect(await caseEvents('supervisor.conakry', c.view.reference)).toContain('EXPECTED_DATE_CHANGED');
    await c.run(movement, 'RecordNoShow', {});
    expect(await caseEvents(counterpart, c.view.reference)).toContain('NO_SHOW');
    expect(await caseEvents(officer, c.view.reference)).toEqual(['NO_SHOW']);
    expect((await incoming(counterpart)).some((i) => i.caseId === c.caseId)).toBe(false);
    // Nobody outside the two offices heard of it.
    expect(await caseEvents('counterpart.dakar', c.view.reference)).toEqual([]);
  });

  it('should tell the receiving office and the movement assistant of a withdrawal with a live booking', async () => {
    const w = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await singleAdultReady(w, days(40));
    await w.run(movement, 'ConfirmBooking', booking(days(5)));
    await w.run(officer, 'Withdraw', {});
    expect(await caseEvents(counterpart, w.view.reference)).toEqual(['RETURN_WITHDRAWN', 'RETURNEE_EXPECTED']);
    expect(await caseEvents(movement, w.view.reference)).toEqual(['RETURN_WITHDRAWN']);
    expect((await incoming(counterpart)).some((i) => i.caseId === w.caseId)).toBe(false);
  });

  it('should let the receiving counterpart record the arrival and the reception, for their own office only', async () => {
    await c.run(movement, 'ConfirmBooking', booking(days(0)));
    await c.run(movement, 'RecordDeparture', departure);
    expect((await incoming(counterpart)).find((i) => i.caseId === c.caseId)).toMatchObject({ stage: 'DEPARTED' });
    const other = await c.send('counterpart.dakar', 'RecordArrival', {
      receptionRecorded: true,
      receivingOffice: 'SN-DKR',
    });
    expect(other.status).toBe(404);
    const notMine = await c.send(counterpart, 'RecordArrival', { receptionRecorded: true, receivingOffice: 'SN-DKR' });
    expect([notMine.status, notMine.body.code]).toEqual([403, 'OFFICE_OUT_OF_SCOPE']);
    await c.run(counterpart, 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
    expect(c.stage).toBe('ARRIVED');
    expect(await caseEvents(officer, c.view.reference)).toContain('ARRIVAL_RECORDED');
    expect((await incoming(counterpart)).some((i) => i.caseId === c.caseId)).toBe(false);
    expect((await c.get(counterpart)).status).toBe(200);
  });

  it('should keep names and vulnerability kinds out of the case-event notifications', async () => {
    const res = await stack.request('GET', '/me/notifications?limit=200', { as: counterpart });
    const mine = res.body.items.filter((n: any) => n.kind === 'CASE_EVENT');
    expect(mine.length).toBeGreaterThan(3);
    const text = JSON.stringify(mine);
    expect(text).not.toMatch(/Mamadou|Bah-/);
    expect(text).not.toMatch(/VOT|MEDICAL|UASC|BID/);
  });
});
