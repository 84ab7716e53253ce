import type Redis from 'ioredis';
import { singleAdult } from './helpers/households';
import { booking, CaseDriver, days, singleAdultReady, toScreening } from './helpers/journey';
import { redisClient, userId, wipeRunKeys } from './helpers/reminder-stack';
import { STACK_START_TIMEOUT_MS, TestStack } from './helpers/stack';

/**
 * Tasks and case assignment (issue 10) through the HTTP API: real cases produce tasks for the right role and office,
 * the completing commands close them, a supervisor reassigns one (audited), the case's officer is assigned at
 * registration and reassigned, and a loss of every Redis key of the run changes nothing (tasks live in PostgreSQL).
 */
describe('tasks and assignment', () => {
  let stack: TestStack;
  let redis: Redis;
  let withdrawn: CaseDriver;
  let vot: CaseDriver;
  let votTaskId: string;
  const officer = 'officer.rabat';

  const tasksOf = async (as: string, query = '') => {
    const res = await stack.request('GET', `/me/tasks${query}`, { as });
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    redis = redisClient(stack);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    redis?.disconnect();
    await stack?.stop();
  });

  it('should assign the case to the registering officer, and give the movement assistant a ticket-cancellation task after a withdrawal with a live booking', async () => {
    withdrawn = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    const assignment = await stack.request('GET', `/cases/${withdrawn.caseId}/assignment`, { as: officer });
    expect(assignment.status).toBe(200);
    expect(assignment.body.officer).toEqual({ userId: await userId(stack, officer), name: expect.any(String) });
    expect(assignment.body.history).toEqual([
      expect.objectContaining({ slot: 'OFFICER', source: 'REGISTRATION', toUserId: await userId(stack, officer) }),
    ]);

    await singleAdultReady(withdrawn, days(60));
    const confirmed = booking(days(20));
    await withdrawn.run('movement.rabat', 'ConfirmBooking', confirmed);
    await withdrawn.run(officer, 'Withdraw', {});
    expect(withdrawn.stage).toBe('WITHDRAWN');

    const mine = await tasksOf('movement.rabat', `?caseId=${withdrawn.caseId}`);
    expect(mine.items).toEqual([
      expect.objectContaining({
        kind: 'CANCEL_TICKET',
        subject: confirmed.itineraryRef,
        ownerRole: 'movement',
        ownerOffice: 'MA-RBA',
        command: 'RecordTicketCancellation',
        status: 'OPEN',
        overdue: false,
      }),
    ]);
    expect(mine.counts).toMatchObject({ total: 1, overdue: 0, byKind: { CANCEL_TICKET: 1 } });
    // Not the officer's work.
    expect((await tasksOf(officer, `?caseId=${withdrawn.caseId}`)).items).toEqual([]);
  });

  it('should give protection a VoT risk assessment task, shown as a neutral kind to operations', async () => {
    vot = await CaseDriver.open(stack, officer, singleAdult(), ['pa']);
    await toScreening(vot, officer, [{ memberId: vot.id('pa'), vulnerabilities: ['VOT'] }]);
    expect(vot.stage).toBe('ASSESSMENT');

    const protection = await tasksOf('protection.rabat', `?caseId=${vot.caseId}`);
    expect(protection.items).toEqual([
      expect.objectContaining({
        kind: 'VOT_RISK_ASSESSMENT',
        ownerRole: 'protection',
        ownerUserId: null,
        memberId: vot.id('pa'),
        command: 'RecordAssessmentResult',
      }),
    ]);
    votTaskId = protection.items[0].id;

    const ops = await tasksOf('operations', `?owner=all&caseId=${vot.caseId}`);
    expect(ops.items).toEqual([
      expect.objectContaining({ id: votTaskId, kind: 'FOLLOW_UP', subject: null, memberId: null, command: 'WITHHELD' }),
    ]);
    expect(JSON.stringify(ops)).not.toContain('VOT');
    expect(ops.counts.byKind).toEqual({ FOLLOW_UP: 1 });

    const denied = await stack.request('GET', '/me/tasks?owner=all', { as: officer });
    expect([denied.status, denied.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    const bad = await stack.request('GET', '/me/tasks?kind=NOPE', { as: officer });
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('should let a supervisor reassign the task with a reason, audited and visible', async () => {
    const supervisorId = await userId(stack, 'supervisor.rabat');
    const refused = await stack.request('POST', `/tasks/${votTaskId}/reassign`, {
      as: 'supervisor.rabat',
      body: { toUserId: await userId(stack, 'movement.rabat'), reason: 'Caseload balancing' },
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'ASSIGNEE_NOT_ELIGIBLE']);
    const byOfficer = await stack.request('POST', `/tasks/${votTaskId}/reassign`, {
      as: officer,
      body: { toUserId: supervisorId, reason: 'Caseload balancing' },
    });
    expect(byOfficer.status).toBe(403);

    const res = await stack.request('POST', `/tasks/${votTaskId}/reassign`, {
      as: 'supervisor.rabat',
      body: { toUserId: supervisorId, reason: 'Protection focal point on leave' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ownerUserId: supervisorId, reassigned: true, kind: 'VOT_RISK_ASSESSMENT' });
    expect(res.body.history).toEqual([
      expect.objectContaining({
        action: 'REASSIGNED',
        actorId: supervisorId,
        fromUserId: null,
        toUserId: supervisorId,
        reason: 'Protection focal point on leave',
      }),
    ]);
    expect((await tasksOf('supervisor.rabat', `?caseId=${vot.caseId}`)).items.map((t: any) => t.id)).toEqual([
      votTaskId,
    ]);
    expect((await tasksOf('protection.rabat', `?caseId=${vot.caseId}`)).items).toEqual([]);
  });

  it('should reassign the case officer (audited, in the history, no names for operations) and filter lists by assignee', async () => {
    const supervisorId = await userId(stack, 'supervisor.rabat');
    const wrongOffice = await stack.request('POST', `/cases/${withdrawn.caseId}/assignment`, {
      as: 'operations',
      body: { slot: 'OFFICER', userId: await userId(stack, 'officer.oujda'), reason: 'Move to Oujda' },
    });
    expect([wrongOffice.status, wrongOffice.body.code]).toEqual([422, 'ASSIGNEE_NOT_ELIGIBLE']);
    const tooEarly = await stack.request('POST', `/cases/${withdrawn.caseId}/assignment`, {
      as: 'operations',
      body: { slot: 'COUNTERPART', userId: await userId(stack, 'counterpart.conakry'), reason: 'Early' },
    });
    expect([tooEarly.status, tooEarly.body.code]).toEqual([409, 'NOT_ALLOWED_IN_STAGE']);

    const res = await stack.request('POST', `/cases/${withdrawn.caseId}/assignment`, {
      as: 'operations',
      body: { slot: 'OFFICER', userId: supervisorId, reason: 'Officer moved to another programme' },
    });
    expect(res.status).toBe(200);
    expect(res.body.officer).toEqual({ userId: supervisorId, name: null }); // operations: ids, never names
    const asSupervisor = await stack.request('GET', `/cases/${withdrawn.caseId}/assignment`, {
      as: 'supervisor.rabat',
    });
    expect(asSupervisor.body.officer).toEqual({ userId: supervisorId, name: expect.any(String) });

    const history = await stack.request('GET', `/cases/${withdrawn.caseId}/history`, { as: 'supervisor.rabat' });
    expect(history.body.assignments.map((a: any) => [a.source, a.toUserId, a.reason])).toEqual([
      ['REGISTRATION', await userId(stack, officer), null],
      ['REASSIGNMENT', supervisorId, 'Officer moved to another programme'],
    ]);

    const mine = await stack.request('GET', '/cases?assignee=me&limit=200', { as: 'supervisor.rabat' });
    expect(mine.body.items.map((c: any) => c.caseId)).toContain(withdrawn.caseId);
    expect(mine.body.items.map((c: any) => c.caseId)).not.toContain(vot.caseId);
    const officers = await stack.request('GET', '/cases?assignee=me&limit=200', { as: officer });
    expect(officers.body.items.map((c: any) => c.caseId)).toContain(vot.caseId);
    expect(officers.body.items.map((c: any) => c.caseId)).not.toContain(withdrawn.caseId);
  });

  it('should keep every task through a loss of Redis, and close them with their completing commands', async () => {
    const before = await tasksOf('operations', '?owner=all');
    expect(await wipeRunKeys(redis, stack.config.redis.prefix)).toBeGreaterThanOrEqual(0);
    const after = await tasksOf('operations', '?owner=all');
    expect(after.items.map((t: any) => t.id).sort()).toEqual(before.items.map((t: any) => t.id).sort());

    // The ticket: cancelled with the carrier by the movement assistant.
    const itinerary = (await tasksOf('movement.rabat', `?caseId=${withdrawn.caseId}`)).items[0].subject;
    await withdrawn.run('movement.rabat', 'RecordTicketCancellation', { itineraryRef: itinerary });
    const done = await tasksOf('movement.rabat', `?caseId=${withdrawn.caseId}&status=DONE`);
    expect(done.items).toEqual([expect.objectContaining({ kind: 'CANCEL_TICKET', status: 'DONE' })]);
    expect((await tasksOf('movement.rabat', `?caseId=${withdrawn.caseId}`)).items).toEqual([]);
    await withdrawn.expectRejected(
      'movement.rabat',
      'RecordTicketCancellation',
      { itineraryRef: itinerary },
      422,
      'REQUIREMENTS_NOT_MET',
      'NO_TICKET_TO_CANCEL',
    );

    // The VoT risk assessment: recorded by protection, the task (now the supervisor's) is done.
    await vot.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: vot.id('pa'),
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      validUntil: days(60),
      mitigation: 'ESCORT',
    });
    const votDone = await stack.request('GET', `/tasks/${votTaskId}`, { as: 'supervisor.rabat' });
    expect(votDone.body).toMatchObject({ status: 'DONE', kind: 'VOT_RISK_ASSESSMENT' });
    expect((await tasksOf('supervisor.rabat', `?caseId=${vot.caseId}`)).items).toEqual([]);
  });
});
