/**
 * The bare arm of the cases benchmark (bench/cases.bench.ts): a Temporal workflow with the same shape as a case
 * workflow on the pre-departure journey and nothing else. Since the patch 'projection-after-commit' a case command's
 * Update runs no activity (its caller projects the committed result), so neither does a bare Update; the main loop
 * waits for the next Update and, after the Updates listed in `timerAfter`, does so with a timer (as the case workflow
 * does while a deadline is pending), so the history has the same Updates, activities and timers as the real case's.
 * No rules, no search attributes, no payload codec.
 *
 * Runs in the workflow sandbox: import only @temporalio/workflow.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  /** Does nothing (kept registered by the bare worker; no Update runs it any more). */
  noop(input: { n: number }): Promise<void>;
}

export interface BareWorkflowInput {
  /** Before the k-th Update (k = Updates applied so far), the loop waits with a timer when k is listed. */
  timerAfter: number[];
  /** How long such a timer runs (it is cancelled by the next Update, as the case workflow's deadline timer). */
  timerMs: number;
}

export interface BareStepResult { n: number }

/** One command; `step` is only a label (the command type it stands for). */
export const bareStepUpdate = defineUpdate<BareStepResult, [{ step: string }]>('bareStep');

export async function bareWorkflow(input: BareWorkflowInput): Promise<void> {
  let applied = 0;
  const timers = new Set(input.timerAfter);

  setHandler(bareStepUpdate, async () => {
    applied += 1;
    return { n: applied };
  });

  // Never completes, like a case workflow short of a terminal stage (the benchmark's dev server is thrown away).
  for (;;) {
    const seen = applied;
    const woken = () => applied !== seen;
    if (timers.has(seen)) await condition(woken, input.timerMs);
    else await condition(woken);
  }
}
