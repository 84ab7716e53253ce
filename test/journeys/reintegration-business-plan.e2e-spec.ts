import { randomUUID } from 'node:crypto';
import { CaseDriver } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  evidence,
  FINANCE,
  FINANCE2,
  GOOD_RSS,
  monthsAfter,
  releaseTranche,
  tranche,
  visit,
} from './reintegration-support';

/**
 * Reintegration journey 1 (AVRR.md §5.3 stages 11-16, §8): a returnee to Guinea with a three-tranche business plan, from
 * the arrival in Conakry to a COMPLETED closure with the final RSS, every step through the HTTP API as the user who does
 * it: the counterpart, two finance officers, the sending office watching.
 */
describe('journey: a returnee to Guinea with a three-tranche business plan, completed and closed with a final RSS', () => {
  let stack: TestStack;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should hand the case to Conakry at arrival and plan the monitoring visits at months 1, 3, 6 and 12', async () => {
    c = await arrivedInConakry(stack, ['DISABILITY']);
    expect(c.stage).toBe('ARRIVED');
    const r = c.view.reintegration;
    const arrivedOn = r.handover.arrivedAt.slice(0, 10);
    expect(r.handover).toMatchObject({ receivingOffice: 'GN-CKY', overdue: false });
    expect(r.handover.dueOn > arrivedOn).toBe(true);
    expect(r.monitoring.planned.map((v: any) => [v.visitNo, v.dueOn, v.status])).toEqual([
      [1, monthsAfter(arrivedOn, 1), 'PLANNED'],
      [2, monthsAfter(arrivedOn, 3), 'PLANNED'],
      [3, monthsAfter(arrivedOn, 6), 'PLANNED'],
      [4, monthsAfter(arrivedOn, 12), 'PLANNED'],
    ]);
  });

  it('should show the counterpart D0-D2 only, and D3 once the returnee consented to sharing it for continuity of care', async () => {
    expect((await c.get('officer.rabat')).body.members[0].vulnerabilities).toEqual(['DISABILITY']);
    const before = (await c.get(CONAKRY)).body;
    expect(before.members[0]).toMatchObject({
      vulnerabilities: [],
      assessments: [],
      personal: { givenName: 'Mamadou' },
    });
    expect(before.flags).toEqual({ vulnerable: true, uasc: false });
    const screening = (await c.history(CONAKRY))
      .flatMap((e) => e.events)
      .find((e: any) => e.type === 'RapidVulnerabilityScreeningRecorded');
    expect(screening.findings).toBeUndefined();
    expect((await c.get('counterpart.dakar')).status).toBe(404);

    await c.run(CONAKRY, 'RecordContinuityOfCareConsent', { given: true, consentRef: 'COC-2026-0117' });
    expect(c.view.reintegration.continuityOfCareConsent).toBe(true);
    expect((await c.get(CONAKRY)).body.members[0].vulnerabilities).toEqual(['DISABILITY']);
  });

  it('should acknowledge the handover, assess needs and skills, then agree the plan the returnee signed', async () => {
    await c.expectRejected(CONAKRY, 'AgreePlan', businessPlan(), 409, 'NOT_ALLOWED_IN_STAGE');
    await c.run(CONAKRY, 'AcknowledgeHandover', {});
    expect(c.stage).toBe('REINTEGRATION_COUNSELLING');
    await c.expectRejected(
      CONAKRY,
      'AgreePlan',
      businessPlan(),
      422,
      'REQUIREMENTS_NOT_MET',
      'REINTEGRATION_ASSESSMENT_MISSING',
      { exact: true },
    );
    await c.run(CONAKRY, 'RecordReintegrationAssessment', {
      needs: ['INCOME', 'PSYCHOSOCIAL_SUPPORT'],
      skills: ['TAILORING'],
    });

    const notes = await c.send(CONAKRY, 'AgreePlan', { ...businessPlan(), notes: 'free text about the returnee' });
    expect([notes.status, notes.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await c.expectRejected(
      CONAKRY,
      'AgreePlan',
      businessPlan({ tranches: [{ amount: 100, payeeRef: 'PAYEE-1' }] }),
      422,
      'INVALID_COMMAND',
    );
    await c.expectRejected(
      CONAKRY,
      'AgreePlan',
      businessPlan({ returneeSigned: false }),
      422,
      'REQUIREMENTS_NOT_MET',
      'PLAN_NOT_SIGNED',
      { exact: true },
    );

    await c.run(CONAKRY, 'AgreePlan', businessPlan());
    expect(c.stage).toBe('PLAN_AGREED');
    const r = c.view.reintegration;
    expect(r.plan).toMatchObject({
      planVersion: 1,
      budget: 1300.5,
      currency: 'EUR',
      exchangeRate: { currency: 'GNF', rate: 9350.5 },
      modality: 'MIXED',
      aboveCeiling: false,
    });
    expect(r.plan.activities.map((a: any) => [a.activityId, a.dimension, a.level, a.type])).toEqual([
      ['A-SHOP', 'ECONOMIC', 'INDIVIDUAL', 'BUSINESS'],
      ['A-TRAINING', 'ECONOMIC', 'INDIVIDUAL', 'TRAINING'],
      ['A-MHPSS', 'PSYCHOSOCIAL', 'COMMUNITY', 'MHPSS'],
    ]);
    expect(r.tranches.map((t: any) => [t.trancheId, t.amount, t.status, t.conditions.length])).toEqual([
      ['P1-T1', 600, 'PLANNED', 0],
      ['P1-T2', 400.5, 'PLANNED', 3],
      ['P1-T3', 300, 'PLANNED', 3],
    ]);
    expect(r.milestones.map((m: any) => [m.milestoneId, m.status])).toEqual([
      ['M-MARKET', 'PLANNED'],
      ['M-SHOP-OPEN', 'PLANNED'],
      ['M-COURSE', 'PLANNED'],
    ]);
  });

  it('should release tranche 1: requested by the counterpart, approved and paid by two finance officers, and never paid twice', async () => {
    await c.run(CONAKRY, 'RequestTranche', { trancheId: 'P1-T1' });
    await c.expectRejected(CONAKRY, 'ApproveTranche', { trancheId: 'P1-T1' }, 403, 'ROLE_NOT_ALLOWED');
    await c.run(FINANCE, 'ApproveTranche', { trancheId: 'P1-T1' });
    await c.expectRejected(
      FINANCE,
      'RecordTranchePayment',
      { trancheId: 'P1-T1', paymentRef: 'MM-TX-SELF' },
      422,
      'REQUIREMENTS_NOT_MET',
      'SEGREGATION_OF_DUTIES',
      { exact: true },
    );

    const paymentRef = `MM-TX-${randomUUID().slice(0, 8)}`;
    const idempotencyKey = `pay-${randomUUID()}`;
    await c.run(FINANCE2, 'RecordTranchePayment', { trancheId: 'P1-T1', paymentRef }, { idempotencyKey });
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(tranche(c, 'P1-T1')).toMatchObject({
      status: 'PAID',
      amount: 600,
      currency: 'EUR',
      localAmount: 5610300,
      localCurrency: 'GNF',
      paymentRef,
    });

    // The same request again (a retry) is applied once; another request for the same payment is refused.
    const retry = await c.send(
      FINANCE2,
      'RecordTranchePayment',
      { trancheId: 'P1-T1', paymentRef },
      { idempotencyKey, expectedVersion: c.version - 1 },
    );
    expect([retry.status, retry.body.version]).toEqual([200, c.version]);
    await c.expectRejected(
      FINANCE2,
      'RecordTranchePayment',
      { trancheId: 'P1-T1', paymentRef },
      422,
      'REQUIREMENTS_NOT_MET',
      ['TRANCHE_ALREADY_PAID', 'PAYMENT_REF_ALREADY_USED'],
      { exact: true },
    );
    expect((await c.history()).filter((e) => e.commandType === 'RecordTranchePayment')).toHaveLength(1);
  });

  it('should show finance the amounts, payees and plan lines, without counselling, RSS or D3', async () => {
    const view = (await c.get(FINANCE)).body;
    expect(view.reintegration.budget).toEqual({
      currency: 'EUR',
      envelope: 1300.5,
      committed: 600,
      paid: 600,
      remaining: 700.5,
    });
    expect(view.reintegration.plan.activities.map((a: any) => [a.activityId, a.budget])).toEqual([
      ['A-SHOP', 1000],
      ['A-TRAINING', 200],
      ['A-MHPSS', 100.5],
    ]);
    expect(view.payees).toEqual([expect.objectContaining({ relationship: 'PA', givenName: 'Mamadou' })]);
    expect(view.members).toBeUndefined();
    expect(view.reintegration.rss).toBeUndefined();
    expect(JSON.stringify(view)).not.toContain('DISABILITY');
    const events = (await c.history(FINANCE)).flatMap((e) => e.events);
    expect(events.find((e: any) => e.type === 'CounsellingSessionRecorded')).toEqual({
      type: 'CounsellingSessionRecorded',
      effectiveAt: expect.any(String),
      recordedAt: expect.any(String),
    });
    expect(events.find((e: any) => e.type === 'TranchePaid')).toMatchObject({ trancheId: 'P1-T1', amount: 600 });
  });

  it("should release tranche 2 only on evidence of the use of tranche 1, a monitoring visit and the counterpart's recommendation", async () => {
    await c.expectRejected(
      CONAKRY,
      'RequestTranche',
      { trancheId: 'P1-T2' },
      422,
      'REQUIREMENTS_NOT_MET',
      ['EVIDENCE_OF_USE_MISSING', 'MONITORING_VISIT_MISSING'],
      { exact: true },
    );
    const receipt = evidence('TRANCHE_USE', { trancheId: 'P1-T1', contentType: 'application/pdf' });
    await c.run(CONAKRY, 'RecordEvidence', receipt);
    expect(c.view.reintegration.evidence).toEqual([
      expect.objectContaining({
        evidenceId: receipt.evidenceId,
        checksum: receipt.checksum,
        contentType: 'application/pdf',
        purpose: 'TRANCHE_USE',
        trancheId: 'P1-T1',
        recordedBy: expect.any(String),
        effectiveAt: expect.any(String),
      }),
    ]);
    await c.run(CONAKRY, 'RecordMonitoringVisit', visit);
    expect(c.view.reintegration.monitoring.planned[0]).toMatchObject({ visitNo: 1, status: 'DONE' });
    await c.expectRejected(
      FINANCE,
      'RequestTranche',
      { trancheId: 'P1-T2' },
      422,
      'REQUIREMENTS_NOT_MET',
      'COUNTERPART_RECOMMENDATION_MISSING',
      { exact: true },
    );
    await releaseTranche(c, 'P1-T2');
    expect(tranche(c, 'P1-T2')).toMatchObject({ status: 'PAID', modality: 'IN_KIND', payeeRef: 'SUPPLIER-SEWING-7' });
  });

  it('should record milestones with evidence as metadata and a reference', async () => {
    const report = evidence('MILESTONE', { milestoneId: 'M-MARKET', contentType: 'application/pdf' });
    await c.run(CONAKRY, 'RecordEvidence', report);
    await c.run(CONAKRY, 'RecordMilestone', {
      milestoneId: 'M-MARKET',
      status: 'DONE',
      evidenceIds: [report.evidenceId],
    });
    await c.run(CONAKRY, 'RecordMilestone', { milestoneId: 'M-COURSE', status: 'IN_PROGRESS' });
    await c.expectRejected(
      CONAKRY,
      'RecordMilestone',
      { milestoneId: 'M-SHOP-OPEN', status: 'CANCELLED' },
      422,
      'INVALID_COMMAND',
    );
    await c.expectRejected(
      CONAKRY,
      'RecordEvidence',
      { ...evidence('OTHER'), fileName: 'Mamadou Bah receipt.pdf' },
      400,
      'VALIDATION_FAILED',
    );
    expect(c.view.reintegration.milestones.find((m: any) => m.milestoneId === 'M-MARKET')).toMatchObject({
      status: 'DONE',
      evidenceIds: [report.evidenceId],
    });
  });

  it('should release tranche 3, complete the assistance once every milestone is closed, and move to MONITORING', async () => {
    await c.run(CONAKRY, 'RecordEvidence', evidence('TRANCHE_USE', { trancheId: 'P1-T2' }));
    await c.run(CONAKRY, 'RecordMonitoringVisit', { ...visit, mode: 'PHONE' });
    await releaseTranche(c, 'P1-T3');
    await c.expectRejected(
      CONAKRY,
      'CompleteAssistance',
      {},
      422,
      'REQUIREMENTS_NOT_MET',
      ['MILESTONES_OPEN', 'MILESTONES_OPEN'],
      { exact: true },
    );
    await c.run(CONAKRY, 'RecordMilestone', { milestoneId: 'M-COURSE', status: 'DONE' });
    await c.run(CONAKRY, 'RecordMilestone', {
      milestoneId: 'M-SHOP-OPEN',
      status: 'PARTIAL',
      reasonCode: 'SMALLER_PREMISES',
    });
    await c.run(CONAKRY, 'CompleteAssistance', {});
    expect(c.stage).toBe('MONITORING');
    expect(c.view.reintegration.budget).toEqual({
      currency: 'EUR',
      envelope: 1300.5,
      committed: 1300.5,
      paid: 1300.5,
      remaining: 0,
    });
  });

  it('should close as COMPLETED with the final RSS, scored with the instrument and weights versions', async () => {
    await c.expectRejected(
      CONAKRY,
      'CloseCase',
      { reason: 'COMPLETED' },
      422,
      'REQUIREMENTS_NOT_MET',
      'FINAL_RSS_MISSING',
      { exact: true },
    );
    await c.run(CONAKRY, 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'ENDLINE',
      mode: 'IN_PERSON',
      answers: GOOD_RSS,
    });
    const rss = c.view.reintegration.rss[0];
    expect(rss).toMatchObject({
      rssId: 'RSS-1',
      instrumentVersion: 'RSS-1',
      weightsVersion: 'EQUAL-PROVISIONAL-1',
      provisional: true,
      incomplete: false,
      belowThreshold: [],
    });
    expect(rss.composite).toBeGreaterThan(0.5);
    expect(rss.composite).toBeLessThanOrEqual(1);
    expect(c.view.reintegration.followUps).toEqual([]);

    await c.run(CONAKRY, 'CloseCase', { reason: 'COMPLETED' });
    expect(c.view).toMatchObject({ stage: 'CLOSED', closureReason: 'COMPLETED' });
    expect(c.view.reintegration.closure).toMatchObject({ reason: 'COMPLETED', finalRssId: 'RSS-1' });
    expect((await c.get(CONAKRY)).body.stage).toBe('CLOSED');
    expect((await c.get('officer.rabat')).body.closureReason).toBe('COMPLETED');
    await c.expectCompleteAuditTrail();
    await c.saveHistory('reintegration-business-plan-completed');
  });
});
