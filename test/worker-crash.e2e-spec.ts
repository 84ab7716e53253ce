import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { singleAdult } from './helpers/households';
import { expectEventually, TestStack } from './helpers/stack';

/**
 * Fault test: the worker is SIGKILLed while a command's projection activity runs. After a new worker starts, the
 * case is consistent, the audit trail has no duplicate and no gap, and the caller's retry with the same
 * Idempotency-Key returns the same result.
 */
describe('worker killed during a projection', () => {
  let stack: TestStack;
  let locker: PgClient;

  beforeAll(async () => {
    stack = await TestStack.start();
    locker = new PgClient({ host: stack.config.db.host, port: stack.config.db.port, user: stack.config.db.user,
      password: stack.config.db.password, database: stack.config.db.database });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
    await stack?.stop();
  });

  it('should leave a consistent case, a gapless audit trail and an idempotent retry', async () => {
    const opened = await stack.request('POST', '/cases', { as: 'officer.rabat', body: singleAdult() });
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.caseId;

    // Hold the case's read-model row so the projection activity blocks inside its transaction.
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]);

    const key = `counselling-${randomUUID()}`;
    const command = { type: 'RecordCounsellingSession', expectedVersion: 1, effectiveAt: new Date(Date.now() - 3600_000).toISOString(),
      payload: { language: 'fr', interpreterUsed: true, mode: 'IN_PERSON', topics: ['RETURN', 'REINTEGRATION', 'ALTERNATIVES'] } };
    const first = stack.request('POST', `/cases/${caseId}/commands`, { as: 'officer.rabat', body: command, headers: { 'idempotency-key': key } });

    // The projection is running when its upsert waits on our lock.
    await expectEventually(async () => {
      const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO cases%'`);
      if (rows[0].n < 1) throw new Error('projection not blocked yet');
    }, 20000, 100);

    await stack.worker!.stop('SIGKILL');
    await locker.query('ROLLBACK');
    await stack.startWorker();                                     // the workflow task (and its local activity) is retried after its timeout

    const firstResult = await first;
    expect(firstResult.status).toBe(200);
    expect(firstResult.body).toMatchObject({ caseId, stage: 'COUNSELLING', version: 2 });

    const retry = await stack.request('POST', `/cases/${caseId}/commands`, { as: 'officer.rabat', body: command, headers: { 'idempotency-key': key } });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseId, stage: 'COUNSELLING', version: 2 });

    const { rows: audit } = await stack.db.query('SELECT version, command_type FROM case_events WHERE case_id = $1 ORDER BY version', [caseId]);
    expect(audit).toEqual([{ version: 1, command_type: 'CaseOpened' }, { version: 2, command_type: 'RecordCounsellingSession' }]);
    const { rows: [row] } = await stack.db.query('SELECT stage, version FROM cases WHERE id = $1', [caseId]);
    expect(row).toEqual({ stage: 'COUNSELLING', version: 2 });

    const next = await stack.request('POST', `/cases/${caseId}/commands`, { as: 'officer.rabat',
      body: { type: 'StartScreening', expectedVersion: 2, payload: {} } });
    expect(next.status).toBe(200);
    expect(next.body.version).toBe(3);
  }, 90000);
});
