/**
 * The domain rules of issue 10 item 5 (AVRR.md §5-§8): one describe per rule.
 */
import {
  applyDeadlines,
  defaultDomainConfig,
  initialState,
  nextDeadline,
  openingChange,
  tasksOf,
  toView,
  workQueueOf,
  type CaseCommand,
  type CaseState,
} from './index';
import {
  adult,
  attempt,
  booking,
  child,
  declaration,
  documentEveryone,
  context,
  counterpart,
  movement,
  officer,
  opening,
  protection,
  run,
  statesByStage,
  supervisor,
  T0,
  toScreening,
  unmetCodes,
} from './test-fixtures';
import { businessPlan, SAMPLE_CHECKSUM, SAMPLE_NOTE } from './reintegration/test-samples';

const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();

describe('a child registered without a parent or legal guardian', () => {
  it('should be unaccompanied from registration on, with the BID hold placed then', () => {
    const opened = opening([child('u1', [], '2010-01-01', { relationship: 'PA' })]);
    const s = initialState(opened);
    expect(s.members[0]).toMatchObject({ unaccompanied: true, vulnerabilities: ['UASC'] });
    expect(s.holds).toEqual([expect.objectContaining({ type: 'BID_PENDING', memberId: 'u1', placedBy: 'system' })]);
    expect(openingChange(s, opened).events.map((e) => e.type)).toEqual(['CaseOpened', 'HoldPlaced']);
    expect(toView(s).flags.uasc).toBe(true);
  });

  it('should not flag a child whose guardian is in the case, nor a returnee opened at arrival', () => {
    expect(initialState(opening([adult('a1'), child('c1', ['a1'])])).holds).toEqual([]);
    const inbound = initialState(opening([child('u1', [], '2010-01-01')], { startAt: 'ARRIVED' }));
    expect(inbound.holds).toEqual([]);
  });

  it('should leave the opening of a case whose recorded config predates the rule as it was (replay)', () => {
    const opened = opening([child('u1', [], '2010-01-01', { relationship: 'PA' })]);
    const { uascHoldAtRegistration, ...before } = defaultDomainConfig;
    expect(uascHoldAtRegistration).toBe(true);
    const s = initialState(opened, before);
    expect(s.holds).toEqual([]);
    expect(s.members[0]?.unaccompanied).not.toBe(true);
    expect(openingChange(s, opened, undefined, before).events.map((e) => e.type)).toEqual(['CaseOpened']);
  });
});

