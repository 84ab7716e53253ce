import { decide, applyAccepted, type CaseChange } from './decide';
import {
  caseEventNotifications,
  CASE_NOTIFICATION_KINDS,
  incomingCase,
  notificationKindOf,
  RECEIVING_OFFICE_SCOPE_STAGES,
  type CaseNotificationKind,
} from './coordination';
import type { CaseCommand } from './commands';
import type { CaseState } from './state';
import {
  actor,
  booking,
  context,
  counterpart,
  envelope,
  movement,
  officer,
  run,
  singleAdultReady,
  supervisor,
  T0,
} from './test-fixtures';
import type { Actor, Role } from './types';
import { toView } from './view';

/** decide + apply, keeping the change (its events) for the routing function. */
function step(state: CaseState, by: Actor, command: CaseCommand, at = T0): { state: CaseState; change: CaseChange } {
  const env = envelope(state, by, command, at);
  const ctx = context(at);
  const result = decide(state, env, ctx);
  if (!result.ok) throw new Error(`${command.type} rejected: ${result.rejection.message}`);
  return applyAccepted(state, env, result.events, ctx);
}

/** A single adult at READY_FOR_BOOKING whose case names no receiving office yet (the booking resolves it). */
function ready(): CaseState {
  const s = singleAdultReady('2025-06-01');
  return { ...s, receivingOffice: undefined };
}

function changeTo(departureDate: string, itineraryRef = `IT-${departureDate}`): CaseCommand {
  return { type: 'ChangeBooking', departureDate, itineraryRef, fundsAvailable: true, ticketed: true };
}

const ROLES: Role[] = [
  'officer',
  'supervisor',
  'movement',
  'protection',
  'medical',
  'counterpart',
  'finance',
  'operations',
];
const HOST = 'RABAT';
const RECV = 'DAKAR';

/** Who (role@office) a change notifies, for the table below. */
function notified(s: CaseState, change: CaseChange): { kind: CaseNotificationKind | null; who: string[] } {
  const planned = caseEventNotifications(change, toView(s));
  return {
    kind: planned[0]?.kind ?? null,
    who: planned.flatMap((p) => p.recipients.map((r) => `${r.role}@${r.office}`)).sort(),
  };
}

describe('receiving office: booking names it and the case is incoming from then on', () => {
  it('should record the receiving office resolved at booking on the case, and show the incoming summary', () => {
    const booked = step(ready(), movement, booking('2025-03-10', { receivingOffice: RECV, arrivalDate: '2025-03-11' }));
    const view = toView(booked.state);
    expect(view.receivingOffice).toBe(RECV);
    expect(RECEIVING_OFFICE_SCOPE_STAGES).toEqual(expect.arrayContaining(['BOOKED', 'DEPARTED', 'ARRIVED', 'CLOSED']));
    expect(incomingCase(view)).toMatchObject({
      stage: 'BOOKED',
      expectedDepartureDate: '2025-03-10',
      expectedArrivalDate: '2025-03-11',
      itineraryRef: 'IT-2025-03-10',
      travellerCount: 1,
      adultCount: 1,
      childCount: 0,
      needsShared: false,
      needs: null,
    });
  });

  it('should show the needs flags only once the returnee consented to sharing them with the receiving office', () => {
    let s = run(ready(), officer, { type: 'RecordContinuityOfCareConsent', given: true, consentRef: 'COC-1' });
    s = run(s, movement, booking('2025-03-10', { receivingOffice: RECV }));
    const inc = incomingCase(toView(s));
    expect(inc.needsShared).toBe(true);
    expect(inc.needs).toEqual({
      medical: false,
      uasc: false,
      protection: false,
      vulnerable: false,
      escortRequired: false,
    });
  });
});

