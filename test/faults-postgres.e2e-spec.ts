import { singleAdult } from './helpers/households';
import { Observed, settleAndCheck, steadyClient } from './helpers/history-checker';
import { DEMO_PASSWORD } from '../libs/persistence/src/demo-data';
import { CaseDriver, counselling } from './helpers/journey';
import { TestStack } from './helpers/stack';
import { TcpProxy } from './helpers/tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The outage's length; a minute by default, as an unplanned database failover may take. */
const OUTAGE_MS = Number(process.env.PG_OUTAGE_MS ?? 60_000);

/**
 * Fault: PostgreSQL is unreachable for a minute while offices keep sending commands. API and worker reach it through a
 * proxy that the test cuts (every connection reset, new ones refused), then restores. Commands sent meanwhile are
 * refused with a retryable answer before they reach the workflow, or, if Temporal committed them just before, are
 * recorded afterwards from Temporal's history. Afterwards every case's audit trail and read model equal Temporal's.
 */
describe('fault: PostgreSQL away for a minute during commands', () => {
  let stack: TestStack;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const config = new TestStack().config;
    proxy = await TcpProxy.start({ host: config.db.host, port: config.db.port });
    stack = await TestStack.start({ env: { DB_PORT: String(proxy.port), PENDING_COMMAND_RECONCILE_AFTER_MS: '3000' } });
  });
  afterAll(async () => {
    await proxy?.restore();
    await stack?.stop();
    await proxy?.stop();
  });

  it(
    "should refuse or record every command, and leave audit and read model equal to Temporal's history",
    async () => {
      const cases = await Promise.all(
        [0, 1, 2, 3].map(() => CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa'])),
      );
      let stop = false;
      const clients = cases.map((c) => steadyClient(stack, c.caseId, c.version, () => stop));
      await sleep(3000);
      const opsToken = await stack.login('operations');
      const officerToken = await stack.login('officer.rabat');
      await proxy.cut();
      // Every kind of request answers at once with a retryable 503, the same code and Retry-After: reads, lists,
      // commands, sign-in; and operations still see the engine, with the outage as an alert.
      const timed = async (method: string, url: string, opts: Parameters<TestStack['request']>[2]) => {
        const t0 = Date.now();
        const res = await stack.request(method, url, opts);
        return {
          url,
          status: res.status,
          code: res.body.code,
          retryAfter: res.headers.get('retry-after'),
          ms: Date.now() - t0,
          body: res.body,
        };
      };
      const during = await Promise.all([
        timed('GET', `/cases/${cases[0].caseId}`, { token: officerToken }),
        timed('GET', '/cases?limit=5', { token: officerToken }),
        timed('POST', `/cases/${cases[1].caseId}/commands`, {
          token: officerToken,
          headers: { 'idempotency-key': `pg-down-${cases[1].caseId}` },
          body: { type: 'RecordCounsellingSession', expectedVersion: 1, payload: counselling },
        }),
        timed('POST', '/auth/login', { body: { username: 'officer.rabat', password: DEMO_PASSWORD } }),
        timed('GET', '/me/notifications', { token: officerToken }),
      ]);
      for (const d of during) {
        expect({ url: d.url, status: d.status, code: d.code, retryAfter: d.retryAfter }).toEqual({
          url: d.url,
          status: 503,
          code: 'DATABASE_UNAVAILABLE',
          retryAfter: '2',
        });
        expect({ url: d.url, fast: d.ms < 2500 }).toEqual({ url: d.url, fast: true });
      }
      const stuck = await timed('GET', '/ops/stuck', { token: opsToken });
      expect([stuck.status, stuck.ms < 5000]).toEqual([200, true]);
      expect(stuck.body.engine.alerts.map((a: { reason: string }) => a.reason)).toContain('DATABASE_UNREACHABLE');
      expect(stuck.body.engine.workflowPollers).toBeGreaterThan(0); // Temporal, still reachable, is still read
      await sleep(OUTAGE_MS);
      await proxy.restore();
      await sleep(5000);
      stop = true;
      const observed: Observed[][] = await Promise.all(clients);

      for (const [i, c] of cases.entries()) {
        expect(observed[i].filter((o) => o.status === 200).length).toBeGreaterThan(0);
        expect({ caseId: c.caseId, divergence: await settleAndCheck(stack, c.caseId, observed[i], 60000) }).toEqual({
          caseId: c.caseId,
          divergence: [],
        });
      }
    },
    OUTAGE_MS + 180_000,
  );
});
