import { ENDED_STAGES, liftedHoldPeriods, type HoldEventFact } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type StuckKind = 'BUSINESS' | 'TECHNICAL';

/** One finding of the monitor: a case stuck for a classified reason, with a suggested action. D0 data only. */
export interface StuckItem {
  caseId: string;
  kind: StuckKind;
  reason: string;
  stage: string | null;
  office: string | null;
  country: string | null;
  since: string;
  detail: Record<string, unknown>;
  suggestedAction: string;
}
export interface StuckRecord extends StuckItem {
  scannedAt: string;
  reference: string | null;
  /** The item's place in the list's order (the next page's cursor when it ends a page). */
  position?: StuckPosition;
}

export interface StuckFilter {
  kind?: StuckKind;
  reason?: string;
  stage?: string;
  office?: string;
  country?: string;
  /** Only items stuck at least this long (seconds). */
  minAgeSeconds?: number;
  caseIds?: string[];
  limit?: number;
  /** Keyset paging: the items after this one, in the list's order (since, case, kind, reason). */
  after?: StuckPosition;
}

/** Where an item stands in the stuck list's order; `since` to the microsecond, as stored. */
export interface StuckPosition {
  since: string;
  caseId: string;
  kind: string;
  reason: string;
}

export type OpsActionStatus = 'PENDING_APPROVAL' | 'EXECUTED' | 'PARTIAL' | 'FAILED' | 'REJECTED';
export interface OpsActionRecord {
  id: string;
  action: string;
  caseIds: string[];
  params: Record<string, unknown>;
  reason: string;
  requestedBy: string;
  approvedBy: string | null;
  status: OpsActionStatus;
  result: unknown;
  createdAt: string;
  decidedAt: string | null;
}

export interface OpsAuditRecord {
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

/** A row of `stuck_items` with its case's reference (`SELECT s.*, c.reference`, a left join: null without a case). */
interface StuckRow {
  case_id: string;
  kind: StuckKind;
  reason: string;
  stage: string | null;
  office: string | null;
  country: string | null;
  since: Date;
  detail: Record<string, unknown>;
  suggested_action: string;
  scanned_at: Date;
  reference: string | null;
  since_key?: string;
}

/** stuckCounts: the findings counted per kind, reason, stage and office. */
interface StuckCountRow {
  kind: StuckKind;
  reason: string;
  stage: string | null;
  office: string | null;
  n: number;
}

/** lastScan: the older of the two kinds' last scans, null unless both kinds have one. */
interface LastScanRow {
  at: Date | null;
}

/** openCases: what the SLA monitor reads of an open case (`holds` is null when the view has none). */
interface OpenCaseRow {
  id: string;
  reference: string;
  stage: string;
  host_office: string;
  receiving_office: string | null;
  country_of_origin: string;
  stage_entered_at: Date;
  holds: { type: string; placedAt: string }[] | null;
  sla_state: string | null;
  opened_at: Date;
}

/** openCasesByIds: a case's stage and where it is handled. */
interface CaseOfficeRow {
  id: string;
  stage: string;
  host_office: string;
  country_of_origin: string;
}

/** raisedAlerts: the key of an SLA alert raised before. */
interface RaisedAlertRow {
  case_id: string;
  stage_entered_at: Date;
  level: 'ALERT' | 'ESCALATE';
}

/** raiseSlaAlerts: the alerts inserted now (RETURNING case_id, level). */
interface NewAlertRow {
  case_id: string;
  level: 'ALERT' | 'ESCALATE';
}

/** A row of `ops_actions` (`SELECT *`, `RETURNING *`). */
interface OpsActionRow {
  id: string;
  action: string;
  case_ids: string[];
  params: Record<string, unknown>;
  reason: string;
  requested_by: string;
  approved_by: string | null;
  status: OpsActionStatus;
  result: unknown;
  created_at: Date;
  decided_at: Date | null;
}

/** A row of `case_ops_audit` (`SELECT *`; a bigserial id comes back as a string). */
interface OpsAuditRow {
  id: string;
  case_id: string;
  action_id: string;
  action: string;
  actor_id: string;
  approved_by: string | null;
  reason: string;
  outcome: string;
  detail: Record<string, unknown>;
  recorded_at: Date;
}

const iso = (v: Date | string | null): string | null => (v ? new Date(v).toISOString() : null);

const toStuck = (r: StuckRow): StuckRecord => ({
  caseId: r.case_id,
  kind: r.kind,
  reason: r.reason,
  stage: r.stage,
  office: r.office,
  country: r.country,
  since: iso(r.since)!,
  detail: r.detail,
  suggestedAction: r.suggested_action,
  scannedAt: iso(r.scanned_at)!,
  reference: r.reference ?? null,
  ...(r.since_key ? { position: { since: r.since_key, caseId: r.case_id, kind: r.kind, reason: r.reason } } : {}),
});

const toAction = (r: OpsActionRow): OpsActionRecord => ({
  id: r.id,
  action: r.action,
  caseIds: r.case_ids,
  params: r.params,
  reason: r.reason,
  requestedBy: r.requested_by,
  approvedBy: r.approved_by,
  status: r.status,
  result: r.result,
  createdAt: iso(r.created_at)!,
  decidedAt: iso(r.decided_at),
});

function stuckWhere(f: StuckFilter, params: unknown[]): string {
  const where = ['true'];
  const eq = (col: string, v: unknown) => {
    if (v !== undefined) {
      params.push(v);
      where.push(`s.${col} = $${params.length}`);
    }
  };
  eq('kind', f.kind);
  eq('reason', f.reason);
  eq('stage', f.stage);
  eq('office', f.office);
  eq('country', f.country);
  if (f.minAgeSeconds !== undefined) {
    params.push(f.minAgeSeconds);
    where.push(`s.since <= now() - make_interval(secs => $${params.length})`);
  }
  if (f.caseIds) {
    params.push(f.caseIds);
    where.push(`s.case_id = ANY($${params.length}::uuid[])`);
  }
  return where.join(' AND ');
}

/** The stuck-case monitor's findings, SLA alerts, operations actions and their append-only audit per case. */
@Injectable()
export class OpsRepository {
  constructor(private readonly db: DataSource) {}

