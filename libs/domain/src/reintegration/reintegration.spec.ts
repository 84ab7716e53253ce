import {
  addMonths,
  addWorkingDays,
  applyDeadlines,
  handoverDeadline,
  availableCommands,
  blankState,
  evolve,
  initialState,
  nextDeadline,
  toView,
  validateOpening,
  validateReintegrationConfig,
  RSS_INSTRUMENT_V1,
  scoreRss,
  type Actor,
  type CaseCommand,
  type CaseState,
  type DomainConfig,
} from '../index';
import {
  actor,
  adult,
  attempt,
  context,
  counterpart,
  opening,
  run,
  statesByStage,
  supervisor,
  T0,
  unmetCodes,
} from '../test-fixtures';
import { businessPlan, reintegrationSampleOrNull, SAMPLE_CHECKSUM, SAMPLE_NOTE } from './test-samples';

const fin1: Actor = { userId: 'fin-1', role: 'finance' };
const fin2: Actor = { userId: 'fin-2', role: 'finance' };
const fin3: Actor = { userId: 'fin-3', role: 'finance' };
const cp2: Actor = { userId: 'cp-2', role: 'counterpart' };

/** T0 (2025-03-01, a Saturday) plus days, as an instant. */
function day(n: number): string {
  return new Date(Date.parse(T0) + n * 86_400_000).toISOString();
}

const arrived = (): CaseState => statesByStage().ARRIVED as CaseState;

function counselling(s: CaseState = arrived()): CaseState {
  return run(s, counterpart, { type: 'AcknowledgeHandover' }, day(1));
}

function planned(plan: CaseCommand = businessPlan(), by: Actor = counterpart): CaseState {
  let s = counselling();
  s = run(s, counterpart, { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: ['TAILORING'] }, day(2));
  return run(s, by, plan, day(3));
}

/** Tranche requested by the counterpart, approved by fin-1, paid by fin-2. */
function release(s: CaseState, trancheId: string, at: string, ref = `PAY-${trancheId}`): CaseState {
  s = run(s, counterpart, { type: 'RequestTranche', trancheId }, at);
  s = run(s, fin1, { type: 'ApproveTranche', trancheId }, at);
  return run(s, fin2, { type: 'RecordTranchePayment', trancheId, paymentRef: ref }, at);
}

const useEvidence = (trancheId: string, id: string): CaseCommand => ({
  type: 'RecordEvidence',
  evidenceId: id,
  checksum: SAMPLE_CHECKSUM,
  contentType: 'image/jpeg',
  purpose: 'TRANCHE_USE',
  trancheId,
});
const visit: CaseCommand = {
  type: 'RecordMonitoringVisit',
  mode: 'IN_PERSON',
  findings: ['BUSINESS_OPERATING'],
  businessStatus: 'OPERATING',
};

/** Tranche 1 paid, its use evidenced and a visit recorded: tranche 2 may be released. */
function afterFirstTranche(): CaseState {
  let s = release(planned(), 'P1-T1', day(4));
  s = run(s, counterpart, useEvidence('P1-T1', 'EV-1'), day(40));
  return run(s, counterpart, visit, day(41));
}

function tranche(s: CaseState, id: string) {
  return s.reintegration?.tranches.find((t) => t.trancheId === id);
}

const LOW_ANSWERS = {
  ECO_SATISFACTION: 1,
  ECO_FOOD_SECURITY: 'OFTEN_SHORT',
  ECO_ABILITY_TO_BORROW: false,
  ECO_DEBT_BURDEN: 'MORE_THAN_SPENDING',
  ECO_INCOME_SOURCE: 'NONE',
  SOC_HOUSING: 2,
  SOC_SCHOOLING: 'NO_CHILDREN',
  SOC_HEALTH_ACCESS: 2,
  SOC_JUSTICE_ACCESS: false,
  SOC_IDENTITY_DOCUMENTS: true,
  PSY_COMMUNITY_PARTICIPATION: 2,
  PSY_SUPPORT_NETWORK: false,
  PSY_DISCRIMINATION: true,
  PSY_DISTRESS: 4,
  PSY_FEELS_SAFE: 2,
};

