import { CodedHttpException, StaffUser } from '@avrr/auth';
import { describeError } from '@avrr/observability';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import {
  CaseRepository,
  OfficeSettingsRepository,
  OpsActionRecord,
  OpsRepository,
  ReminderRepository,
  StuckFilter,
} from '@avrr/persistence';
import { operatorCancellationReason } from '@avrr/domain';
import { CommittedChangeReconciler } from '@avrr/projection';
import { JobName, JobPayloads, MONITOR_QUEUE, RemindersQueue, withTimeout } from '@avrr/queues';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { decodeStuckCursor, encodeStuckCursor } from './stuck-cursor';
import { randomUUID } from 'node:crypto';
import { caseSummary, discloseReminder, readerOf, type ReminderRef } from '@avrr/domain';
import {
  BulkActionRequest,
  CaseActionRequest,
  DESTRUCTIVE,
  ListStuckQuery,
  OpsAction,
  StuckFilterDto,
} from './ops.dto';
import { isDatabaseUnavailable } from '../http/http-error.filter';
import { engineHealth } from './engine-health';
import { OpsTemporalGateway } from './ops-temporal.gateway';
import { temporalUiLinks } from './temporal-ui-links';

/** Operations staff read D0 only (AVRR.md §4): the disclosure policy shapes what this service shows them. */
const OPERATIONS = readerOf('operations');

const notFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');

function toFilter(f: StuckFilterDto): StuckFilter {
  return {
    kind: f.kind,
    reason: f.reason,
    stage: f.stage,
    office: f.office,
    country: f.country,
    minAgeSeconds: f.minAgeHours !== undefined ? Math.round(f.minAgeHours * 3600) : undefined,
  };
}

/**
 * Operations: stuck cases, a case's diagnostic, and actions on it. Pseudonymous references and ids only, never names.
 * Every action carries a reason and lands in the case's operations audit; destructive ones (RESET, TERMINATE) wait for a
 * second operations user's approval.
 */
@Injectable()
export class OpsService {
  private readonly logger = new Logger(OpsService.name);
  constructor(
    private readonly ops: OpsRepository,
    private readonly cases: CaseRepository,
    private readonly reminders: ReminderRepository,
    private readonly remindersQueue: RemindersQueue,
    @Inject(MONITOR_QUEUE) private readonly monitor: Queue,
    private readonly temporal: OpsTemporalGateway,
    private readonly offices: OfficeSettingsRepository,
    private readonly committed: CommittedChangeReconciler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async officeList() {
    return (await this.offices.all()).map(({ webhookSecret, ...o }) => ({ ...o, webhookSecretSet: !!webhookSecret }));
  }

  async stuck(q: ListStuckQuery) {
    const filter = toFilter(q);
    const after = q.cursor ? decodeStuckCursor(q.cursor) : undefined;
    if (after === null)
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'INVALID_CURSOR',
        'cursor is not a cursor returned by this API',
      );
    const limit = q.limit ?? 200;
    const pollers = withTimeout(this.temporal.pollers(), 3000, 'reading the task queue').catch((err: unknown) => ({
      error: String(err instanceof Error ? err.message : err),
    }));
    let fromDb: [
      Awaited<ReturnType<OpsRepository['listStuck']>>,
      Awaited<ReturnType<OpsRepository['stuckCounts']>>,
      string | null,
      number,
    ];
    try {
      const [items, counts, scannedAt] = await Promise.all([
        this.ops.listStuck({ ...filter, limit: limit + 1, ...(after ? { after } : {}) }),
        this.ops.stuckCounts(filter),
        this.ops.lastScan(),
      ]);
      fromDb = [items, counts, scannedAt, new Set(counts.length ? await this.ops.stuckCaseIds(filter) : []).size];
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      // Operations must still see what the API can reach: the engine block from Temporal, and the outage itself.
      const now = Date.now();
      const engine = engineHealth(
        this.config.temporal.taskQueue,
        await pollers,
        null,
        now,
        this.config.monitor.everySeconds,
      );
      engine.alerts = [
        {
          reason: 'DATABASE_UNREACHABLE',
          since: new Date(now).toISOString(),
          detail: { error: describeError(err) },
          suggestedAction:
            "Check PostgreSQL (and the API's DB_HOST): requests answer 503 DATABASE_UNAVAILABLE and the stuck list " +
            'cannot be read until it is back; committed commands are recorded from Temporal afterwards.',
        },
        ...engine.alerts.filter((a) => a.reason !== 'MONITOR_STALE'),
      ];
      return { scannedAt: null, engine, total: 0, counts: [], items: [], nextCursor: null };
    }
    const [rows, counts, scannedAt, total] = fromDb;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last?.position ? encodeStuckCursor(last.position) : null;
    const now = Date.now();
    return {
      scannedAt,
      // Checked here, not by the monitor: the monitor runs in the workers, and goes quiet when they are down.
      engine: engineHealth(
        this.config.temporal.taskQueue,
        await pollers,
        scannedAt,
        now,
        this.config.monitor.everySeconds,
      ),
      total,
      counts,
      items: items.map((i) => ({
        caseId: i.caseId,
        reference: i.reference,
        kind: i.kind,
        reason: i.reason,
        stage: i.stage,
        office: i.office,
        country: i.country,
        since: i.since,
        ageSeconds: Math.max(0, Math.round((now - Date.parse(i.since)) / 1000)),
        detail: i.detail,
        suggestedAction: i.suggestedAction,
        ...stuckWaiting(i.detail),
      })),
      nextCursor,
    };
  }

