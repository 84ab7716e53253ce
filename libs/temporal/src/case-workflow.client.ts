import { APP_CONFIG, AppConfig } from '@avrr/config';
import type { Actor, CaseOpened, CommandAvailability, CommandEnvelope, DomainConfig } from '@avrr/domain';
import {
  applyCommandUpdate, availableCommandsQuery, AvrrCountry, AvrrOffice, AvrrStage, CaseCommandResult, openCaseUpdate, slaStateSignal,
} from '@avrr/workflows/contracts';
import type { caseWorkflow } from '@avrr/workflows/case/case.workflow';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';

/** The one gateway to case workflows (API, and the worker's split-case activity). */
@Injectable()
export class CaseWorkflowClient {
  constructor(private readonly temporal: Client, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Update-with-start: starts the case workflow (id = case id) if needed and opens the case; a retry returns the first result. */
  open(opened: CaseOpened, actor: Actor, rules: DomainConfig): Promise<CaseCommandResult> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: opened.caseId,
      taskQueue: this.config.temporal.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ caseId: opened.caseId, config: rules }],
      typedSearchAttributes: [
        { key: AvrrStage, value: opened.startAt ?? 'REFERRED' }, { key: AvrrOffice, value: opened.hostOffice },
        { key: AvrrCountry, value: opened.countryOfOrigin },
      ],
    });
    return this.temporal.workflow.executeUpdateWithStart(openCaseUpdate, {
      args: [{ opened, actor }], updateId: `open:${opened.caseId}`, startWorkflowOperation,
    });
  }

  /** An officer's command; the Idempotency-Key is the Update id, so a retried request is applied once. */
  apply(caseId: string, envelope: CommandEnvelope): Promise<CaseCommandResult> {
    return this.temporal.workflow.getHandle(caseId)
      .executeUpdate(applyCommandUpdate, { args: [envelope], updateId: envelope.meta.commandId });
  }

  /** The monitor's SLA state of a case, for its AvrrSlaState search attribute. */
  signalSlaState(caseId: string, state: string): Promise<void> {
    return this.temporal.workflow.getHandle(caseId).signal(slaStateSignal, { state });
  }

  available(caseId: string, actor: Actor): Promise<CommandAvailability[]> {
    return this.temporal.workflow.getHandle(caseId).query(availableCommandsQuery, actor);
  }
}
