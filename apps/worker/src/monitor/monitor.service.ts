import { APP_CONFIG, AppConfig } from '@avrr/config';
import { CaseRepository, NotificationRepository, OpsRepository, StuckItem } from '@avrr/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  DEFAULT_STAGE_SLAS,
  evaluateJourneySla,
  evaluateStageLevel,
  HoldPeriod,
  journeySla,
  mergeSlas,
  slaLevelRecipients,
  slaOwnerOffice,
  waitingFor,
  type SlaLevel,
  type Stage,
  type SlaRecipient,
  type WaitingFor,
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

const STAGE_REASON: Record<SlaLevel, string> = {
  ALERT: 'SLA_ALERT',
  ESCALATE: 'SLA_ESCALATED',
  CRITICAL: 'SLA_CRITICAL',
};
const SUGGESTED: Record<SlaLevel, string> = {
  ALERT: 'Owner: follow up the case (a task was raised).',
  ESCALATE: 'Supervisor review of the case; place a hold if it waits on someone outside the office.',
  CRITICAL: 'Critical: supervisor and operations act now (e.g. escalate to the consulate through the mission).',
};

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

  /**
   * SLA state of every open case (AVRR.md §9): its stage's clock (alert, escalation, critical) and the whole-journey
   * clock (registration to departure). New levels raise one grouped notification per office, stage, level and owner,
   * to the recipients libs/domain names; each stuck item says who the case waits for and when it was last acted on.
   */
  private async business(now: Date): Promise<{ items: StuckItem[]; alerts: number }> {
    const cases = await this.ops.openCases();
    const offices = await this.offices.fresh(); // SLA overrides as set now, not as cached up to 30 s ago
    const lifted = await this.ops.liftedHolds(cases.map((c) => c.id));
    const items: StuckItem[] = [];
    type Candidate = {
      caseId: string;
      reference: string;
      stage: string;
      /** The clock's start: stage entry, or the opening for the journey clock. */
      stageEnteredAt: string;
      /** ALERT, ESCALATE, CRITICAL; JOURNEY_ALERT, JOURNEY_ESCALATE. */
      level: string;
      office: string;
      hostOffice: string;
      receivingOffice: string | null;
    };
    const candidates: Candidate[] = [];
    const slaChanges: { caseId: string; state: string }[] = [];
    for (const c of cases) {
      const stage = c.stage as Stage;
      const officeCode = slaOwnerOffice({ stage, hostOffice: c.hostOffice, receivingOffice: c.receivingOffice });
      const office = offices.get(officeCode);
      const cal = OfficeDirectory.calendar(office) ?? { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] };
      const table = mergeSlas(DEFAULT_STAGE_SLAS, office?.slaOverrides);
      const past = (lifted.get(c.id) ?? []) as HoldPeriod[];
      const holds = c.holds as never;
      const ev = evaluateStageLevel(
        { stage, stageEnteredAt: c.stageEnteredAt, holds },
        now.getTime(),
        cal,
        table,
        past,
      );
      const journey = evaluateJourneySla(
        { stage, openedAt: c.openedAt, holds },
        now.getTime(),
        cal,
        journeySla(office?.slaOverrides as never),
        past,
      );
      const sla = ev.paused ? 'PAUSED' : ev.level === 'CRITICAL' ? 'ESCALATE' : (ev.level ?? 'OK');
      if (sla !== (c.slaState ?? 'OK')) slaChanges.push({ caseId: c.id, state: sla });
      const base = { caseId: c.id, kind: 'BUSINESS' as const, stage: c.stage, office: officeCode, country: c.country };
      const common = {
        caseId: c.id,
        reference: c.reference,
        stage: c.stage,
        office: officeCode,
        hostOffice: c.hostOffice,
        receivingOffice: c.receivingOffice,
      };
      if (ev.level) {
        items.push({
          ...base,
          reason: STAGE_REASON[ev.level],
          since: c.stageEnteredAt,
          detail: {
            clock: 'STAGE',
            level: ev.level,
            elapsed: ev.elapsed,
            unit: ev.unit,
            alert: ev.alert,
            escalate: ev.escalate,
            ...(ev.critical !== undefined ? { critical: ev.critical } : {}),
          },
          suggestedAction: SUGGESTED[ev.level],
        });
        candidates.push({ ...common, stageEnteredAt: c.stageEnteredAt, level: ev.level });
      }
      if (journey?.level) {
        items.push({
          ...base,
          reason: journey.level === 'ESCALATE' ? 'JOURNEY_SLA_ESCALATED' : 'JOURNEY_SLA_ALERT',
          since: c.openedAt,
          detail: {
            clock: 'JOURNEY',
            level: journey.level,
            elapsed: journey.elapsed,
            unit: journey.unit,
            alert: journey.alert,
            escalate: journey.escalate,
          },
          suggestedAction:
            'Registration to departure is over its time: review what holds the case up (see waitingFor) with the team.',
        });
        candidates.push({ ...common, stageEnteredAt: c.openedAt, level: `JOURNEY_${journey.level}` });
      }
    }
    // Who each stuck case waits for and its last action: D0 facts from the read model, for the stuck cases only.
    const rows = new Map((await this.cases.viewsByIds([...new Set(items.map((i) => i.caseId))])).map((r) => [r.id, r]));
    const waits = new Map<string, WaitingFor>();
    for (const item of items) {
      const row = rows.get(item.caseId);
      if (!row) continue;
      const waiting = waitingFor(row.view);
      waits.set(item.caseId, waiting);
      item.detail = { ...item.detail, waitingFor: waiting, lastActionAt: row.updatedAt };
    }
    const raised = await this.ops.raisedAlerts(candidates.map((c) => c.caseId));
    const fresh = candidates.filter((c) => !raised.has(`${c.caseId}|${c.stageEnteredAt}|${c.level}`));
    const groups = new Map<string, { recipients: SlaRecipient[]; list: Candidate[] }>();
    for (const a of fresh) {
      const level = (a.level.startsWith('JOURNEY_') ? a.level.slice('JOURNEY_'.length) : a.level) as SlaLevel;
      const recipients = slaLevelRecipients(level, {
        stage: a.stage as Stage,
        hostOffice: a.hostOffice,
        receivingOffice: a.receivingOffice,
        // The whole journey is the case owner's (officer before departure); a stage level goes to whom the stage waits for.
        waiting: a.level.startsWith('JOURNEY_') ? undefined : waits.get(a.caseId),
      });
      const key = `${a.level}|${a.office}|${a.stage}|${recipients.map((r) => `${r.role}@${r.office ?? '*'}`).join(',')}`;
      const g = groups.get(key) ?? { recipients, list: [] };
      g.list.push(a);
      groups.set(key, g);
    }
    for (const [key, { recipients, list }] of groups) {
      const [level, office, stage] = key.split('|');
      const ids = list.map((a) => a.caseId).sort();
      // Deterministic group key: a scan retried after a crash finds the same group and notifies nobody twice.
      const groupKey = `sla:${level}|${office}|${stage}:${createHash('sha256')
        .update(`${key}|${ids.join(',')}`)
        .digest('hex')
        .slice(0, 24)}`;
      await this.notifications.notifyGroup(
        groupKey,
        level.endsWith('ALERT') ? 'SLA_TASK' : 'SLA_ESCALATION',
        recipients,
        {
          level,
          office,
          stage,
          count: list.length,
          caseIds: ids,
          caseReferences: list.map((a) => a.reference).sort(),
        },
      );
    }
    await this.ops.raiseSlaAlerts(
      fresh.map((a) => ({
        caseId: a.caseId,
        stage: a.stage,
        stageEnteredAt: a.stageEnteredAt,
        level: a.level,
        office: a.office,
      })),
    );
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
