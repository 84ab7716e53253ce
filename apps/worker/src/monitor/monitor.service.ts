import { APP_CONFIG, AppConfig } from '@avrr/config';
import type { Stage } from '@avrr/domain';
import { CaseRepository, NotificationRepository, OpsRepository, StuckItem } from '@avrr/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  DEFAULT_STAGE_SLAS,
  evaluateSla,
  HoldPeriod,
  mergeSlas,
  slaAlertRecipients,
  slaOwnerOffice,
  SlaAlertLevel,
} from '@avrr/domain';
import { OfficeDirectory } from '@avrr/projection';
import { CaseWorkflowClient, freshPollers, TemporalInspection } from '@avrr/temporal';
import { classifyWorkflowHealth } from './workflow-health';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * The stuck-case monitor (AVRR.md §9): business stuckness from SLAs (office calendar, pausing holds, per-office
 * overrides), alerts grouped per office and stage; technical stuckness from Temporal. D0 data only.
 */
@Injectable()
export class MonitorService {
  private readonly logger = new Logger(MonitorService.name);
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ops: OpsRepository,
    private readonly notifications: NotificationRepository,
    private readonly offices: OfficeDirectory,
    private readonly temporal: TemporalInspection,
    private readonly workflows: CaseWorkflowClient,
    private readonly cases: CaseRepository,
  ) {}

  async scan(trigger: string, now = new Date()): Promise<{ business: number; technical: number; alerts: number }> {
    const { items: business, alerts } = await this.business(now);
    await this.ops.replaceStuck('BUSINESS', business, now);
    let technical: StuckItem[] = [];
    try {
      technical = await this.technical(now);
      await this.ops.replaceStuck('TECHNICAL', technical, now);
    } catch (err) {
      this.logger.warn({ trigger, err: String(err) }, 'technical scan failed (Temporal unreachable?)');
    }
    const result = { business: business.length, technical: technical.length, alerts };
    this.logger.log({ trigger, ...result }, 'monitor scan');
    return result;
  }

  /** SLA state of every open case; new alerts raise one grouped notification per office, stage and level. */
  private async business(now: Date): Promise<{ items: StuckItem[]; alerts: number }> {
    const cases = await this.ops.openCases();
    const offices = await this.offices.offices();
    const lifted = await this.ops.liftedHolds(cases.map((c) => c.id));
    const items: StuckItem[] = [];
    const candidates: {
      caseId: string;
      reference: string;
      stage: string;
      stageEnteredAt: string;
      level: 'ALERT' | 'ESCALATE';
      office: string;
    }[] = [];
    const slaChanges: { caseId: string; state: string }[] = [];
    for (const c of cases) {
      const officeCode = slaOwnerOffice({
        stage: c.stage as Stage,
        hostOffice: c.hostOffice,
        receivingOffice: c.receivingOffice,
      });
      const office = offices.get(officeCode);
      const cal = OfficeDirectory.calendar(office) ?? { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] };
      const table = mergeSlas(DEFAULT_STAGE_SLAS, office?.slaOverrides);
      const ev = evaluateSla(
        { stage: c.stage as Stage, stageEnteredAt: c.stageEnteredAt, holds: c.holds as never },
        now.getTime(),
        cal,
        table,
        (lifted.get(c.id) ?? []) as HoldPeriod[],
      );
      const sla = ev.state === 'NONE' ? 'OK' : ev.state;
      if (sla !== (c.slaState ?? 'OK')) slaChanges.push({ caseId: c.id, state: sla });
      if (ev.state !== 'ALERT' && ev.state !== 'ESCALATE') continue;
      const level = ev.state === 'ESCALATE' ? 'ESCALATE' : 'ALERT';
      items.push({
        caseId: c.id,
        kind: 'BUSINESS',
        reason: level === 'ESCALATE' ? 'SLA_ESCALATED' : 'SLA_ALERT',
        stage: c.stage,
        office: officeCode,
        country: c.country,
        since: c.stageEnteredAt,
        detail: { elapsed: ev.elapsed, unit: ev.unit, alert: ev.alert, escalate: ev.escalate, pausedMs: ev.pausedMs },
        suggestedAction:
          level === 'ESCALATE'
            ? 'Supervisor review of the case; place a hold if it waits on someone outside the office.'
            : 'Owner: follow up the case (a task was raised).',
      });
      candidates.push({
        caseId: c.id,
        reference: c.reference,
        stage: c.stage,
        stageEnteredAt: c.stageEnteredAt,
        level,
        office: officeCode,
      });
    }
    const raised = await this.ops.raisedAlerts(candidates.map((c) => c.caseId));
    const fresh = candidates.filter((c) => !raised.has(`${c.caseId}|${c.stageEnteredAt}|${c.level}`));
    const groups = new Map<string, typeof fresh>();
    for (const a of fresh) {
      const key = `${a.level}|${a.office}|${a.stage}`;
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    for (const [key, list] of groups) {
      const [level, office, stage] = key.split('|');
      const ids = list.map((a) => a.caseId).sort();
      // Deterministic group key: a scan retried after a crash finds the same group and notifies nobody twice.
      const groupKey = `sla:${key}:${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 24)}`;
      const recipients = slaAlertRecipients(level as SlaAlertLevel, office);
      await this.notifications.notifyGroup(groupKey, level === 'ALERT' ? 'SLA_TASK' : 'SLA_ESCALATION', recipients, {
        level,
        office,
        stage,
        count: list.length,
        caseIds: ids,
        caseReferences: list.map((a) => a.reference).sort(),
      });
    }
    await this.ops.raiseSlaAlerts(fresh.map(({ reference: _r, ...a }) => a));
    await this.publishSlaStates(slaChanges);
    return { items, alerts: groups.size };
  }

  /**
   * Gives each case's workflow its new SLA state (search attribute AvrrSlaState, for Temporal's UI); only changes,
   * so a scan signals few workflows. One that cannot be signalled now (Temporal away) is tried again next scan.
   */
  private async publishSlaStates(changes: { caseId: string; state: string }[]): Promise<void> {
    const done = await mapLimit(changes, 16, async (change) => {
      try {
        await this.workflows.signalSlaState(change.caseId, change.state);
        return change;
      } catch (err) {
        // A workflow that has ended (a closed case past its re-open window) cannot be signalled: nothing to show.
        if (err instanceof Error && err.name === 'WorkflowNotFoundError') return change;
        this.logger.warn({ caseId: change.caseId, err: String(err) }, 'SLA state not signalled; next scan retries');
        return null;
      }
    });
    await this.ops.setSlaStates(done.filter((d): d is { caseId: string; state: string } => d !== null));
  }

  /** Running case workflows that are technically stuck, classified with a suggested action. */
  private async technical(now: Date): Promise<StuckItem[]> {
    const pollers = freshPollers(await this.temporal.pollers(), Date.now()); // last seen on the real clock, whatever `now` is
    const ids = (await this.temporal.runningWorkflowIds()).filter((id) => UUID.test(id));
    const rows = new Map((await this.ops.openCasesByIds(ids)).map((c) => [c.id, c]));
    const thresholds = {
      activityAttempts: this.config.monitor.activityAttempts,
      timerGraceMs: this.config.monitor.timerGraceSeconds * 1000,
    };
    const found = await mapLimit(ids, 16, async (id) => {
      try {
        const w = await this.temporal.inspect(id);
        if (!w) return []; // it ended since the list was read
        const c = rows.get(id);
        return classifyWorkflowHealth({ ...w, pollers }, now.getTime(), thresholds).map((f): StuckItem => ({
          caseId: id,
          kind: 'TECHNICAL',
          reason: f.reason,
          stage: c?.stage ?? null,
          office: c?.hostOffice ?? null,
          country: c?.country ?? null,
          since: f.since,
          detail: { ...f.detail, historyLength: w.historyLength },
          suggestedAction: f.suggestedAction,
        }));
      } catch (err) {
        this.logger.debug({ workflowId: id, err: String(err) }, 'workflow not inspected');
        return [];
      }
    });
    return [...found.flat(), ...(await this.failingProjections(rows))];
  }

  /** Committed commands whose projection failed again and again: the audit trail and read model are behind. */
  private async failingProjections(
    rows: Map<string, { stage: string; hostOffice: string; country: string }>,
  ): Promise<StuckItem[]> {
    const failing = await this.cases.failingProjections(this.config.monitor.activityAttempts);
    const unknown = failing.map((f) => f.caseId).filter((id) => !rows.has(id));
    for (const c of await this.ops.openCasesByIds(unknown)) rows.set(c.id, c);
    return failing.map((f): StuckItem => {
      const c = rows.get(f.caseId);
      return {
        caseId: f.caseId,
        kind: 'TECHNICAL',
        reason: 'PROJECTION_FAILING',
        stage: c?.stage ?? null,
        office: c?.hostOffice ?? null,
        country: c?.country ?? null,
        since: f.since,
        detail: { attempts: f.attempts, lastFailure: f.lastFailure?.slice(0, 300) ?? null },
        suggestedAction:
          'Fix the cause of lastFailure, then retry now (POST /ops/cases/:caseId/actions {"action":"RETRY"}); ' +
          'the reconciler also retries by itself.',
      };
    });
  }
}
