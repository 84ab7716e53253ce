import { CaseDriver } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  FINANCE,
  FINANCE2,
  readyForPlan,
  tranche,
} from './reintegration-support';

/**
 * Reintegration journeys 6 and 7 (AVRR.md §4): a counterpart of another country asks for the case and is told it does
 * not exist; a finance officer who requested a tranche cannot approve it.
 */
describe('journey: who may see and move a reintegration case', () => {
  let stack: TestStack;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(CONAKRY, 'AgreePlan', businessPlan());
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should answer 404 to a counterpart of another country, for the case, its history, requirements and commands', async () => {
    const dakar = 'counterpart.dakar';
    const get = await c.get(dakar);
    expect([get.status, get.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    expect((await stack.request('GET', `/cases/${c.caseId}/history`, { as: dakar })).status).toBe(404);
    expect((await stack.request('GET', `/cases/${c.caseId}/requirements`, { as: dakar })).status).toBe(404);
    const command = await c.send(dakar, 'RequestTranche', { trancheId: 'P1-T1' });
    expect([command.status, command.body.code]).toEqual([404, 'CASE_NOT_FOUND']);
    const list = await stack.request('GET', '/cases?limit=100', { as: dakar });
    expect(list.body.items.map((x: any) => x.caseId)).not.toContain(c.caseId);
    expect((await c.refresh(CONAKRY)).version).toBe(c.version);
  });

  it("should refuse a finance officer approving their own tranche request, and accept another one's approval", async () => {
    await c.run(FINANCE, 'RequestTranche', { trancheId: 'P1-T1' });
    expect(tranche(c, 'P1-T1')).toMatchObject({ status: 'REQUESTED' });
    const rejected = await c.expectRejected(
      FINANCE,
      'ApproveTranche',
      { trancheId: 'P1-T1' },
      422,
      'REQUIREMENTS_NOT_MET',
      'SEGREGATION_OF_DUTIES',
      { exact: true },
    );
    expect(rejected.details.requirements[0].message).toMatch(/Nobody approves their own request/);
    expect(tranche(c, 'P1-T1')).toMatchObject({ status: 'REQUESTED' });
    await c.run(FINANCE2, 'ApproveTranche', { trancheId: 'P1-T1' });
    await c.expectRejected(
      FINANCE2,
      'RecordTranchePayment',
      { trancheId: 'P1-T1', paymentRef: 'MM-TX-1' },
      422,
      'REQUIREMENTS_NOT_MET',
      'SEGREGATION_OF_DUTIES',
      { exact: true },
    );
    await c.run(FINANCE, 'RecordTranchePayment', { trancheId: 'P1-T1', paymentRef: 'MM-TX-1' });
    expect(tranche(c, 'P1-T1')).toMatchObject({ status: 'PAID' });
    await c.expectCompleteAuditTrail();
  });
});
