import { TestStack } from './helpers/stack';
import { caseWithLpRequested } from './helpers/reminder-stack';

/** Observability (issue 5 §6): Prometheus /metrics and the read-only bull-board for the operations role. */
describe('observability', () => {
  let stack: TestStack;
  const scrapeToken = 'scrape-token-for-the-e2e-test-0123';
  beforeAll(async () => {
    stack = await TestStack.start({ env: { REMINDER_OFFSETS: 'CONSULATE_FOLLOW_UP=1s', METRICS_TOKEN: scrapeToken } });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should expose cases by stage, stuck cases, reminder lateness, queue depth, workflows and HTTP latency', async () => {
    await caseWithLpRequested(stack);
    await new Promise((r) => setTimeout(r, 2500));
    const anonymous = await fetch(`${stack.baseUrl}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED' });
    const wrong = await fetch(`${stack.baseUrl}/metrics`, {
      headers: { authorization: 'Bearer not-the-scrape-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    const res = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${scrapeToken}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/avrr_cases\{stage="DOCUMENTATION"\} \d+/);
    expect(text).toMatch(/# TYPE avrr_stuck_cases gauge/);
    expect(text).toMatch(/avrr_reminder_lateness_seconds_count [1-9]\d*/);
    expect(text).toMatch(/avrr_queue_jobs\{queue="reminders",state="delayed"\} \d+/);
    expect(text).toMatch(/avrr_workflows\{status="Running"\} [1-9]\d*/);
    expect(text).toMatch(
      /avrr_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/cases\/:caseId\/commands",status="200"\}/,
    );
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/); // no case ids
  });

  it('should show bull-board to operations only, read-only', async () => {
    const anonymous = await fetch(`${stack.baseUrl}/ops/queues/`);
    expect(anonymous.status).toBe(401);
    const officer = await fetch(`${stack.baseUrl}/ops/queues/`, {
      headers: { authorization: `Bearer ${await stack.login('officer.rabat')}` },
    });
    expect(officer.status).toBe(403);
    const ops = { authorization: `Bearer ${await stack.login('operations')}` };
    const page = await fetch(`${stack.baseUrl}/ops/queues/`, { headers: ops });
    expect(page.status).toBe(200);
    const queues = await fetch(`${stack.baseUrl}/ops/queues/api/queues`, { headers: ops });
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q: any) => [q.name, q.readOnlyMode])).toEqual(
      expect.arrayContaining([
        ['reminders', true],
        ['monitor', true],
      ]),
    );
    const clean = await fetch(`${stack.baseUrl}/ops/queues/api/queues/reminders/clean/completed`, {
      method: 'PUT',
      headers: ops,
    });
    expect(clean.status).toBe(405);
  });
});
