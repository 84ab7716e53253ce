/**
 * The bare arm of the cases benchmark (bench/cases.bench.ts): a Temporal workflow with the same shape as a case
 * workflow on the pre-departure journey and nothing else. Every Update runs one no-op local activity (as every case
 * command runs its projection as a local activity); the main loop waits for the next Update and, after the Updates listed in
 * `timerAfter`, does so with a timer (as the case workflow does while a deadline is pending), so the history has
 * the same Updates, activities and timers as the real case's. No rules, no search attributes, no payload codec.
 *
 * Runs in the workflow sandbox: import only @temporalio/workflow.
 */
import { condition, defineUpdate, isCancellation, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface BareActivities {
  /** Does nothing (the counterpart of projectCase). */
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

// The same activity options as the case workflow's projectCase: a local activity first, a regular one after its
// attempts failed (never, for a no-op; the code path is the same).
const acts = proxyActivities<BareActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const localActs = proxyLocalActivities<BareActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '1 second', maximumAttempts: 3 },
});

async function noop(input: { n: number }): Promise<void> {
  try {
    await localActs.noop(input);
  } catch (err) {
    if (isCancellation(err)) throw err;                          // a local activity's failure: cause, or ActivityFailure
    await acts.noop(input);
  }
}

export async function bareWorkflow(input: BareWorkflowInput): Promise<void> {
  let applied = 0;
  const timers = new Set(input.timerAfter);

  setHandler(bareStepUpdate, async () => {
    applied += 1;                                                   // before awaiting, as the case workflow sets its state
    const n = applied;
    await noop({ n });
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
