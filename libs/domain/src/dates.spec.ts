import {
  addDays,
  addMonths,
  addOfficeWorkingDays,
  addWorkingDays,
  ageOn,
  dateOfAge,
  handoverDeadline,
  isTimeZone,
  isWorkingDay,
  localDate,
  weekdayOf,
  zonedInstant,
} from './dates';

const RABAT = { timeZone: 'Africa/Casablanca', weekendDays: [0, 6], holidays: ['2026-11-18'] };

describe('calendar arithmetic', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-10-15', 3, '2026-01-15'],
    ['2025-10-15T23:30:00.000Z', 1, '2025-11-15'],
  ])('addMonths(%s, %i) = %s: the day is clamped to the month end', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('should add days across month and year ends', () => {
    expect([addDays('2025-12-31', 1), addDays('2025-03-01', -1), addDays('2025-03-01T23:59:59Z', 0)]).toEqual([
      '2026-01-01',
      '2025-02-28',
      '2025-03-01',
    ]);
  });

  it('should count a 29 February birthday from 1 March in common years, as ageOn does', () => {
    expect(dateOfAge('2008-02-29', 18)).toBe('2026-03-01');
    expect(ageOn('2008-02-29', dateOfAge('2008-02-29', 18))).toBe(18);
    expect(ageOn('2008-02-29', addDays(dateOfAge('2008-02-29', 18), -1))).toBe(17);
    expect(dateOfAge('2006-02-28', 18)).toBe('2024-02-28');
  });

  it('should know weekdays and working days (0 = Sunday)', () => {
    expect(weekdayOf('2026-11-22')).toBe(0);
    expect(weekdayOf('2026-11-21')).toBe(6);
    expect([
      isWorkingDay('2026-11-18', RABAT),
      isWorkingDay('2026-11-19', RABAT),
      isWorkingDay('2026-11-21', RABAT),
    ]).toEqual([false, true, false]);
  });

  it.each([
    ['2026-11-19', 3, '2026-11-24'],
    ['2026-11-17', 1, '2026-11-19'],
    ['2026-11-21', 1, '2026-11-23'],
    ['2026-11-20', 0, '2026-11-20'],
  ])('addWorkingDays(%s, %i) = %s: weekend and holidays skipped, the start day not counted', (date, n, expected) => {
    expect(addWorkingDays(date, n, RABAT)).toBe(expected);
  });

  it('should know IANA zones and refuse made-up ones', () => {
    expect([isTimeZone('Africa/Casablanca'), isTimeZone('UTC'), isTimeZone('Mars/Olympus'), isTimeZone(1)]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it("should follow Casablanca's Ramadan shift to UTC+0 from the IANA data (no fixed offset)", () => {
    // 2026: Morocco is UTC+1 except during Ramadan (about 15 February to 22 March), when it is UTC+0.
    expect(new Date(zonedInstant('2026-01-15', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(new Date(zonedInstant('2026-03-01', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-03-01T08:00:00.000Z');
    expect(localDate('2026-01-15T23:30:00.000Z', 'Africa/Casablanca')).toBe('2026-01-16');
    expect(localDate('2026-03-01T23:30:00.000Z', 'Africa/Casablanca')).toBe('2026-03-01');
  });

  it('should add working days to an instant at the same local time of day', () => {
    expect(new Date(addOfficeWorkingDays(Date.parse('2026-11-19T15:00:00.000Z'), 3, RABAT)).toISOString()).toBe(
      '2026-11-24T15:00:00.000Z',
    );
  });

  it("should put the handover deadline at the end of the last working day in the office's zone", () => {
    expect(handoverDeadline('2026-11-19T23:30:00.000Z', RABAT, 3)).toEqual({
      handoverDueOn: '2026-11-25',
      handoverOverdueAt: '2026-11-25T23:00:00.000Z',
    });
    expect(
      handoverDeadline('2025-03-03T10:00:00.000Z', { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] }, 3),
    ).toEqual({ handoverDueOn: '2025-03-06', handoverOverdueAt: '2025-03-07T00:00:00.000Z' });
  });
});
