import { singleAdult } from '../helpers/households';
import { booking, CaseDriver, days, departure, singleAdultReady } from '../helpers/journey';
import { TestStack } from '../helpers/stack';

/**
 * The handover acknowledgement is due within three working days of the receiving office (AVRR.md §7.5): its own
 * weekend and holidays, as an admin set them (PUT /ops/offices/:office/settings), not a global calendar.
 */
describe('handover deadline in the receiving office calendar', () => {
  const OFFICE = 'GN-CKY';
  let stack: TestStack;
  let before: { weekendDays: number[]; holidays: string[] } | undefined;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    // Office settings are shared by the run's database: put them back for the files that follow.
    if (before) await stack.request('PUT', `/ops/offices/${OFFICE}/settings`, { as: 'admin', body: before });
    await stack?.stop();
  });

  /** The next `n` dates after today (UTC; Conakry is on UTC) that fall on Monday to Friday. */
  function weekdaysAfterToday(n: number): string[] {
    const out: string[] = [];
    for (let k = 1; out.length < n; k += 1) {
      const date = days(k);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6) out.push(date);
    }
    return out;
  }

  it("should skip the receiving office's holidays when it counts the days to acknowledge the handover", async () => {
    const offices = await stack.request('GET', '/ops/offices', { as: 'operations' });
    const current = offices.body.find((o: any) => o.office === OFFICE);
    before = { weekendDays: current.weekendDays, holidays: current.holidays };
    // The next two weekdays are holidays in Conakry: the three working days are the third to fifth weekdays.
    const next = weekdaysAfterToday(5);
    const set = await stack.request('PUT', `/ops/offices/${OFFICE}/settings`, {
      as: 'admin',
      body: { weekendDays: [0, 6], holidays: [...current.holidays, next[0], next[1]] },
    });
    expect(set.status).toBe(200);

    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(c, days(60));
    await c.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    await c.run('movement.rabat', 'RecordDeparture', departure);
    await c.run('movement.rabat', 'RecordArrival', { receptionRecorded: true, receivingOffice: OFFICE });
    // The handover is reintegration casework (D2): the officer reads it, the movement assistant who recorded the arrival does not.
    expect(c.view).not.toHaveProperty('reintegration');
    expect((await c.refresh('officer.rabat')).reintegration.handover.dueOn).toBe(next[4]);

    // The caller cannot choose the calendar: it is a server field.
    const c2 = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await singleAdultReady(c2, days(60));
    await c2.run('movement.rabat', 'ConfirmBooking', booking(days(0)));
    await c2.run('movement.rabat', 'RecordDeparture', departure);
    const forged = await c2.send('movement.rabat', 'RecordArrival', {
      receptionRecorded: true,
      receivingOffice: OFFICE,
      receivingCalendar: { timeZone: 'UTC', weekendDays: [], holidays: [] },
    });
    expect([forged.status, forged.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    // An office of another country is refused before the workflow; its Idempotency-Key is free for the corrected request.
    const key = `arrival-${c2.caseId}`;
    const wrong = await c2.send(
      'movement.rabat',
      'RecordArrival',
      { receptionRecorded: true, receivingOffice: 'SN-DKR' },
      { idempotencyKey: key },
    );
    expect([wrong.status, wrong.body.code]).toEqual([422, 'INVALID_RECEIVING_OFFICE']);
    const corrected = await c2.send(
      'movement.rabat',
      'RecordArrival',
      { receptionRecorded: true, receivingOffice: OFFICE },
      { idempotencyKey: key },
    );
    expect([corrected.status, corrected.body.stage]).toEqual([200, 'ARRIVED']);
  });
});
