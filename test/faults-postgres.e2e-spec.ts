import { singleAdult } from './helpers/households';
import { Observed, settleAndCheck, steadyClient } from './helpers/history-checker';
import { CaseDriver } from './helpers/journey';
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
      await proxy.cut();
      const during = await stack.request('GET', `/cases/${cases[0].caseId}`, { as: 'officer.rabat' });
      expect([during.status, during.body.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
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
