import { CaseDriver, type Payload } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  evidence,
  readyForPlan,
  releaseTranche,
  SUPERVISOR_CKY,
  tranche,
  visit,
} from './reintegration-support';

/** Plan version 2: the remaining budget moves from the failed shop to training and a job placement. */
function amendment(budget: number): Payload<'AmendPlan'> {
  const training = 300;
  return {
    ...businessPlan({
      activities: [
        {
          activityId: 'A-TRAINING-2',
          dimension: 'ECONOMIC',
          level: 'INDIVIDUAL',
          type: 'TRAINING',
          budget: training,
          milestones: [{ milestoneId: 'M-DRIVING-LICENCE', dueDate: '2027-03-01', code: 'LICENCE_OBTAINED' }],
        },
        {
          activityId: 'A-JOB',
          dimension: 'ECONOMIC',
          level: 'INDIVIDUAL',
          type: 'JOB_PLACEMENT',
          budget: budget - training,
          milestones: [],
        },
      ],
      budget,
      modality: 'CASH',
      tranches: [
        { amount: budget - 200, payeeRef: 'PAYEE-MM-0042' },
        { amount: 200, payeeRef: 'PAYEE-MM-0042' },
      ],
    }),
    reasonCode: 'BUSINESS_FAILED',
  };
}

/**
 * Reintegration journey 2 (AVRR.md §8.3): the business fails after tranche 1. A failed business is not a closure
 * reason: the plan is amended (a new version, never an edit in place) within the remaining budget, approved by a
 * supervisor, and the second tranche is released on the new plan.
 */
describe('journey: a business that fails after tranche 1 is re-planned within the remaining budget', () => {
  let stack: TestStack;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should pay tranche 1 of the business plan', async () => {
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(CONAKRY, 'AgreePlan', businessPlan());
    await releaseTranche(c, 'P1-T1');
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(c.view.reintegration.budget).toMatchObject({ paid: 600, remaining: 700.5 });
  });

  it('should record at the monitoring visit that the business failed, and the milestone as failed', async () => {
    await c.run(CONAKRY, 'RecordMonitoringVisit', {
      mode: 'IN_PERSON',
      findings: ['SHOP_CLOSED', 'STOCK_SOLD'],
      businessStatus: 'FAILED',
    });
    await c.run(CONAKRY, 'RecordMilestone', {
      milestoneId: 'M-SHOP-OPEN',
      status: 'FAILED',
      reasonCode: 'MARKET_COLLAPSED',
    });
    expect(c.view.reintegration.monitoring.visits[0]).toMatchObject({
      visitNo: 1,
      businessStatus: 'FAILED',
      findings: ['SHOP_CLOSED', 'STOCK_SOLD'],
    });
  });

  it('should refuse an amendment the counterpart approves alone, or one above the remaining budget', async () => {
    await c.expectRejected(
      CONAKRY,
      'AmendPlan',
      amendment(700.5),
      422,
      'REQUIREMENTS_NOT_MET',
      'SUPERVISOR_APPROVAL_REQUIRED',
      { exact: true },
    );
    await c.expectRejected(
      SUPERVISOR_CKY,
      'AmendPlan',
      amendment(900),
      422,
      'REQUIREMENTS_NOT_MET',
      'AMENDMENT_ABOVE_REMAINING_BUDGET',
      { exact: true },
    );
    await c.expectRejected(
      'supervisor.rabat',
      'AmendPlan',
      { ...amendment(700.5), reasonCode: undefined },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('should create plan version 2 within the remaining budget, keeping version 1 and what was paid under it', async () => {
    await c.run(SUPERVISOR_CKY, 'AmendPlan', amendment(700.5));
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    const r = c.view.reintegration;
    expect(r.plan).toMatchObject({
      planVersion: 2,
      budget: 700.5,
      envelope: 1300.5,
      reasonCode: 'BUSINESS_FAILED',
      approvedByRole: 'supervisor',
    });
    expect(r.planVersions.map((p: any) => [p.planVersion, p.budget, p.envelope, p.reasonCode ?? null])).toEqual([
      [1, 1300.5, 1300.5, null],
      [2, 700.5, 1300.5, 'BUSINESS_FAILED'],
    ]);
    expect(r.tranches.map((t: any) => [t.trancheId, t.status, t.amount])).toEqual([
      ['P1-T1', 'PAID', 600],
      ['P1-T2', 'CANCELLED', 400.5],
      ['P1-T3', 'CANCELLED', 300],
      ['P2-T1', 'PLANNED', 500.5],
      ['P2-T2', 'PLANNED', 200],
    ]);
    expect(r.milestones.map((m: any) => [m.milestoneId, m.planVersion, m.status])).toEqual([
      ['M-MARKET', 1, 'CANCELLED'],
      ['M-SHOP-OPEN', 1, 'FAILED'],
      ['M-COURSE', 1, 'CANCELLED'],
      ['M-DRIVING-LICENCE', 2, 'PLANNED'],
    ]);
    expect(r.budget).toEqual({ currency: 'EUR', envelope: 1300.5, committed: 600, paid: 600, remaining: 700.5 });
    await c.expectRejected(
      CONAKRY,
      'RequestTranche',
      { trancheId: 'P1-T2' },
      422,
      'REQUIREMENTS_NOT_MET',
      'TRANCHE_NOT_PLANNED',
    );
  });

  it('should release the second tranche on the new plan, once the use of tranche 1 is evidenced', async () => {
    await c.expectRejected(
      CONAKRY,
      'RequestTranche',
      { trancheId: 'P2-T1' },
      422,
      'REQUIREMENTS_NOT_MET',
      'EVIDENCE_OF_USE_MISSING',
      { exact: true },
    );
    await c.run(CONAKRY, 'RecordEvidence', evidence('TRANCHE_USE', { trancheId: 'P1-T1', contentType: 'image/png' }));
    await releaseTranche(c, 'P2-T1');
    expect(tranche(c, 'P2-T1')).toMatchObject({
      status: 'PAID',
      sequence: 4,
      planVersion: 2,
      localAmount: 4679925.25,
      localCurrency: 'GNF',
    });
    expect(c.view.reintegration.budget).toMatchObject({ paid: 1100.5, remaining: 200 });
    // The next one waits for its own conditions, on the tranche just paid.
    await c.expectRejected(
      CONAKRY,
      'RequestTranche',
      { trancheId: 'P2-T2' },
      422,
      'REQUIREMENTS_NOT_MET',
      ['EVIDENCE_OF_USE_MISSING', 'MONITORING_VISIT_MISSING'],
      { exact: true },
    );
    await c.run(CONAKRY, 'RecordMonitoringVisit', visit);
    await c.expectCompleteAuditTrail();
    const amended = (await c.history()).find((e) => e.commandType === 'AmendPlan');
    expect(amended.events.map((e: any) => e.type)).toEqual([
      'TrancheCancelled',
      'TrancheCancelled',
      'MilestoneRecorded',
      'MilestoneRecorded',
      'PlanAmended',
    ]);
    expect(amended.actorRole).toBe('supervisor');
    await c.saveHistory('reintegration-plan-amended');
  });
});
