import { CaseRepository } from '@avrr/persistence';
import { describeError } from '@avrr/observability';
import { CaseWorkflowClient, CommittedUpdate } from '@avrr/temporal';
import { Injectable } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { CaseProjection } from './case-projection.service';

/** Runs of a workflow searched for a pending command (continue-as-new happens every ~2000 events). */
const RUNS_SEARCHED = 3;
/** A pending command still absent from Temporal's history after this long never reached it (or was aborted). */
export const PENDING_GIVE_UP_AFTER_MS = 10 * 60_000;

export interface CaseReconcileResult {
  projected: number;
  abandoned: number;
}

/**
 * Brings a case's audit trail and read model up to what its workflow committed, from Temporal's history: every
 * Update completed with success whose change the audit lacks, or whose command is still marked pending, is projected
 * (idempotent on version, so what is there already stays). History is the truth, so the correction is
 * deterministic and only committed commands are ever written. Used by the worker's reconciliation pass and by the
 * operations RETRY action.
 */
@Injectable()
export class CommittedChangeReconciler {
  constructor(
    private readonly cases: CaseRepository,
    private readonly workflows: CaseWorkflowClient,
    private readonly projection: CaseProjection,
  ) {}

  /**
   * `pendingIds`: the case's commands marked pending (default: read them); `ageMs`: how old the oldest is, for giving
   * up on commands that never reached the workflow. A projection that fails is recorded on the pending marks (what
   * operations see) and rethrown.
   */
  async reconcileCase(caseId: string, pendingIds?: string[], ageMs = 0): Promise<CaseReconcileResult> {
    const pending = new Set(pendingIds ?? (await this.cases.pendingCommandIds(caseId)));
    let committed: CommittedUpdate[];
    try {
      committed = await this.workflows.committedUpdates(caseId, RUNS_SEARCHED);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      committed = []; // no workflow: nothing was ever committed
    }
    const audited = await this.cases.auditedVersions(caseId);
    let projected = 0;
    for (const { updateId, result } of committed) {
      const { view, change, reminderFacts, workFacts, reportFacts } = result;
      if (!change || (audited.has(change.version) && !pending.has(updateId))) continue;
      try {
        await this.projection.project({ view, change, reminderFacts, workFacts, reportFacts }); // clears the command's pending mark
      } catch (err) {
        await this.cases.recordPendingFailure(caseId, describeError(err)).catch(() => undefined);
        throw err;
      }
      pending.delete(updateId);
      projected += 1;
    }
    let abandoned = 0;
    if (ageMs > PENDING_GIVE_UP_AFTER_MS) {
      for (const commandId of pending) {
        await this.cases.clearPending(commandId);
        abandoned += 1;
      }
    }
    return { projected, abandoned };
  }
}
