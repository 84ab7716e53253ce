import {
  availableCommands,
  evolve,
  planReminders,
  requirementsFor,
  toView,
  type Actor,
  type CaseCommand,
  type CaseState,
  type ReferralRecorded,
} from '../index';
import { actor, attempt, context, counterpart, run, statesByStage, supervisor, T0, unmetCodes } from '../test-fixtures';
import { businessPlan, SAMPLE_NOTE } from './test-samples';

/** RecordReferral / UpdateReferral (AVRR.md §5.3 ASSISTANCE_IN_PROGRESS row, §6 Referral, §8.2 step 4). */
function day(n: number): string {
  return new Date(Date.parse(T0) + n * 86_400_000).toISOString();
}

const finance: Actor = { userId: 'fin-1', role: 'finance' };
const arrived = (): CaseState => statesByStage().ARRIVED as CaseState;
const counselling = (): CaseState => run(arrived(), counterpart, { type: 'AcknowledgeHandover' }, day(1));

function planned(): CaseState {
  const s = run(
    counselling(),
    counterpart,
    { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: ['TAILORING'] },
    day(2),
  );
  return run(s, counterpart, businessPlan(), day(3));
}

/** Tranche 1 paid: ASSISTANCE_IN_PROGRESS. */
function assisting(): CaseState {
  let s = planned();
  s = run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4));
  s = run(s, finance, { type: 'ApproveTranche', trancheId: 'P1-T1' }, day(4));
  return run(
    s,
    { userId: 'fin-2', role: 'finance' },
    { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'PAY-1' },
    day(4),
  );
}

function monitoring(): CaseState {
  let s = assisting();
  for (const t of ['P1-T2', 'P1-T3'])
    s = run(s, counterpart, { type: 'CancelTranche', trancheId: t, reasonCode: 'NOT_NEEDED' }, day(5));
  for (const m of ['M-MARKET', 'M-SHOP', 'M-COURSE'])
    s = run(s, counterpart, { type: 'RecordMilestone', milestoneId: m, status: 'DONE' }, day(5));
  return run(s, counterpart, { type: 'CompleteAssistance' }, day(6));
}

const refer: CaseCommand = { type: 'RecordReferral', memberId: 'a1', providerRef: 'PROV-TVET-3', service: 'TRAINING' };
const update = (over: Partial<Extract<CaseCommand, { type: 'UpdateReferral' }>> = {}): CaseCommand => ({
  type: 'UpdateReferral',
  referralId: 'REF-1',
  status: 'ACCEPTED',
  ...over,
});