describe('calendar helpers', () => {
  it.each([
    ['2025-03-01', 1, '2025-04-01'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-03-01', 12, '2026-03-01'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => expect(addMonths(date, months)).toBe(expected));

  it.each([
    ['2025-03-01', 3, '2025-03-05'], // Saturday: Monday, Tuesday, Wednesday
    ['2025-03-05', 3, '2025-03-10'], // Wednesday: Thursday, Friday, Monday
    ['2025-03-03', 0, '2025-03-03'],
  ])('addWorkingDays(%s, %i) = %s', (date, n, expected) =>
    expect(addWorkingDays(date, n, { weekendDays: [0, 6], holidays: [] })).toBe(expected),
  );
});

describe('handover and monitoring timers', () => {
  it('should plan the acknowledgement deadline and the visits at months 1, 3, 6 and 12 from the arrival', () => {
    const s = arrived();
    const view = toView(s).reintegration!;
    expect(view.handover).toEqual({ receivingOffice: 'DAKAR', arrivedAt: T0, dueOn: '2025-03-05', overdue: false });
    expect(view.monitoring.planned.map((v) => [v.visitNo, v.dueOn, v.status])).toEqual([
      [1, '2025-04-01', 'PLANNED'],
      [2, '2025-06-01', 'PLANNED'],
      [3, '2025-09-01', 'PLANNED'],
      [4, '2026-03-01', 'PLANNED'],
    ]);
    expect(nextDeadline(s, context().config)).toEqual({ at: '2025-03-06T00:00:00.000Z', kind: 'HANDOVER_ACK_OVERDUE' });
  });

  it('should flag an unacknowledged handover for the sending office when the deadline passes, once', () => {
    const ctx = context('2025-03-06T00:00:00.000Z');
    const applied = applyDeadlines(arrived(), ctx)!;
    expect(applied.change.events.map((e) => e.type)).toEqual(['HandoverAcknowledgementOverdue']);
    expect(toView(applied.state).reintegration!.handover.overdue).toBe(true);
    expect(applyDeadlines(applied.state, ctx)).toBeNull();
    expect(nextDeadline(applied.state, ctx.config)).toEqual({
      at: '2025-04-01T00:00:00.000Z',
      kind: 'MONITORING_VISIT_DUE',
    });
    const acknowledged = run(applied.state, counterpart, { type: 'AcknowledgeHandover' }, day(6));
    expect(toView(acknowledged).reintegration!.handover.overdue).toBe(false);
  });

  it("should count the handover deadline in the receiving office's calendar: its holidays, weekend and time zone", () => {
    const departed = statesByStage().DEPARTED as CaseState;
    // Arrival Friday 2025-03-07 in Dakar (UTC); the office closes on Monday 10 (a holiday) and at weekends: the three
    // working days are Tuesday 11, Wednesday 12, Thursday 13.
    const dakar = { timeZone: 'Africa/Dakar', weekendDays: [0, 6], holidays: ['2025-03-10'] };
    const s = run(
      departed,
      counterpart,
      { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR', receivingCalendar: dakar },
      '2025-03-07T10:00:00.000Z',
    );
    expect(toView(s).reintegration!.handover.dueOn).toBe('2025-03-13');
    expect(nextDeadline(s, context().config)).toEqual({ at: '2025-03-14T00:00:00.000Z', kind: 'HANDOVER_ACK_OVERDUE' });
    // Without the calendar (older commands): the configured weekdays only, as before.
    const plain = run(
      departed,
      counterpart,
      { type: 'RecordArrival', receptionRecorded: true, receivingOffice: 'DAKAR' },
      '2025-03-07T10:00:00.000Z',
    );
    expect(toView(plain).reintegration!.handover.dueOn).toBe('2025-03-12');
  });

  it('should refuse a receiving calendar whose time zone the IANA database does not know', () => {
    const departed = statesByStage().DEPARTED as CaseState;
    const arrival: CaseCommand = {
      type: 'RecordArrival',
      receptionRecorded: true,
      receivingOffice: 'DAKAR',
      receivingCalendar: { timeZone: 'Africa/Atlantis', weekendDays: [0, 6], holidays: [] },
    };
    expect(attempt(departed, counterpart, arrival, '2025-03-07T10:00:00.000Z')).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_COMMAND' },
    });
  });

  it.each([
    // arrived at (UTC), time zone -> due on (local), overdue at (UTC: the end of that local day); weekend, holidays
    ['2025-11-06T23:30:00.000Z', 'Africa/Casablanca', '2025-11-12', '2025-11-12T23:00:00.000Z', [0, 6], []], // Friday 7 locally (UTC+1)
    ['2025-11-06T23:30:00.000Z', 'UTC', '2025-11-11', '2025-11-12T00:00:00.000Z', [0, 6], []], // still Thursday 6
    ['2025-03-06T23:30:00.000Z', 'Africa/Casablanca', '2025-03-11', '2025-03-12T00:00:00.000Z', [0, 6], []], // Ramadan: UTC+0, Thursday
    ['2025-03-06T10:00:00.000Z', 'Asia/Kabul', '2025-03-11', '2025-03-11T19:30:00.000Z', [5], ['2025-03-08']], // Friday off, a holiday
  ])(
    'handoverDeadline(%s in %s) is due on %s, overdue at %s',
    (arrivedAt, timeZone, dueOn, overdueAt, weekendDays, holidays) => {
      expect(
        handoverDeadline(arrivedAt, { timeZone: timeZone, weekendDays: weekendDays, holidays: holidays }, 3),
      ).toEqual({ handoverDueOn: dueOn, handoverOverdueAt: overdueAt });
    },
  );

  it('should not plan timers for a workflow whose config predates them (replay keeps its commands)', () => {
    const old = { ...context().config } as Partial<DomainConfig>;
    delete old.handoverAckWorkingDays;
    delete old.monitoringVisitOffsetsMonths;
    expect(nextDeadline(arrived(), old as DomainConfig)).toBeNull();
  });

  it('should mark a visit due when its date comes, and a visit typed in late fulfils it', () => {
    let s = counselling();
    const due = applyDeadlines(s, context('2025-04-01T00:00:00.000Z'))!;
    expect(due.change.events).toEqual([
      expect.objectContaining({ type: 'MonitoringVisitDue', visitNo: 1, dueOn: '2025-04-01' }),
    ]);
    s = due.state;
    s = run(s, counterpart, visit, day(40), {}, day(33));
    const planned = toView(s).reintegration!.monitoring.planned;
    expect(planned[0]).toEqual({ visitNo: 1, dueOn: '2025-04-01', status: 'DONE', doneAt: day(33) });
    expect(nextDeadline(s, context().config)).toEqual({ at: '2025-06-01T00:00:00.000Z', kind: 'MONITORING_VISIT_DUE' });
  });

  it('should open a case at ARRIVED with an arrival typed in late, and check the opening', () => {
    const o = opening([adult('a1')], {
      startAt: 'ARRIVED',
      receivingOffice: 'MA-RBA-R',
      countryOfOrigin: 'MA',
      arrivedAt: '2025-01-10T10:00:00.000Z',
    });
    expect(validateOpening(o)).toEqual([]);
    const s = initialState(o);
    expect(s.stage).toBe('ARRIVED');
    expect(s.arrival?.effectiveAt).toBe('2025-01-10T10:00:00.000Z');
    expect(toView(s).reintegration!.monitoring.planned[0].dueOn).toBe('2025-02-10');
    expect(validateOpening({ ...o, arrivedAt: '2025-04-01T00:00:00.000Z' })).toEqual(['arrivedAt is after openedAt.']);
    expect(validateOpening({ ...o, startAt: 'REFERRED' })).toEqual(['arrivedAt is only for a case opened at ARRIVED.']);
  });
});

describe('reintegration plan', () => {
  it.each([
    [
      'without a needs and skills assessment',
      () => counselling(),
      counterpart,
      businessPlan(),
      'REQUIREMENTS_NOT_MET',
      ['REINTEGRATION_ASSESSMENT_MISSING'],
    ],
    [
      'not signed by the returnee',
      () => run(counselling(), counterpart, { type: 'RecordReintegrationAssessment', needs: [], skills: [] }, day(2)),
      counterpart,
      businessPlan({ returneeSigned: false }),
      'REQUIREMENTS_NOT_MET',
      ['PLAN_NOT_SIGNED'],
    ],
    [
      'above the ceiling, by a counterpart',
      () => run(counselling(), counterpart, { type: 'RecordReintegrationAssessment', needs: [], skills: [] }, day(2)),
      counterpart,
      businessPlan({
        budget: 1700,
        activities: [
          {
            activityId: 'A',
            dimension: 'ECONOMIC',
            level: 'INDIVIDUAL',
            type: 'BUSINESS',
            budget: 1700,
            milestones: [],
          },
        ],
        tranches: [{ amount: 1700, payeeRef: 'P' }],
      }),
      'REQUIREMENTS_NOT_MET',
      ['SUPERVISOR_APPROVAL_REQUIRED'],
    ],
    [
      'whose tranches do not add up to the budget',
      () => counselling(),
      counterpart,
      businessPlan({ tranches: [{ amount: 100, payeeRef: 'P' }] }),
      'INVALID_COMMAND',
      [],
    ],
    [
      'whose budget is not the sum of its activities',
      () => counselling(),
      counterpart,
      businessPlan({ budget: 1300, tranches: [{ amount: 1300, payeeRef: 'P' }] }),
      'INVALID_COMMAND',
      [],
    ],
    [
      "in another currency than the programme's",
      () => counselling(),
      counterpart,
      businessPlan({ currency: 'USD' }),
      'INVALID_COMMAND',
      [],
    ],
    [
      'with amounts of more than 2 decimals',
      () => counselling(),
      counterpart,
      businessPlan({
        tranches: [
          { amount: 500.001, payeeRef: 'P' },
          { amount: 699.999, payeeRef: 'P' },
        ],
      }),
      'INVALID_COMMAND',
      [],
    ],
    ['by a finance officer', () => counselling(), fin1, businessPlan(), 'ROLE_NOT_ALLOWED', ['ROLE_NOT_ALLOWED']],
    [
      'before the handover is acknowledged',
      () => arrived(),
      counterpart,
      businessPlan(),
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
  ] as [string, () => CaseState, Actor, CaseCommand, string, string[]][])(
    'should refuse a plan %s',
    (_n, state, by, command, code, codes) => {
      const r = attempt(state(), by, command, day(3));
      expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
      expect(unmetCodes(r)).toEqual(codes);
    },
  );

  it('should agree a signed plan: version 1, tranches P1-T1..3 (the first without conditions), milestones planned', () => {
    const s = planned();
    expect(s.stage).toBe('PLAN_AGREED');
    const v = toView(s).reintegration!;
    expect(v.plan).toMatchObject({
      planVersion: 1,
      budget: 1200,
      envelope: 1200,
      currency: 'EUR',
      exchangeRate: { currency: 'XOF', rate: 655.957 },
      aboveCeiling: false,
    });
    expect(v.tranches.map((t) => [t.trancheId, t.sequence, t.amount, t.status, t.conditions.length])).toEqual([
      ['P1-T1', 1, 500, 'PLANNED', 0],
      ['P1-T2', 2, 400, 'PLANNED', 3],
      ['P1-T3', 3, 300, 'PLANNED', 3],
    ]);
    expect(v.milestones.map((m) => [m.milestoneId, m.activityId, m.status])).toEqual([
      ['M-MARKET', 'A-BIZ', 'PLANNED'],
      ['M-SHOP', 'A-BIZ', 'PLANNED'],
      ['M-COURSE', 'A-TRAIN', 'PLANNED'],
    ]);
    expect(v.budget).toEqual({ currency: 'EUR', envelope: 1200, committed: 0, paid: 0, remaining: 1200 });
  });

  it('should let a supervisor approve a budget above the ceiling', () => {
    const big = businessPlan({
      budget: 1700,
      activities: [
        { activityId: 'A', dimension: 'ECONOMIC', level: 'INDIVIDUAL', type: 'BUSINESS', budget: 1700, milestones: [] },
      ],
      tranches: [{ amount: 1700, payeeRef: 'P' }],
    });
    const s = planned(big, supervisor);
    expect(s.reintegration!.plans[0]).toMatchObject({ aboveCeiling: true, approvedByRole: 'supervisor' });
  });
});

describe('tranches', () => {
  it('should pay tranche 1 through request, approval and payment by three different users, converting at the plan rate', () => {
    const s = release(planned(), 'P1-T1', day(4));
    expect(s.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(tranche(s, 'P1-T1')).toMatchObject({
      status: 'PAID',
      requestedBy: 'user-counterpart',
      approvedBy: 'fin-1',
      paidBy: 'fin-2',
      paymentRef: 'PAY-P1-T1',
      localAmount: 327978.5,
      localCurrency: 'XOF',
    });
    expect(toView(s).reintegration!.budget).toEqual({
      currency: 'EUR',
      envelope: 1200,
      committed: 500,
      paid: 500,
      remaining: 700,
    });
  });

  it.each([
    [
      'a finance officer approving their own request',
      (s: CaseState) => run(s, fin1, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4)),
      fin1,
      { type: 'ApproveTranche', trancheId: 'P1-T1' },
      ['SEGREGATION_OF_DUTIES'],
    ],
    [
      'a counterpart approving',
      (s: CaseState) => run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4)),
      counterpart,
      { type: 'ApproveTranche', trancheId: 'P1-T1' },
      ['ROLE_NOT_ALLOWED'],
    ],
    [
      'an approver paying what they approved',
      (s: CaseState) =>
        run(
          run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4)),
          fin1,
          { type: 'ApproveTranche', trancheId: 'P1-T1' },
          day(4),
        ),
      fin1,
      { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'X' },
      ['SEGREGATION_OF_DUTIES'],
    ],
    [
      'a payment before approval',
      (s: CaseState) => run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4)),
      fin2,
      { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'X' },
      ['TRANCHE_NOT_APPROVED'],
    ],
    [
      'tranche 2 before tranche 1 is paid',
      (s: CaseState) => s,
      counterpart,
      { type: 'RequestTranche', trancheId: 'P1-T2' },
      ['PREVIOUS_TRANCHE_NOT_PAID'],
    ],
  ] as [string, (s: CaseState) => CaseState, Actor, CaseCommand, string[]][])(
    'should refuse %s',
    (_n, prepare, by, command, codes) => {
      expect(unmetCodes(attempt(prepare(planned()), by, command, day(5)))).toEqual(codes);
    },
  );

  it('should make paying twice impossible, and a payment reference usable once', () => {
    const s = release(planned(), 'P1-T1', day(4));
    expect(
      unmetCodes(
        attempt(s, fin3, { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'PAY-P1-T1' }, day(5)),
      ),
    ).toEqual(['TRANCHE_ALREADY_PAID', 'PAYMENT_REF_ALREADY_USED']);
    let t2 = run(s, counterpart, useEvidence('P1-T1', 'EV-1'), day(40));
    t2 = run(t2, counterpart, visit, day(41));
    t2 = run(
      run(t2, counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(42)),
      fin1,
      { type: 'ApproveTranche', trancheId: 'P1-T2' },
      day(42),
    );
    expect(
      unmetCodes(
        attempt(t2, fin2, { type: 'RecordTranchePayment', trancheId: 'P1-T2', paymentRef: 'PAY-P1-T1' }, day(42)),
      ),
    ).toEqual(['PAYMENT_REF_ALREADY_USED']);
  });

  it("should release the next tranche only on evidence of use of the previous one, a visit since its payment and the counterpart's recommendation", () => {
    let s = release(planned(), 'P1-T1', day(4));
    expect(unmetCodes(attempt(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(30)))).toEqual([
      'EVIDENCE_OF_USE_MISSING',
      'MONITORING_VISIT_MISSING',
    ]);
    s = run(s, counterpart, useEvidence('P1-T1', 'EV-1'), day(40));
    // A visit before the payment does not count: it is typed in late with its real date.
    const early = run(s, counterpart, visit, day(40), {}, day(3));
    expect(unmetCodes(attempt(early, counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(40)))).toEqual([
      'MONITORING_VISIT_MISSING',
    ]);
    s = run(s, counterpart, visit, day(41));
    expect(unmetCodes(attempt(s, fin1, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(42)))).toEqual([
      'COUNTERPART_RECOMMENDATION_MISSING',
    ]);
    s = release(s, 'P1-T2', day(42), 'PAY-2');
    expect(tranche(s, 'P1-T2')?.status).toBe('PAID');
  });

  it('should stop future tranches when the returnee dies, and cancel the open ones when a one-person case closes', () => {
    const one = afterFirstTranche();
    const a1 = one.members[0];
    const household: CaseState = { ...one, members: [a1, { ...a1, memberId: 'a2', relationship: 'SPOUSE' }] };
    const widowed = run(household, counterpart, { type: 'RecordDeath', memberId: 'a1' }, day(50));
    expect(widowed.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(unmetCodes(attempt(widowed, counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(50)))).toEqual([
      'ASSISTANCE_STOPPED',
    ]);
    const s = run(one, counterpart, { type: 'RecordDeath', memberId: 'a1' }, day(50));
    expect([s.stage, s.closureReason]).toEqual(['CLOSED', 'DECEASED']);
    expect(s.reintegration!.tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
  });

  it('should refuse a tranche that would exceed the approved budget', () => {
    let s = afterFirstTranche();
    // Plan 2 spends the remaining 700; a hand-made extra tranche would push the total over the envelope.
    s = run(
      s,
      supervisor,
      {
        ...businessPlan({
          budget: 700,
          activities: [
            {
              activityId: 'A-JOB',
              dimension: 'ECONOMIC',
              level: 'INDIVIDUAL',
              type: 'JOB_PLACEMENT',
              budget: 700,
              milestones: [],
            },
          ],
          tranches: [{ amount: 700, payeeRef: 'P' }],
        }),
        type: 'AmendPlan',
        reasonCode: 'BUSINESS_FAILED',
      },
      day(60),
    );
    const overspent = {
      ...s,
      reintegration: {
        ...s.reintegration!,
        tranches: s.reintegration!.tranches.map((t) => (t.trancheId === 'P2-T1' ? { ...t, amount: 800 } : t)),
      },
    };
    expect(
      unmetCodes(attempt(overspent, counterpart, { type: 'RequestTranche', trancheId: 'P2-T1' }, day(61))),
    ).toEqual(['BUDGET_EXCEEDED']);
  });
});