  /** Asks the worker for a monitor scan now (deduplicated per second). */
  async scan(): Promise<{ queued: boolean }> {
    await withTimeout(
      this.monitor.add(JobName.MonitorScan, { trigger: 'operator' } satisfies JobPayloads['monitor-scan'], {
        jobId: `monitor-scan-now-${Math.floor(Date.now() / 1000)}`,
        removeOnComplete: true,
        removeOnFail: true,
      }),
      3000,
      'queueing a scan',
    );
    return { queued: true };
  }

  async diagnostic(caseId: string) {
    const row = await this.cases.findById(caseId, { all: true });
    if (!row) throw notFound();
    const summary = caseSummary(row.view, OPERATIONS);
    const [workflow, reminders, stuck, audit] = await Promise.all([
      this.temporal.diagnose(caseId).catch((err) => ({ error: String(err instanceof Error ? err.message : err) })),
      this.reminders.forCase(caseId),
      this.ops.listStuck({ caseIds: [caseId] }),
      this.ops.auditOf(caseId),
    ]);
    return {
      caseId,
      reference: row.reference,
      stage: row.stage,
      version: row.version,
      hostOffice: row.hostOffice,
      receivingOffice: row.receivingOffice,
      countryOfOrigin: row.countryOfOrigin,
      stageEnteredAt: row.stageEnteredAt,
      updatedAt: row.updatedAt,
      holds: row.view.holds.map((h, i) => ({
        type: summary.holds[i],
        placedAt: h.placedAt,
        ...(h.memberId ? { memberId: h.memberId } : {}),
      })),
      workflow,
      reminders: reminders.map((rem) => {
        const r = this.reminderFor(rem);
        return {
          id: r.id,
          category: r.category,
          kind: r.kind,
          subject: r.subject,
          step: r.step,
          status: r.status,
          dueAt: r.dueAt,
          revision: r.revision,
          firedAt: r.firedAt,
          latenessMs: r.latenessMs ?? null,
          cancelledReason: r.cancelledReason,
          recipients: r.recipients,
        };
      }),
      stuck: stuck.map((s) => ({
        kind: s.kind,
        reason: s.reason,
        since: s.since,
        detail: s.detail,
        suggestedAction: s.suggestedAction,
      })),
      operationsAudit: audit,
      temporalUi: temporalUiLinks(
        this.config.temporal.uiUrl,
        this.config.temporal.namespace,
        caseId,
        workflow && 'runId' in workflow && typeof workflow.runId === 'string' ? workflow.runId : undefined,
      ),
    };
  }

  async act(user: StaffUser, caseId: string, body: CaseActionRequest) {
    const row = await this.cases.findById(caseId, { all: true });
    if (!row) throw notFound();
    if (body.action === 'CANCEL_REMINDER') {
      if (!body.reminderId)
        throw new CodedHttpException(
          HttpStatus.BAD_REQUEST,
          'VALIDATION_FAILED',
          'reminderId is required for CANCEL_REMINDER',
          { fields: [{ field: 'reminderId', errors: ['reminderId is required for CANCEL_REMINDER'] }] },
        );
      if (!(await this.resolveReminder(caseId, body.reminderId))) {
        throw new CodedHttpException(HttpStatus.NOT_FOUND, 'REMINDER_NOT_FOUND', 'Reminder not found');
      }
    }
    return this.request(
      user,
      body.action,
      [caseId],
      body.reason,
      body.reminderId ? { reminderId: body.reminderId } : {},
    );
  }