describe('RecordReferral', () => {
  it('should refer the returnee while assistance is in progress: REF-1, REFERRED, the effective date kept apart from the recorded one', () => {
    const before = assisting();
    const r = attempt(
      before,
      counterpart,
      { ...refer, activityId: 'A-TRAIN', needCode: 'INCOME' },
      day(20),
      {},
      day(15),
    );
    expect(r.ok && r.events).toEqual([
      {
        type: 'ReferralRecorded',
        referralId: 'REF-1',
        memberId: 'a1',
        providerRef: 'PROV-TVET-3',
        service: 'TRAINING',
        activityId: 'A-TRAIN',
        needCode: 'INCOME',
        referredBy: 'user-counterpart',
        effectiveAt: day(15),
        recordedAt: day(20),
      },
    ]);
    const s = run(before, counterpart, { ...refer, activityId: 'A-TRAIN', needCode: 'INCOME' }, day(20), {}, day(15));
    expect([s.stage, s.version]).toEqual(['ASSISTANCE_IN_PROGRESS', before.version + 1]);
    expect(toView(s).reintegration!.referrals).toEqual([
      {
        referralId: 'REF-1',
        memberId: 'a1',
        providerRef: 'PROV-TVET-3',
        service: 'TRAINING',
        activityId: 'A-TRAIN',
        needCode: 'INCOME',
        status: 'REFERRED',
        feedback: [],
        referredBy: 'user-counterpart',
        referredAt: day(15),
        recordedAt: day(20),
      },
    ]);
  });

  it.each([
    ['REINTEGRATION_COUNSELLING', counselling],
    ['PLAN_AGREED', planned],
    ['MONITORING', monitoring],
  ] as [string, () => CaseState][])('should also refer in %s, numbering referrals in order', (stage, make) => {
    let s = make();
    expect(s.stage).toBe(stage);
    s = run(s, counterpart, refer, day(30));
    s = run(s, supervisor, { ...refer, service: 'MHPSS', providerRef: 'PROV-MHPSS-1' }, day(31));
    expect(s.stage).toBe(stage);
    expect(toView(s).reintegration!.referrals.map((f) => [f.referralId, f.service, f.status])).toEqual([
      ['REF-1', 'TRAINING', 'REFERRED'],
      ['REF-2', 'MHPSS', 'REFERRED'],
    ]);
  });

  it.each([
    [
      'before the handover is acknowledged',
      arrived,
      counterpart,
      refer,
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
    [
      'before departure',
      () => statesByStage().BOOKED as CaseState,
      counterpart,
      refer,
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
    [
      'once the case is closed',
      () => run(assisting(), counterpart, { type: 'OptOut', referralNote: SAMPLE_NOTE }, day(9)),
      counterpart,
      refer,
      'NOT_ALLOWED_IN_STAGE',
      ['NOT_ALLOWED_IN_STAGE'],
    ],
    ['from a finance officer', assisting, finance, refer, 'ROLE_NOT_ALLOWED', ['ROLE_NOT_ALLOWED']],
    ['from a host officer', assisting, actor('officer'), refer, 'ROLE_NOT_ALLOWED', ['ROLE_NOT_ALLOWED']],
    ['for a member not in the case', assisting, counterpart, { ...refer, memberId: 'zz' }, 'UNKNOWN_MEMBER', []],
    ['to an unknown service', assisting, counterpart, { ...refer, service: 'ASTROLOGY' }, 'INVALID_COMMAND', []],
    ['without a provider', assisting, counterpart, { ...refer, providerRef: '' }, 'INVALID_COMMAND', []],
    [
      'for an activity not in the plan',
      assisting,
      counterpart,
      { ...refer, activityId: 'A-NOPE' },
      'INVALID_COMMAND',
      [],
    ],
    [
      'for an activity before any plan',
      counselling,
      counterpart,
      { ...refer, activityId: 'A-TRAIN' },
      'INVALID_COMMAND',
      [],
    ],
  ] as [string, () => CaseState, Actor, CaseCommand, string, string[]][])(
    'should refuse a referral %s',
    (_n, state, by, command, code, codes) => {
      const r = attempt(state(), by, command, day(10));
      expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
      expect(unmetCodes(r)).toEqual(codes);
    },
  );

  it('should refuse a referral for a member who has died', () => {
    const s = assisting();
    const household: CaseState = {
      ...s,
      members: [...s.members, { ...s.members[0], memberId: 'a2', relationship: 'SPOUSE' }],
    };
    const widowed = run(household, counterpart, { type: 'RecordDeath', memberId: 'a2' }, day(10));
    expect(attempt(widowed, counterpart, { ...refer, memberId: 'a2' }, day(11))).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_COMMAND' },
    });
    expect(attempt(widowed, counterpart, refer, day(11)).ok).toBe(true);
  });

  it("should neither block completion nor closure while a referral is open (it is another provider's service)", () => {
    const s = run(monitoring(), counterpart, refer, day(30));
    expect(attempt(s, counterpart, { type: 'CloseCase', reason: 'MOVED_AWAY' }, day(31)).ok).toBe(true);
  });
});