describe('plan amendment', () => {
  const amend = (budget: number, over: Record<string, unknown> = {}): CaseCommand => ({
    ...businessPlan({
      budget,
      activities: [
        {
          activityId: 'A-JOB',
          dimension: 'ECONOMIC',
          level: 'INDIVIDUAL',
          type: 'JOB_PLACEMENT',
          budget,
          milestones: [{ milestoneId: 'M-JOB', dueDate: '2025-08-01', code: 'PLACED' }],
        },
      ],
      tranches: [{ amount: budget, payeeRef: 'P' }],
    }),
    type: 'AmendPlan',
    reasonCode: 'BUSINESS_FAILED',
    ...over,
  });

  it.each([
    ['above the remaining budget', supervisor, amend(800), ['AMENDMENT_ABOVE_REMAINING_BUDGET']],
    ['by a counterpart alone', counterpart, amend(700), ['SUPERVISOR_APPROVAL_REQUIRED']],
    ['not signed', supervisor, amend(700, { returneeSigned: false }), ['PLAN_NOT_SIGNED']],
  ] as [string, Actor, CaseCommand, string[]][])('should refuse an amendment %s', (_n, by, command, codes) => {
    expect(unmetCodes(attempt(afterFirstTranche(), by, command, day(60)))).toEqual(codes);
  });

  it('should refuse an amendment while money is in flight', () => {
    const s = run(afterFirstTranche(), counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(45));
    expect(unmetCodes(attempt(s, supervisor, amend(700), day(60)))).toEqual(['TRANCHE_IN_FLIGHT']);
  });

  it('should create version 2 within the remaining budget, cancelling what was still planned, keeping what was paid', () => {
    const s = run(afterFirstTranche(), supervisor, amend(700), day(60));
    const v = toView(s).reintegration!;
    expect(v.planVersions.map((p) => [p.planVersion, p.budget, p.envelope])).toEqual([
      [1, 1200, 1200],
      [2, 700, 1200],
    ]);
    expect(v.tranches.map((t) => [t.trancheId, t.sequence, t.status, t.planVersion])).toEqual([
      ['P1-T1', 1, 'PAID', 1],
      ['P1-T2', 2, 'CANCELLED', 1],
      ['P1-T3', 3, 'CANCELLED', 1],
      ['P2-T1', 4, 'PLANNED', 2],
    ]);
    expect(tranche(s, 'P2-T1')!.conditions).toEqual([
      'EVIDENCE_OF_PREVIOUS_USE',
      'MONITORING_VISIT',
      'COUNTERPART_RECOMMENDATION',
    ]);
    expect(v.milestones.filter((m) => m.status === 'CANCELLED').map((m) => m.milestoneId)).toEqual([
      'M-MARKET',
      'M-SHOP',
      'M-COURSE',
    ]);
    // The second tranche on the new plan: the conditions refer to the last paid tranche (P1-T1), already evidenced and visited.
    const paid = release(s, 'P2-T1', day(61), 'PAY-2');
    expect(toView(paid).reintegration!.budget).toEqual({
      currency: 'EUR',
      envelope: 1200,
      committed: 1200,
      paid: 1200,
      remaining: 0,
    });
  });
});