  async bulk(user: StaffUser, body: BulkActionRequest) {
    const caseIds = await this.ops.stuckCaseIds(toFilter(body.filter));
    if (body.dryRun !== false) {
      const items = await this.ops.listStuck({ ...toFilter(body.filter), limit: 1000 });
      const byCase = new Map<
        string,
        { caseId: string; reference: string | null; stage: string | null; office: string | null; reasons: string[] }
      >();
      for (const i of items) {
        const entry = byCase.get(i.caseId) ?? {
          caseId: i.caseId,
          reference: i.reference,
          stage: i.stage,
          office: i.office,
          reasons: [],
        };
        entry.reasons.push(i.reason);
        byCase.set(i.caseId, entry);
      }
      return {
        dryRun: true,
        action: body.action,
        count: caseIds.length,
        cases: [...byCase.values()],
        needsApproval: DESTRUCTIVE.includes(body.action),
      };
    }
    if (!caseIds.length)
      throw new CodedHttpException(HttpStatus.UNPROCESSABLE_ENTITY, 'NOTHING_MATCHES', 'The filter matches no case');
    if (body.expectedCount !== undefined && body.expectedCount !== caseIds.length) {
      throw new CodedHttpException(
        HttpStatus.CONFLICT,
        'COUNT_CHANGED',
        `The filter now matches ${caseIds.length} cases, not ${body.expectedCount}`,
        { count: caseIds.length },
      );
    }
    return this.request(user, body.action, caseIds, body.reason, { filter: body.filter });
  }

  async actions(status?: string) {
    return (await this.ops.listActions(status as never)).map((a) => this.view(a));
  }

