import { randomUUID } from 'node:crypto';
import { singleAdult } from '../helpers/households';
import { CaseDriver } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import { CONAKRY, monthsAfter, SUPERVISOR_CKY, systemChangeAfter, visit } from './reintegration-support';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/**
 * Reintegration journey 4 (AVRR.md §5.3 CloseCase, §8.4): a returnee who cannot be reached. The case came to Conakry
 * with its arrival typed in late (a return organised by Rabat before this system), so the durable timers of the
 * handover acknowledgement and of the first monitoring visit have already passed. After the contact-attempt rule
 * (3 failed attempts over 60 days) it is closed as LOST_CONTACT; a supervisor later corrects it to RE_MIGRATED.
 */
describe('journey: a returnee unreachable after three attempts, closed as lost contact, corrected to re-migrated', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const arrivedAt = daysAgo(75);

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should open the case at ARRIVED in Conakry with the real arrival date, and fire the timers already due', async () => {
    const household = singleAdult({
      hostOffice: 'ES-MAD',
      referralSource: 'OTHER_IOM_MISSION',
      startAt: 'ARRIVED',
      receivingOffice: 'GN-CKY',
      arrivedAt,
    });
    c = await CaseDriver.open(stack, CONAKRY, household, ['pa']);
    expect(c.view).toMatchObject({ stage: 'ARRIVED', version: 1, hostOffice: 'ES-MAD', receivingOffice: 'GN-CKY' });
    const entry = await systemChangeAfter(c, 1, CONAKRY);
    expect(entry).toMatchObject({
      commandType: 'DeadlineReached',
      actorRole: 'system',
      fromStage: 'ARRIVED',
      toStage: 'ARRIVED',
    });
    expect(entry.events.map((e: any) => e.type)).toEqual(['HandoverAcknowledgementOverdue', 'MonitoringVisitDue']);
    const arrivedOn = arrivedAt.slice(0, 10);
    expect(entry.events[1]).toMatchObject({
      visitNo: 1,
      dueOn: monthsAfter(arrivedOn, 1),
      effectiveAt: `${monthsAfter(arrivedOn, 1)}T00:00:00.000Z`,
    });
    expect(c.view.reintegration.monitoring.planned.map((v: any) => [v.dueOn, v.status])).toEqual([
      [monthsAfter(arrivedOn, 1), 'DUE'],
      [monthsAfter(arrivedOn, 3), 'PLANNED'],
      [monthsAfter(arrivedOn, 6), 'PLANNED'],
      [monthsAfter(arrivedOn, 12), 'PLANNED'],
    ]);
  });

  it('should show the receiving office, and no host office, that the handover was not acknowledged in time', async () => {
    // Opened by a counterpart, the case stays in the counterpart's scope: no host office of this system sees it.
    expect((await c.get('officer.rabat')).status).toBe(404);
    const seen = await c.get(CONAKRY);
    expect(seen.status).toBe(200);
    expect(seen.body.reintegration.handover).toMatchObject({ overdue: true, receivingOffice: 'GN-CKY' });
    const list = await stack.request('GET', '/cases?stage=ARRIVED&limit=100', { as: CONAKRY });
    expect(list.body.items.find((x: any) => x.caseId === c.caseId)).toMatchObject({
      handoverOverdue: true,
      stage: 'ARRIVED',
    });
    expect((await c.get('counterpart.dakar')).status).toBe(404);

    await c.run(CONAKRY, 'AcknowledgeHandover', {});
    expect(c.view.reintegration.handover.overdue).toBe(false);
  });

  it('should take a monitoring visit typed in late as the first planned visit', async () => {
    const effectiveAt = daysAgo(72);
    await c.run(
      CONAKRY,
      'RecordMonitoringVisit',
      { ...visit, businessStatus: 'NOT_STARTED', findings: ['SETTLING_IN'] },
      { effectiveAt },
    );
    expect(c.view.reintegration.monitoring.planned[0]).toMatchObject({
      visitNo: 1,
      status: 'DONE',
      doneAt: effectiveAt,
    });
    const entry = (await c.history(CONAKRY)).find((e) => e.version === c.version);
    expect(entry).toMatchObject({ commandType: 'RecordMonitoringVisit', effectiveAt });
    expect(Date.parse(entry.recordedAt) - Date.parse(effectiveAt)).toBeGreaterThan(71 * 86_400_000);
  });

  it('should refuse LOST_CONTACT before the contact-attempt rule is met', async () => {
    await c.run(CONAKRY, 'RecordContactAttempt', { mode: 'PHONE', successful: false }, { effectiveAt: daysAgo(70) });
    await c.run(
      CONAKRY,
      'RecordContactAttempt',
      { mode: 'IN_PERSON', successful: false },
      { effectiveAt: daysAgo(40) },
    );
    expect(c.view.reintegration.monitoring).toMatchObject({ failedContactAttempts: 2, lostContactRuleMet: false });
    await c.expectRejected(
      CONAKRY,
      'CloseCase',
      { reason: 'LOST_CONTACT' },
      422,
      'REQUIREMENTS_NOT_MET',
      'CONTACT_RULE_NOT_MET',
      { exact: true },
    );
  });

  it('should close as LOST_CONTACT after the third failed attempt', async () => {
    await c.run(
      CONAKRY,
      'RecordContactAttempt',
      { mode: 'THIRD_PARTY', successful: false },
      { effectiveAt: daysAgo(3) },
    );
    expect(c.view.reintegration.monitoring).toMatchObject({ failedContactAttempts: 3, lostContactRuleMet: true });
    // The system placed the CONTACT_LOST hold with the attempt that met the rule (it pauses the SLAs that wait on him).
    expect(c.view.holds).toEqual([expect.objectContaining({ type: 'CONTACT_LOST' })]);
    await c.run(CONAKRY, 'CloseCase', { reason: 'LOST_CONTACT' });
    expect(c.view).toMatchObject({ stage: 'CLOSED', closureReason: 'LOST_CONTACT' });
  });

  it('should let only a supervisor correct the reason to RE_MIGRATED, as an audited command', async () => {
    await c.expectRejected(
      CONAKRY,
      'CorrectClosureReason',
      { reason: 'RE_MIGRATED', noteCode: 'FAMILY_CONFIRMED_DEPARTURE' },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.expectRejected(
      SUPERVISOR_CKY,
      'CorrectClosureReason',
      { reason: 'LOST_CONTACT', noteCode: 'X' },
      422,
      'INVALID_COMMAND',
    );
    await c.run(
      SUPERVISOR_CKY,
      'CorrectClosureReason',
      { reason: 'RE_MIGRATED', noteCode: 'FAMILY_CONFIRMED_DEPARTURE' },
      { idempotencyKey: `fix-${randomUUID()}` },
    );
    expect(c.view).toMatchObject({ stage: 'CLOSED', closureReason: 'RE_MIGRATED' });
    expect(c.view.reintegration.closureCorrections).toEqual([
      expect.objectContaining({ from: 'LOST_CONTACT', to: 'RE_MIGRATED', noteCode: 'FAMILY_CONFIRMED_DEPARTURE' }),
    ]);
    const list = await stack.request('GET', '/cases?limit=100', { as: CONAKRY });
    expect(list.body.items.find((x: any) => x.caseId === c.caseId)).toMatchObject({ stage: 'CLOSED' });
    expect((await c.get(CONAKRY)).body.closureReason).toBe('RE_MIGRATED');
    const entries = await c.expectCompleteAuditTrail(CONAKRY);
    expect(entries[entries.length - 1]).toMatchObject({
      commandType: 'CorrectClosureReason',
      actorRole: 'supervisor',
      fromStage: 'CLOSED',
      toStage: 'CLOSED',
      events: [expect.objectContaining({ type: 'ClosureReasonCorrected', from: 'LOST_CONTACT', to: 'RE_MIGRATED' })],
    });
    await c.saveHistory('reintegration-lost-contact-corrected');
  });
});