describe('monitoring, contact attempts and RSS', () => {
  it('should close as LOST_CONTACT only after 3 failed attempts over 60 days since the last contact', () => {
    let s = counselling();
    const attemptAt =
      (n: number, ok = false) =>
      (x: CaseState) =>
        run(x, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: ok }, day(n));
    s = attemptAt(10)(s);
    s = attemptAt(40)(s);
    expect(unmetCodes(attempt(s, counterpart, { type: 'CloseCase', reason: 'LOST_CONTACT' }, day(75)))).toEqual([
      'CONTACT_RULE_NOT_MET',
    ]);
    s = attemptAt(50)(s);
    expect(unmetCodes(attempt(s, counterpart, { type: 'CloseCase', reason: 'LOST_CONTACT' }, day(69)))).toEqual([
      'CONTACT_RULE_NOT_MET',
    ]);
    expect(toView(s).reintegration!.monitoring.failedContactAttempts).toBe(3);
    const reached = attemptAt(60, true)(s);
    expect(toView(reached).reintegration!.monitoring.failedContactAttempts).toBe(0);
    s = run(s, counterpart, { type: 'CloseCase', reason: 'LOST_CONTACT' }, day(70));
    expect([s.stage, s.closureReason]).toEqual(['CLOSED', 'LOST_CONTACT']);
  });

  it('should place the CONTACT_LOST hold (system) with the failed attempt that meets the rule, and lift it on contact', () => {
    let s = counselling();
    const failed = (n: number) => (x: CaseState) =>
      run(x, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    s = failed(30)(failed(1)(s));
    expect(s.holds.map((h) => h.type)).not.toContain('CONTACT_LOST');
    s = failed(62)(s); // the third attempt, 61 days after the first
    expect(s.holds.find((h) => h.type === 'CONTACT_LOST')).toMatchObject({
      placedBy: 'system',
      reason: 'CONTACT_RULE_MET',
    });
    expect(toView(s).holds.map((h) => h.type)).toContain('CONTACT_LOST');
    const again = failed(70)(s); // placed once
    expect(again.holds.filter((h) => h.type === 'CONTACT_LOST')).toHaveLength(1);
    const reached = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: true }, day(75));
    expect(reached.holds.map((h) => h.type)).not.toContain('CONTACT_LOST');
    // Closing as lost contact stays a person's decision, hold or not.
    expect(run(s, counterpart, { type: 'CloseCase', reason: 'LOST_CONTACT' }, day(63)).closureReason).toBe(
      'LOST_CONTACT',
    );
  });

  it('should place the CONTACT_LOST hold by a timer when the rule comes to be met by time alone, once per run of failures', () => {
    let s = counselling();
    const failed = (n: number) => (x: CaseState) =>
      run(x, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    s = failed(20)(failed(10)(failed(5)(s))); // three failures, the first 5 days after T0
    expect(s.holds.map((h) => h.type)).not.toContain('CONTACT_LOST');
    const cfg = context().config;
    // Due 60 days after the first failure's date, unless a monitoring visit comes first.
    const at = '2025-05-05T00:00:00.000Z'; // 2025-03-06 + 60 days
    expect(nextDeadline(s, { ...cfg, monitoringVisitOffsetsMonths: undefined } as unknown as DomainConfig)).toEqual({
      at,
      kind: 'CONTACT_RULE_MET',
    });
    expect(
      applyDeadlines(s, context('2025-05-04T23:59:00.000Z', { monitoringVisitOffsetsMonths: undefined })),
    ).toBeNull();
    const fired = applyDeadlines(s, context(at))!;
    expect(fired.change.events).toContainEqual(
      expect.objectContaining({
        type: 'HoldPlaced',
        hold: 'CONTACT_LOST',
        reason: 'CONTACT_RULE_MET',
        placedBy: 'system',
        effectiveAt: at,
      }),
    );
    s = fired.state;
    expect(
      applyDeadlines(s, context('2025-05-06T00:00:00.000Z'))?.change.events.filter((e) => e.type === 'HoldPlaced') ??
        [],
    ).toEqual([]);
    // A supervisor lifts it (say, news through the family): the timer does not put it back for the same failures ...
    s = run(
      s,
      supervisor,
      { type: 'LiftHold', hold: 'CONTACT_LOST', mitigation: 'FAMILY_IN_CONTACT' },
      '2025-05-07T10:00:00.000Z',
    );
    expect(s.holds.map((h) => h.type)).not.toContain('CONTACT_LOST');
    expect(
      applyDeadlines(s, context('2025-05-08T00:00:00.000Z'))?.change.events.filter((e) => e.type === 'HoldPlaced') ??
        [],
    ).toEqual([]);
    // ... but the next failed attempt, which meets the rule, does.
    s = run(
      s,
      counterpart,
      { type: 'RecordContactAttempt', mode: 'PHONE', successful: false },
      '2025-05-09T10:00:00.000Z',
    );
    expect(s.holds.map((h) => h.type)).toContain('CONTACT_LOST');
  });

  it('should not set the contact-rule timer for a workflow whose config predates it, nor after a successful contact', () => {
    let s = counselling();
    const failed = (n: number) => (x: CaseState) =>
      run(x, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    s = failed(20)(failed(10)(failed(5)(s)));
    const old = { ...context().config } as Partial<DomainConfig>;
    delete old.contactRuleTimer;
    delete old.monitoringVisitOffsetsMonths;
    expect(nextDeadline(s, old as DomainConfig)).toBeNull();
    const reached = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: true }, day(25));
    expect(
      nextDeadline(reached, {
        ...context().config,
        monitoringVisitOffsetsMonths: undefined,
      } as unknown as DomainConfig),
    ).toBeNull();
  });

  it('should not place the hold while the attempts are too close together, nor after a successful one', () => {
    let s = counselling();
    for (const n of [10, 40, 50])
      s = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    expect(s.holds.map((h) => h.type)).not.toContain('CONTACT_LOST');
    s = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: true }, day(55));
    for (const n of [56, 80, 120])
      s = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    expect(s.holds.map((h) => h.type)).toContain('CONTACT_LOST'); // 3 failures since the last contact, over 64 days
  });

  it('should ask for a follow-up on a low RSS, never block assistance, and ask for a justification to close', () => {
    let s = afterFirstTranche();
    s = run(
      s,
      counterpart,
      { type: 'RecordRss', instrumentVersion: 'RSS-1', timing: 'ENDLINE', mode: 'IN_PERSON', answers: LOW_ANSWERS },
      day(365),
    );
    const v = toView(s).reintegration!;
    expect(v.rss[0]).toMatchObject({
      rssId: 'RSS-1',
      instrumentVersion: 'RSS-1',
      weightsVersion: 'EQUAL-PROVISIONAL-1',
      provisional: true,
      incomplete: false,
    });
    expect(v.rss[0].composite).toBeLessThan(0.5);
    expect(v.followUps).toEqual([
      expect.objectContaining({ followUpId: 'FU-1', status: 'OPEN', reason: 'RSS_BELOW_THRESHOLD' }),
    ]);
    expect(availableCommands(s, counterpart, context(day(365))).find((a) => a.type === 'RecordFollowUp')).toMatchObject(
      { allowed: true },
    );
    // Assistance continues.
    s = release(s, 'P1-T2', day(366), 'PAY-2');
    expect(tranche(s, 'P1-T2')?.status).toBe('PAID');
    expect(unmetCodes(attempt(s, counterpart, { type: 'CloseCase', reason: 'MOVED_AWAY' }, day(367)))).toEqual([
      'FOLLOW_UP_OPEN',
      'RSS_JUSTIFICATION_REQUIRED',
    ]);
    expect(
      unmetCodes(
        attempt(
          s,
          counterpart,
          { type: 'CloseCase', reason: 'MOVED_AWAY', supervisorOverride: { reasonCode: 'R' }, justificationCode: 'J' },
          day(367),
        ),
      ),
    ).toEqual(['ROLE_NOT_ALLOWED']);
    s = run(s, counterpart, { type: 'RecordFollowUp', followUpId: 'FU-1', action: 'REFERRAL' }, day(368));
    s = run(
      s,
      counterpart,
      { type: 'CloseCase', reason: 'MOVED_AWAY', justificationCode: 'REFERRED_TO_MHPSS' },
      day(369),
    );
    expect(s.reintegration!.closure).toMatchObject({
      reason: 'MOVED_AWAY',
      justificationCode: 'REFERRED_TO_MHPSS',
      finalRssId: 'RSS-1',
    });
    expect(tranche(s, 'P1-T3')?.status).toBe('CANCELLED');
  });

  it('should refuse answers to indicators the instrument does not have, or an unknown instrument', () => {
    const s = counselling();
    expect(
      attempt(
        s,
        counterpart,
        { type: 'RecordRss', instrumentVersion: 'RSS-9', timing: 'BASELINE', mode: 'PHONE', answers: {} },
        day(5),
      ),
    ).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
    expect(
      attempt(
        s,
        counterpart,
        { type: 'RecordRss', instrumentVersion: 'RSS-1', timing: 'BASELINE', mode: 'PHONE', answers: { NAME: 'x' } },
        day(5),
      ),
    ).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
  });
});

