import { initialState } from './index';
import { reminderFactsOf } from './reminders';
import {
  adult,
  booking,
  child,
  counselling,
  medical,
  movement,
  officer,
  opening,
  run,
  singleAdultReady,
  T0,
} from './test-fixtures';

describe('reminderFactsOf', () => {
  it('should take the facts the view lacks from the state: births, last counselling session', () => {
    let s = initialState(opening([adult('a1'), child('c1', ['a1'], '2012-06-30')]));
    expect(reminderFactsOf(s)).toEqual({
      preEmbarkationRecorded: false,
      birthDates: { a1: '1990-05-14', c1: '2012-06-30' },
    });
    s = run(s, officer, counselling, '2025-03-05T10:00:00.000Z', {}, '2025-03-04T10:00:00.000Z');
    s = run(s, officer, counselling, '2025-03-06T10:00:00.000Z', {}, '2025-03-02T10:00:00.000Z'); // typed in late
    expect(reminderFactsOf(s).lastCounsellingAt).toBe('2025-03-04T10:00:00.000Z');
  });

  it('should count a pre-embarkation check only for the current itinerary', () => {
    let s = run(singleAdultReady('2025-04-01'), movement, booking('2025-03-10'));
    expect(reminderFactsOf(s).preEmbarkationRecorded).toBe(false);
    s = run(s, medical, { type: 'RecordPreEmbarkationCheck', memberId: 'a1', fit: true }, T0);
    expect(reminderFactsOf(s).preEmbarkationRecorded).toBe(true);
  });
});
