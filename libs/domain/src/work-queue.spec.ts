import { type Actor, type CaseState } from './index';
import { businessPlan } from './reintegration/test-samples';
import {
  adult,
  context,
  counterpart,
  declaration,
  movement,
  officer,
  opening,
  run,
  statesByStage,
  supervisor,
  T0,
} from './test-fixtures';
import { initialState } from './evolve';
import { awaitingFor, workFactsOf, workQueueOf } from './work-queue';

const fin1: Actor = { userId: 'fin-1', role: 'finance' };
const fin2: Actor = { userId: 'fin-2', role: 'finance' };
const day = (n: number) => new Date(Date.parse(T0) + n * 86_400_000).toISOString();
const work = (s: CaseState, at = T0) => workQueueOf(s, context(at));

describe('workQueueOf', () => {
  const stages = statesByStage();

  it('should give the officer the next step of a case before approval', () => {
    expect(work(stages.REFERRED!).awaiting).toEqual(['officer:Register']);
    expect(work(stages.REGISTERED!).awaiting).toEqual(['officer:RecordCounsellingSession']);
    expect(work(stages.COUNSELLING!).awaiting).toEqual(['officer:StartScreening']);
    expect(work(stages.SCREENING!).awaiting).toEqual(['officer:RecordRapidVulnerabilityScreening']);
    expect(work(stages.APPROVED!).awaiting).toEqual([]); // documents are requested: nothing moves the case yet
  });

  it("should give the supervisor an approval an officer may not give, and not the officer's ordinary approval", () => {
    let s = run(stages.SCREENING!, officer, {
      type: 'RecordRapidVulnerabilityScreening',
      findings: [{ memberId: 'a1', vulnerabilities: ['ELDERLY'] }],
    });
    s = run(s, officer, declaration('a1'));
    const queue = work(s).awaiting;
    expect(queue).toContain('supervisor:Approve');
    expect(queue).not.toContain('officer:Approve');
    let plain = run(stages.SCREENING!, officer, { type: 'RecordRapidVulnerabilityScreening', findings: [] });
    plain = run(plain, officer, declaration('a1'));
    expect(work(plain).awaiting).toContain('officer:Approve');
    expect(work(plain).awaiting).not.toContain('supervisor:Approve');
  });

  it('should give protection a pending VoT assessment and nobody else', () => {
    const queue = work(stages.ASSESSMENT!).awaiting;
    expect(queue).toContain('protection:RecordAssessmentResult');
    expect(queue).not.toContain('medical:RecordAssessmentResult');
  });

  it('should give movement the booking, the ticket and the departure', () => {
    expect(work(stages.READY_FOR_BOOKING!).awaiting).toEqual(['movement:ConfirmBooking']);
    expect(work(stages.BOOKED!).awaiting).toEqual(['movement:RecordDeparture']); // booked ticketed
    const unticketed = run(stages.READY_FOR_BOOKING!, movement, {
      type: 'ConfirmBooking',
      departureDate: '2025-03-10',
      itineraryRef: 'IT-1',
      fundsAvailable: true,
      bookingHoldUntil: '2025-03-05T00:00:00.000Z',
    });
    expect(work(unticketed).awaiting).toEqual(['movement:RecordTicketIssued', 'movement:RecordDeparture']);
  });

  it('should ask movement to change a booking that a hold now blocks', () => {
    const s = run(stages.BOOKED!, supervisor, { type: 'PlaceHold', hold: 'COO_SECURITY', reason: 'UNREST' } as never);
    expect(work(s).awaiting).toEqual(['movement:ChangeBooking']);
  });

  it('should give the counterpart the arrival, the handover, the assessment and the plan', () => {
    expect(work(stages.DEPARTED!).awaiting).toEqual(['movement:RecordArrival', 'counterpart:RecordArrival']);
    expect(work(stages.ARRIVED!).awaiting).toEqual(['counterpart:AcknowledgeHandover']);
    expect(work(stages.REINTEGRATION_COUNSELLING!).awaiting).toEqual(['counterpart:RecordReintegrationAssessment']);
    const assessed = run(
      stages.REINTEGRATION_COUNSELLING!,
      counterpart,
      { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: ['TAILORING'] },
      day(2),
    );
    expect(work(assessed, day(2)).awaiting).toEqual(['counterpart:AgreePlan']);
  });

  it('should give finance a requested tranche to approve and an approved one to pay, never to the user who may not', () => {
    let s = run(
      stages.REINTEGRATION_COUNSELLING!,
      counterpart,
      { type: 'RecordReintegrationAssessment', needs: ['INCOME'], skills: ['TAILORING'] },
      day(2),
    );
    s = run(s, counterpart, businessPlan(), day(3));
    expect(work(s, day(3)).awaiting.filter((e) => e.startsWith('finance:'))).toEqual([]);
    s = run(s, fin2, { type: 'RequestTranche', trancheId: 'P1-T1' }, day(4));
    let q = work(s, day(4));
    expect(q.awaiting).toContain('finance:ApproveTranche');
    expect(q.awaitingExcept).toEqual(['ApproveTranche:fin-2']); // nobody approves their own request
    expect(awaitingFor(q.awaiting, 'finance', q.awaitingExcept, 'fin-2')).toEqual([]);
    expect(awaitingFor(q.awaiting, 'finance', q.awaitingExcept, 'fin-1')).toEqual(['ApproveTranche']);
    s = run(s, fin1, { type: 'ApproveTranche', trancheId: 'P1-T1' }, day(4));
    q = work(s, day(4));
    expect(q.awaiting).toContain('finance:RecordTranchePayment');
    expect(q.awaiting).not.toContain('finance:ApproveTranche');
    expect(q.awaitingExcept).toEqual(['RecordTranchePayment:fin-1']); // the approver does not pay
    expect(awaitingFor(q.awaiting, 'finance', q.awaitingExcept, 'fin-2')).toEqual(['RecordTranchePayment']);
    // Without the two-person rule for payments, the approver may pay.
    const relaxed = workQueueOf(s, context(day(4), { paymentByOtherUserThanApprover: false }));
    expect(relaxed.awaitingExcept).toEqual([]);
    s = run(s, fin2, { type: 'RecordTranchePayment', trancheId: 'P1-T1', paymentRef: 'PAY-1' }, day(4));
    expect(work(s, day(4)).awaiting.filter((e) => e.startsWith('finance:'))).toEqual([]);
  });

  it('should list no work in an ended case', () => {
    for (const stage of ['WITHDRAWN', 'CANCELLED', 'CLOSED'] as const)
      expect(work(stages[stage]!)).toEqual({ awaiting: [], awaitingExcept: [] });
  });

  it('should carry the next deadline without the member it concerns', () => {
    const facts = workFactsOf(stages.READY_FOR_BOOKING!, context());
    expect(facts.nextDeadline).toEqual({ kind: 'DOCUMENT_EXPIRY', dueAt: expect.any(String) });
    expect(workFactsOf(initialState(opening([adult('a1')])), context()).nextDeadline).toBeNull();
  });
});
