/**
 * The operations responses as the API's OpsService builds them (apps/api/src/ops/ops.service.ts). Declared here while
 * the OpenAPI document leaves these responses untyped; every id and reference is pseudonymous: no names.
 */
import type { paths } from '../../api/schema';

export type StuckKind = 'BUSINESS' | 'TECHNICAL';
export const STUCK_KINDS: readonly StuckKind[] = ['BUSINESS', 'TECHNICAL'];
export const STUCK_REASONS = [
  'SLA_ALERT',
  'SLA_ESCALATED',
  'ACTIVITY_RETRYING',
  'WORKFLOW_TASK_FAILING',
  'NO_WORKER_POLLING',
  'TIMER_OVERDUE',
  'PROJECTION_FAILING',
] as const;
export const OPS_ACTIONS = ['RETRY', 'RESET', 'CANCEL_REMINDER', 'TERMINATE'] as const;
export type OpsAction = (typeof OPS_ACTIONS)[number];
/** The API holds these for a second operations user (ops.dto.ts DESTRUCTIVE); the screen says so before sending. */
export const NEEDS_SECOND_USER: readonly OpsAction[] = ['RESET', 'TERMINATE'];
export const BULK_ACTIONS: readonly OpsAction[] = ['RETRY', 'RESET', 'TERMINATE'];

export type EngineAlertReason = 'NO_WORKER_POLLING' | 'MONITOR_STALE' | 'TEMPORAL_UNREACHABLE';

export interface EngineAlert {
  reason: EngineAlertReason;
  since?: string;
  detail: Record<string, unknown>;
  suggestedAction: string;
}

export interface EngineHealth {
  taskQueue: string;
  workflowPollers: number | null;
  activityPollers: number | null;
  monitorLastScanAt: string | null;
  alerts: EngineAlert[];
}

export interface StuckItem {
  caseId: string;
  reference: string | null;
  kind: StuckKind;
  reason: string;
  stage: string | null;
  office: string | null;
  country: string | null;
  since: string;
  ageSeconds: number;
  detail: Record<string, unknown>;
  suggestedAction: string;
  /** Business items: who the case waits for (a neutral category, never a name) and when it was last acted on. */
  waitingFor?: { party: string; role?: string } | null;
  lastActionAt?: string | null;
}

export interface StuckCount {
  kind: StuckKind;
  reason: string;
  stage: string | null;
  office: string | null;
  count: number;
}

export interface StuckResponse {
  scannedAt: string | null;
  engine: EngineHealth;
  total: number;
  counts: StuckCount[];
  items: StuckItem[];
}

/** GET /ops/stuck's filter; the values come from the lists above or from the API's own counts. */
export interface StuckFilter {
  kind?: StuckKind;
  reason?: string;
  stage?: string;
  office?: string;
  country?: string;
  minAgeHours?: number;
}
/** The same filter as the OpenAPI document types the query (enums for reason and stage). */
export type StuckQuery = Omit<NonNullable<paths['/ops/stuck']['get']['parameters']['query']>, 'limit'>;

export interface WorkflowDiagnostic {
  status: string;
  runId: string;
  taskQueue: string;
  historyLength: number;
  startedAt?: string;
  pendingActivities: {
    activityType: string;
    attempt: number;
    state: string;
    lastFailure?: string;
    scheduledAt?: string;
    nextAttemptAt?: string;
  }[];
  pendingWorkflowTask?: { attempt: number; state: string; scheduledAt?: string };
  openTimers: { timerId: string; fireAt: string }[];
  lastFailure?: { source: 'activity' | 'workflowTask'; message?: string; cause?: string };
}

export interface ReminderDiagnostic {
  id: string;
  kind: string;
  subject?: string | null;
  step?: number | null;
  status: string;
  dueAt: string;
  revision?: number;
  firedAt?: string | null;
  latenessMs: number | null;
  cancelledReason?: string | null;
  recipients?: unknown;
}

export interface OpsAuditEntry {
  caseId: string;
  actionId: string;
  action: string;
  actorId: string;
  approvedBy: string | null;
  reason: string;
  outcome: string;
  detail: Record<string, unknown>;
  recordedAt: string;
}

export interface CaseDiagnostic {
  caseId: string;
  reference: string;
  stage: string;
  version: number;
  hostOffice: string;
  receivingOffice: string | null;
  countryOfOrigin: string;
  stageEnteredAt: string;
  updatedAt: string;
  holds: { type: string; placedAt: string; memberId?: string }[];
  /** null: no workflow for the case; { error }: Temporal could not be read. */
  workflow: WorkflowDiagnostic | { error: string } | null;
  reminders: ReminderDiagnostic[];
  stuck: { kind: StuckKind; reason: string; since: string; detail: Record<string, unknown>; suggestedAction: string }[];
  operationsAudit: OpsAuditEntry[];
  /** Temporal's web UI for the case, from the deployment's TEMPORAL_UI_URL (the API builds them). */
  temporalUi: { caseRuns: string; run: string | null };
}

export type OpsActionStatus = 'PENDING_APPROVAL' | 'EXECUTED' | 'PARTIAL' | 'FAILED' | 'REJECTED';

export interface OpsActionView {
  actionId: string;
  action: OpsAction;
  status: OpsActionStatus;
  caseIds: string[];
  reason: string;
  requestedBy: string;
  approvedBy: string | null;
  params: Record<string, unknown>;
  result: { caseId: string; outcome: 'DONE' | 'FAILED'; detail: Record<string, unknown> }[] | null;
  createdAt: string;
  decidedAt: string | null;
  message?: string;
}

export interface BulkDryRun {
  dryRun: true;
  action: OpsAction;
  count: number;
  cases: { caseId: string; reference: string | null; stage: string | null; office: string | null; reasons: string[] }[];
  needsApproval: boolean;
}