describe('protection findings and risk assessments', () => {
  const screening = () => toScreening(opening([adult('a1')]));

  it('should record a VoT finding: risk assessment required, PROTECTION_RISK hold, case in ASSESSMENT', () => {
    const s = run(screening(), protection, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'VOT' });
    expect(s.members[0]?.vulnerabilities).toEqual(['VOT']);
    expect(s.members[0]?.assessments.map((a) => `${a.assessment}:${a.status}`)).toEqual(['VOT_RISK:PENDING']);
    expect(s.holds.map((h) => h.type)).toEqual(['PROTECTION_RISK']);
    expect(s.stage).toBe('ASSESSMENT');
    expect(
      unmetCodes(attempt(screening(), officer, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'VOT' })),
    ).toEqual(['ROLE_NOT_ALLOWED']);
  });

  it('should record GBV and asylum findings without a risk assessment', () => {
    let s = run(screening(), protection, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'GBV_SURVIVOR' });
    s = run(s, protection, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'ASYLUM_SEEKER' });
    expect(s.members[0]?.vulnerabilities).toEqual(['GBV_SURVIVOR', 'ASYLUM_SEEKER']);
    expect(s.holds).toEqual([]);
    expect(s.stage).toBe('SCREENING');
  });

  it('should schedule the reassessment of a risk judged too high (validity from configuration), not block in silence', () => {
    let s = run(screening(), protection, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'VOT' });
    const tooHigh: CaseCommand = {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'TOO_HIGH',
    };
    s = run(s, protection, tooHigh, T0, { riskReassessmentDays: 20 });
    const vot = s.members[0]?.assessments[0];
    expect(vot).toMatchObject({ status: 'COMPLETED', outcome: 'TOO_HIGH', validUntil: '2025-03-21' });
    expect(nextDeadline(s, context().config)).toEqual({
      at: '2025-03-22T00:00:00.000Z',
      kind: 'RISK_REASSESSMENT_DUE',
      memberId: 'a1',
    });
    expect(unmetCodes(attempt(s, supervisor, { type: 'Approve' }))).toContain('RISK_TOO_HIGH:a1');
    expect(workQueueOf(s, context(day(5))).awaiting).not.toContain('protection:RecordAssessmentResult');
    const due = applyDeadlines(s, context('2025-03-22T06:00:00.000Z'));
    expect(due?.change.events.map((e) => e.type)).toEqual(['AssessmentRequired']);
    const after = due!.state;
    expect(after.members[0]?.assessments[0]).toMatchObject({ status: 'PENDING', trigger: 'EXPIRED' });
    expect(after.holds.map((h) => h.type)).toEqual(['PROTECTION_RISK']);
    expect(workQueueOf(after, context('2025-03-22T06:00:00.000Z')).awaiting).toContain(
      'protection:RecordAssessmentResult',
    );
  });

  it('should set no reassessment timer for a case whose configuration predates the rule', () => {
    let s = run(screening(), protection, { type: 'RecordProtectionFinding', memberId: 'a1', finding: 'VOT' });
    const cmd: CaseCommand = {
      type: 'RecordAssessmentResult',
      memberId: 'a1',
      assessment: 'VOT_RISK',
      outcome: 'TOO_HIGH',
    };
    s = run(s, protection, cmd, T0, { riskReassessmentDays: undefined });
    expect(s.members[0]?.assessments[0]?.validUntil).toBeUndefined();
    expect(nextDeadline(s, context().config)).toBeNull();
  });
});

describe('referral notes and nationality', () => {
  it('should require a referral note to cancel for a configured reason, and keep it', () => {
    const s = toScreening(opening([adult('a1')]));
    expect(unmetCodes(attempt(s, supervisor, { type: 'Cancel', reasonCode: 'RISK_TOO_HIGH' }))).toEqual([
      'REFERRAL_NOTE_REQUIRED',
    ]);
    expect(attempt(s, supervisor, { type: 'Cancel', reasonCode: 'DUPLICATE' }).ok).toBe(true);
    expect(
      attempt(s, supervisor, { type: 'Cancel', reasonCode: 'RISK_TOO_HIGH' }, T0, { referralNoteCancelReasons: [] }).ok,
    ).toBe(true);
    const done = run(s, supervisor, { type: 'Cancel', reasonCode: 'RISK_TOO_HIGH', referralNote: SAMPLE_NOTE });
    expect(done.cancellation?.referralNote).toEqual(SAMPLE_NOTE);
    const bad = attempt(s, supervisor, {
      type: 'Cancel',
      reasonCode: 'RISK_TOO_HIGH',
      referralNote: { referredTo: 'UNHCR', solutionCode: '', noteRef: 'N' },
    });
    expect(bad.ok ? '' : bad.rejection.code).toBe('INVALID_COMMAND');
  });

  it('should record a nationality as declared until a consulate confirms it', () => {
    let s = toScreening(opening([adult('a1')]));
    s = run(s, officer, { type: 'RecordNationality', memberId: 'a1', nationality: 'ML', status: 'DECLARED' });
    expect(toView(s).members[0]?.nationality).toEqual({ status: 'DECLARED', declared: 'ML' });
    const noAuthority = attempt(s, officer, {
      type: 'RecordNationality',
      memberId: 'a1',
      nationality: 'SN',
      status: 'CONFIRMED',
    });
    expect(noAuthority.ok ? '' : noAuthority.rejection.code).toBe('INVALID_COMMAND');
    s = run(s, officer, {
      type: 'RecordNationality',
      memberId: 'a1',
      nationality: 'SN',
      status: 'CONFIRMED',
      authority: 'CONSULATE_SN_RABAT',
    });
    expect(toView(s).members[0]?.nationality).toMatchObject({
      status: 'CONFIRMED',
      declared: 'ML',
      confirmed: 'SN',
      confirmedBy: 'CONSULATE_SN_RABAT',
    });
  });
});

