import { HOLD_TYPES, STAGES, WITHHELD } from '@avrr/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OPS_ACTIONS, STUCK_REASONS } from './ops.dto';

/** Responses of the operations endpoints: D0 only (pseudonymous references, ids, codes, counts), never names. */

const KINDS = ['BUSINESS', 'TECHNICAL'];
const ACTION_STATUSES = ['PENDING_APPROVAL', 'EXECUTED', 'PARTIAL', 'FAILED', 'REJECTED'];
const FREE = { type: 'object', additionalProperties: true } as const;

export class EngineAlertResponse {
  @ApiProperty({ enum: ['NO_WORKER_POLLING', 'MONITOR_STALE', 'TEMPORAL_UNREACHABLE', 'DATABASE_UNREACHABLE'] })
  reason!: string;
  @ApiPropertyOptional() since?: string;
  @ApiProperty(FREE) detail!: Record<string, unknown>;
  @ApiProperty() suggestedAction!: string;
}

/** Checked by the API itself: the monitor runs in the workers and goes quiet when they are down. */
export class EngineHealthResponse {
  @ApiProperty() taskQueue!: string;
  @ApiProperty({ type: Number, nullable: true }) workflowPollers!: number | null;
  @ApiProperty({ type: Number, nullable: true }) activityPollers!: number | null;
  @ApiProperty({ type: String, nullable: true }) monitorLastScanAt!: string | null;
  @ApiProperty({ type: [EngineAlertResponse] }) alerts!: EngineAlertResponse[];
}

export class StuckCountResponse {
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ enum: STUCK_REASONS }) reason!: string;
  @ApiProperty({ type: String, nullable: true }) stage!: string | null;
  @ApiProperty({ type: String, nullable: true }) office!: string | null;
  @ApiProperty() count!: number;
}

export class StuckWaitingForResponse {
  @ApiProperty({
    enum: ['CONSULATE', 'AUTHORITY', 'RETURNEE', 'COLLEAGUE', 'RECEIVING_OFFICE'],
    description: 'Who the case waits for: a neutral category, never a name',
  })
  party!: string;
  @ApiPropertyOptional({ description: 'For a colleague or the receiving office: the role whose move it is' })
  role?: string;
}

export class StuckItemResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ enum: STUCK_REASONS }) reason!: string;
  @ApiProperty({ type: String, nullable: true }) stage!: string | null;
  @ApiProperty({ type: String, nullable: true }) office!: string | null;
  @ApiProperty({ type: String, nullable: true }) country!: string | null;
  @ApiProperty() since!: string;
  @ApiProperty() ageSeconds!: number;
  @ApiProperty(FREE) detail!: Record<string, unknown>;
  @ApiProperty() suggestedAction!: string;
  @ApiProperty({ type: StuckWaitingForResponse, nullable: true, description: 'Business items: who the case waits for' })
  waitingFor!: StuckWaitingForResponse | null;
  @ApiProperty({ type: String, nullable: true, description: 'Business items: when the case was last acted on' })
  lastActionAt!: string | null;
}

export class StuckListResponse {
  @ApiProperty({ type: String, nullable: true, description: "The monitor's last complete scan" })
  scannedAt!: string | null;
  @ApiProperty({ type: EngineHealthResponse }) engine!: EngineHealthResponse;
  @ApiProperty({ description: 'Distinct cases the filter matches' }) total!: number;
  @ApiProperty({ type: [StuckCountResponse] }) counts!: StuckCountResponse[];
  @ApiProperty({ type: [StuckItemResponse] }) items!: StuckItemResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor!: string | null;
}

export class ScanQueuedResponse {
  @ApiProperty({ enum: [true] }) queued!: boolean;
}

export class PendingActivityResponse {
  @ApiProperty() activityType!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty() state!: string;
  @ApiPropertyOptional() lastFailure?: string;
  @ApiPropertyOptional() scheduledAt?: string;
  @ApiPropertyOptional() nextAttemptAt?: string;
}

export class PendingWorkflowTaskResponse {
  @ApiProperty() attempt!: number;
  @ApiProperty() state!: string;
  @ApiPropertyOptional() scheduledAt?: string;
}

export class OpenTimerResponse {
  @ApiProperty() timerId!: string;
  @ApiProperty() fireAt!: string;
}

export class WorkflowFailureResponse {
  @ApiProperty({ enum: ['activity', 'workflowTask'] }) source!: string;
  @ApiPropertyOptional() message?: string;
  @ApiPropertyOptional() cause?: string;
}

/** The case workflow in Temporal; `{ error }` alone when Temporal could not be read, null when there is none. */
export class WorkflowDiagnosticResponse {
  @ApiPropertyOptional({ description: 'Temporal could not be read: why (the other fields are then absent)' })
  error?: string;
  @ApiPropertyOptional({ example: 'RUNNING' }) status?: string;
  @ApiPropertyOptional() runId?: string;
  @ApiPropertyOptional() taskQueue?: string;
  @ApiPropertyOptional() historyLength?: number;
  @ApiPropertyOptional() startedAt?: string;
  @ApiPropertyOptional({ type: [PendingActivityResponse] }) pendingActivities?: PendingActivityResponse[];
  @ApiPropertyOptional({ type: PendingWorkflowTaskResponse }) pendingWorkflowTask?: PendingWorkflowTaskResponse;
  @ApiPropertyOptional({ type: [OpenTimerResponse] }) openTimers?: OpenTimerResponse[];
  @ApiPropertyOptional({ type: WorkflowFailureResponse }) lastFailure?: WorkflowFailureResponse;
}