describe('RSS weight sets (issue 10)', () => {
  const v1 = RSS_INSTRUMENT_V1;
  /** Economy counts double in the composite; the first indicator of each dimension weighs half of its dimension. */
  function economyFirst(version = 'W-2'): NonNullable<Extract<CaseCommand, { type: 'RecordRss' }>['weights']> {
    const dimension: Record<string, number> = {};
    const composite: Record<string, number> = {};
    for (const d of ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL']) {
      const ids = v1.indicators.filter((i) => i.dimension === d).map((i) => i.id);
      ids.forEach((id, n) => (dimension[id] = n === 0 ? 0.5 : 0.5 / (ids.length - 1)));
    }
    for (const i of v1.indicators) composite[i.id] = i.dimension === 'ECONOMIC' ? 0.1 : 0.05;
    return { version, provisional: false, dimension, composite };
  }
  const rss = (weights?: ReturnType<typeof economyFirst>): CaseCommand => ({
    type: 'RecordRss',
    instrumentVersion: 'RSS-1',
    timing: 'BASELINE',
    mode: 'PHONE',
    answers: LOW_ANSWERS,
    ...(weights ? { weights } : {}),
  });

  it('should score with the weight set the command carries and store its version', () => {
    const weights = economyFirst();
    const s = run(counselling(), counterpart, rss(weights), day(5));
    const stored = toView(s).reintegration!.rss[0];
    const expected = scoreRss({ ...v1, weights }, LOW_ANSWERS);
    expect(stored).toMatchObject({ ...expected, weightsVersion: 'W-2', provisional: false });
    expect(stored.composite).not.toBe(scoreRss(v1, LOW_ANSWERS).composite);
  });

  it('should score a command without weights (every older history) with the configured weights, as before', () => {
    const s = run(counselling(), counterpart, rss(), day(5));
    const {
      rssId: _id,
      timing: _t,
      mode: _m,
      answers: _a,
      effectiveAt: _e,
      recordedAt: _r,
      ...score
    } = toView(s).reintegration!.rss[0];
    expect(score).toEqual(scoreRss(v1, LOW_ANSWERS));
    expect(score.weightsVersion).toBe('EQUAL-PROVISIONAL-1');
  });

  it.each([
    ['a missing weight', (w: ReturnType<typeof economyFirst>) => delete w.composite.PSY_FEELS_SAFE],
    ['a negative weight', (w: ReturnType<typeof economyFirst>) => (w.dimension.ECO_SATISFACTION = -0.5)],
    ['a composite not summing to 1', (w: ReturnType<typeof economyFirst>) => (w.composite.ECO_SATISFACTION = 0.5)],
    ['a dimension not summing to 1', (w: ReturnType<typeof economyFirst>) => (w.dimension.SOC_HOUSING = 0.9)],
    ['an unknown indicator', (w: ReturnType<typeof economyFirst>) => (w.dimension.NAME = 0)],
  ])('should refuse weights with %s', (_name, spoil) => {
    const weights = economyFirst();
    spoil(weights);
    expect(attempt(counselling(), counterpart, rss(weights), day(5))).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_COMMAND' },
    });
  });
});