describe('SplitCase of a member who withdrew, and of a minor without an adult', () => {
  const family = () =>
    toScreening(opening([adult('a1'), adult('a2', { relationship: 'SPOUSE', sex: 'F' }), child('c1', ['a2'])]));

  it('should give the new case of withdrawn members the WITHDRAWN stage and its re-open path', () => {
    let s = run(family(), officer, { type: 'Withdraw', memberIds: ['a2', 'c1'] });
    const env = attempt(s, officer, { type: 'SplitCase', memberIds: ['a2'], newCaseId: 'case-2' });
    if (!env.ok) throw new Error(env.rejection.message);
    const splitEvent = env.events.find((e) => e.type === 'CaseSplit');
    if (splitEvent?.type !== 'CaseSplit') throw new Error('no split');
    expect(splitEvent.opened.splitFrom).toMatchObject({ caseId: 'case-1', withdrawal: { fromStage: 'SCREENING' } });
    const created = initialState(splitEvent.opened);
    expect(created.stage).toBe('WITHDRAWN');
    expect(created.previousStage).toBe('REGISTERED');
    expect(openingChange(created, splitEvent.opened).events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseWithdrawn',
      'StageChanged',
    ]);
    s = run(created, officer, { type: 'Reopen' });
    expect(s.stage).toBe('REGISTERED');
  });

  it('should put a minor split off without an adult on the unaccompanied-child path', () => {
    const s = family();
    const result = attempt(s, officer, { type: 'SplitCase', memberIds: ['c1'], newCaseId: 'case-3' });
    if (!result.ok) throw new Error(result.rejection.message);
    const split = result.events.find((e) => e.type === 'CaseSplit');
    if (split?.type !== 'CaseSplit') throw new Error('no split');
    const created = initialState(split.opened);
    expect(created.members[0]).toMatchObject({ memberId: 'c1', unaccompanied: true, vulnerabilities: ['UASC'] });
    expect(created.holds).toEqual([expect.objectContaining({ type: 'BID_PENDING', memberId: 'c1' })]);
  });
});