  async approve(user: StaffUser, actionId: string) {
    const action = await this.ops.findAction(actionId);
    if (!action) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'ACTION_NOT_FOUND', 'Action not found');
    if (action.requestedBy === user.id) {
      throw new CodedHttpException(
        HttpStatus.FORBIDDEN,
        'SECOND_USER_REQUIRED',
        'A destructive action needs the approval of another operations user',
      );
    }
    if (!(await this.ops.claimApproval(actionId, user.id))) {
      throw new CodedHttpException(HttpStatus.CONFLICT, 'ACTION_ALREADY_DECIDED', `The action is ${action.status}`);
    }
    return this.execute({ ...action, approvedBy: user.id });
  }

  async reject(user: StaffUser, actionId: string) {
    const action = await this.ops.findAction(actionId);
    if (!action) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'ACTION_NOT_FOUND', 'Action not found');
    if (action.requestedBy === user.id)
      throw new CodedHttpException(HttpStatus.FORBIDDEN, 'SECOND_USER_REQUIRED', 'Another operations user decides');
    if (!(await this.ops.reject(actionId, user.id)))
      throw new CodedHttpException(HttpStatus.CONFLICT, 'ACTION_ALREADY_DECIDED', `The action is ${action.status}`);
    for (const caseId of action.caseIds) {
      await this.ops.audit({
        caseId,
        actionId,
        action: action.action,
        actorId: action.requestedBy,
        approvedBy: user.id,
        reason: action.reason,
        outcome: 'REJECTED',
        detail: {},
      });
    }
    return this.view((await this.ops.findAction(actionId))!);
  }

  private async request(
    user: StaffUser,
    action: OpsAction,
    caseIds: string[],
    reason: string,
    params: Record<string, unknown>,
  ) {
    const id = randomUUID();
    if (DESTRUCTIVE.includes(action)) {
      const created = await this.ops.createAction({
        id,
        action,
        caseIds,
        params,
        reason,
        requestedBy: user.id,
        status: 'PENDING_APPROVAL',
      });
      for (const caseId of caseIds) {
        await this.ops.audit({
          caseId,
          actionId: id,
          action,
          actorId: user.id,
          approvedBy: null,
          reason,
          outcome: 'REQUESTED',
          detail: {},
        });
      }
      return { ...this.view(created), message: 'Destructive action: waiting for a second operations user to approve' };
    }
    const created = await this.ops.createAction({
      id,
      action,
      caseIds,
      params,
      reason,
      requestedBy: user.id,
      status: 'EXECUTED',
    });
    return this.execute(created);
  }

  private async execute(action: OpsActionRecord) {
    const results: { caseId: string; outcome: 'DONE' | 'FAILED'; detail: Record<string, unknown> }[] = [];
    for (const caseId of action.caseIds) {
      let result: (typeof results)[number];
      try {
        result = {
          caseId,
          outcome: 'DONE',
          detail: await this.perform(action.action as OpsAction, caseId, action.reason, action.params),
        };
      } catch (err) {
        result = {
          caseId,
          outcome: 'FAILED',
          detail: { error: describeError(err) },
        };
      }
      results.push(result);
      await this.ops.audit({
        caseId,
        actionId: action.id,
        action: action.action,
        actorId: action.requestedBy,
        approvedBy: action.approvedBy,
        reason: action.reason,
        outcome: result.outcome,
        detail: result.detail,
      });
      this.logger.log(
        { caseId, actionId: action.id, action: action.action, outcome: result.outcome },
        'operations action',
      );
    }
    const failed = results.filter((r) => r.outcome === 'FAILED').length;
    const status = failed === 0 ? 'EXECUTED' : failed === results.length ? 'FAILED' : 'PARTIAL';
    await this.ops.finishAction(action.id, status, results);
    return this.view({ ...action, status, result: results });
  }

  private async perform(
    action: OpsAction,
    caseId: string,
    reason: string,
    params: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    switch (action) {
      case 'RETRY': {
        // Activities retried now, and the committed commands the audit trail lacks projected now (PROJECTION_FAILING).
        const activities = await this.temporal.retryActivities(caseId);
        const { projected } = await this.committed.reconcileCase(caseId);
        return { ...activities, commandsProjected: projected };
      }
      case 'RESET':
        return this.temporal.reset(caseId, reason);
      case 'TERMINATE': {
        await this.temporal.terminate(caseId, reason);
        // No workflow, no reminders: a terminated case's pending reminders would otherwise still fire.
        const cancelled = await this.reminders.cancelForCase(
          caseId,
          operatorCancellationReason(`terminated: ${reason}`),
        );
        await withTimeout(this.remindersQueue.remove(cancelled), 3000, 'removing jobs').catch(() => undefined);
        return { terminated: true, remindersCancelled: cancelled.length };
      }
      case 'CANCEL_REMINDER': {
        // Reminder ids are opaque (a keyed digest): the id operations staff saw is the reminder's own.
        const shown = String(params.reminderId);
        const reminderId = await this.resolveReminder(caseId, shown);
        if (!reminderId) throw new Error('the reminder is not found');
        const cancelled = await this.reminders.cancel(reminderId, operatorCancellationReason(reason));
        if (!cancelled) throw new Error('the reminder is not pending');
        await withTimeout(this.remindersQueue.remove([reminderId]), 3000, 'removing the job').catch(() => undefined);
        return { reminderId: shown, cancelled };
      }
    }
  }

  /**
   * A reminder as operations staff may see it: its opaque id and neutral category; the kind, subject and recipients'
   * roles only where the policy shows operations every kind of that category (seesReminderKind).
   */
  private reminderFor<T extends ReminderRef>(reminder: T): T & { category: string } {
    return discloseReminder(reminder, OPERATIONS);
  }

  /** The reminder of this case that operations staff know by `shownId` (its id, or its pseudonym), or null. */
  private async resolveReminder(caseId: string, shownId: string): Promise<string | null> {
    const found = (await this.reminders.forCase(caseId)).find((r) => this.reminderFor(r).id === shownId);
    return found?.id ?? null;
  }

  private view(a: OpsActionRecord) {
    return {
      actionId: a.id,
      action: a.action,
      status: a.status,
      caseIds: a.caseIds,
      reason: a.reason,
      requestedBy: a.requestedBy,
      approvedBy: a.approvedBy,
      params: a.params,
      result: a.result,
      createdAt: a.createdAt,
      decidedAt: a.decidedAt,
    };
  }
}

/** Who a business-stuck case waits for (a neutral category, never a name) and its last action, from the scan's detail. */
function stuckWaiting(detail: Record<string, unknown>): {
  waitingFor: { party: string; role?: string } | null;
  lastActionAt: string | null;
} {
  const w = detail.waitingFor as { party?: unknown; role?: unknown } | undefined;
  return {
    waitingFor:
      w && typeof w.party === 'string'
        ? { party: w.party, ...(typeof w.role === 'string' ? { role: w.role } : {}) }
        : null,
    lastActionAt: typeof detail.lastActionAt === 'string' ? detail.lastActionAt : null,
  };
}
