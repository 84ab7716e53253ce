import { DEFAULT_STAGE_SLAS } from './sla';
import {
  evaluateJourneySla,
  evaluateStageLevel,
  slaLevelRecipients,
  waitingFor,
  type SlaLevel,
  type WaitingFor,
} from './sla-levels';
import { counterpart, officer, run, statesByStage } from './test-fixtures';
import type { Stage } from './types';
import { toView } from './view';

const UTC = { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] };
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

describe('SLA levels (AVRR.md §9)', () => {
  const docs = { stage: 'DOCUMENTATION' as const, stageEnteredAt: '2026-01-01T09:00:00.000Z', holds: [] };
  it.each([
    [29, null],
    [30, 'ALERT'],
    [45, 'ESCALATE'],
    [60, 'CRITICAL'],
  ] as [number, SlaLevel | null][])('should put a consular request at day %i at level %s', (days, level) => {
    expect(evaluateStageLevel(docs, at(docs.stageEnteredAt) + days * DAY, UTC, DEFAULT_STAGE_SLAS).level).toBe(level);
  });

  it('should give BID and family tracing 45 days to alert and 90 to escalate, other assessments 21 and 45', () => {
    const entered = '2026-01-01T09:00:00.000Z';
    const bid = {
      stage: 'ASSESSMENT' as const,
      stageEnteredAt: entered,
      holds: [{ type: 'BID_PENDING' as const, placedAt: entered, placedBy: 'system' }],
    };
    const medical = { stage: 'ASSESSMENT' as const, stageEnteredAt: entered, holds: [] };
    const level = (v: typeof bid | typeof medical, days: number) =>
      evaluateStageLevel(v, at(entered) + days * DAY, UTC, DEFAULT_STAGE_SLAS).level;
    expect([level(bid, 44), level(bid, 45), level(bid, 89), level(bid, 90)]).toEqual([
      null,
      'ALERT',
      'ALERT',
      'ESCALATE',
    ]);
    expect([level(medical, 20), level(medical, 21), level(medical, 45)]).toEqual([null, 'ALERT', 'ESCALATE']);
  });

  it('should never go critical where the brief names no critical threshold', () => {
    const ready = { stage: 'READY_FOR_BOOKING' as const, stageEnteredAt: '2026-01-01T09:00:00.000Z', holds: [] };
    expect(evaluateStageLevel(ready, at(ready.stageEnteredAt) + 400 * DAY, UTC, DEFAULT_STAGE_SLAS).level).toBe(
      'ESCALATE',
    );
  });

  it('should count the whole journey from registration to departure: alert at 60 days, escalate at 90', () => {
    const v = (stage: Stage) => ({ stage, openedAt: '2026-01-01T09:00:00.000Z', holds: [] });
    const t = (d: number) => at('2026-01-01T09:00:00.000Z') + d * DAY;
    expect(evaluateJourneySla(v('SCREENING'), t(59), UTC)?.level).toBeNull();
    expect(evaluateJourneySla(v('SCREENING'), t(60), UTC)?.level).toBe('ALERT');
    expect(evaluateJourneySla(v('BOOKED'), t(90), UTC)?.level).toBe('ESCALATE');
    // Not counted before registration, nor once the returnee has departed.
    expect(evaluateJourneySla(v('REFERRED'), t(200), UTC)).toBeNull();
    expect(evaluateJourneySla(v('DEPARTED'), t(200), UTC)).toBeNull();
  });

  it('should pause the journey clock while a hold waits on the returnee, and not count that time', () => {
    const held = {
      stage: 'COUNSELLING' as const,
      openedAt: '2026-01-01T09:00:00.000Z',
      holds: [{ type: 'BENEFICIARY_PAUSE' as const, placedAt: '2026-01-11T09:00:00.000Z' }],
    };
    const now = at('2026-04-01T09:00:00.000Z');
    expect(evaluateJourneySla(held, now, UTC)).toMatchObject({ level: null, paused: true, elapsed: 10 });
    const lifted = evaluateJourneySla({ ...held, holds: [] }, now, UTC, undefined, [
      { type: 'BENEFICIARY_PAUSE', from: '2026-01-11T09:00:00.000Z', to: '2026-03-01T09:00:00.000Z' },
    ]);
    expect(lifted).toMatchObject({ level: null, paused: false, elapsed: 41 });
  });
});