describe("a dependant's death before departure", () => {
  it('should mark that member; the others continue and the booking follows (cancelled, to rebook the others)', () => {
    const a2 = adult('a2', { relationship: 'SPOUSE', sex: 'F' });
    let s = toScreening(opening([adult('a1'), a2]));
    s = run(s, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    s = run(s, officer, declaration('a1'));
    s = run(s, officer, declaration('a2'));
    s = run(s, officer, { type: 'Approve' });
    s = documentEveryone(s, ['a1', 'a2'], '2025-04-01');
    s = run(s, officer, { type: 'MarkReadyForBooking', receptionConfirmed: true });
    s = run(s, movement, booking('2025-03-20'));
    expect(s.booking?.travellerIds).toEqual(['a1', 'a2']);
    s = run(s, officer, { type: 'RecordDeath', memberId: 'a2' });
    expect(s.members.find((m) => m.memberId === 'a2')).toMatchObject({ deceased: true, travelling: false });
    expect([s.stage, s.booking, s.closureReason]).toEqual(['READY_FOR_BOOKING', undefined, undefined]);
    expect(s.bookingHistory.at(-1)).toMatchObject({ outcome: 'DECEASED', itineraryRef: 'IT-2025-03-20' });
    // The ended booking's tickets are the movement assistant's to cancel with the carrier.
    expect(tasksOf(s, context(s.updatedAt)).filter((t) => t.kind === 'CANCEL_TICKET')).toEqual([
      expect.objectContaining({ subject: 'IT-2025-03-20', command: 'RecordTicketCancellation' }),
    ]);
    s = run(s, movement, booking('2025-03-22'));
    expect(s.booking?.travellerIds).toEqual(['a1']);
  });

  it('should put a child on the unaccompanied-child path when the guardian dies', () => {
    let s = toScreening(opening([adult('a1'), adult('a2', { relationship: 'SPOUSE', sex: 'F' }), child('c1', ['a2'])]));
    s = run(s, officer, { type: 'RecordDeath', memberId: 'a2' });
    expect(s.stage).toBe('SCREENING');
    expect(s.members.find((m) => m.memberId === 'a2')).toMatchObject({ deceased: true, travelling: false });
    expect(s.members.find((m) => m.memberId === 'a1')?.travelling).toBe(true);
    expect(s.holds).toEqual([
      expect.objectContaining({ type: 'BID_PENDING', memberId: 'c1', reason: 'LEFT_WITHOUT_GUARDIAN' }),
    ]);
  });
});

describe('tranche conditions on the funded activity, and in-kind handover notes', () => {
  const arrived = () => statesByStage().ARRIVED as CaseState;
  const fin1 = { userId: 'fin-1', role: 'finance' as const };
  const fin2 = { userId: 'fin-2', role: 'finance' as const };
  function planned(): CaseState {
    let s = run(arrived(), counterpart, { type: 'AcknowledgeHandover' }, day(1));
    s = run(s, counterpart, { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: [] }, day(2));
    const plan = businessPlan({
      modality: 'IN_KIND',
      tranches: [
        { amount: 700, payeeRef: 'SUPPLIER-7', modality: 'IN_KIND' },
        { amount: 500, payeeRef: 'PAYEE-1', conditions: ['EVIDENCE_OF_PREVIOUS_USE', 'BUSINESS_OPERATING'] },
      ],
    });
    s = run(s, counterpart, plan, day(3));
    s = run(s, counterpart, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4));
    s = run(s, fin1, { type: 'ApproveTranche', trancheId: 'P1-T1' }, day(4));
    return run(s, fin2, { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'PAY-1' }, day(4));
  }
  const note = (signed: boolean): CaseCommand => ({
    type: 'RecordEvidence',
    evidenceId: signed ? 'HN-1' : 'HN-0',
    checksum: SAMPLE_CHECKSUM,
    contentType: 'application/pdf',
    purpose: 'HANDOVER_NOTE',
    trancheId: 'P1-T1',
    signed,
  });
  const visit = (businessStatus: 'OPERATING' | 'STRUGGLING'): CaseCommand => ({
    type: 'RecordMonitoringVisit',
    mode: 'IN_PERSON',
    findings: [],
    businessStatus,
  });
  const request: CaseCommand = { type: 'RequestTranche', trancheId: 'P1-T2' };

  it('should count a signed handover note as evidence of use, and wait for the business found operating', () => {
    let s = planned();
    expect(unmetCodes(attempt(s, counterpart, request, day(30)))).toEqual([
      'EVIDENCE_OF_USE_MISSING',
      'FUNDED_ACTIVITY_NOT_OPERATING',
    ]);
    s = run(s, counterpart, note(false), day(30));
    expect(unmetCodes(attempt(s, counterpart, request, day(30)))).toContain('EVIDENCE_OF_USE_MISSING');
    s = run(s, counterpart, note(true), day(31));
    s = run(s, counterpart, visit('OPERATING'), day(60));
    s = run(s, counterpart, visit('STRUGGLING'), day(90));
    expect(unmetCodes(attempt(s, counterpart, request, day(91)))).toEqual(['FUNDED_ACTIVITY_NOT_OPERATING']);
    s = run(s, counterpart, visit('OPERATING'), day(120));
    expect(attempt(s, counterpart, request, day(121)).ok).toBe(true);
  });

  it('should refuse a signed flag on evidence that is not a handover note', () => {
    const bad = attempt(planned(), counterpart, { ...note(true), purpose: 'OTHER' } as CaseCommand, day(30));
    expect(bad.ok ? '' : bad.rejection.code).toBe('INVALID_COMMAND');
  });
});