describe('completion and closure', () => {
  function delivered(): CaseState {
    let s = afterFirstTranche();
    s = release(s, 'P1-T2', day(42), 'PAY-2');
    s = run(s, counterpart, useEvidence('P1-T2', 'EV-2'), day(100));
    s = run(s, counterpart, visit, day(101));
    s = release(s, 'P1-T3', day(102), 'PAY-3');
    for (const m of ['M-MARKET', 'M-SHOP', 'M-COURSE'])
      s = run(s, counterpart, { type: 'RecordMilestone', milestoneId: m, status: 'DONE' }, day(103));
    return s;
  }

  it('should complete assistance only when every tranche and milestone is closed', () => {
    const open = afterFirstTranche();
    expect(unmetCodes(attempt(open, counterpart, { type: 'CompleteAssistance' }, day(50)))).toEqual([
      'TRANCHES_OUTSTANDING',
      'TRANCHES_OUTSTANDING',
      'MILESTONES_OPEN',
      'MILESTONES_OPEN',
      'MILESTONES_OPEN',
    ]);
    const s = run(delivered(), counterpart, { type: 'CompleteAssistance' }, day(104));
    expect(s.stage).toBe('MONITORING');
  });

  it('should close as COMPLETED with the final RSS, or a waiver', () => {
    let s = run(delivered(), counterpart, { type: 'CompleteAssistance' }, day(104));
    expect(unmetCodes(attempt(s, counterpart, { type: 'CloseCase', reason: 'COMPLETED' }, day(370)))).toEqual([
      'FINAL_RSS_MISSING',
    ]);
    expect(
      attempt(s, counterpart, { type: 'CloseCase', reason: 'COMPLETED', rssWaiverReason: 'DECLINED' }, day(370)).ok,
    ).toBe(true);
    const good = {
      ...LOW_ANSWERS,
      ECO_SATISFACTION: 5,
      ECO_FOOD_SECURITY: 'NEVER_SHORT',
      ECO_ABILITY_TO_BORROW: true,
      ECO_DEBT_BURDEN: 'NONE',
      ECO_INCOME_SOURCE: 'REGULAR',
      SOC_HOUSING: 4,
      SOC_HEALTH_ACCESS: 4,
      SOC_JUSTICE_ACCESS: true,
      PSY_COMMUNITY_PARTICIPATION: 4,
      PSY_SUPPORT_NETWORK: true,
      PSY_DISCRIMINATION: false,
      PSY_DISTRESS: 2,
      PSY_FEELS_SAFE: 4,
    };
    s = run(
      s,
      counterpart,
      { type: 'RecordRss', instrumentVersion: 'RSS-1', timing: 'ENDLINE', mode: 'IN_PERSON', answers: good },
      day(365),
    );
    expect(s.reintegration!.followUps).toEqual([]);
    s = run(s, counterpart, { type: 'CloseCase', reason: 'COMPLETED' }, day(370));
    expect([s.stage, s.closureReason, s.reintegration!.closure?.finalRssId]).toEqual(['CLOSED', 'COMPLETED', 'RSS-1']);
  });

  it('should refuse COMPLETED before assistance is completed', () => {
    expect(
      unmetCodes(
        attempt(
          afterFirstTranche(),
          counterpart,
          { type: 'CloseCase', reason: 'COMPLETED', rssWaiverReason: 'X' },
          day(50),
        ),
      ),
    ).toEqual(['MILESTONES_OPEN', 'MILESTONES_OPEN', 'MILESTONES_OPEN', 'ASSISTANCE_NOT_COMPLETED']);
  });

  it('should let a supervisor close with money in flight (override with a reason), cancelling it', () => {
    const s = run(afterFirstTranche(), counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(45));
    expect(
      unmetCodes(
        attempt(s, counterpart, { type: 'CloseCase', reason: 'RE_MIGRATED', referralNote: SAMPLE_NOTE }, day(46)),
      ),
    ).toEqual(['MONEY_IN_FLIGHT']);
    const closed = run(
      s,
      supervisor,
      {
        type: 'CloseCase',
        reason: 'RE_MIGRATED',
        supervisorOverride: { reasonCode: 'LEFT_COUNTRY' },
        referralNote: SAMPLE_NOTE,
      },
      day(46),
    );
    expect(closed.reintegration!.tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
    expect(closed.reintegration!.closure).toMatchObject({ reason: 'RE_MIGRATED', overrideReasonCode: 'LEFT_COUNTRY' });
  });

  it('should opt out at any time after arrival, stopping what was in flight', () => {
    const s = run(
      run(afterFirstTranche(), counterpart, { type: 'RequestTranche', trancheId: 'P1-T2' }, day(45)),
      counterpart,
      { type: 'OptOut', referralNote: SAMPLE_NOTE },
      day(46),
    );
    expect([s.stage, s.closureReason]).toEqual(['CLOSED', 'OPTED_OUT']);
    expect(s.reintegration!.tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
  });

  it('should correct a closure reason (supervisor, audited) and re-open a closed case to the stage before closure', () => {
    let s = counselling();
    for (const n of [1, 30, 62])
      s = run(s, counterpart, { type: 'RecordContactAttempt', mode: 'PHONE', successful: false }, day(n));
    s = run(s, counterpart, { type: 'CloseCase', reason: 'LOST_CONTACT' }, day(63));
    expect(
      attempt(s, counterpart, { type: 'CorrectClosureReason', reason: 'RE_MIGRATED', noteCode: 'N' }, day(80)),
    ).toMatchObject({ ok: false, rejection: { code: 'ROLE_NOT_ALLOWED' } });
    expect(
      attempt(s, supervisor, { type: 'CorrectClosureReason', reason: 'LOST_CONTACT', noteCode: 'N' }, day(80)),
    ).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
    s = run(
      s,
      supervisor,
      { type: 'CorrectClosureReason', reason: 'RE_MIGRATED', noteCode: 'FAMILY_CONFIRMED' },
      day(80),
    );
    expect([s.stage, s.closureReason]).toEqual(['CLOSED', 'RE_MIGRATED']);
    expect(toView(s).reintegration!.closureCorrections).toEqual([
      { from: 'LOST_CONTACT', to: 'RE_MIGRATED', noteCode: 'FAMILY_CONFIRMED', effectiveAt: day(80) },
    ]);
    expect(unmetCodes(attempt(s, actor('officer'), { type: 'Reopen', reasonCode: 'CLOSURE_WRONG' }, day(90)))).toEqual([
      'ROLE_NOT_ALLOWED',
    ]);
    s = run(s, supervisor, { type: 'Reopen', reasonCode: 'CLOSURE_WRONG' }, day(90));
    expect([s.stage, s.closureReason, s.closedAt]).toEqual(['REINTEGRATION_COUNSELLING', undefined, undefined]);
  });

  describe('the ground of re-opening a closed case (AVRR.md §5.3: closure was wrong, or a new phase is funded)', () => {
    const closed = () => {
      let s = counselling();
      s = run(s, counterpart, { type: 'OptOut', referralNote: SAMPLE_NOTE }, day(10));
      expect(s.stage).toBe('CLOSED');
      return s;
    };

    it('should require the ground, and record it in the re-opening', () => {
      const s = closed();
      expect(unmetCodes(attempt(s, supervisor, { type: 'Reopen' }, day(20)))).toEqual(['REOPEN_REASON_REQUIRED']);
      expect(unmetCodes(attempt(s, actor('officer'), { type: 'Reopen' }, day(20)))).toEqual([
        'ROLE_NOT_ALLOWED',
        'REOPEN_REASON_REQUIRED',
      ]);
      const result = attempt(s, supervisor, { type: 'Reopen', reasonCode: 'NEW_PHASE_FUNDED' }, day(20));
      expect(result.ok && result.events[0]).toEqual(
        expect.objectContaining({ type: 'CaseReopenedAfterClosure', reasonCode: 'NEW_PHASE_FUNDED' }),
      );
      expect(run(s, supervisor, { type: 'Reopen', reasonCode: 'NEW_PHASE_FUNDED' }, day(20)).stage).toBe(
        'REINTEGRATION_COUNSELLING',
      );
    });

    it("should re-open a withdrawn or cancelled case as before, without a ground (it is a closed case's)", () => {
      const { WITHDRAWN, CANCELLED } = statesByStage() as Record<'WITHDRAWN' | 'CANCELLED', CaseState>;
      expect(attempt(WITHDRAWN, actor('officer'), { type: 'Reopen' }, T0).ok).toBe(true);
      expect(attempt(CANCELLED, supervisor, { type: 'Reopen' }, T0).ok).toBe(true);
      expect(attempt(WITHDRAWN, actor('officer'), { type: 'Reopen', reasonCode: 'CLOSURE_WRONG' }, T0)).toMatchObject({
        ok: false,
        rejection: { code: 'INVALID_COMMAND' },
      });
    });

    it('should refuse an unknown ground', () => {
      const bad = { type: 'Reopen', reasonCode: 'BECAUSE' } as unknown as CaseCommand;
      expect(attempt(closed(), supervisor, bad, day(20))).toMatchObject({
        ok: false,
        rejection: { code: 'INVALID_COMMAND' },
      });
    });

    it('should re-open without a ground, as recorded, a case whose config predates the rule (replay)', () => {
      const result = attempt(closed(), supervisor, { type: 'Reopen' }, day(20), { reopenClosedNeedsReason: undefined });
      expect(result.ok).toBe(true);
      expect(result.ok && result.events[0]).toEqual({
        type: 'CaseReopenedAfterClosure',
        previousReason: 'OPTED_OUT',
        toStage: 'REINTEGRATION_COUNSELLING',
        effectiveAt: day(20),
        recordedAt: day(20),
      });
    });
  });

  it('should not re-open a case closed before departure', () => {
    const closed = statesByStage().CLOSED as CaseState;
    expect(attempt(closed, supervisor, { type: 'Reopen' }, T0)).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_ALLOWED_IN_STAGE' },
    });
  });
});