describe('who is notified of each event (table)', () => {
  const booked = () => run(ready(), movement, booking('2025-03-10', { receivingOffice: RECV }));
  const departed = () =>
    run(booked(), movement, {
      type: 'RecordDeparture',
      voluntarinessReconfirmed: true,
      pocketMoney: { amount: 30, currency: 'EUR' },
    });

  const cases: [string, () => { state: CaseState; change: CaseChange }, CaseNotificationKind, string[]][] = [
    [
      'booking confirmed',
      () => step(ready(), movement, booking('2025-03-10', { receivingOffice: RECV })),
      'RETURNEE_EXPECTED',
      ['counterpart@DAKAR', 'supervisor@DAKAR'],
    ],
    [
      'date changed',
      () => step(booked(), movement, changeTo('2025-03-12')),
      'EXPECTED_DATE_CHANGED',
      ['counterpart@DAKAR', 'supervisor@DAKAR'],
    ],
    [
      'flight changed, same date',
      () => step(booked(), movement, changeTo('2025-03-10', 'IT-OTHER')),
      'ITINERARY_CHANGED',
      ['counterpart@DAKAR'],
    ],
    [
      'no-show',
      () => step(booked(), movement, { type: 'RecordNoShow' }),
      'NO_SHOW',
      ['counterpart@DAKAR', 'officer@RABAT', 'supervisor@DAKAR'],
    ],
    [
      'withdrawal of a booked case',
      () => step(booked(), officer, { type: 'Withdraw' }),
      'RETURN_WITHDRAWN',
      ['counterpart@DAKAR', 'movement@RABAT', 'supervisor@DAKAR'],
    ],
    [
      'cancellation of a booked case',
      () => step(booked(), supervisor, { type: 'Cancel', reasonCode: 'FRAUD' }),
      'RETURN_CANCELLED',
      ['counterpart@DAKAR', 'movement@RABAT', 'supervisor@DAKAR'],
    ],
    [
      'turn-back',
      () =>
        step(departed(), movement, { type: 'RecordTurnBack', reason: 'DENIED_BOARDING', documentsStillValid: true }),
      'TURNED_BACK',
      ['counterpart@DAKAR', 'officer@RABAT', 'supervisor@DAKAR', 'supervisor@RABAT'],
    ],
    [
      'arrival recorded by the receiving counterpart',
      () => step(departed(), counterpart, { type: 'RecordArrival', receptionRecorded: true, receivingOffice: RECV }),
      'ARRIVAL_RECORDED',
      ['counterpart@DAKAR', 'movement@RABAT', 'officer@RABAT'],
    ],
  ];

  it.each(cases)('%s', (_name, make, kind, who) => {
    const { state, change } = make();
    expect(notified(state, change)).toEqual({ kind, who });
  });

  it('should cover every notification kind but BOOKING_CANCELLED in the table above, and that one by a medical unfit', () => {
    const covered = new Set(cases.map((c) => c[2]));
    expect(CASE_NOTIFICATION_KINDS.filter((k) => !covered.has(k))).toEqual(['BOOKING_CANCELLED']);
    const { state, change } = step(booked(), actor('medical'), {
      type: 'RecordPreEmbarkationCheck',
      memberId: 'a1',
      fit: false,
    });
    expect(notified(state, change)).toEqual({ kind: 'BOOKING_CANCELLED', who: ['counterpart@DAKAR', 'officer@RABAT'] });
  });

  it('should tell nobody outside the host office of a withdrawal before any booking', () => {
    const { state, change } = step(ready(), officer, { type: 'Withdraw' });
    expect(notified(state, change)).toEqual({ kind: null, who: [] });
  });

  it('should notify nobody for events outside the table', () => {
    expect(notificationKindOf([])).toBeNull();
    const { state, change } = step(booked(), movement, { type: 'RecordTicketIssued', itineraryRef: 'IT-2025-03-10' });
    expect(notified(state, change).kind).toBeNull();
  });

  it('should address each notification to host and receiving roles only, never operations or finance', () => {
    for (const [, make] of cases) {
      const { state, change } = make();
      const roles = new Set(
        caseEventNotifications(change, toView(state)).flatMap((p) => p.recipients.map((r) => r.role)),
      );
      for (const role of ROLES.filter((r) => !['officer', 'supervisor', 'movement', 'counterpart'].includes(r)))
        expect(roles.has(role)).toBe(false);
    }
  });

  it('should route an inbound case (received from another mission) to the receiving office, never the sending mission', () => {
    // An inbound case names as host the mission elsewhere that organised the return (not an office of this system).
    const { state, change } = step(departed(), counterpart, {
      type: 'RecordArrival',
      receptionRecorded: true,
      receivingOffice: RECV,
    });
    const planned = caseEventNotifications(change, { ...toView(state), hostOffice: 'ES-MAD' }, { inbound: true });
    expect(planned[0].recipients.every((r) => r.office === RECV)).toBe(true);
    expect(planned[0].offices).toEqual([RECV]);
  });

  it('should carry ids, codes, dates and counts only in the body', () => {
    const { state, change } = step(booked(), movement, changeTo('2025-03-12'));
    const [n] = caseEventNotifications(change, toView(state));
    expect(n.body).toEqual({
      notificationKind: 'EXPECTED_DATE_CHANGED',
      caseReference: 'MA-2025-0001',
      stage: 'BOOKED',
      version: state.version,
      expectedDepartureDate: '2025-03-12',
      expectedArrivalDate: '2025-03-12',
      previousDepartureDate: '2025-03-10',
      travellerCount: 1,
    });
    expect(HOST).toBe(toView(state).hostOffice);
  });
});
