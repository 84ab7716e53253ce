import { randomUUID } from 'node:crypto';
import { CaseDriver, hoursAgo } from '../helpers/journey';
import { TestStack } from '../helpers/stack';
import {
  businessPlan,
  CONAKRY,
  departedFromRabat,
  FINANCE,
  readyForPlan,
  releaseTranche,
} from './reintegration-support';

const MOVEMENT = 'movement.rabat';
const OFFICER = 'officer.rabat';

/**
 * Transit incidents and post-arrival referrals (AVRR.md §5.3 DEPARTED and ASSISTANCE_IN_PROGRESS rows, §6 MovementEvent
 * and Referral): a returnee misses a connection and is seen by a doctor in transit (the case stays DEPARTED), arrives in
 * Conakry, and is referred to a training centre and an MHPSS provider whose answers and feedback are recorded as codes.
 */
describe('journey: a transit incident, then referrals to service providers', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const missedAt = hoursAgo(30);
  const referredAt = hoursAgo(5);

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should record incidents in transit as movement events, the case staying DEPARTED', async () => {
    c = await departedFromRabat(stack);
    expect(c.stage).toBe('DEPARTED');
    await c.run(
      MOVEMENT,
      'RecordTransitIncident',
      { kind: 'MISSED_CONNECTION', memberIds: [c.id('pa')], transitPoint: 'CMN' },
      { effectiveAt: missedAt },
    );
    await c.run(MOVEMENT, 'RecordTransitIncident', { kind: 'MEDICAL', memberIds: [c.id('pa')], transitPoint: 'ABJ' });
    expect(c.stage).toBe('DEPARTED');
    expect(c.view.transitIncidents).toEqual([
      {
        incidentId: 'TI-1',
        kind: 'MISSED_CONNECTION',
        memberIds: [c.id('pa')],
        transitPoint: 'CMN',
        effectiveAt: missedAt,
        recordedAt: expect.any(String),
      },
      expect.objectContaining({ incidentId: 'TI-2', kind: 'MEDICAL', transitPoint: 'ABJ' }),
    ]);
    expect(c.view.availableCommands.find((a: any) => a.type === 'RecordTransitIncident')).toMatchObject({
      allowed: true,
    });
    // At rest the incidents are sealed with the special categories; the clear read model has none of them.
    const {
      rows: [row],
    } = await stack.db.query('SELECT view::text AS view, view_sensitive FROM cases WHERE id = $1', [c.caseId]);
    expect(row.view).not.toContain('transitIncidents');
    expect(row.view).not.toContain('ABJ');
    expect(row.view_sensitive).toBeTruthy();
  });

  it('should refuse an incident from another role, for someone outside the case, or with a free-text kind', async () => {
    const version = c.version;
    await c.expectRejected(
      OFFICER,
      'RecordTransitIncident',
      { kind: 'DELAY', memberIds: [c.id('pa')], transitPoint: 'CMN' },
      403,
      'ROLE_NOT_ALLOWED',
    );
    await c.expectRejected(
      MOVEMENT,
      'RecordTransitIncident',
      { kind: 'DELAY', memberIds: [randomUUID()], transitPoint: 'CMN' },
      422,
      'UNKNOWN_MEMBER',
    );
    const invalid = await c.expectRejected(
      MOVEMENT,
      'RecordTransitIncident',
      { kind: 'was robbed at the airport', memberIds: [c.id('pa')], transitPoint: 'CMN' },
      400,
      'VALIDATION_FAILED',
    );
    expect(invalid.details.fields.map((f: any) => f.field)).toEqual(['payload.kind']);
    expect((await c.refresh(OFFICER)).version).toBe(version);
  });

  it('should leave the move itself to RecordArrival, and refuse incidents once arrived', async () => {
    await c.run(MOVEMENT, 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
    expect(c.stage).toBe('ARRIVED');
    await c.expectRejected(
      MOVEMENT,
      'RecordTransitIncident',
      { kind: 'DELAY', memberIds: [c.id('pa')], transitPoint: 'CMN' },
      409,
      'NOT_ALLOWED_IN_STAGE',
    );
    expect(c.view.transitIncidents).toHaveLength(2);
  });

  it("should show the counterpart that something happened in transit, but not a medical incident's kind without consent", async () => {
    const seen = await c.refresh(CONAKRY);
    expect(seen.transitIncidents.map((i: any) => [i.incidentId, i.kind, i.transitPoint])).toEqual([
      ['TI-1', 'MISSED_CONNECTION', 'CMN'],
      ['TI-2', undefined, 'ABJ'],
    ]);
    expect(JSON.stringify(seen)).not.toContain('MEDICAL');
    expect((await c.refresh(OFFICER)).transitIncidents[1].kind).toBe('MEDICAL');
  });

  it('should not offer a referral before the handover is acknowledged', async () => {
    expect(await c.unmet(CONAKRY, 'RecordReferral')).toBeUndefined();
    await c.expectRejected(
      CONAKRY,
      'RecordReferral',
      { memberId: c.id('pa'), providerRef: 'PROV-GN-CKY-TVET-3', service: 'TRAINING' },
      409,
      'NOT_ALLOWED_IN_STAGE',
    );
  });

  it('should record referrals while assistance is in progress, with the date they were made', async () => {
    await readyForPlan(c);
    await c.run(CONAKRY, 'AgreePlan', businessPlan());
    await releaseTranche(c, 'P1-T1');
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(await c.unmet(CONAKRY, 'UpdateReferral')).toEqual(['REFERRAL_NOT_OPEN']);

    await c.run(
      CONAKRY,
      'RecordReferral',
      {
        memberId: c.id('pa'),
        providerRef: 'PROV-GN-CKY-TVET-3',
        service: 'TRAINING',
        activityId: 'A-TRAINING',
        needCode: 'INCOME',
      },
      { effectiveAt: referredAt },
    );
    await c.run(CONAKRY, 'RecordReferral', {
      memberId: c.id('pa'),
      providerRef: 'PROV-GN-CKY-MHPSS-1',
      service: 'MHPSS',
      activityId: 'A-MHPSS',
    });
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');
    expect(c.view.reintegration.referrals).toEqual([
      {
        referralId: 'REF-1',
        memberId: c.id('pa'),
        providerRef: 'PROV-GN-CKY-TVET-3',
        service: 'TRAINING',
        activityId: 'A-TRAINING',
        needCode: 'INCOME',
        status: 'REFERRED',
        feedback: [],
        referredBy: expect.any(String),
        referredAt,
        recordedAt: expect.any(String),
      },
      expect.objectContaining({ referralId: 'REF-2', service: 'MHPSS', status: 'REFERRED' }),
    ]);
    expect(await c.unmet(CONAKRY, 'UpdateReferral')).toEqual([]);
  });

  it('should refuse a referral from finance or the host office, and for an activity not in the plan', async () => {
    const payload = { memberId: c.id('pa'), providerRef: 'PROV-GN-CKY-TVET-3', service: 'TRAINING' as const };
    await c.expectRejected(FINANCE, 'RecordReferral', payload, 403, 'ROLE_NOT_ALLOWED');
    await c.expectRejected(OFFICER, 'RecordReferral', payload, 403, 'ROLE_NOT_ALLOWED');
    await c.expectRejected(
      CONAKRY,
      'RecordReferral',
      { ...payload, activityId: 'A-NOT-PLANNED' },
      422,
      'INVALID_COMMAND',
    );
    await c.expectRejected(
      CONAKRY,
      'RecordReferral',
      { ...payload, providerRef: 'Dr Diallo, Donka hospital' },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('should follow each referral with coded statuses and feedback, never free text', async () => {
    await c.run(CONAKRY, 'UpdateReferral', { referralId: 'REF-1', status: 'ACCEPTED' });
    await c.run(CONAKRY, 'UpdateReferral', {
      referralId: 'REF-1',
      status: 'SERVICE_RECEIVED',
      satisfaction: 4,
      feedback: ['NEED_MET', 'CERTIFICATE_OBTAINED'],
    });
    await c.run(CONAKRY, 'UpdateReferral', {
      referralId: 'REF-2',
      status: 'DECLINED',
      reasonCode: 'WAITING_LIST_FULL',
    });
    expect(
      c.view.reintegration.referrals.map((f: any) => [
        f.referralId,
        f.status,
        f.satisfaction,
        f.feedback,
        f.reasonCode,
      ]),
    ).toEqual([
      ['REF-1', 'SERVICE_RECEIVED', 4, ['NEED_MET', 'CERTIFICATE_OBTAINED'], undefined],
      ['REF-2', 'DECLINED', undefined, [], 'WAITING_LIST_FULL'],
    ]);
    expect(c.stage).toBe('ASSISTANCE_IN_PROGRESS');

    await c.expectRejected(
      CONAKRY,
      'UpdateReferral',
      { referralId: 'REF-9', status: 'ACCEPTED' },
      422,
      'INVALID_COMMAND',
    );
    await c.expectRejected(
      CONAKRY,
      'UpdateReferral',
      { referralId: 'REF-2', status: 'ACCEPTED' },
      422,
      'REQUIREMENTS_NOT_MET',
      'REFERRAL_NOT_OPEN:pa',
      { exact: true },
    );
    await c.expectRejected(
      CONAKRY,
      'UpdateReferral',
      { referralId: 'REF-1', status: 'NO_SHOW' },
      422,
      'REQUIREMENTS_NOT_MET',
      'REFERRAL_NOT_OPEN:pa',
      { exact: true },
    );
    await c.expectRejected(
      FINANCE,
      'UpdateReferral',
      { referralId: 'REF-1', status: 'SERVICE_RECEIVED' },
      403,
      'ROLE_NOT_ALLOWED',
    );
    const invalid = await c.expectRejected(
      CONAKRY,
      'UpdateReferral',
      { referralId: 'REF-1', status: 'SERVICE_RECEIVED', satisfaction: 9, feedback: ['she was happy'] },
      400,
      'VALIDATION_FAILED',
    );
    expect(invalid.details.fields.map((f: any) => f.field).sort()).toEqual([
      'payload.feedback',
      'payload.satisfaction',
    ]);
  });

  it('should show referrals to the counterpart, and neither referrals nor incidents to finance or operations', async () => {
    expect((await c.refresh(CONAKRY)).reintegration.referrals).toHaveLength(2);
    for (const as of [FINANCE, 'operations']) {
      const res = await c.get(as);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toMatch(/REF-1|PROV-GN-CKY|TI-1|referrals|transitIncidents/);
    }
  });

  it('should keep every step in the audit trail, shaped for its reader', async () => {
    const entries = await c.expectCompleteAuditTrail();
    const incidents = entries.filter((e) => e.commandType === 'RecordTransitIncident');
    expect(incidents.map((e) => [e.fromStage, e.toStage, e.actorRole])).toEqual([
      ['DEPARTED', 'DEPARTED', 'movement'],
      ['DEPARTED', 'DEPARTED', 'movement'],
    ]);
    expect(Date.parse(incidents[0].effectiveAt)).toBe(Date.parse(missedAt));
    expect(incidents[0].events).toEqual([
      expect.objectContaining({
        type: 'TransitIncidentRecorded',
        incidentId: 'TI-1',
        kind: 'MISSED_CONNECTION',
        transitPoint: 'CMN',
      }),
    ]);
    const referrals = entries.filter((e) => e.commandType === 'RecordReferral' || e.commandType === 'UpdateReferral');
    expect(referrals.map((e) => [e.commandType, e.actorRole, e.fromStage, e.toStage, e.events[0].type])).toEqual([
      ['RecordReferral', 'counterpart', 'ASSISTANCE_IN_PROGRESS', 'ASSISTANCE_IN_PROGRESS', 'ReferralRecorded'],
      ['RecordReferral', 'counterpart', 'ASSISTANCE_IN_PROGRESS', 'ASSISTANCE_IN_PROGRESS', 'ReferralRecorded'],
      ['UpdateReferral', 'counterpart', 'ASSISTANCE_IN_PROGRESS', 'ASSISTANCE_IN_PROGRESS', 'ReferralUpdated'],
      ['UpdateReferral', 'counterpart', 'ASSISTANCE_IN_PROGRESS', 'ASSISTANCE_IN_PROGRESS', 'ReferralUpdated'],
      ['UpdateReferral', 'counterpart', 'ASSISTANCE_IN_PROGRESS', 'ASSISTANCE_IN_PROGRESS', 'ReferralUpdated'],
    ]);
    expect(Date.parse(referrals[0].effectiveAt)).toBe(Date.parse(referredAt));
    expect(referrals[3].events[0]).toMatchObject({
      referralId: 'REF-1',
      from: 'ACCEPTED',
      status: 'SERVICE_RECEIVED',
      satisfaction: 4,
    });

    // The counterpart (no continuity-of-care consent) sees that the second incident happened, where and to whom (as in
    // the case view), not its kind.
    const forCounterpart = (await c.history(CONAKRY)).filter((e) => e.commandType === 'RecordTransitIncident');
    expect(forCounterpart[1].events).toEqual([
      {
        type: 'TransitIncidentRecorded',
        incidentId: 'TI-2',
        memberIds: [c.id('pa')],
        transitPoint: 'ABJ',
        effectiveAt: expect.any(String),
        recordedAt: expect.any(String),
      },
    ]);
    expect(forCounterpart[0].events[0]).toMatchObject({ kind: 'MISSED_CONNECTION' });
    // Finance sees the types and times of referral events only.
    const forFinance = (await c.history(FINANCE)).filter((e) => e.commandType === 'RecordReferral');
    expect(forFinance[0].events).toEqual([
      { type: 'ReferralRecorded', effectiveAt: expect.any(String), recordedAt: expect.any(String) },
    ]);
  });
});
