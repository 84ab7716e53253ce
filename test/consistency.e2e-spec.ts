import { singleAdult } from './helpers/households';
import { burst, CommittedChange, committedChanges, Observed, settleAndCheck, tally } from './helpers/history-checker';
import { CaseDriver } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * The history checker under load: several people and their retries hitting the same cases at once. After bursts of
 * conflicting commands (different keys and types, one expected version) and same-key duplicates, every case's audit
 * trail and read model must equal what Temporal committed, and every client's answer must agree with it.
 */
const CASES = Number(process.env.CONSISTENCY_CASES ?? 4);
const ROUNDS = Number(process.env.CONSISTENCY_ROUNDS ?? 3);
const CONFLICTING = Number(process.env.CONSISTENCY_CONFLICTING ?? 50);
const DUPLICATES = Number(process.env.CONSISTENCY_DUPLICATES ?? 50);
/** Answers a client may get in a burst: the command applied, a rule's rejection, or a retryable "case busy". */
const EXPECTED_ANSWERS = new Set([
  '200',
  '409 STALE_VERSION',
  '409 NOT_ALLOWED_IN_STAGE',
  '422 REQUIREMENTS_NOT_MET',
  '429 CASE_BUSY',
]);

describe('history checker: concurrent commands on one case', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it(`should keep audit and read model equal to Temporal's history through ${ROUNDS} rounds of ${CONFLICTING} conflicting + ${DUPLICATES} duplicate commands on ${CASES} cases`, async () => {
    const cases = await Promise.all(
      Array.from({ length: CASES }, () => CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa'])),
    );
    const observed = new Map<string, Observed[]>(cases.map((c) => [c.caseId, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all(
        cases.map(async (c) => {
          const answers = await burst(stack, c.caseId, c.version, { conflicting: CONFLICTING, duplicates: DUPLICATES });
          observed.get(c.caseId)!.push(...answers);
          // The next round starts from what Temporal holds, as a client that re-reads the case would.
          const { changes } = await committedChanges(stack, c.caseId);
          c.version = changes.length ? changes[changes.length - 1].version : c.version;
        }),
      );
    }

    const report: Record<string, { answers: Record<string, number>; committed: string[]; divergence: string[] }> = {};
    for (const c of cases) {
      const answers = observed.get(c.caseId)!;
      const divergence = await settleAndCheck(stack, c.caseId, answers);
      const { changes } = await committedChanges(stack, c.caseId);
      report[c.caseId] = {
        answers: tally(answers),
        committed: changes.map((ch: CommittedChange) => `${ch.version}:${ch.commandType}`),
        divergence,
      };
    }
    const diverged = Object.values(report).filter((r) => r.divergence.length).length;
    console.log(`history checker: ${diverged}/${CASES} cases diverged\n${JSON.stringify(report, null, 1)}`);

    for (const [caseId, r] of Object.entries(report)) {
      expect({ caseId, divergence: r.divergence }).toEqual({ caseId, divergence: [] });
      // Every answer is one a client can act on: never a 5xx, never an engine-internal name.
      expect(Object.keys(r.answers).filter((k) => !EXPECTED_ANSWERS.has(k))).toEqual([]);
      // Each round moved the case on by exactly one command (they all named the same expected version).
      expect(r.committed.length).toBe(1 + ROUNDS);
    }
  }, 300000);

  it('should reject a version the read model already proves stale at once, before the workflow', async () => {
    const c = await CaseDriver.open(stack, 'officer.rabat', singleAdult(), ['pa']);
    await c.run('officer.rabat', 'RecordCounsellingSession', {
      language: 'fr',
      interpreterUsed: false,
      mode: 'IN_PERSON',
      topics: ['RETURN'],
    });
    const { changes: before } = await committedChanges(stack, c.caseId);
    const answers = await burst(stack, c.caseId, 1, { conflicting: 100, duplicates: 0 });
    expect(tally(answers)).toEqual({ '409 STALE_VERSION': 100 });
    const { changes: after } = await committedChanges(stack, c.caseId);
    expect(after).toEqual(before);
    expect(await settleAndCheck(stack, c.caseId, answers)).toEqual([]);
  }, 120000);
});