  /** Replaces the findings of one kind with a new scan (keeps `since` of items still stuck). */
  async replaceStuck(kind: StuckKind, items: StuckItem[], scannedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`stuck:${kind}`]);
      const keys = items.map((i) => `${i.caseId}|${i.reason}`);
      await tx.query(
        `DELETE FROM stuck_items WHERE kind = $1 AND NOT (case_id::text || '|' || reason = ANY($2::text[]))`,
        [kind, keys],
      );
      for (let i = 0; i < items.length; i += 500) {
        const chunk = items.slice(i, i + 500);
        await tx.query(
          `INSERT INTO stuck_items (case_id, kind, reason, stage, office, country, since, detail, suggested_action, scanned_at)
           SELECT x.case_id, $1, x.reason, x.stage, x.office, x.country, x.since, x.detail, x.suggested_action, $3
             FROM jsonb_to_recordset($2::jsonb) AS x(case_id uuid, reason text, stage text, office text, country text,
               since timestamptz, detail jsonb, suggested_action text)
           ON CONFLICT (case_id, kind, reason) DO UPDATE SET stage = EXCLUDED.stage, office = EXCLUDED.office,
             country = EXCLUDED.country, detail = EXCLUDED.detail, suggested_action = EXCLUDED.suggested_action,
             scanned_at = EXCLUDED.scanned_at, since = least(stuck_items.since, EXCLUDED.since)`,
          [
            kind,
            JSON.stringify(
              chunk.map((x) => ({
                case_id: x.caseId,
                reason: x.reason,
                stage: x.stage,
                office: x.office,
                country: x.country,
                since: x.since,
                detail: x.detail,
                suggested_action: x.suggestedAction,
              })),
            ),
            scannedAt.toISOString(),
          ],
        );
      }
      await tx.query(
        `INSERT INTO monitor_scans (kind, scanned_at, items) VALUES ($1, $2, $3)
        ON CONFLICT (kind) DO UPDATE SET scanned_at = EXCLUDED.scanned_at, items = EXCLUDED.items`,
        [kind, scannedAt.toISOString(), items.length],
      );
    });
  }

  async listStuck(f: StuckFilter): Promise<StuckRecord[]> {
    const params: unknown[] = [];
    let where = stuckWhere(f, params);
    if (f.after) {
      params.push(f.after.since, f.after.caseId, f.after.kind, f.after.reason);
      const n = params.length;
      where += ` AND (s.since, s.case_id, s.kind, s.reason) > ($${n - 3}::timestamptz, $${n - 2}::uuid, $${n - 1}, $${n})`;
    }
    params.push(Math.min(f.limit ?? 200, 5000));
    // Keyset order served by stuck_items_page_idx: a later page costs what the first does.
    const rows: StuckRow[] = await this.db.query(
      `SELECT s.*, c.reference,
          to_char(s.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS since_key
        FROM stuck_items s LEFT JOIN cases c ON c.id = s.case_id WHERE ${where}
        ORDER BY s.since, s.case_id, s.kind, s.reason LIMIT $${params.length}`,
      params,
    );
    return rows.map(toStuck);
  }

  /** Counts by kind, reason, stage and office of the filtered findings. */
  async stuckCounts(
    f: StuckFilter,
  ): Promise<{ kind: string; reason: string; stage: string | null; office: string | null; count: number }[]> {
    const params: unknown[] = [];
    const rows: StuckCountRow[] = await this.db.query(
      `SELECT s.kind, s.reason, s.stage, s.office, count(DISTINCT s.case_id)::int AS n FROM stuck_items s
        WHERE ${stuckWhere(f, params)} GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC`,
      params,
    );
    return rows.map((r) => ({
      kind: r.kind,
      reason: r.reason,
      stage: r.stage,
      office: r.office,
      count: r.n,
    }));
  }

  async stuckCaseIds(f: StuckFilter): Promise<string[]> {
    const params: unknown[] = [];
    const rows: { case_id: string }[] = await this.db.query(
      `SELECT DISTINCT s.case_id FROM stuck_items s WHERE ${stuckWhere(f, params)} ORDER BY 1`,
      params,
    );
    return rows.map((r) => r.case_id);
  }

  async lastScan(): Promise<string | null> {
    // The older of the two kinds' last scans: a monitor whose technical half keeps failing is not up to date.
    const [row]: LastScanRow[] = await this.db.query(
      `SELECT CASE WHEN count(*) = 2 THEN min(scanned_at) END AS at FROM monitor_scans
      WHERE kind IN ('BUSINESS', 'TECHNICAL')`,
    );
    return iso(row?.at ?? null);
  }

  /** Open cases (D0 only) for the SLA monitor. */
  async openCases(): Promise<
    {
      id: string;
      reference: string;
      stage: string;
      hostOffice: string;
      receivingOffice: string | null;
      country: string;
      stageEnteredAt: string;
      holds: { type: string; placedAt: string }[];
      slaState: string | null;
      openedAt: string;
    }[]
  > {
    const rows: OpenCaseRow[] = await this.db.query(
      `SELECT id, reference, stage, host_office, receiving_office, country_of_origin, stage_entered_at, view->'holds' AS holds, sla_state,
              opened_at
         FROM cases WHERE stage <> ALL($1::text[])`,
      [ENDED_STAGES],
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      stage: r.stage,
      hostOffice: r.host_office,
      receivingOffice: r.receiving_office,
      country: r.country_of_origin,
      stageEnteredAt: iso(r.stage_entered_at)!,
      holds: r.holds ?? [],
      slaState: r.sla_state ?? null,
      openedAt: iso(r.opened_at)!,
    }));
  }

  /** Records the SLA state each case's workflow was last given (see the sla-state migration). */
  async setSlaStates(states: { caseId: string; state: string }[]): Promise<void> {
    if (!states.length) return;
    await this.db.query(
      `UPDATE cases c SET sla_state = s.state FROM unnest($1::uuid[], $2::text[]) AS s(id, state) WHERE c.id = s.id`,
      [states.map((s) => s.caseId), states.map((s) => s.state)],
    );
  }

  async openCasesByIds(ids: string[]): Promise<{ id: string; stage: string; hostOffice: string; country: string }[]> {
    if (!ids.length) return [];
    const rows: CaseOfficeRow[] = await this.db.query(
      'SELECT id, stage, host_office, country_of_origin FROM cases WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows.map((r) => ({
      id: r.id,
      stage: r.stage,
      hostOffice: r.host_office,
      country: r.country_of_origin,
    }));
  }

  /** Lifted holds of these cases, as periods (placed .. lifted), from the audit trail's events. */
  async liftedHolds(caseIds: string[]): Promise<Map<string, { type: string; from: string; to: string }[]>> {
    const out = new Map<string, { type: string; from: string; to: string }[]>();
    if (!caseIds.length) return out;
    const rows = await this.db.query(
      `SELECT e.case_id, ev->>'type' AS t, ev->>'hold' AS hold, coalesce(ev->>'memberId', '') AS member, ev->>'effectiveAt' AS at
         FROM case_events e CROSS JOIN LATERAL jsonb_array_elements(e.events) ev
        WHERE e.case_id = ANY($1::uuid[]) AND ev->>'type' IN ('HoldPlaced', 'HoldLifted') ORDER BY e.case_id, e.version`,
      [caseIds],
    );
    const events = new Map<string, HoldEventFact[]>();
    for (const r of rows) {
      events.set(r.case_id, [
        ...(events.get(r.case_id) ?? []),
        { type: r.t, hold: r.hold, ...(r.member ? { memberId: r.member } : {}), effectiveAt: r.at },
      ]);
    }
    for (const [caseId, list] of events) out.set(caseId, liftedHoldPeriods(list));
    return out;
  }

  /** Which of these (case, stage entry, level) alerts were raised before. */
  async raisedAlerts(caseIds: string[]): Promise<Set<string>> {
    if (!caseIds.length) return new Set();
    const rows: RaisedAlertRow[] = await this.db.query(
      `SELECT case_id, stage_entered_at, level FROM sla_alerts WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    return new Set(rows.map((r) => `${r.case_id}|${iso(r.stage_entered_at)}|${r.level}`));
  }

  /** Records SLA alerts; returns those not raised before (per case, stage entry and level). */
  async raiseSlaAlerts(
    alerts: { caseId: string; stage: string; stageEnteredAt: string; level: string; office: string }[],
  ): Promise<typeof alerts> {
    if (!alerts.length) return [];
    const rows: NewAlertRow[] = await this.db.query(
      `INSERT INTO sla_alerts (case_id, stage, stage_entered_at, level, office)
       SELECT x.case_id, x.stage, x.stage_entered_at, x.level, x.office
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, stage text, stage_entered_at timestamptz, level text, office text)
       ON CONFLICT DO NOTHING RETURNING case_id, level`,
      [
        JSON.stringify(
          alerts.map((a) => ({
            case_id: a.caseId,
            stage: a.stage,
            stage_entered_at: a.stageEnteredAt,
            level: a.level,
            office: a.office,
          })),
        ),
      ],
    );
    const fresh = new Set(rows.map((r) => `${r.case_id}|${r.level}`));
    return alerts.filter((a) => fresh.has(`${a.caseId}|${a.level}`));
  }

  async createAction(
    a: Omit<OpsActionRecord, 'createdAt' | 'decidedAt' | 'approvedBy' | 'result'> & {
      approvedBy?: string | null;
      result?: unknown;
    },
  ): Promise<OpsActionRecord> {
    const [row]: OpsActionRow[] = await this.db.query(
      `INSERT INTO ops_actions (id, action, case_ids, params, reason, requested_by, approved_by, status, result)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING *`,
      [
        a.id,
        a.action,
        a.caseIds,
        JSON.stringify(a.params),
        a.reason,
        a.requestedBy,
        a.approvedBy ?? null,
        a.status,
        a.result === undefined ? null : JSON.stringify(a.result),
      ],
    );
    return toAction(row);
  }

  async findAction(id: string): Promise<OpsActionRecord | null> {
    const rows: OpsActionRow[] = await this.db.query('SELECT * FROM ops_actions WHERE id = $1', [id]);
    return rows.length ? toAction(rows[0]) : null;
  }

  async listActions(status?: OpsActionStatus): Promise<OpsActionRecord[]> {
    const rows: OpsActionRow[] = await this.db.query(
      `SELECT * FROM ops_actions WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC LIMIT 200`,
      [status ?? null],
    );
    return rows.map(toAction);
  }

  /** Moves a pending action to approved-and-running exactly once (by a second user); false when already decided. */
  async claimApproval(id: string, approver: string): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE ops_actions SET approved_by = $2, decided_at = now(), status = 'EXECUTED'
        WHERE id = $1 AND status = 'PENDING_APPROVAL' AND requested_by <> $2`,
      [id, approver],
    );
    return Array.isArray(res) && res[1] > 0;
  }

  async reject(id: string, by: string): Promise<boolean> {
    const res = await this.db.query(
      `UPDATE ops_actions SET approved_by = $2, decided_at = now(), status = 'REJECTED'
        WHERE id = $1 AND status = 'PENDING_APPROVAL' AND requested_by <> $2`,
      [id, by],
    );
    return Array.isArray(res) && res[1] > 0;
  }

  async finishAction(id: string, status: OpsActionStatus, result: unknown): Promise<void> {
    await this.db.query(
      `UPDATE ops_actions SET status = $2, result = $3, decided_at = coalesce(decided_at, now()) WHERE id = $1`,
      [id, status, JSON.stringify(result)],
    );
  }

  async audit(entry: Omit<OpsAuditRecord, 'recordedAt'>): Promise<void> {
    await this.db.query(
      `INSERT INTO case_ops_audit (case_id, action_id, action, actor_id, approved_by, reason, outcome, detail)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
      [
        entry.caseId,
        entry.actionId,
        entry.action,
        entry.actorId,
        entry.approvedBy,
        entry.reason,
        entry.outcome,
        JSON.stringify(entry.detail),
      ],
    );
  }

  async auditOf(caseId: string): Promise<OpsAuditRecord[]> {
    const rows: OpsAuditRow[] = await this.db.query('SELECT * FROM case_ops_audit WHERE case_id = $1 ORDER BY id', [
      caseId,
    ]);
    return rows.map((r) => ({
      caseId: r.case_id,
      actionId: r.action_id,
      action: r.action,
      actorId: r.actor_id,
      approvedBy: r.approved_by,
      reason: r.reason,
      outcome: r.outcome,
      detail: r.detail,
      recordedAt: iso(r.recorded_at)!,
    }));
  }
}