describe('plan amendments drafted by the counterpart, approved by a supervisor', () => {
  function assisting(): CaseState {
    let s = run(statesByStage().ARRIVED as CaseState, counterpart, { type: 'AcknowledgeHandover' }, day(1));
    s = run(s, counterpart, { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: [] }, day(2));
    return run(s, counterpart, businessPlan(), day(3));
  }
  const { type: _t, ...plan } = businessPlan({
    activities: [
      {
        activityId: 'A-JOB',
        dimension: 'ECONOMIC',
        level: 'INDIVIDUAL',
        type: 'JOB_PLACEMENT',
        budget: 600,
        milestones: [],
      },
    ],
    budget: 600,
    tranches: [{ amount: 600, payeeRef: 'PAYEE-1' }],
  });
  void _t;
  const draft: CaseCommand = { type: 'DraftPlanAmendment', reasonCode: 'BUSINESS_FAILED', ...plan };

  it('should keep the draft pending and visible, in the supervisor work queue, until approved', () => {
    let s = assisting();
    expect(unmetCodes(attempt(s, supervisor, { type: 'ApprovePlanAmendment' }, day(10)))).toEqual([
      'AMENDMENT_NOT_PENDING',
    ]);
    expect(unmetCodes(attempt(s, counterpart, { ...draft, returneeSigned: false }, day(10)))).toEqual([
      'PLAN_NOT_SIGNED',
    ]);
    s = run(s, counterpart, draft, day(10));
    expect(s.reintegration?.plans).toHaveLength(1);
    expect(toView(s).reintegration?.pendingAmendment).toMatchObject({
      planVersion: 2,
      reasonCode: 'BUSINESS_FAILED',
      budget: 600,
      returneeSigned: true,
      draftedBy: counterpart.userId,
    });
    expect(workQueueOf(s, context(day(10))).awaiting).toContain('supervisor:ApprovePlanAmendment');
    expect(unmetCodes(attempt(s, counterpart, draft, day(11)))).toEqual(['AMENDMENT_ALREADY_PENDING']);
    expect(unmetCodes(attempt(s, counterpart, { type: 'ApprovePlanAmendment' }, day(11)))).toEqual([
      'ROLE_NOT_ALLOWED',
    ]);
    s = run(s, supervisor, { type: 'ApprovePlanAmendment' }, day(12));
    expect(s.reintegration?.plans.map((p) => [p.planVersion, p.budget, p.approvedByRole])).toEqual([
      [1, 1200, 'counterpart'],
      [2, 600, 'supervisor'],
    ]);
    expect(toView(s).reintegration?.pendingAmendment).toBeUndefined();
    expect(workQueueOf(s, context(day(12))).awaiting).not.toContain('supervisor:ApprovePlanAmendment');
  });

  it('should let a supervisor reject the draft with a reason', () => {
    let s = run(assisting(), counterpart, draft, day(10));
    s = run(s, supervisor, { type: 'RejectPlanAmendment', reasonCode: 'NOT_FEASIBLE' }, day(11));
    expect(s.reintegration?.pendingAmendment).toBeUndefined();
    expect(s.reintegration?.rejectedAmendments).toEqual([
      { planVersion: 2, reasonCode: 'NOT_FEASIBLE', rejectedBy: supervisor.userId, effectiveAt: day(11) },
    ]);
    expect(s.reintegration?.plans).toHaveLength(1);
  });
});