describe('who the case is waiting for (neutral categories, no names)', () => {
  const byStage = statesByStage();
  const w = (stage: Stage): WaitingFor => waitingFor(toView(byStage[stage]!));
  it.each([
    ['REGISTERED', { party: 'COLLEAGUE', role: 'officer' }],
    ['COUNSELLING', { party: 'RETURNEE' }],
    ['ASSESSMENT', { party: 'COLLEAGUE', role: 'protection' }],
    ['DOCUMENTATION', { party: 'CONSULATE' }],
    ['READY_FOR_BOOKING', { party: 'COLLEAGUE', role: 'movement' }],
    ['BOOKED', { party: 'RETURNEE' }],
    ['DEPARTED', { party: 'RECEIVING_OFFICE', role: 'counterpart' }],
    ['ARRIVED', { party: 'RECEIVING_OFFICE', role: 'counterpart' }],
    ['REINTEGRATION_COUNSELLING', { party: 'COLLEAGUE', role: 'counterpart' }],
  ] as [Stage, WaitingFor][])('%s waits for %j', (stage, expected) => {
    expect(w(stage)).toEqual(expected);
  });

  it('should name the returnee while a pause or lost contact is on, whatever the stage', () => {
    const paused = run(byStage.DOCUMENTATION!, officer, { type: 'PlaceHold', hold: 'BENEFICIARY_PAUSE' });
    expect(waitingFor(toView(paused))).toEqual({ party: 'RETURNEE' });
  });

  it('should not move the clock when the consulate is followed up: the stage entry stays, the follow-up is history', () => {
    const before = byStage.DOCUMENTATION!;
    const memberId = before.members[0].memberId;
    const after = run(
      before,
      officer,
      { type: 'RecordConsulateFollowUp', memberId, channel: 'PHONE', outcome: 'NO_REPLY' },
      '2025-03-20T09:00:00.000Z',
    );
    expect(after.stageEnteredAt).toBe(before.stageEnteredAt);
    expect(after.stage).toBe('DOCUMENTATION');
    const lp = after.members[0].documents.find((d) => d.documentType === 'LAISSEZ_PASSER')!;
    expect(lp.requestedAt).toBe(
      before.members[0].documents.find((d) => d.documentType === 'LAISSEZ_PASSER')!.requestedAt,
    );
    expect(lp.lastFollowUpAt).toBe('2025-03-20T09:00:00.000Z');
    expect(waitingFor(toView(after))).toEqual({ party: 'CONSULATE' });
  });

  it('should refuse a consulate follow-up when no laissez-passer request is waiting', () => {
    const ready = byStage.READY_FOR_BOOKING!;
    expect(() =>
      run(ready, officer, { type: 'RecordConsulateFollowUp', memberId: 'a1', channel: 'PHONE', outcome: 'NO_REPLY' }),
    ).toThrow(/NO_PENDING_CONSULAR_REQUEST/);
    expect(() =>
      run(byStage.DOCUMENTATION!, counterpart, {
        type: 'RecordConsulateFollowUp',
        memberId: 'a1',
        channel: 'PHONE',
        outcome: 'NO_REPLY',
      }),
    ).toThrow(/ROLE_NOT_ALLOWED/);
  });
});

describe('who each SLA level reaches', () => {
  const fmt = (rs: { role: string; office: string | null }[]) => rs.map((r) => `${r.role}@${r.office ?? '*'}`).sort();
  it.each([
    ['officer for a host-office alert', 'ALERT', { stage: 'COUNSELLING', hostOffice: 'RABAT' }, ['officer@RABAT']],
    [
      'supervisor and operations for an escalation',
      'ESCALATE',
      { stage: 'COUNSELLING', hostOffice: 'RABAT' },
      ['operations@*', 'supervisor@RABAT'],
    ],
    [
      'the protection focal point for a BID or family tracing',
      'ALERT',
      { stage: 'ASSESSMENT', hostOffice: 'RABAT', waiting: { party: 'COLLEAGUE', role: 'protection' } },
      ['protection@RABAT'],
    ],
    [
      'the protection focal point kept in the escalation of their wait',
      'ESCALATE',
      { stage: 'ASSESSMENT', hostOffice: 'RABAT', waiting: { party: 'COLLEAGUE', role: 'protection' } },
      ['operations@*', 'protection@RABAT', 'supervisor@RABAT'],
    ],
    [
      'the owner again at the critical level of a consular request',
      'CRITICAL',
      { stage: 'DOCUMENTATION', hostOffice: 'RABAT', waiting: { party: 'CONSULATE' } },
      ['officer@RABAT', 'operations@*', 'supervisor@RABAT'],
    ],
    [
      "the receiving office's supervisor for an overdue inbound plan, never the sending mission",
      'ESCALATE',
      { stage: 'REINTEGRATION_COUNSELLING', hostOffice: 'ES-MAD', receivingOffice: 'DAKAR' },
      ['operations@*', 'supervisor@DAKAR'],
    ],
    [
      'the receiving counterpart for a post-arrival alert',
      'ALERT',
      { stage: 'ARRIVED', hostOffice: 'RABAT', receivingOffice: 'DAKAR', waiting: { party: 'RECEIVING_OFFICE' } },
      ['counterpart@DAKAR'],
    ],
    [
      'the movement assistant for a case waiting to be booked',
      'ALERT',
      { stage: 'READY_FOR_BOOKING', hostOffice: 'RABAT' },
      ['movement@RABAT'],
    ],
  ] as [string, SlaLevel, Parameters<typeof slaLevelRecipients>[1], string[]][])('%s', (_n, level, facts, who) => {
    expect(fmt(slaLevelRecipients(level, facts))).toEqual(who);
  });
});
