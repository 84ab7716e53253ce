import { APP_CONFIG, AppConfig } from '@avrr/config';
import type { Actor, CaseOpened, CommandAvailability, CommandEnvelope, DomainConfig } from '@avrr/domain';
import {
  applyCommandUpdate,
  availableCommandsQuery,
  AvrrCountry,
  AvrrOffice,
  AvrrStage,
  CaseCommandResult,
  openCaseUpdate,
  slaStateSignal,
} from '@avrr/workflows/contracts';
import type { caseWorkflow } from '@avrr/workflows/case/case.workflow';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';

/** One Update that Temporal committed with success: its id and the result it returned (change, view). */
export interface CommittedUpdate {
  updateId: string;
  result: CaseCommandResult;
}

/** The one gateway to case workflows (API, and the worker's split-case activity). */
@Injectable()
export class CaseWorkflowClient {
  constructor(
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Update-with-start: starts the case workflow (id = case id) if needed and opens the case; a retry returns the first result. */
  open(opened: CaseOpened, actor: Actor, rules: DomainConfig): Promise<CaseCommandResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: opened.caseId,
      taskQueue: this.config.temporal.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ caseId: opened.caseId, config: rules }],
      typedSearchAttributes: [
        { key: AvrrStage, value: opened.startAt ?? 'REFERRED' },
        { key: AvrrOffice, value: opened.hostOffice },
        { key: AvrrCountry, value: opened.countryOfOrigin },
      ],
    });
    return this.temporal.workflow.executeUpdateWithStart(openCaseUpdate, {
      args: [{ opened, actor }],
      updateId: `open:${opened.caseId}`,
      startWorkflowOperation,
    });
  }

  /** An officer's command; the Idempotency-Key is the Update id, so a retried request is applied once. */
  apply(caseId: string, envelope: CommandEnvelope): Promise<CaseCommandResult> {
    return this.temporal.workflow
      .getHandle(caseId)
      .executeUpdate(applyCommandUpdate, { args: [envelope], updateId: envelope.meta.commandId });
  }

  /** The monitor's SLA state of a case, for its AvrrSlaState search attribute. */
  signalSlaState(caseId: string, state: string): Promise<void> {
    return this.temporal.workflow.getHandle(caseId).signal(slaStateSignal, { state });
  }

  /**
   * The Updates a case's workflow committed with success, in history order, from its current run and, following
   * continue-as-new backwards, up to `runs` runs in all (oldest first). Temporal's history is the truth the read model
   * and the audit trail are reconciled to: a result is in it only once the workflow task that produced it committed.
   */
  async committedUpdates(caseId: string, runs = 1): Promise<CommittedUpdate[]> {
    const converter = this.temporal.options.loadedDataConverter;
    const perRun: CommittedUpdate[][] = [];
    let runId: string | undefined;
    for (let i = 0; i < runs; i += 1) {
      const history = await this.temporal.workflow.getHandle(caseId, runId).fetchHistory();
      const committed: CommittedUpdate[] = [];
      let previousRun: string | undefined;
      for (const event of history.events ?? []) {
        const started = event.workflowExecutionStartedEventAttributes;
        if (started?.continuedExecutionRunId) previousRun = started.continuedExecutionRunId;
        const done = event.workflowExecutionUpdateCompletedEventAttributes;
        const payloads = done?.outcome?.success?.payloads;
        if (done?.meta?.updateId && payloads?.length) {
          committed.push({
            updateId: done.meta.updateId,
            result: await decodeFromPayloadsAtIndex<CaseCommandResult>(converter, 0, payloads),
          });
        }
      }
      perRun.unshift(committed);
      if (!previousRun) break;
      runId = previousRun;
    }
    return perRun.flat();
  }

  available(caseId: string, actor: Actor): Promise<CommandAvailability[]> {
    return this.temporal.workflow.getHandle(caseId).query(availableCommandsQuery, actor);
  }
}