describe('UpdateReferral', () => {
  const referred = () => run(assisting(), counterpart, refer, day(10));

  it("should follow the provider's answer and the service, merging coded feedback", () => {
    let s = run(referred(), counterpart, update(), day(12));
    expect(toView(s).reintegration!.referrals[0]).toMatchObject({ status: 'ACCEPTED', updatedAt: day(12) });
    const r = attempt(
      s,
      counterpart,
      update({ status: 'SERVICE_RECEIVED', satisfaction: 4, feedback: ['NEED_MET'] }),
      day(40),
    );
    expect(r.ok && r.events).toEqual([
      {
        type: 'ReferralUpdated',
        referralId: 'REF-1',
        from: 'ACCEPTED',
        status: 'SERVICE_RECEIVED',
        satisfaction: 4,
        feedback: ['NEED_MET'],
        effectiveAt: day(40),
        recordedAt: day(40),
      },
    ]);
    s = run(s, counterpart, update({ status: 'SERVICE_RECEIVED', satisfaction: 4, feedback: ['NEED_MET'] }), day(40));
    // Feedback given later is added; the status stays.
    s = run(
      s,
      counterpart,
      update({ status: 'SERVICE_RECEIVED', feedback: ['CERTIFICATE_OBTAINED', 'NEED_MET'] }),
      day(60),
    );
    expect(toView(s).reintegration!.referrals[0]).toMatchObject({
      status: 'SERVICE_RECEIVED',
      satisfaction: 4,
      feedback: ['NEED_MET', 'CERTIFICATE_OBTAINED'],
      updatedAt: day(60),
    });
    expect(s.stage).toBe('ASSISTANCE_IN_PROGRESS');
  });

  it('should let a no-show be rescheduled, and keep the reason of a decline', () => {
    let s = run(referred(), counterpart, update({ status: 'NO_SHOW' }), day(12));
    s = run(s, counterpart, update({ status: 'ACCEPTED' }), day(14));
    s = run(s, counterpart, update({ status: 'DECLINED', reasonCode: 'NOT_ELIGIBLE' }), day(15));
    expect(toView(s).reintegration!.referrals[0]).toMatchObject({ status: 'DECLINED', reasonCode: 'NOT_ELIGIBLE' });
  });

  it.each([
    ['an unknown referral', () => referred(), update({ referralId: 'REF-9' }), 'INVALID_COMMAND', []],
    ['before any referral', () => assisting(), update(), 'INVALID_COMMAND', []],
    ['back to REFERRED', () => referred(), update({ status: 'REFERRED' as never }), 'INVALID_COMMAND', []],
    ['declined without a reason', () => referred(), update({ status: 'DECLINED' }), 'INVALID_COMMAND', []],
    ['cancelled without a reason', () => referred(), update({ status: 'CANCELLED' }), 'INVALID_COMMAND', []],
    ['with a satisfaction before the service', () => referred(), update({ satisfaction: 3 }), 'INVALID_COMMAND', []],
    [
      'with a satisfaction off the scale',
      () => referred(),
      update({ status: 'SERVICE_RECEIVED', satisfaction: 6 }),
      'INVALID_COMMAND',
      [],
    ],
    [
      'with free-text feedback',
      () => referred(),
      update({ status: 'SERVICE_RECEIVED', feedback: [''] }),
      'INVALID_COMMAND',
      [],
    ],
    [
      'of a declined referral',
      () => run(referred(), counterpart, update({ status: 'DECLINED', reasonCode: 'FULL' }), day(11)),
      update(),
      'REQUIREMENTS_NOT_MET',
      ['REFERRAL_NOT_OPEN:a1'],
    ],
    [
      'of a cancelled referral',
      () => run(referred(), counterpart, update({ status: 'CANCELLED', reasonCode: 'WRONG_PROVIDER' }), day(11)),
      update({ status: 'SERVICE_RECEIVED' }),
      'REQUIREMENTS_NOT_MET',
      ['REFERRAL_NOT_OPEN:a1'],
    ],
    [
      'to another status once the service was received',
      () => run(referred(), counterpart, update({ status: 'SERVICE_RECEIVED' }), day(11)),
      update({ status: 'NO_SHOW' }),
      'REQUIREMENTS_NOT_MET',
      ['REFERRAL_NOT_OPEN:a1'],
    ],
  ] as [string, () => CaseState, CaseCommand, string, string[]][])(
    'should refuse an update %s',
    (_n, state, command, code, codes) => {
      const r = attempt(state(), counterpart, command, day(20));
      expect(r.ok ? 'accepted' : r.rejection.code).toBe(code);
      expect(unmetCodes(r)).toEqual(codes);
    },
  );

  it('should refuse an update dated before the referral', () => {
    expect(attempt(referred(), counterpart, update(), day(20), {}, day(9))).toMatchObject({
      ok: false,
      rejection: { code: 'INVALID_COMMAND' },
    });
  });

  it('should refuse it from a finance officer, or once the case is closed', () => {
    expect(attempt(referred(), finance, update(), day(20))).toMatchObject({
      ok: false,
      rejection: { code: 'ROLE_NOT_ALLOWED' },
    });
    const closed = run(referred(), counterpart, { type: 'OptOut', referralNote: SAMPLE_NOTE }, day(20));
    expect(attempt(closed, counterpart, update(), day(21))).toMatchObject({
      ok: false,
      rejection: { code: 'NOT_ALLOWED_IN_STAGE' },
    });
  });
});