export class DiagnosticHoldResponse {
  @ApiProperty({ enum: [...HOLD_TYPES, WITHHELD] }) type!: string;
  @ApiProperty() placedAt!: string;
  @ApiPropertyOptional({ format: 'uuid' }) memberId?: string;
}

export class ReminderRecipientResponse {
  @ApiProperty({ description: `The recipient role, or ${WITHHELD} with the kind` }) role!: string;
  @ApiProperty() office!: string;
}

export class DiagnosticReminderResponse {
  @ApiProperty({ description: 'Opaque (a keyed digest): it names no kind' }) id!: string;
  @ApiProperty({
    enum: ['DOCUMENTS', 'DEPARTURE', 'ASSESSMENT_DUE', 'REINTEGRATION'],
    description: 'The neutral category',
  })
  category!: string;
  @ApiProperty({
    description: `The reminder kind, or ${WITHHELD} for every reminder of a category whose kinds operations may not all see`,
  })
  kind!: string;
  @ApiProperty({ description: `What it is about, or ${WITHHELD}` }) subject!: string;
  @ApiProperty() step!: number;
  @ApiProperty({ enum: ['PENDING', 'DELIVERED', 'CANCELLED'] }) status!: string;
  @ApiProperty() dueAt!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ type: String, nullable: true }) firedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) latenessMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) cancelledReason!: string | null;
  @ApiProperty({ type: [ReminderRecipientResponse] }) recipients!: ReminderRecipientResponse[];
}

export class DiagnosticStuckResponse {
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ enum: STUCK_REASONS }) reason!: string;
  @ApiProperty() since!: string;
  @ApiProperty(FREE) detail!: Record<string, unknown>;
  @ApiProperty() suggestedAction!: string;
}

export class OperationsAuditResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ enum: OPS_ACTIONS }) action!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty({ example: 'DONE', description: 'REQUESTED, DONE, FAILED, REJECTED' }) outcome!: string;
  @ApiProperty(FREE) detail!: Record<string, unknown>;
  @ApiProperty() recordedAt!: string;
}

/** Temporal's web UI for this case, from the deployment's TEMPORAL_UI_URL and namespace. */
export class TemporalUiLinksResponse {
  @ApiProperty({ description: 'The workflow list filtered to this case (every run)' }) caseRuns!: string;
  @ApiProperty({ type: String, nullable: true, description: "The current run's history; null when unread" })
  run!: string | null;
}

export class CaseDiagnosticResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: STAGES, enumName: 'Stage' }) stage!: string;
  @ApiProperty() version!: number;
  @ApiProperty() hostOffice!: string;
  @ApiProperty({ type: String, nullable: true }) receivingOffice!: string | null;
  @ApiProperty() countryOfOrigin!: string;
  @ApiProperty() stageEnteredAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: [DiagnosticHoldResponse] }) holds!: DiagnosticHoldResponse[];
  @ApiProperty({ type: WorkflowDiagnosticResponse, nullable: true }) workflow!: WorkflowDiagnosticResponse | null;
  @ApiProperty({ type: [DiagnosticReminderResponse] }) reminders!: DiagnosticReminderResponse[];
  @ApiProperty({ type: [DiagnosticStuckResponse] }) stuck!: DiagnosticStuckResponse[];
  @ApiProperty({ type: [OperationsAuditResponse] }) operationsAudit!: OperationsAuditResponse[];
  @ApiProperty({ type: TemporalUiLinksResponse }) temporalUi!: TemporalUiLinksResponse;
}

export class OpsActionResultResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: ['DONE', 'FAILED'] }) outcome!: string;
  @ApiProperty(FREE) detail!: Record<string, unknown>;
}

/** An operations action: done now (200), or waiting for a second operations user (202, with a message). */
export class OpsActionResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ enum: OPS_ACTIONS }) action!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty({ type: [String] }) caseIds!: string[];
  @ApiProperty() reason!: string;
  @ApiProperty() requestedBy!: string;
  @ApiProperty({ type: String, nullable: true }) approvedBy!: string | null;
  @ApiProperty(FREE) params!: Record<string, unknown>;
  @ApiProperty({ type: [OpsActionResultResponse], nullable: true, description: 'Per case, once run' })
  result!: OpsActionResultResponse[] | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ description: 'Waiting for approval: what happens next' }) message?: string;
}

export class BulkPreviewCaseResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: String, nullable: true }) reference!: string | null;
  @ApiProperty({ type: String, nullable: true }) stage!: string | null;
  @ApiProperty({ type: String, nullable: true }) office!: string | null;
  @ApiProperty({ type: [String] }) reasons!: string[];
}

/** A dry run: how many cases and which, before anything happens. */
export class BulkPreviewResponse {
  @ApiProperty({ enum: [true] }) dryRun!: true;
  @ApiProperty({ enum: OPS_ACTIONS }) action!: string;
  @ApiProperty({ description: 'Send it back as expectedCount to run the action' }) count!: number;
  @ApiProperty({ type: [BulkPreviewCaseResponse] }) cases!: BulkPreviewCaseResponse[];
  @ApiProperty() needsApproval!: boolean;
}

export class OfficeResponse {
  @ApiProperty({ example: 'MA-RBA' }) office!: string;
  @ApiProperty({ enum: ['HOST', 'COO'] }) kind!: string;
  @ApiProperty({ example: 'MA' }) country!: string;
  @ApiProperty({ example: 'Africa/Casablanca' }) timeZone!: string;
  @ApiProperty({ type: [Number] }) weekendDays!: number[];
  @ApiProperty({ type: [String] }) holidays!: string[];
  @ApiProperty(FREE) slaOverrides!: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) webhookUrl!: string | null;
  @ApiProperty({ description: 'The secret itself is never shown' }) webhookSecretSet!: boolean;
}
