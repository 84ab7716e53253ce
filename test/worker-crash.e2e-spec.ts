import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { singleAdult } from './helpers/households';
import { Observed, settleAndCheck, steadyClient } from './helpers/history-checker';
import { CaseDriver, counselling, hoursAgo } from './helpers/journey';
import { expectEventually, TestStack } from './helpers/stack';
import { idempotencyDigestKey, idempotencyKeyDigest } from '../libs/persistence/src/opaque-ids';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Fault test: the API process is SIGKILLed after Temporal committed a command and before the API recorded it (its
 * projection is held on a row lock). The worker's reconciler records the command from Temporal's history; the
 * caller's retry with the same Idempotency-Key, on a new API process, returns the same result.
 */
describe("API killed between Temporal's commit and the projection", () => {
  let stack: TestStack;
  let locker: PgClient;

  beforeAll(async () => {
    stack = await TestStack.start({ env: { PENDING_COMMAND_RECONCILE_AFTER_MS: '2000' } });
    locker = new PgClient({
      host: stack.config.db.host,
      port: stack.config.db.port,
      user: stack.config.db.user,
      password: stack.config.db.password,
      database: stack.config.db.database,
    });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.query('ROLLBACK').catch(() => undefined);
    await locker?.end();
    await stack?.stop();
  });

  it("should record the committed command from Temporal's history, without gap or duplicate, and answer the retry", async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    // Hold the case's read-model row so the API's projection blocks inside its transaction.
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [c.caseId]);

    const key = `counselling-${randomUUID()}`;
    const command = {
      type: 'RecordCounsellingSession',
      expectedVersion: 1,
      effectiveAt: hoursAgo(1),
      payload: counselling,
    };
    const first = stack
      .request('POST', `/cases/${c.caseId}/commands`, {
        as: 'officer.rabat',
        body: command,
        headers: { 'idempotency-key': key },
      })
      .catch((err: unknown) => ({ status: 0, body: String(err) }));

    // Temporal has committed the command when the API's projection waits on our lock.
    await expectEventually(
      async () => {
        const { rows } = await stack.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO cases%'`);
        if (rows[0].n < 1) throw new Error('projection not blocked yet');
      },
      20000,
      100,
    );
    await stack.api.stop('SIGKILL');
    expect((await first).status).toBe(0); // the caller got no answer
    await locker.query('ROLLBACK');

    // The worker's reconciler records it from Temporal's history.
    await expectEventually(
      async () => {
        const { rows } = await stack.db.query(
          'SELECT version, command_type, command_id FROM case_events WHERE case_id = $1 ORDER BY version',
          [c.caseId],
        );
        expect(rows.map((r) => [r.version, r.command_type])).toEqual([
          [1, 'CaseOpened'],
          [2, 'RecordCounsellingSession'],
        ]);
        // The audit keeps the key's digest, never the key (libs/persistence opaque-ids).
        expect(
          rows[1].command_id.endsWith(`:${idempotencyKeyDigest(idempotencyDigestKey(stack.config.piiKey), key)}`),
        ).toBe(true);
      },
      30000,
      250,
    );
    const {
      rows: [row],
    } = await stack.db.query('SELECT stage, version FROM cases WHERE id = $1', [c.caseId]);
    expect(row).toEqual({ stage: 'COUNSELLING', version: 2 });
    const { rows: pending } = await stack.db.query('SELECT command_id FROM pending_commands WHERE case_id = $1', [
      c.caseId,
    ]);
    expect(pending).toEqual([]);

    await stack.startApi();
    const retry = await stack.request('POST', `/cases/${c.caseId}/commands`, {
      as: 'officer.rabat',
      body: command,
      headers: { 'idempotency-key': key },
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ caseId: c.caseId, stage: 'COUNSELLING', version: 2 });
    expect(await settleAndCheck(stack, c.caseId, [{ key, status: 200, version: 2 }])).toEqual([]);

    const next = await stack.request('POST', `/cases/${c.caseId}/commands`, {
      as: 'officer.rabat',
      body: { type: 'StartScreening', expectedVersion: 2, payload: {} },
    });
    expect([next.status, next.body.version]).toEqual([200, 3]);
  }, 90000);
});

/**
 * Fault test: the worker is SIGKILLed while offices keep sending commands. Workflow tasks under way are retried on
 * the next worker; nothing a client was told is lost or doubled: the history checker passes on every case.
 */
describe('worker killed while commands are under way', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start({ env: { PENDING_COMMAND_RECONCILE_AFTER_MS: '2000' } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("should leave audit and read model equal to Temporal's history", async () => {
    const cases = await Promise.all(
      [0, 1, 2].map(() => CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa'])),
    );
    let stop = false;
    const clients = cases.map((c) => steadyClient(stack, c.caseId, c.version, () => stop));
    await sleep(2000);
    await stack.worker!.stop('SIGKILL');
    await sleep(2000);
    await stack.startWorker({ PENDING_COMMAND_RECONCILE_AFTER_MS: '2000' });
    await sleep(4000);
    stop = true;
    const observed: Observed[][] = await Promise.all(clients);
    for (const [i, c] of cases.entries()) {
      expect(observed[i].some((o) => o.status === 200)).toBe(true);
      expect({ caseId: c.caseId, divergence: await settleAndCheck(stack, c.caseId, observed[i]) }).toEqual({
        caseId: c.caseId,
        divergence: [],
      });
    }
  }, 120000);
});