describe('referrals: "why can\'t I?" agrees with decide', () => {
  const unmetOf = (s: CaseState, by: Actor, type: 'RecordReferral' | 'UpdateReferral') =>
    availableCommands(s, by, context(day(50))).find((a) => a.type === type);

  it('should offer RecordReferral to the counterpart and explain the others', () => {
    expect(unmetOf(assisting(), counterpart, 'RecordReferral')).toEqual({
      type: 'RecordReferral',
      allowed: true,
      unmet: [],
    });
    expect(unmetOf(assisting(), finance, 'RecordReferral')?.unmet.map((u) => u.code)).toEqual(['ROLE_NOT_ALLOWED']);
    expect(unmetOf(arrived(), counterpart, 'RecordReferral')).toBeUndefined();
  });

  it('should offer UpdateReferral only while a referral can change', () => {
    const none = assisting();
    expect(unmetOf(none, counterpart, 'UpdateReferral')).toEqual({
      type: 'UpdateReferral',
      allowed: false,
      unmet: [expect.objectContaining({ code: 'REFERRAL_NOT_OPEN' })],
    });
    const referred = run(none, counterpart, refer, day(10));
    expect(unmetOf(referred, counterpart, 'UpdateReferral')).toMatchObject({ allowed: true });
    expect(attempt(referred, counterpart, update(), day(50)).ok).toBe(true);
    const received = run(referred, counterpart, update({ status: 'SERVICE_RECEIVED' }), day(11));
    expect(unmetOf(received, counterpart, 'UpdateReferral')).toMatchObject({ allowed: true });
    const declined = run(referred, counterpart, update({ status: 'DECLINED', reasonCode: 'FULL' }), day(11));
    expect(unmetOf(declined, counterpart, 'UpdateReferral')).toMatchObject({ allowed: false });
    expect(
      requirementsFor(declined, 'UpdateReferral', counterpart, context(day(50)), update()).map((u) => u.code),
    ).toEqual(['REFERRAL_NOT_OPEN']);
    expect(unmetCodes(attempt(declined, counterpart, update(), day(50)))).toEqual(['REFERRAL_NOT_OPEN:a1']);
  });
});

describe('referrals in the state and the view', () => {
  const t = { effectiveAt: day(9), recordedAt: day(9) };
  const recorded: ReferralRecorded = {
    type: 'ReferralRecorded',
    referralId: 'REF-1',
    memberId: 'a1',
    providerRef: 'P',
    service: 'LEGAL',
    referredBy: 'u',
    ...t,
  };

  it('should fold into a state carried from before referrals existed (no referrals key), and show none in its view', () => {
    const s = assisting();
    const { referrals: _none, ...old } = s.reintegration!;
    const carried: CaseState = { ...s, reintegration: old };
    expect(toView(carried).reintegration!.referrals).toEqual([]);
    expect(evolve(carried, recorded).reintegration!.referrals).toEqual([
      {
        referralId: 'REF-1',
        memberId: 'a1',
        providerRef: 'P',
        service: 'LEGAL',
        status: 'REFERRED',
        feedback: [],
        referredBy: 'u',
        referredAt: day(9),
        recordedAt: day(9),
      },
    ]);
    expect(attempt(carried, counterpart, refer, day(10))).toMatchObject({
      ok: true,
      events: [{ referralId: 'REF-1' }],
    });
  });

  it('should ignore an update of an unknown referral', () => {
    const s = evolve(assisting(), recorded);
    expect(
      evolve(s, {
        type: 'ReferralUpdated',
        referralId: 'REF-9',
        from: 'REFERRED',
        status: 'ACCEPTED',
        feedback: [],
        ...t,
      }).reintegration,
    ).toEqual(s.reintegration);
  });

  it('should hold ids, codes and dates only, and plan no reminder of its own', () => {
    const s = run(
      run(assisting(), counterpart, refer, day(10)),
      counterpart,
      update({ status: 'SERVICE_RECEIVED', satisfaction: 5, feedback: ['NEED_MET'] }),
      day(11),
    );
    const view = toView(s);
    expect(Object.keys(view.reintegration!.referrals[0]).sort()).toEqual([
      'feedback',
      'memberId',
      'providerRef',
      'recordedAt',
      'referralId',
      'referredAt',
      'referredBy',
      'satisfaction',
      'service',
      'status',
      'updatedAt',
    ]);
    const plan = (v: typeof view) => planReminders(v, { arrivedAt: T0 }).map((r) => [r.id, r.dueAt]);
    expect(plan(view)).toEqual(plan({ ...view, reintegration: { ...view.reintegration!, referrals: [] } }));
  });
});
