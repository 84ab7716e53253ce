import { evolve, initialState as initialStateOf } from './evolve';
import { applyAccepted, decide } from './decide';
import { openedEvent, type CaseState } from './state';
import { reportFactsOf, stateFromAudit } from './report-facts';
import { businessPlan } from './reintegration/test-samples';
import {
  T0,
  adult,
  booking,
  child,
  context,
  counterpart,
  envelope,
  counselling,
  movement,
  officer,
  opening,
  run,
  singleAdultReady,
  statesByStage,
} from './test-fixtures';
import type { Actor } from './types';

const fin1: Actor = { userId: 'fin-1', role: 'finance' };
const fin2: Actor = { userId: 'fin-2', role: 'finance' };
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

describe('reportFactsOf', () => {
  it('should give a registered family its members with dates of birth and no departure', () => {
    const s = initialStateOf(opening([adult('a1', { sex: 'F' }), child('c1', ['a1'])]));
    const f = reportFactsOf(s);
    expect(f.registeredAt).toBe(T0);
    expect(f.receivedAt).toBe(T0);
    expect(f.inbound).toBe(false);
    expect(f.members.map((m) => [m.memberId, m.sex, m.departed])).toEqual([
      ['a1', 'F', false],
      ['c1', expect.any(String), false],
    ]);
    expect(f.members[0].dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(JSON.stringify(f)).not.toMatch(/givenName|familyName|documentRef/);
  });

  it('should count a no-show and the rebooking, then the departure of the traveller', () => {
    let s = singleAdultReady('2025-04-01');
    expect(reportFactsOf(s).approvedAt).toBeDefined();
    s = run(s, movement, booking('2025-03-10'));
    s = run(s, movement, { type: 'RecordNoShow' }, '2025-03-10T12:00:00.000Z');
    s = run(s, movement, booking('2025-03-15'), '2025-03-11T09:00:00.000Z');
    let f = reportFactsOf(s);
    expect([f.noShowCount, f.rebookingCount]).toEqual([1, 1]);
    s = run(
      s,
      movement,
      { type: 'RecordDeparture', voluntarinessReconfirmed: true, pocketMoney: { amount: 30, currency: 'EUR' } },
      '2025-03-15T06:00:00.000Z',
    );
    f = reportFactsOf(s);
    expect(f.departedAt).toBe('2025-03-15T06:00:00.000Z');
    expect(f.members[0].departed).toBe(true);
    expect(f.members[0].documents.length).toBeGreaterThan(0);
  });

  it('should record a withdrawal with its reason only while the case is withdrawn', () => {
    let s = initialStateOf(opening([adult('a1')]));
    s = run(s, officer, { type: 'Withdraw', reasonCode: 'FAMILY_REASONS' }, day(2));
    const f = reportFactsOf(s);
    expect(f.stage).toBe('WITHDRAWN');
    expect(f.withdrawnAt).toBe(day(2));
    expect(f.withdrawalReason).toBe('FAMILY_REASONS');
  });

  it('should give the reintegration facts: counselling, plan, activities, tranches and visits', () => {
    let s = statesByStage().ARRIVED as CaseState;
    s = run(s, counterpart, { type: 'AcknowledgeHandover' }, day(1));
    s = run(s, counterpart, { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: [] }, day(2));
    s = run(s, counterpart, businessPlan(), day(3));
    s = run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4));
    s = run(s, fin1, { type: 'ApproveTranche', trancheId: 'P1-T1' }, day(4));
    s = run(s, fin2, { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'PAY' }, day(4));
    const r = reportFactsOf(s).reintegration!;
    expect(r.counselledAt).toBe(day(1));
    expect(r.planAgreedAt).toBe(day(3));
    expect([r.currency, r.budgeted]).toEqual(['EUR', 1200]);
    expect(r.activities.map((a) => [a.type, a.level])).toEqual([
      ['BUSINESS', 'INDIVIDUAL'],
      ['TRAINING', 'INDIVIDUAL'],
    ]);
    expect(r.tranches.map((t) => [t.status, t.modality])).toEqual([
      ['PAID', 'MIXED'],
      ['PLANNED', 'IN_KIND'],
      ['PLANNED', 'MIXED'],
    ]);
    expect(r.visits.length).toBeGreaterThan(0);
    expect(r.visits.every((v) => !v.doneAt)).toBe(true);
  });

  it('should give the same facts when the audit trail is folded again through evolve', () => {
    // What the reconciliation check does: blank state, every change's events in version order, then the facts.
    let s = initialStateOf(opening([adult('a1')]));
    const changes: { events: Parameters<typeof evolve>[1][]; version: number; recordedAt: string }[] = [];
    const step = (by: Actor, command: Parameters<typeof envelope>[2], at: string) => {
      const env = envelope(s, by, command, at);
      const ctx = context(at);
      const d = decide(s, env, ctx);
      if (!d.ok) throw new Error(d.rejection.message);
      const applied = applyAccepted(s, env, d.events, ctx);
      s = applied.state;
      changes.push({ events: applied.change.events, version: applied.change.version, recordedAt: at });
    };
    step(officer, counselling, day(1));
    step(officer, { type: 'Withdraw' }, day(2));
    const opening1 = initialStateOf(opening([adult('a1')]));
    const first = { version: 1, recordedAt: opening1.updatedAt, events: [openedEvent(opening([adult('a1')]))] };
    const { state: folded, gaps } = stateFromAudit([first, ...changes]);
    expect(gaps).toEqual([]);
    expect(reportFactsOf(folded)).toEqual(reportFactsOf(s));
    // A missing change is reported.
    expect(stateFromAudit([first, changes[1]]).gaps).toEqual([2]);
  });
});
