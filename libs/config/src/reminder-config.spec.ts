import { ConfigError, loadConfig, parseReminderOffsets } from './app-config';

describe('reminder and monitor configuration', () => {
  it('should default to no offset override, reminders at 08:00 local and a 5-minute reconciliation', () => {
    const sut = loadConfig({});
    expect(sut.reminders).toEqual({ offsetsMs: {}, localHour: 8, concurrency: 20, reconcileEverySeconds: 300 });
    expect(sut.monitor).toEqual({ everySeconds: 300, activityAttempts: 3, timerGraceSeconds: 120 });
  });

  it('should parse REMINDER_OFFSETS into milliseconds per kind', () => {
    expect(parseReminderOffsets('CONSULATE_FOLLOW_UP=15s,30s;DEPARTURE_CALL=-48h,-1.5h;DOCUMENT_EXPIRY=-14d')).toEqual({
      CONSULATE_FOLLOW_UP: [15_000, 30_000],
      DEPARTURE_CALL: [-172_800_000, -5_400_000],
      DOCUMENT_EXPIRY: [-1_209_600_000],
    });
    expect(loadConfig({ REMINDER_OFFSETS: 'UNDECIDED_CASE=2m' }).reminders.offsetsMs).toEqual({
      UNDECIDED_CASE: [120_000],
    });
  });

  it('should reject malformed offsets and out-of-range numbers, naming the variable', () => {
    expect(() => loadConfig({ REMINDER_OFFSETS: 'DEPARTURE_CALL=two days' })).toThrow(ConfigError);
    expect(() => loadConfig({ REMINDER_OFFSETS: 'DEPARTURE_CALL=2w' })).toThrow(/REMINDER_OFFSETS/);
    expect(() => loadConfig({ REMINDER_LOCAL_HOUR: '24' })).toThrow(/REMINDER_LOCAL_HOUR/);
    expect(() => loadConfig({ MONITOR_EVERY_SECONDS: '0' })).toThrow(/MONITOR_EVERY_SECONDS/);
  });
});
