import { singleAdult } from '../helpers/households';
import { CaseDriver, days } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { businessPlan, GOOD_RSS, monthsAfter } from './reintegration-support';

const RABAT_R = 'counterpart.rabat-r';

/** A Moroccan returnee whose return from Spain was organised by the IOM mission in Madrid. */
function moroccanReturnee(over: Record<string, unknown> = {}) {
  const base = singleAdult();
  return {
    ...base,
    hostOffice: 'ES-MAD',
    countryOfOrigin: 'MA',
    referralSource: 'OTHER_IOM_MISSION',
    programme: 'AVRR-MA-INBOUND',
    members: [
      {
        ...base.members[0],
        givenName: 'Youssef',
        nationality: 'MA',
        languages: ['ar', 'fr'],
        phone: '+212 612 000 111',
      },
    ],
    startAt: 'ARRIVED',
    receivingOffice: 'MA-RBA-R',
    arrivedAt: new Date(Date.now() - 86_400_000).toISOString(),
    ...over,
  };
}

/**
 * Reintegration journey 5 (AVRR.md §1.9, §5.1): IOM Morocco as country of origin. A Moroccan returnee received from
 * another mission is opened directly at ARRIVED by the Moroccan receiving office, and followed like any other.
 */
describe('journey: a Moroccan returnee received from another mission, opened at ARRIVED', () => {
  let stack: TestStack;
  let c: CaseDriver;

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should let only a counterpart or supervisor of that receiving office open it', async () => {
    const post = (as: string, body: unknown) => stack.request('POST', '/cases', { as, body });
    const asOfficer = await post('officer.rabat', moroccanReturnee());
    expect([asOfficer.status, asOfficer.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const otherOffice = await post('counterpart.conakry', moroccanReturnee());
    expect([otherOffice.status, otherOffice.body.code]).toEqual([403, 'OFFICE_OUT_OF_SCOPE']);
    const wrongCountry = await post(RABAT_R, moroccanReturnee({ countryOfOrigin: 'SN' }));
    expect([wrongCountry.status, wrongCountry.body.code]).toEqual([422, 'UNKNOWN_OFFICE']);
    const noOffice = await post(RABAT_R, moroccanReturnee({ receivingOffice: undefined }));
    expect([noOffice.status, noOffice.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const future = await post(
      RABAT_R,
      moroccanReturnee({ arrivedAt: new Date(Date.now() + 86_400_000).toISOString() }),
    );
    expect([future.status, future.body.code]).toEqual([422, 'EFFECTIVE_TIME_IN_FUTURE']);
    // A host office of this system as the organising mission would put the case in that office's scope.
    const intoHostScope = await post(RABAT_R, moroccanReturnee({ hostOffice: 'MA-RBA' }));
    expect([intoHostScope.status, intoHostScope.body.code]).toEqual([403, 'OFFICE_OUT_OF_SCOPE']);
    const counterpartOutbound = await post(RABAT_R, singleAdult());
    expect([counterpartOutbound.status, counterpartOutbound.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  });

  it('should open the case at ARRIVED, handed to MA-RBA-R, with the visits planned from the arrival date', async () => {
    const body = moroccanReturnee();
    c = await CaseDriver.open(stack, RABAT_R, body, ['pa']);
    expect(c.view).toMatchObject({
      stage: 'ARRIVED',
      version: 1,
      hostOffice: 'ES-MAD',
      countryOfOrigin: 'MA',
      receivingOffice: 'MA-RBA-R',
    });
    expect(c.view.reference).toMatch(/^MA-RBA-R-\d{4}-/);
    expect(c.member('pa').personal).toMatchObject({ givenName: 'Youssef' });
    const arrivedOn = body.arrivedAt.slice(0, 10);
    expect(c.view.reintegration.handover).toMatchObject({ arrivedAt: body.arrivedAt, receivingOffice: 'MA-RBA-R' });
    expect(c.view.reintegration.monitoring.planned.map((v: any) => v.dueOn)).toEqual(
      [1, 3, 6, 12].map((m) => monthsAfter(arrivedOn, m)),
    );
    const history = await c.history(RABAT_R);
    expect(history[0]).toMatchObject({ commandType: 'CaseOpened', fromStage: 'ARRIVED', toStage: 'ARRIVED' });
  });

  it('should be visible to the Moroccan receiving office only', async () => {
    expect((await c.get('officer.rabat')).status).toBe(404);
    expect((await c.get('counterpart.conakry')).status).toBe(404);
    expect((await c.get('supervisor.rabat-r')).status).toBe(200);
    const list = await stack.request('GET', '/cases?limit=100', { as: RABAT_R });
    expect(list.body.items.map((x: any) => x.caseId)).toContain(c.caseId);
  });

  it('should follow the returnee like any other: handover, assessment, baseline RSS and a plan in the programme currency', async () => {
    await c.run(RABAT_R, 'AcknowledgeHandover', {});
    await c.run(RABAT_R, 'RecordReintegrationAssessment', { needs: ['EMPLOYMENT'], skills: ['CONSTRUCTION'] });
    await c.run(RABAT_R, 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'BASELINE',
      mode: 'PHONE',
      answers: { ...GOOD_RSS, PSY_FEELS_SAFE: null },
    });
    expect(c.view.reintegration.rss[0]).toMatchObject({
      timing: 'BASELINE',
      missingIndicators: ['PSY_FEELS_SAFE'],
      incomplete: false,
    });
    await c.expectRejected(RABAT_R, 'AgreePlan', businessPlan({ currency: 'MAD' }), 422, 'INVALID_COMMAND');
    await c.run(
      RABAT_R,
      'AgreePlan',
      businessPlan({
        exchangeRate: { currency: 'MAD', rate: 10.85 },
        tranches: [{ amount: 1300.5, payeeRef: 'PAYEE-MA-1', dueDate: days(7) }],
      }),
    );
    expect(c.stage).toBe('PLAN_AGREED');
    expect(c.view.reintegration.plan.exchangeRate).toEqual({ currency: 'MAD', rate: 10.85 });
    await c.expectCompleteAuditTrail(RABAT_R);
    await c.saveHistory('reintegration-inbound-morocco');
  });
});
