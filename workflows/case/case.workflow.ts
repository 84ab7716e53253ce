import {
  Actor,
  applyAccepted,
  applyDeadlines,
  availableCommands,
  CaseChange,
  CaseState,
  CaseView,
  CommandEnvelope,
  decide,
  DecideContext,
  DecideResult,
  hasApplied,
  initialState,
  isTerminal,
  nextDeadline,
  openingChange,
  reminderFactsOf,
  reportFactsOf,
  reopenWindowEndsAt,
  toView,
  workFactsOf,
} from '@avrr/domain';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from './case.activities';
import {
  applyCommandUpdate,
  availableCommandsQuery,
  AvrrCountry,
  AvrrOffice,
  AvrrSlaState,
  AvrrStage,
  CaseCommandResult,
  CaseOutcome,
  caseViewQuery,
  CaseWorkflowInput,
  openCaseUpdate,
  slaStateSignal,
} from './case.contract';

const DAY_MS = 24 * 60 * 60 * 1000;
const SEARCH_ATTRIBUTES_ON_CHANGE = 'search-attributes-on-change';
const PROJECTION_LOCAL_ACTIVITY = 'projection-local-activity';
const PROJECTION_AFTER_COMMIT = 'projection-after-commit';
/** The closed case's run waits for the domain's re-open window (from the closure) instead of one counted from updatedAt. */
const REOPEN_WINDOW_FROM_CLOSURE = 'reopen-window-from-closure';
/** Keeps histories small over a case's one to two years; Temporal's own suggestion comes much later. */
const DEFAULT_CONTINUE_AS_NEW_AFTER = 2000;

const acts = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds', // a projection takes milliseconds; a lost worker is retried soon
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/**
 * The projection first runs as a local activity, in the workflow task that accepts the Update: no activity task and
 * no second workflow task, so a command costs Temporal one round instead of three. A few quick attempts only: if
 * they fail, the projection is handed to a regular activity (`acts`), which retries without end and shows up in
 * pending activities, where operations see and retry it (GET /ops/stuck ACTIVITY_RETRYING).
 */
const localActs = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '5 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 3,
  },
});

/** Runs the projection activity: local first, then (after its attempts failed) as a regular activity. */
async function runProjection(input: Parameters<CaseActivities['projectCase']>[0]): Promise<void> {
  // Patched: earlier code ran only the regular activity; histories recorded before keep replaying that path.
  if (!patched(PROJECTION_LOCAL_ACTIVITY)) return acts.projectCase(input);
  try {
    await localActs.projectCase(input);
  } catch (err) {
    if (isCancellation(err)) throw err; // a local activity's failure: cause, or ActivityFailure
    log.warn('projection failed as a local activity; handed to a regular activity', {
      caseId: input.view.caseId,
      version: input.change.version,
      failure: err instanceof Error ? err.message : String(err),
    });
    await acts.projectCase(input);
  }
}