describe('evolve of reintegration events', () => {
  const base = planned();
  const t = { effectiveAt: day(9), recordedAt: day(9) };
  it.each([
    [
      'a cancellation never un-pays a paid tranche',
      release(base, 'P1-T1', day(4)),
      { type: 'TrancheCancelled', trancheId: 'P1-T1', reasonCode: 'X', ...t },
      (s: CaseState) => tranche(s, 'P1-T1')?.status,
      'PAID',
    ],
    [
      'a milestone keeps its evidence',
      base,
      {
        type: 'MilestoneRecorded',
        milestoneId: 'M-SHOP',
        status: 'PARTIAL',
        reasonCode: 'SMALLER_SHOP',
        evidenceIds: ['EV-9'],
        ...t,
      },
      (s: CaseState) => s.reintegration!.milestones[1],
      {
        milestoneId: 'M-SHOP',
        activityId: 'A-BIZ',
        planVersion: 1,
        code: 'SHOP_OPENED',
        dueDate: '2025-06-01',
        status: 'PARTIAL',
        reasonCode: 'SMALLER_SHOP',
        evidenceIds: ['EV-9'],
        updatedAt: day(9),
      },
    ],
    [
      'an event for an unknown tranche changes nothing',
      base,
      { type: 'TrancheApproved', trancheId: 'P9-T9', approvedBy: 'u', ...t },
      (s: CaseState) => s.reintegration,
      base.reintegration,
    ],
    [
      'a due visit is recorded once',
      base,
      { type: 'MonitoringVisitDue', visitNo: 1, dueOn: '2025-04-01', ...t },
      (s: CaseState) =>
        evolve(s, { type: 'MonitoringVisitDue', visitNo: 1, dueOn: '2025-04-01', ...t }).reintegration!.visitsDue
          .length,
      1,
    ],
    [
      'a state without reintegration gets one',
      blankState(),
      { type: 'ContinuityOfCareConsentRecorded', given: true, consentRef: 'C', ...t },
      (s: CaseState) => s.reintegration!.continuityOfCareConsent,
      { given: true, consentRef: 'C', effectiveAt: day(9) },
    ],
  ] as [string, CaseState, Parameters<typeof evolve>[1], (s: CaseState) => unknown, unknown][])(
    '%s',
    (_n, state, event, pick, expected) => {
      expect(pick(evolve(state, event))).toEqual(expected);
    },
  );

  it('should evidence by reference and checksum only, recording who and when', () => {
    const s = run(
      base,
      counterpart,
      {
        type: 'RecordEvidence',
        evidenceId: 'EV-1',
        checksum: SAMPLE_CHECKSUM.toUpperCase(),
        contentType: 'application/pdf',
        purpose: 'MILESTONE',
        milestoneId: 'M-MARKET',
      },
      day(10),
    );
    expect(s.reintegration!.evidence).toEqual([
      {
        evidenceId: 'EV-1',
        checksum: SAMPLE_CHECKSUM,
        contentType: 'application/pdf',
        purpose: 'MILESTONE',
        milestoneId: 'M-MARKET',
        recordedBy: 'user-counterpart',
        effectiveAt: day(10),
        recordedAt: day(10),
      },
    ]);
    expect(s.reintegration!.milestones[0].evidenceIds).toEqual(['EV-1']);
    expect(
      attempt(
        s,
        cp2,
        {
          type: 'RecordEvidence',
          evidenceId: 'EV-2',
          checksum: 'not-a-hash',
          contentType: 'image/jpeg',
          purpose: 'OTHER',
        },
        day(10),
      ),
    ).toMatchObject({ ok: false, rejection: { code: 'INVALID_COMMAND' } });
  });
});

