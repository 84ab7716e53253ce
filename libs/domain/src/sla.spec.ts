import { addOfficeWorkingDays, workingDaysBetween, zonedInstant } from './dates';
import { DEFAULT_STAGE_SLAS, evaluateSla, mergeSlas } from './sla';

const RABAT = { timeZone: 'Africa/Casablanca', weekendDays: [0, 6], holidays: ['2026-11-18'] };
const at = (iso: string) => Date.parse(iso);

describe('office calendar', () => {
  it('should convert local wall-clock times with the IANA rules, including Morocco moving to UTC+0 for Ramadan', () => {
    expect(new Date(zonedInstant('2026-01-15', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(new Date(zonedInstant('2026-02-25', 8, 'Africa/Casablanca')).toISOString()).toBe('2026-02-25T08:00:00.000Z');
    expect(new Date(zonedInstant('2026-07-01', 8, 'Europe/Paris')).toISOString()).toBe('2026-07-01T06:00:00.000Z');
  });

  it('should skip weekends and holidays when adding and counting working days', () => {
    // Monday 16 Nov 2026, holiday on Wednesday 18: three working days later is Friday 20.
    expect(new Date(addOfficeWorkingDays(at('2026-11-16T09:00:00Z'), 3, RABAT)).toISOString()).toBe(
      '2026-11-20T09:00:00.000Z',
    );
    expect(workingDaysBetween(at('2026-11-13T09:00:00Z'), at('2026-11-20T09:00:00Z'), RABAT)).toBe(4);
  });
});

describe('evaluateSla', () => {
  const referred = { stage: 'REFERRED' as const, stageEnteredAt: '2026-11-02T09:00:00.000Z', holds: [] };

  it('should alert a referral after 5 working days and escalate after 10', () => {
    expect(evaluateSla(referred, at('2026-11-06T12:00:00Z'), RABAT).state).toBe('OK');
    expect(evaluateSla(referred, at('2026-11-10T12:00:00Z'), RABAT)).toMatchObject({
      state: 'ALERT',
      elapsed: 6,
      unit: 'WORKING_DAYS',
    });
    expect(evaluateSla(referred, at('2026-11-17T12:00:00Z'), RABAT).state).toBe('ESCALATE');
  });

  it('should pause while a hold waiting on the migrant is active, and not count its time afterwards', () => {
    const counselling = { stage: 'COUNSELLING' as const, stageEnteredAt: '2026-09-01T09:00:00.000Z', holds: [] };
    const now = at('2026-10-11T09:00:00Z'); // 40 days later
    expect(evaluateSla(counselling, now, RABAT).state).toBe('ALERT');
    const held = { ...counselling, holds: [{ type: 'CONTACT_LOST' as const, placedAt: '2026-09-05T09:00:00.000Z' }] };
    expect(evaluateSla(held, now, RABAT).state).toBe('PAUSED');
    const lifted = evaluateSla(counselling, now, RABAT, DEFAULT_STAGE_SLAS, [
      { type: 'BENEFICIARY_PAUSE', from: '2026-09-05T09:00:00.000Z', to: '2026-09-25T09:00:00.000Z' },
    ]);
    expect(lifted).toMatchObject({ state: 'OK', elapsed: 20 });
  });

  it('should not pause for a hold that is the office own work (a protection risk)', () => {
    const held = {
      stage: 'COUNSELLING' as const,
      stageEnteredAt: '2026-09-01T09:00:00.000Z',
      holds: [{ type: 'PROTECTION_RISK' as const, placedAt: '2026-09-02T09:00:00.000Z' }],
    };
    expect(evaluateSla(held, at('2026-11-01T09:00:00Z'), RABAT).state).toBe('ESCALATE');
  });

  it('should count SCREENING as the wait from counselling to declaration (30/60 days), ASSESSMENT as the assessments (21/45)', () => {
    // AVRR.md §5.1: eligibility, rapid screening and the declaration happen in SCREENING; §9: 30 days, then 60.
    expect(DEFAULT_STAGE_SLAS.SCREENING).toEqual({
      alert: 30,
      escalate: 60,
      unit: 'DAYS',
      basis: 'counselling to declaration',
    });
    const screening = { stage: 'SCREENING' as const, stageEnteredAt: '2026-09-01T09:00:00.000Z', holds: [] };
    expect(evaluateSla(screening, at('2026-09-23T09:00:00Z'), RABAT).state).toBe('OK'); // 22 days
    expect(evaluateSla(screening, at('2026-10-01T09:00:00Z'), RABAT)).toMatchObject({ state: 'ALERT', elapsed: 30 });
    expect(evaluateSla(screening, at('2026-10-31T09:00:00Z'), RABAT).state).toBe('ESCALATE'); // 60 days
    const assessment = { ...screening, stage: 'ASSESSMENT' as const };
    expect(evaluateSla(assessment, at('2026-09-23T09:00:00Z'), RABAT).state).toBe('ALERT');
    expect(DEFAULT_STAGE_SLAS.ASSESSMENT).toMatchObject({ alert: 21, escalate: 45, basis: 'specialised assessments' });
  });

  it('should take per-office overrides', () => {
    const table = mergeSlas(DEFAULT_STAGE_SLAS, { REFERRED: { alert: 2 } });
    expect(evaluateSla(referred, at('2026-11-05T12:00:00Z'), RABAT, table).state).toBe('ALERT');
  });
});
