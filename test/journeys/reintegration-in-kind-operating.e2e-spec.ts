import { CaseDriver, type Payload } from '../helpers/journey';
import { STACK_START_TIMEOUT_MS, TestStack } from '../helpers/stack';
import {
  arrivedInConakry,
  businessPlan,
  CONAKRY,
  evidence,
  readyForPlan,
  releaseTranche,
  tranche,
} from './reintegration-support';

/**
 * Issue 10 item 5, AVRR.md §8.3: a tranche's conditions can follow the state of what was funded (the business found
 * operating at the latest monitoring visit), and the returnee's signed handover note of goods delivered in kind counts
 * as evidence of the in-kind tranche's use; an unsigned one does not.
 */
describe('journey: an in-kind first tranche, then a second one only while the business operates', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const request = { trancheId: 'P1-T2' };
  const visit = (businessStatus: 'OPERATING' | 'STRUGGLING'): Payload<'RecordMonitoringVisit'> => ({
    mode: 'IN_PERSON',
    findings: [],
    businessStatus,
  });

  beforeAll(async () => {
    stack = await TestStack.start();
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  it('should deliver the sewing machines in kind as tranche 1', async () => {
    c = await arrivedInConakry(stack);
    await readyForPlan(c);
    await c.run(
      CONAKRY,
      'AgreePlan',
      businessPlan({
        modality: 'MIXED',
        tranches: [
          { amount: 800, payeeRef: 'SUPPLIER-SEWING-7', modality: 'IN_KIND' },
          {
            amount: 500.5,
            payeeRef: 'PAYEE-MM-0042',
            modality: 'CASH',
            conditions: ['EVIDENCE_OF_PREVIOUS_USE', 'BUSINESS_OPERATING'],
          },
        ],
      }),
    );
    await releaseTranche(c, 'P1-T1');
    expect(tranche(c, 'P1-T1')).toMatchObject({ status: 'PAID', modality: 'IN_KIND' });
    await c.expectRejected(CONAKRY, 'RequestTranche', request, 422, 'REQUIREMENTS_NOT_MET', [
      'EVIDENCE_OF_USE_MISSING',
      'FUNDED_ACTIVITY_NOT_OPERATING',
    ]);
  });

  it('should take the signed handover note, not an unsigned one, as evidence of the goods’ use', async () => {
    await c.run(CONAKRY, 'RecordEvidence', evidence('HANDOVER_NOTE', { trancheId: 'P1-T1', signed: false }));
    await c.expectRejected(CONAKRY, 'RequestTranche', request, 422, 'REQUIREMENTS_NOT_MET', [
      'EVIDENCE_OF_USE_MISSING',
    ]);
    await c.run(CONAKRY, 'RecordEvidence', evidence('HANDOVER_NOTE', { trancheId: 'P1-T1', signed: true }));
    await c.expectRejected(
      CONAKRY,
      'RequestTranche',
      request,
      422,
      'REQUIREMENTS_NOT_MET',
      ['FUNDED_ACTIVITY_NOT_OPERATING'],
      { exact: true },
    );
  });

  it('should release tranche 2 only while the latest visit finds the business operating', async () => {
    await c.run(CONAKRY, 'RecordMonitoringVisit', visit('OPERATING'));
    await c.run(CONAKRY, 'RecordMonitoringVisit', visit('STRUGGLING'));
    await c.expectRejected(CONAKRY, 'RequestTranche', request, 422, 'REQUIREMENTS_NOT_MET', [
      'FUNDED_ACTIVITY_NOT_OPERATING',
    ]);
    await c.run(CONAKRY, 'RecordMonitoringVisit', visit('OPERATING'));
    await releaseTranche(c, 'P1-T2');
    expect(tranche(c, 'P1-T2')).toMatchObject({ status: 'PAID' });
  });
});
