/**
 * The bare arms of the cases benchmark (bench/cases.bench.ts): a Temporal workflow with the same shape as a case
 * workflow on the pre-departure journey and nothing else. Since the patch 'projection-after-commit' a case command's
 * Update runs no activity (its caller projects the committed result), so neither does a bare Update; the main loop
 * waits for the next Update and, after the Updates listed in `timerAfter`, does so with a timer (as the case workflow
 * does while a deadline is pending), so the history has the same Updates, activities and timers as the real case's.
 * No rules, no search attributes, no payload codec.
 *
 * With `auditRow` (the "bare + PostgreSQL" arm) every Update also writes one row of `auditRow.bytes` to PostgreSQL in
 * one transaction, from a local activity inside the workflow task that accepts it: the least a durable command with
 * an audit trail costs (Temporal's Update and one PostgreSQL write), without the engine's rules, API or read model.
 *
 * Runs in the workflow sandbox: import only @temporalio/workflow.
 */
import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  /** Does nothing (kept registered by the bare worker; no Update runs it any more). */
  noop(input: { n: number }): Promise<void>;
  /** Inserts the workflow's n-th row (padded to `bytes` as PostgreSQL stores it), one transaction, idempotent on (workflow, n). */
  writeAuditRow(input: { n: number; bytes: number }): Promise<void>;
}

export interface BareWorkflowInput {
  /** Before the k-th Update (k = Updates applied so far), the loop waits with a timer when k is listed. */
  timerAfter: number[];
  /** How long such a timer runs (it is cancelled by the next Update, as the case workflow's deadline timer). */
  timerMs: number;
  /** The "bare + PostgreSQL" arm: each Update writes one row of this size (bytes, as pg_column_size counts a row). */
  auditRow?: { bytes: number };
}

export interface BareStepResult {
  n: number;
}

/** One command; `step` is only a label (the command type it stands for). */
export const bareStepUpdate = defineUpdate<BareStepResult, [{ step: string }]>('bareStep');

// The options the case workflow's projection had as a local activity (before 'projection-after-commit').
const localActs = proxyLocalActivities<BareActivities>({
  startToCloseTimeout: '5 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 3,
  },
});

export async function bareWorkflow(input: BareWorkflowInput): Promise<void> {
  let applied = 0;
  const timers = new Set(input.timerAfter);

  setHandler(bareStepUpdate, async () => {
    applied += 1;
    const n = applied;
    if (input.auditRow) await localActs.writeAuditRow({ n, bytes: input.auditRow.bytes });
    return { n };
  });

  // Never completes, like a case workflow short of a terminal stage (the benchmark's dev server is thrown away).
  for (;;) {
    const seen = applied;
    const woken = () => applied !== seen;
    if (timers.has(seen)) await condition(woken, input.timerMs);
    else await condition(woken);
  }
}
