import { familyOfFour } from '../helpers/households';
import {
  booking,
  CaseDriver,
  days,
  departure,
  documentMembers,
  guardianDeclaration,
  saveWorkflowHistory,
  selfDeclaration,
  toScreening,
} from '../helpers/journey';
import { expectEventually, TestStack } from '../helpers/stack';

/**
 * Journey 6 (AVRR.md §5.3 family rules, Withdraw { memberIds }, SplitCase): one adult of a booked family withdraws;
 * the itinerary listing them is cancelled, they move to a case of their own (with their personal data), and the
 * others are rebooked and travel.
 */
describe('journey: one adult of a family withdraws, the others travel', () => {
  let stack: TestStack;
  let c: CaseDriver;
  let split: CaseDriver;
  let familyName: string;
  const officer = 'officer.rabat';
  const travelling = ['mother', 'daughter', 'son'];

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should bring the family of four to BOOKED', async () => {
    const household = familyOfFour();
    familyName = household.members[0].familyName;
    c = await CaseDriver.open(stack, officer, household, ['mother', 'father', 'daughter', 'son']);
    await toScreening(c);
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('mother')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('father')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('daughter'), c.id('mother')));
    await c.run(officer, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('son'), c.id('mother')));
    await c.run(officer, 'Approve', {});
    await documentMembers(c, ['mother', 'father', 'daughter', 'son'], days(30));
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true });
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(2)));
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking.travellerIds).toHaveLength(4);
  });

  it('should withdraw the father alone: the itinerary that lists him is cancelled and the case is ready for rebooking', async () => {
    await c.run(officer, 'Withdraw', { memberIds: [c.id('father')] });
    expect(c.stage).toBe('READY_FOR_BOOKING');
    expect(c.view.booking).toBeUndefined();
    expect(c.member('father')).toMatchObject({ withdrawn: true, travelling: false });
    expect(c.view.travellerCount).toBe(3);
    const [entry] = (await c.history()).slice(-1);
    expect(entry.events.find((e: any) => e.type === 'MembersWithdrawn')).toMatchObject({
      memberIds: [c.id('father')],
      cancelledBooking: expect.any(Object),
    });
  });

  it('should split the father into a case of his own, taking his personal data with him', async () => {
    await c.run(officer, 'SplitCase', { memberIds: [c.id('father')] });
    expect(c.stage).toBe('READY_FOR_BOOKING');
    expect(c.view.members.map((m: any) => m.memberId)).toEqual(travelling.map((l) => c.id(l)));
    expect(JSON.stringify(c.view)).not.toContain('Ibrahima');

    const [entry] = (await c.history()).slice(-1);
    const event = entry.events.find((e: any) => e.type === 'CaseSplit');
    expect(event).toMatchObject({ memberIds: [c.id('father')], opened: { splitFrom: { caseId: c.caseId } } });
    const newCaseId: string = event.newCaseId;
    expect(newCaseId).not.toBe(c.caseId);

    const res = await expectEventually(async () => {
      const r = await stack.request('GET', `/cases/${newCaseId}`, { as: officer });
      if (r.status !== 200) throw new Error(`new case: ${r.status}`);
      return r;
    });
    split = new CaseDriver(stack, newCaseId, res.body.version);
    split.view = res.body;
    split.label('father', c.id('father'));
    // He withdrew: his own case opens WITHDRAWN, its history pointing at the family's (issue 10).
    expect(res.body).toMatchObject({
      stage: 'WITHDRAWN',
      version: 1,
      hostOffice: 'MA-RBA',
      countryOfOrigin: 'GN',
      splitFrom: { caseId: c.caseId },
    });
    expect(res.body.members).toHaveLength(1);
    expect(split.member('father')).toMatchObject({
      relationship: 'PA',
      isChild: false,
      personal: { givenName: 'Ibrahima', familyName, languages: ['fr', 'ff'] },
    });
    const list = await stack.request('GET', '/cases?office=MA-RBA&limit=200', { as: officer });
    expect(list.body.items.find((x: any) => x.caseId === newCaseId)).toMatchObject({ memberCount: 1 });

    const old = await c.get(officer);
    expect(old.body.members.map((m: any) => m.personal?.givenName)).toEqual(['Aminata', 'Fatoumata', 'Ousmane']);
  });

  it("should keep the father's new case on its own: withdrawn, he may still come back by reopening it", async () => {
    const reopen = (await split.requirements(officer)).commands.find((x: any) => x.type === 'Reopen');
    expect(reopen).toMatchObject({ allowed: true });
    const entries = await split.expectCompleteAuditTrail();
    expect(entries).toEqual([
      expect.objectContaining({ version: 1, commandType: 'CaseOpened', actorRole: 'officer', toStage: 'WITHDRAWN' }),
    ]);
    await saveWorkflowHistory(stack, split.caseId, 'split-off-case-opened');
  });

  it('should rebook and fly the mother and both children', async () => {
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    expect(c.stage).toBe('BOOKED');
    expect(c.view.booking.travellerIds).toEqual(travelling.map((l) => c.id(l)));
    await c.run('movement.rabat', 'RecordDeparture', departure);
    expect(c.stage).toBe('DEPARTED');
    const [entry] = (await c.history()).slice(-1);
    expect(entry.events.find((e: any) => e.type === 'DepartureRecorded').travellerIds).toEqual(
      travelling.map((l) => c.id(l)),
    );
  });

  it('should keep a whole audit trail in the original case', async () => {
    const entries = await c.expectCompleteAuditTrail();
    expect(entries.slice(-4).map((e) => `${e.commandType}:${e.fromStage}>${e.toStage}`)).toEqual([
      'Withdraw:BOOKED>READY_FOR_BOOKING',
      'SplitCase:READY_FOR_BOOKING>READY_FOR_BOOKING',
      'ConfirmBooking:READY_FOR_BOOKING>BOOKED',
      'RecordDeparture:BOOKED>DEPARTED',
    ]);
    await c.saveHistory('family-partial-withdrawal-split');
  });
});