/** One workflow per case (workflow id = case id). Temporal owns the case's progression; libs/domain owns the rules. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  let state: CaseState | undefined = input.carried?.state;
  const ctx = (): DecideContext => ({ now: new Date(Date.now()).toISOString(), config: input.config });

  let indexed = ''; // the search attributes last written by this run
  /**
   * After a change: the search attributes (workflow commands, committed with the task or not at all), then the
   * projection. Patched: earlier code projected every change from inside the workflow task that made it (a local
   * activity), so PostgreSQL could record a change whose task Temporal then dropped (an Update aborted under load), and
   * the audit trail could hold a command that Temporal never committed. Now an Update's result is projected by its
   * caller, who receives it only once Temporal has committed it (`byCaller`), and a change the workflow makes by itself
   * (a deadline) by a regular activity, which Temporal schedules only when the task that made the change commits.
   * Histories recorded before keep replaying the old path.
   */
  const project = async (
    change: CaseChange,
    current: CaseState,
    view: CaseView = toView(current, input.config),
    byCaller = false,
  ) => {
    const attributes = `${current.stage}|${current.hostOffice}|${current.countryOfOrigin}`;
    // Patched: earlier code wrote the search attributes on every change; now only when they differ (less work for
    // Temporal's visibility store on every command). Histories recorded before keep replaying the old path.
    if (!patched(SEARCH_ATTRIBUTES_ON_CHANGE) || attributes !== indexed) {
      upsertSearchAttributes([
        { key: AvrrStage, value: current.stage },
        { key: AvrrOffice, value: current.hostOffice },
        { key: AvrrCountry, value: current.countryOfOrigin },
      ]);
      indexed = attributes;
    }
    if (!patched(PROJECTION_AFTER_COMMIT)) return runProjection({ view, change });
    if (!byCaller)
      await acts.projectCase({
        view,
        change,
        reminderFacts: reminderFactsOf(current),
        workFacts: workFactsOf(current, ctx()),
        reportFacts: reportFactsOf(current, input.config),
      });
  };
  /**
   * With a change, what its caller needs to project it: the reminder planner's facts and the work queue come from the
   * state (values computed from the state and the workflow's clock, so replay computes the same).
   */
  const result = (
    current: CaseState,
    change: CaseChange | null,
    actor: Actor,
    view: CaseView = toView(current, input.config),
  ): CaseCommandResult => ({
    view,
    change,
    available: availableCommands(current, actor, ctx()),
    ...(change
      ? {
          reminderFacts: reminderFactsOf(current),
          workFacts: workFactsOf(current, ctx()),
          reportFacts: reportFactsOf(current, input.config),
        }
      : {}),
  });

  /**
   * The validator's decision, for the handler that runs right after it in the same activation (same state, same
   * time): `decide` runs once per command, not twice. Validators do not run on replay; the handler then decides.
   */
  let validated: { commandId: string; state: CaseState; now: string; decided: DecideResult } | undefined;
  const decideOnce = (current: CaseState, envelope: CommandEnvelope, context: DecideContext): DecideResult => {
    const cached = validated;
    validated = undefined;
    if (
      cached &&
      cached.state === current &&
      cached.commandId === envelope.meta.commandId &&
      cached.now === context.now
    ) {
      return cached.decided;
    }
    return decide(current, envelope, context);
  };

  setHandler(caseViewQuery, () => (state ? toView(state, input.config) : null));
  let slaState = ''; // the AvrrSlaState last written by this run
  setHandler(slaStateSignal, ({ state: sla }) => {
    if (sla === slaState || !/^[A-Z_]{1,16}$/.test(sla)) return;
    upsertSearchAttributes([{ key: AvrrSlaState, value: sla }]);
    slaState = sla;
  });
  setHandler(availableCommandsQuery, (actor) => (state ? availableCommands(state, actor, ctx()) : []));

  setHandler(
    openCaseUpdate,
    async ({ opened, actor }) => {
      if (state) return result(state, null, actor); // a retried create: the case is already open
      // The case's recorded config decides the opening (rules added later do not change old histories' openings).
      const opening = initialState(opened, input.config);
      state = opening; // set before awaiting: the next handler sees it
      const change = openingChange(opening, opened, actor, input.config);
      await project(change, opening, undefined, true);
      return result(opening, change, actor);
    },
    {
      validator: ({ opened }) => {
        if (opened.caseId !== input.caseId)
          throw ApplicationFailure.create({ type: 'INVALID_COMMAND', message: 'case id mismatch' });
      },
    },
  );

  setHandler(
    applyCommandUpdate,
    async (envelope: CommandEnvelope) => {
      const current = state!;
      // The Update id dedupes within a run; the state's recent command ids dedupe across continue-as-new.
      if (hasApplied(current, envelope.meta.commandId)) return result(current, null, envelope.meta.actor);
      const context = ctx();
      const decided = decideOnce(current, envelope, context);
      if (!decided.ok)
        throw ApplicationFailure.create({
          type: decided.rejection.code,
          message: decided.rejection.message,
          details: [decided.rejection],
        });
      const applied = applyAccepted(current, envelope, decided.events, context);
      state = applied.state; // mutate before awaiting: the next validator sees it
      const view = toView(applied.state, input.config);
      await project(applied.change, applied.state, view, true);
      for (const event of applied.change.events) {
        if (event.type === 'CaseSplit') {
          await acts.openSplitCase({
            fromCaseId: input.caseId,
            opened: event.opened,
            actor: envelope.meta.actor,
            config: input.config,
          });
        }
      }
      return result(applied.state, applied.change, envelope.meta.actor, view);
    },
    {
      validator: (envelope: CommandEnvelope) => {
        // a rejected update never reaches history
        if (!state) throw ApplicationFailure.create({ type: 'CASE_NOT_OPEN', message: 'The case is not open yet' });
        if (hasApplied(state, envelope.meta.commandId)) return;
        const context = ctx();
        const decided = decide(state, envelope, context);
        validated = { commandId: envelope.meta.commandId, state, now: context.now, decided };
        if (!decided.ok)
          throw ApplicationFailure.create({
            type: decided.rejection.code,
            message: decided.rejection.message,
            details: [decided.rejection],
          });
      },
    },
  );

  await condition(() => state !== undefined);
  const suggestContinue = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER);
  let final = false;
  while (!final && !suggestContinue()) {
    const seen = state!;
    const woken = () => state !== seen || suggestContinue();
    if (isTerminal(seen)) {
      // A closed case stays re-openable (and its closure correctable) for the re-open window, then the run ends.
      const windowEndsAt = patched(REOPEN_WINDOW_FROM_CLOSURE)
        ? Date.parse(reopenWindowEndsAt(seen, input.config) ?? seen.updatedAt)
        : Date.parse(seen.updatedAt) + input.config.reopenWindowDays * DAY_MS;
      const wait = windowEndsAt - Date.now();
      if (wait <= 0 || !(await condition(woken, wait))) final = state === seen;
      continue;
    }
    const deadline = nextDeadline(seen, input.config);
    const wait = deadline ? Math.max(1, Date.parse(deadline.at) - Date.now()) : undefined;
    const changed = wait === undefined ? (await condition(woken), true) : await condition(woken, wait);
    if (changed || state !== seen) continue;
    const applied = applyDeadlines(seen, ctx()); // a booking hold lapsed, a document or assessment expired
    if (!applied) continue;
    state = applied.state;
    log.info('deadline reached', { caseId: input.caseId, kind: deadline!.kind, version: applied.change.version });
    await project(applied.change, applied.state);
  }
  await condition(allHandlersFinished);
  if (!final) {
    return continueAsNew<typeof caseWorkflow>({ ...input, carried: { state: state! } });
  }
  const last = state!;
  return {
    caseId: input.caseId,
    stage: last.stage,
    version: last.version,
    closureReason: last.closureReason ?? undefined,
  };
}
