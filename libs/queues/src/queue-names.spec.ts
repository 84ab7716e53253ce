import { reminderJobId } from './queue-names';

describe('reminderJobId', () => {
  const CASE = '0b7c6a52-8f43-4a55-9d36-7d1f3c3c2a10';

  it('should make job ids without ":" (BullMQ refuses them in custom ids)', () => {
    expect(reminderJobId(`${CASE}.DEPARTURE_CALL.departure.0`)).not.toContain(':');
  });

  it('should derive the same id from the same reminder, so reconciliation finds the job it added', () => {
    expect(reminderJobId(`${CASE}.DEPARTURE_CALL.departure.0`)).toBe(
      `send-reminder.${CASE}.DEPARTURE_CALL.departure.0`,
    );
  });
});
