import { randomUUID } from 'node:crypto';
import { singleAdult } from './helpers/households';
import { CaseDriver, selfDeclaration, toScreening } from './helpers/journey';
import { expectEventually, STACK_START_TIMEOUT_MS, TestStack } from './helpers/stack';

/**
 * Issue 10 item 4 (AVRR.md §9): SLA levels alert / escalation / critical and the whole-journey clock, their recipients
 * (the protection focal point for their assessment, the receiving office's supervisor for an overdue inbound plan), the
 * stuck view's "waiting for" and "last action", and the consulate follow-up that is history and restarts no clock.
 * SLA periods are made short with office overrides (0 days), never by sleeping.
 */
describe('SLA levels, recipients and the consulate follow-up', () => {
  let stack: TestStack;
  const officer = 'officer.rabat';

  beforeAll(async () => {
    stack = await TestStack.start({ env: { MONITOR_EVERY_SECONDS: '3600' } });
    const set = (office: string, slaOverrides: object) =>
      stack.request('PUT', `/ops/offices/${office}/settings`, { as: 'admin', body: { slaOverrides } });
    expect(
      (
        await set('MA-RBA', {
          DOCUMENTATION: { alert: 0, escalate: 0, critical: 0 },
          ASSESSMENT: { alert: 0, escalate: 1000 },
          // Only the alert: the escalation stays the default of the wait for a declaration (AVRR.md §9: 60 days).
          SCREENING: { alert: 0 },
          JOURNEY: { alert: 0, escalate: 1000 },
        })
      ).status,
    ).toBe(200);
    expect((await set('MA-RBA-R', { REINTEGRATION_COUNSELLING: { alert: 0, escalate: 0 } })).status).toBe(200);
    const bad = await set('MA-RBA', { DOCUMENTATION: { alert: 0, escalate: 0, sooner: 1 } });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
  });

  const scan = async () => expect((await stack.request('POST', '/ops/scan', { as: 'operations' })).status).toBe(202);
  const stuckOf = async (caseId: string) => {
    const res = await stack.request('GET', '/ops/stuck?kind=BUSINESS&limit=1000', { as: 'operations' });
    expect(res.status).toBe(200);
    return (res.body.items as any[]).filter((i) => i.caseId === caseId);
  };
  /** SLA notifications (task or escalation) of a user naming a case. */
  const slaNotes = async (as: string, caseId: string): Promise<string[]> => {
    const res = await stack.request('GET', '/me/notifications?limit=200', { as });
    return res.body.items
      .filter((n: any) => n.kind.startsWith('SLA_') && (n.body.caseIds ?? []).includes(caseId))
      .map((n: any) => `${n.kind}:${n.body.level}`)
      .sort();
  };

  let docs: CaseDriver;
  let stageEnteredAt: string;

  it('should record a consulate follow-up in the history without restarting the clock', async () => {
    docs = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await toScreening(docs);
    await docs.run(officer, 'SignVoluntaryReturnDeclaration', selfDeclaration(docs.id('pa')));
    await docs.run(officer, 'Approve', {});
    await docs.run(officer, 'RequestTravelDocument', {
      memberId: docs.id('pa'),
      documentType: 'LAISSEZ_PASSER',
      authority: 'CONSULATE-GN-RABAT',
      transferConsentRef: `tr-${randomUUID().slice(0, 6)}`,
    });
    expect(docs.stage).toBe('DOCUMENTATION');
    stageEnteredAt = docs.view.stageEnteredAt;
    const bad = await docs.send(officer, 'RecordConsulateFollowUp', {
      memberId: docs.id('pa'),
      channel: 'PIGEON',
      outcome: 'NO_REPLY',
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await docs.run(officer, 'RecordConsulateFollowUp', {
      memberId: docs.id('pa'),
      channel: 'PHONE',
      outcome: 'NO_REPLY',
    });
    expect(docs.view.stageEnteredAt).toBe(stageEnteredAt);
    expect(docs.stage).toBe('DOCUMENTATION');
    const history = await stack.request('GET', `/cases/${docs.caseId}/history`, { as: officer });
    const entry = history.body.entries.find((e: any) => e.commandType === 'RecordConsulateFollowUp');
    expect(entry).toMatchObject({ fromStage: 'DOCUMENTATION', toStage: 'DOCUMENTATION' });
    expect(entry.events.map((e: any) => e.type)).toEqual(['ConsulateFollowUpRecorded']);
  });

  it('should put the consular wait at the critical level, show who it waits for and the last action, and alert the journey', async () => {
    await scan();
    const items = await expectEventually(
      async () => {
        const found = await stuckOf(docs.caseId);
        expect(found.map((i) => i.reason).sort()).toEqual(['JOURNEY_SLA_ALERT', 'SLA_CRITICAL']);
        return found;
      },
      30000,
      500,
    );
    const critical = items.find((i) => i.reason === 'SLA_CRITICAL');
    expect(critical).toMatchObject({
      stage: 'DOCUMENTATION',
      office: 'MA-RBA',
      waitingFor: { party: 'CONSULATE' },
      lastActionAt: docs.view.updatedAt,
    });
    // The clock still counts from the stage entry, not from the follow-up.
    expect(Date.parse(critical.since)).toBe(Date.parse(stageEnteredAt));
    expect(JSON.stringify(items)).not.toMatch(/Mamadou|Bah-/);
    await expectEventually(async () => {
      expect(await slaNotes('supervisor.rabat', docs.caseId)).toEqual(['SLA_ESCALATION:CRITICAL']);
      expect(await slaNotes('operations', docs.caseId)).toEqual(['SLA_ESCALATION:CRITICAL']);
      expect(await slaNotes(officer, docs.caseId)).toEqual(['SLA_ESCALATION:CRITICAL', 'SLA_TASK:JOURNEY_ALERT']);
    });
    // A second scan raises nothing new.
    await scan();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await slaNotes(officer, docs.caseId)).toEqual(['SLA_ESCALATION:CRITICAL', 'SLA_TASK:JOURNEY_ALERT']);
  });

  it("should send an assessment's alert to the protection focal point, waiting for a colleague", async () => {
    const vot = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await toScreening(vot, officer, [{ memberId: vot.id('pa'), vulnerabilities: ['VOT'] }]);
    expect(vot.stage).toBe('ASSESSMENT');
    await scan();
    await expectEventually(
      async () => {
        const [item] = (await stuckOf(vot.caseId)).filter((i) => i.reason === 'SLA_ALERT');
        expect(item).toMatchObject({ stage: 'ASSESSMENT', waitingFor: { party: 'COLLEAGUE', role: 'protection' } });
        expect(await slaNotes('protection.rabat', vot.caseId)).toEqual(['SLA_TASK:ALERT']);
      },
      30000,
      500,
    );
    expect(await slaNotes(officer, vot.caseId)).toEqual(['SLA_TASK:JOURNEY_ALERT']);
  });

  it("should escalate an overdue inbound plan to the receiving office's supervisor, never the sending mission", async () => {
    const base = singleAdult();
    const created = await stack.request('POST', '/cases', {
      as: 'counterpart.rabat-r',
      body: {
        ...base,
        hostOffice: 'ES-MAD',
        countryOfOrigin: 'MA',
        referralSource: 'OTHER_IOM_MISSION',
        programme: 'AVRR-MA-INBOUND',
        members: [{ ...base.members[0], nationality: 'MA', phone: '+212 612 000 111' }],
        startAt: 'ARRIVED',
        receivingOffice: 'MA-RBA-R',
        arrivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
      headers: { 'idempotency-key': `inbound-${randomUUID()}` },
    });
    expect(created.status).toBe(201);
    const inbound = new CaseDriver(stack, created.body.caseId, created.body.version);
    inbound.view = created.body;
    await inbound.run('counterpart.rabat-r', 'AcknowledgeHandover', {});
    expect(inbound.stage).toBe('REINTEGRATION_COUNSELLING');
    await scan();
    await expectEventually(
      async () => {
        const [item] = (await stuckOf(inbound.caseId)).filter((i) => i.reason === 'SLA_ESCALATED');
        expect(item).toMatchObject({ office: 'MA-RBA-R', waitingFor: { party: 'COLLEAGUE', role: 'counterpart' } });
        expect(await slaNotes('supervisor.rabat-r', inbound.caseId)).toEqual(['SLA_ESCALATION:ESCALATE']);
      },
      30000,
      500,
    );
    expect(await slaNotes('supervisor.rabat', inbound.caseId)).toEqual([]);
  });

  it('should count a case in SCREENING by the counselling-to-declaration clock: escalated at 60 days, not 45', async () => {
    const undecided = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await toScreening(undecided);
    expect(undecided.stage).toBe('SCREENING');
    await scan();
    await expectEventually(
      async () => {
        const [item] = (await stuckOf(undecided.caseId)).filter((i) => i.reason === 'SLA_ALERT');
        expect(item).toMatchObject({
          stage: 'SCREENING',
          detail: { clock: 'STAGE', level: 'ALERT', alert: 0, escalate: 60, unit: 'DAYS' },
        });
      },
      30000,
      500,
    );
  });
});
