import { applyDeadlines, evolve, nextDeadline, onDeadlines, defaultDomainConfig, type CaseState } from './index';
import {
  T0,
  adult,
  attempt,
  booking,
  context,
  declaration,
  documentEveryone,
  movement,
  officer,
  opening,
  protection,
  run,
  singleAdultReady,
  statesByStage,
  supervisor,
  toScreening,
  unmetCodes,
} from './test-fixtures';

const config = defaultDomainConfig;
const fold = (s: CaseState, now: string) => onDeadlines(s, context(now)).reduce(evolve, s);

describe('deadlines', () => {
  it('should have no deadline before documents exist', () => {
    expect(nextDeadline(statesByStage().SCREENING as CaseState, config)).toBeNull();
  });

  it('should send a ready case back to documentation when the laissez-passer can no longer serve a departure', () => {
    const s = singleAdultReady('2025-03-25');
    expect(nextDeadline(s, config)).toEqual({
      at: '2025-03-23T00:00:00.000Z',
      kind: 'DOCUMENT_EXPIRY',
      memberId: 'a1',
    });
    expect(onDeadlines(s, context('2025-03-22T23:59:59.000Z'))).toEqual([]);
    const events = onDeadlines(s, context('2025-03-23T08:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['DocumentRenewalRequired', 'StageChanged']);
    expect(events[0]).toMatchObject({
      reason: 'EXPIRES_BEFORE_DEPARTURE',
      effectiveAt: '2025-03-23T00:00:00.000Z',
      recordedAt: '2025-03-23T08:00:00.000Z',
    });
    const after = fold(s, '2025-03-23T08:00:00.000Z');
    expect(after.stage).toBe('DOCUMENTATION');
    expect(nextDeadline(after, config)).toBeNull();
  });

  it('should only react to the expiry itself once booked, and then cancel the booking', () => {
    const s = run(singleAdultReady('2025-03-25'), movement, booking('2025-03-20'));
    expect(nextDeadline(s, config)).toEqual({
      at: '2025-03-26T00:00:00.000Z',
      kind: 'DOCUMENT_EXPIRY',
      memberId: 'a1',
    });
    const after = fold(s, '2025-03-26T00:00:00.000Z');
    expect(after.stage).toBe('DOCUMENTATION');
    expect(after.bookingHistory.at(-1)?.outcome).toBe('DOCUMENT_EXPIRES_BEFORE_DEPARTURE');
    expect(after.members[0]?.documents[0]?.status).toBe('EXPIRED');
  });

  it('should release an unticketed booking when its hold expires, unless the ticket is issued', () => {
    const s = run(singleAdultReady('2025-04-30'), movement, booking('2025-03-10', { ticketed: false }));
    expect(s.booking?.bookingHoldUntil).toBe('2025-03-04T09:00:00.000Z');
    expect(nextDeadline(s, config)).toEqual({ at: '2025-03-04T09:00:00.000Z', kind: 'BOOKING_HOLD_EXPIRY' });
    const released = fold(s, '2025-03-04T09:00:00.000Z');
    expect(released.stage).toBe('READY_FOR_BOOKING');
    expect(released.bookingHistory.at(-1)?.outcome).toBe('HOLD_EXPIRED');
    const ticketed = run(s, movement, { type: 'RecordTicketIssued', itineraryRef: 'IT-2025-03-10' });
    expect(nextDeadline(ticketed, config)?.kind).toBe('DOCUMENT_EXPIRY');
    expect(onDeadlines(ticketed, context('2025-03-05T09:00:00.000Z'))).toEqual([]);
  });

  it('should require a new VoT risk assessment when the last one is older than its validity before departure', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['VOT'] }],
    });
    s = run(s, protection, {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      mitigation: 'M1',
    });
    s = run(s, officer, declaration('a1'));
    s = run(s, supervisor, { type: 'Approve' });
    s = documentEveryone(s, ['a1'], '2025-06-30');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
    expect(unmetCodes(attempt(s, movement, booking('2025-04-02')))).toEqual(['VOT_ASSESSMENT_EXPIRED:a1']);
    expect(nextDeadline(s, config)).toEqual({
      at: '2025-04-01T00:00:00.000Z',
      kind: 'VOT_ASSESSMENT_EXPIRY',
      memberId: 'a1',
    });
    const after = fold(s, '2025-04-01T10:00:00.000Z');
    expect(after.members[0]?.assessments[0]).toMatchObject({
      assessment: 'VOT_RISK',
      status: 'PENDING',
      trigger: 'EXPIRED',
    });
    expect(unmetCodes(attempt(after, movement, booking('2025-04-05'), '2025-04-01T10:00:00.000Z'))).toEqual([
      'ASSESSMENT_PENDING:a1',
    ]);
    expect(nextDeadline(after, config)?.kind).toBe('DOCUMENT_EXPIRY');
  });

  it('should apply due deadlines as one system change with a new version', () => {
    const s = singleAdultReady('2025-03-25');
    expect(applyDeadlines(s, context(T0))).toBeNull();
    const applied = applyDeadlines(s, context('2025-03-24T00:00:00.000Z'));
    expect(applied?.change).toMatchObject({
      version: s.version + 1,
      commandType: 'DeadlineReached',
      actor: { role: 'system' },
      fromStage: 'READY_FOR_BOOKING',
      toStage: 'DOCUMENTATION',
    });
    expect(applied?.state.version).toBe(s.version + 1);
  });

  it('should always clear a due deadline so a timer loop cannot spin', () => {
    for (const state of Object.values(statesByStage())) {
      let s = state;
      for (let i = 0; i < 5; i++) {
        const d = nextDeadline(s, config);
        if (!d) break;
        const events = onDeadlines(s, context(d.at));
        expect(events.length).toBeGreaterThan(0);
        s = events.reduce(evolve, s);
        const next = nextDeadline(s, config);
        if (next) expect(next.at >= d.at).toBe(true);
      }
    }
  });
});
