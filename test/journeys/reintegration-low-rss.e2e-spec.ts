import { CaseDriver } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  evidence,
  LOW_RSS,
  readyForPlan,
  releaseTranche,
  SUPERVISOR_CKY,
  visit,
} from './reintegration-support';

/**
 * Reintegration journey 3 (AVRR.md §8.5): the month-12 RSS scores below the threshold. A follow-up requirement appears;
 * the assistance goes on (a low score never withholds a tranche); closing needs a justification.
 */
describe('journey: an RSS below the threshold at month 12', () => {
  let stack: TestStack;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should reach the assistance with a two-tranche plan and tranche 1 paid', async () => {
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(
      CONAKRY,
      'AgreePlan',
      businessPlan({
        activities: [
          {
            activityId: 'A-SHOP',
            dimension: 'ECONOMIC',
            level: 'INDIVIDUAL',
            type: 'BUSINESS',
            budget: 1000,
            milestones: [],
          },
        ],
        budget: 1000,
        tranches: [
          { amount: 700, payeeRef: 'PAYEE-MM-0042' },
          { amount: 300, payeeRef: 'PAYEE-MM-0042' },
        ],
      }),
    );
    await releaseTranche(c, 'P1-T1');
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
  });

  it('should score the endline RSS below the threshold and open a follow-up requirement', async () => {
    await c.run(CONAKRY, 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'ENDLINE',
      mode: 'IN_PERSON',
      answers: LOW_RSS,
    });
    const rss = c.view.reintegration.rss[0];
    expect(rss).toMatchObject({
      instrumentVersion: 'RSS-1',
      weightsVersion: 'EQUAL-PROVISIONAL-1',
      provisional: true,
      timing: 'ENDLINE',
    });
    expect(rss.composite).toBeLessThan(0.5);
    expect(rss.composite).toBeGreaterThanOrEqual(0);
    expect(rss.belowThreshold).toEqual(expect.arrayContaining(['COMPOSITE', 'ECONOMIC', 'PSYCHOSOCIAL']));
    expect(c.view.reintegration.followUps).toEqual([
      expect.objectContaining({ followUpId: 'FU-1', reason: 'RSS_BELOW_THRESHOLD', rssId: 'RSS-1', status: 'OPEN' }),
    ]);

    const commands = (await c.requirements(CONAKRY)).commands;
    expect(commands.find((x: any) => x.type === 'RecordFollowUp')).toMatchObject({ allowed: true });
    expect(commands.find((x: any) => x.type === 'CloseCase')).toMatchObject({
      allowed: false,
      unmet: [expect.objectContaining({ code: 'FOLLOW_UP_OPEN' })],
    });
    // The stage did not move and nothing was blocked by the score itself.
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(c.view.holds).toEqual([]);
  });

  it('should go on with the assistance: tranche 2 is released after the low score', async () => {
    await c.run(CONAKRY, 'RecordEvidence', evidence('TRANCHE_USE', { trancheId: 'P1-T1' }));
    await c.run(CONAKRY, 'RecordMonitoringVisit', { ...visit, businessStatus: 'STRUGGLING', findings: ['LOW_SALES'] });
    await releaseTranche(c, 'P1-T2');
    expect(c.view.reintegration.budget).toMatchObject({ paid: 1000, remaining: 0 });
    await c.run(CONAKRY, 'CompleteAssistance', {});
    expect(c.stage).toBe('MONITORING');
  });

  it('should need the follow-up done, or a supervisor override, and a justification to close', async () => {
    await c.expectRejected(
      CONAKRY,
      'CloseCase',
      { reason: 'COMPLETED' },
      422,
      'REQUIREMENTS_NOT_MET',
      ['FOLLOW_UP_OPEN', 'RSS_JUSTIFICATION_REQUIRED'],
      { exact: true },
    );
    await c.expectRejected(
      CONAKRY,
      'CloseCase',
      {
        reason: 'COMPLETED',
        justificationCode: 'MHPSS_REFERRAL_ONGOING',
        supervisorOverride: { reasonCode: 'PROJECT_END' },
      },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.run(CONAKRY, 'RecordFollowUp', { followUpId: 'FU-1', action: 'REFERRAL' });
    expect(c.view.reintegration.followUps[0]).toMatchObject({ status: 'DONE', action: 'REFERRAL' });
    await c.expectRejected(
      CONAKRY,
      'CloseCase',
      { reason: 'COMPLETED' },
      422,
      'REQUIREMENTS_NOT_MET',
      'RSS_JUSTIFICATION_REQUIRED',
      { exact: true },
    );
    await c.run(CONAKRY, 'CloseCase', { reason: 'COMPLETED', justificationCode: 'MHPSS_REFERRAL_ONGOING' });
    expect(c.view).toMatchObject({ stage: 'CLOSED', closureReason: 'COMPLETED' });
    expect(c.view.reintegration.closure).toMatchObject({
      reason: 'COMPLETED',
      justificationCode: 'MHPSS_REFERRAL_ONGOING',
      finalRssId: 'RSS-1',
    });
  });

  it('should let a supervisor re-open the closed case (audited) within the window', async () => {
    await c.expectRejected(CONAKRY, 'Reopen', { reasonCode: 'CLOSURE_WRONG' }, 403, 'ROLE_NOT_ALLOWED');
    // The ground is required (AVRR.md §5.3: the closure was wrong, or a new phase is funded), and only those two.
    await c.expectRejected(SUPERVISOR_CKY, 'Reopen', {}, 422, 'REQUIREMENTS_NOT_MET', ['REOPEN_REASON_REQUIRED']);
    const bad = await c.send(SUPERVISOR_CKY, 'Reopen', { reasonCode: 'BORED' });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await c.run(SUPERVISOR_CKY, 'Reopen', { reasonCode: 'NEW_PHASE_FUNDED' });
    expect(c.view).toMatchObject({ stage: 'MONITORING' });
    const [reopened] = (await c.history(SUPERVISOR_CKY)).slice(-1);
    expect(reopened.events[0]).toMatchObject({
      type: 'CaseReopenedAfterClosure',
      previousReason: 'COMPLETED',
      reasonCode: 'NEW_PHASE_FUNDED',
    });
    expect(c.view.closureReason).toBeUndefined();
    const entries = await c.expectCompleteAuditTrail();
    expect(entries[entries.length - 1]).toMatchObject({
      commandType: 'Reopen',
      fromStage: 'CLOSED',
      toStage: 'MONITORING',
      actorRole: 'supervisor',
    });
    await c.saveHistory('reintegration-low-rss');
  });
});