describe('reintegration config', () => {
  it('should accept the defaults and report broken settings', () => {
    expect(validateReintegrationConfig(context().config)).toEqual([]);
    expect(
      validateReintegrationConfig({
        monitoringVisitOffsetsMonths: [3, 1],
        nonWorkingWeekdays: [7],
        programmeCurrency: 'eur',
      }),
    ).toEqual([
      'programmeCurrency: must be an ISO 4217 code',
      'monitoringVisitOffsetsMonths: whole months > 0, increasing',
      'nonWorkingWeekdays: weekdays 0-6, at least one working day',
    ]);
  });
});

describe('availableCommands agrees with decide after arrival', () => {
  const PAYLOAD_DEPENDENT = [
    'AgreePlan',
    'AmendPlan',
    'RecordMilestone',
    'RequestTranche',
    'ApproveTranche',
    'RecordTranchePayment',
    'CancelTranche',
    'CloseCase',
    'CorrectClosureReason',
    'RecordFollowUp',
  ];
  const states: [string, () => CaseState][] = [
    ['PLAN_AGREED', () => planned()],
    ['ASSISTANCE_IN_PROGRESS', () => afterFirstTranche()],
    [
      'MONITORING with a low RSS',
      () => {
        let s = afterFirstTranche();
        s = run(s, counterpart, { type: 'CancelTranche', trancheId: 'P1-T2', reasonCode: 'NOT_NEEDED' }, day(50));
        s = run(s, counterpart, { type: 'CancelTranche', trancheId: 'P1-T3', reasonCode: 'NOT_NEEDED' }, day(50));
        for (const m of ['M-MARKET', 'M-SHOP', 'M-COURSE'])
          s = run(s, counterpart, { type: 'RecordMilestone', milestoneId: m, status: 'DONE' }, day(51));
        s = run(s, counterpart, { type: 'CompleteAssistance' }, day(52));
        return run(
          s,
          counterpart,
          { type: 'RecordRss', instrumentVersion: 'RSS-1', timing: 'ENDLINE', mode: 'PHONE', answers: LOW_ANSWERS },
          day(53),
        );
      },
    ],
    ['CLOSED after arrival', () => run(planned(), counterpart, { type: 'OptOut', referralNote: SAMPLE_NOTE }, day(5))],
  ];
  const roles = ['officer', 'supervisor', 'counterpart', 'finance', 'operations', 'medical'] as const;

  it.each(states.flatMap(([name, make]) => roles.map((role) => [name, role, make] as const)))(
    'in %s for the %s role',
    (_name, role, make) => {
      const state = make();
      const by = actor(role);
      const at = day(400);
      for (const a of availableCommands(state, by, context(at))) {
        const sample =
          reintegrationSampleOrNull(a.type, state, role) ??
          (a.type === 'Reopen'
            ? { type: 'Reopen' }
            : a.type === 'RecordDeath'
              ? { type: 'RecordDeath', memberId: 'a1' }
              : null);
        if (!sample) continue;
        const r = attempt(state, by, sample, at);
        const gate = a.unmet.find((u) => u.code === 'NOT_ALLOWED_IN_STAGE' || u.code === 'ROLE_NOT_ALLOWED');
        if (gate) {
          expect({ type: a.type, code: r.ok ? 'accepted' : r.rejection.code }).toEqual({
            type: a.type,
            code: gate.code,
          });
        } else if (!a.allowed) {
          expect({ type: a.type, ok: r.ok }).toEqual({ type: a.type, ok: false });
        } else if (!PAYLOAD_DEPENDENT.includes(a.type)) {
          expect({ type: a.type, codes: unmetCodes(r), ok: r.ok }).toEqual({ type: a.type, codes: [], ok: true });
        }
      }
    },
  );
});
