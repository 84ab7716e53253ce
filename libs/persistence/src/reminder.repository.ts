import { operatorCancellationStands, type Role } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A recipient resolved to an office (role + office code); users are looked up when the reminder fires. */
export interface ResolvedRecipient { role: Role; office: string }

/** A reminder as the projection wants it now (from libs/domain planReminders, recipients resolved to offices). */
export interface DesiredReminder {
  id: string; caseId: string; kind: string; subject: string; step: number; dueAt: string; recipients: ResolvedRecipient[];
}

export type ReminderStatus = 'PENDING' | 'DELIVERED' | 'CANCELLED';

export interface ReminderRecord {
  id: string; caseId: string; kind: string; subject: string; step: number; recipients: ResolvedRecipient[];
  dueAt: string; status: ReminderStatus; revision: number; caseVersion: number; firedAt: string | null;
  cancelledReason: string | null; latenessMs?: number | null;
}

/** What a sync changed in PostgreSQL, so the caller changes the same in Redis. */
export interface ReminderSync {
  /** New, moved or re-armed: (re)schedule a job for each. `moved` ones may still have an old job to remove. */
  schedule: { id: string; caseId: string; dueAt: string; moved: boolean }[];
  /** Cancelled: remove their jobs. */
  cancelled: string[];
  /** True when a newer case version had already synced: nothing was changed. */
  stale: boolean;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; deliveryId: string; caseId: string; reminderKind: string; latenessMs: number; userIds: string[]; offices: string[] }
  | { kind: 'not-found' | 'not-pending' | 'not-due' | 'duplicate' };

const iso = (v: Date | string | null): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());

const toRecord = (r: Record<string, any>): ReminderRecord => ({
  id: r.id, caseId: r.case_id, kind: r.kind, subject: r.subject, step: r.step, recipients: r.recipients,
  dueAt: iso(r.due_at)!, status: r.status, revision: r.revision, caseVersion: r.case_version, firedAt: iso(r.fired_at),
  cancelledReason: r.cancelled_reason, ...(r.lateness_ms !== undefined ? { latenessMs: r.lateness_ms === null ? null : Number(r.lateness_ms) } : {}),
});

/** TypeORM answers an UPDATE or DELETE with [rows, rowCount]. */
export const affected = (res: unknown): number => (Array.isArray(res) && typeof res[1] === 'number' ? res[1] : Array.isArray(res) ? res.length : 0);

const sameRecipients = (a: ResolvedRecipient[], b: ResolvedRecipient[]) => JSON.stringify(a) === JSON.stringify(b);

/** Facts the reminder planner needs that the case view does not carry (from the audit trail and the household). */
export interface PlanningFacts { lastCounsellingAt?: string; arrivedAt?: string; preEmbarkationRecorded: boolean; birthDates: Record<string, string> }

/** The planning facts as two columns of a SELECT ($1 = the case id): the latest relevant audit events, the birth dates. */
const PLANNING_FACTS_COLUMNS = `
  (SELECT coalesce(json_agg(json_build_object('type', command_type, 'version', version, 'at', at)), '[]'::json)
     FROM (SELECT command_type, max(version) AS version, max(effective_at) AS at FROM case_events
            WHERE case_id = $1 AND command_type IN ('RecordCounsellingSession', 'RecordArrival', 'RecordPreEmbarkationCheck',
              'ConfirmBooking', 'ChangeBooking') GROUP BY command_type) e) AS events,
  (SELECT coalesce(json_object_agg(m.id, to_char(i.date_of_birth, 'YYYY-MM-DD')), '{}'::json)
     FROM case_members m JOIN individuals i ON i.id = m.individual_id WHERE m.case_id = $1) AS births`;

function planningFactsOf(row: { events: unknown; births: unknown }): PlanningFacts {
  const by = new Map<string, { version: number; at: string }>((row.events as { type: string; version: number; at: string }[])
    .map((e) => [e.type, { version: e.version, at: new Date(e.at).toISOString() }]));
  const booked = Math.max(by.get('ConfirmBooking')?.version ?? 0, by.get('ChangeBooking')?.version ?? 0);
  return {
    ...(by.get('RecordCounsellingSession') ? { lastCounsellingAt: by.get('RecordCounsellingSession')!.at } : {}),
    ...(by.get('RecordArrival') ? { arrivedAt: by.get('RecordArrival')!.at } : {}),
    preEmbarkationRecorded: (by.get('RecordPreEmbarkationCheck')?.version ?? 0) > booked,
    birthDates: row.births as Record<string, string>,
  };
}

/** Reminders: the PostgreSQL rows are the source of truth; BullMQ jobs are rebuilt from them. */
@Injectable()
export class ReminderRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Makes a case's reminders match `desired` (idempotent). A desired reminder that exists with another due time is
   * moved (a new revision); one that was delivered or cancelled and is wanted again at another time is re-armed.
   * Pending reminders no longer desired are cancelled. Runs inside the projection's transaction (`tx`), which holds
   * the case row's lock, so syncs of one case are serialised; `latest` is false when a newer case version was
   * projected first, and then nothing changes.
   */
  async sync(tx: EntityManager, caseId: string, caseVersion: number, desired: DesiredReminder[], reason: string,
             latest: boolean, locked?: ReminderRecord[]): Promise<ReminderSync> {
    const result: ReminderSync = { schedule: [], cancelled: [], stale: false };
    if (!latest) return { ...result, stale: true };
    // `locked`: the rows syncInputs read (and locked) in this transaction; otherwise read them now.
    const rows: ReminderRecord[] = locked
      ?? (await tx.query('SELECT * FROM reminders WHERE case_id = $1 FOR UPDATE', [caseId])).map(toRecord);
    if (rows.some((r) => r.caseVersion > caseVersion)) return { ...result, stale: true };
    const existing = new Map(rows.map((r) => [r.id, r]));
    const wanted = new Set(desired.map((d) => d.id));
    for (const d of desired) {
      const row = existing.get(d.id);
      if (!row) {
        await tx.query(
          `INSERT INTO reminders (id, case_id, kind, subject, step, recipients, due_at, status, revision, case_version)
           VALUES ($1,$2,$3,$4,$5,$6,$7,'PENDING',1,$8) ON CONFLICT (id) DO NOTHING`,
          [d.id, caseId, d.kind, d.subject, d.step, JSON.stringify(d.recipients), d.dueAt, caseVersion]);
        result.schedule.push({ id: d.id, caseId, dueAt: d.dueAt, moved: false });
        continue;
      }
      if (operatorCancellationStands(row, d.dueAt)) continue;
      const sameTime = Date.parse(row.dueAt) === Date.parse(d.dueAt);
      if (sameTime && (row.status !== 'CANCELLED')) {
        if (!sameRecipients(row.recipients, d.recipients)) {
          await tx.query('UPDATE reminders SET recipients = $2, case_version = $3, updated_at = now() WHERE id = $1',
            [d.id, JSON.stringify(d.recipients), caseVersion]);
        }
        continue;
      }
      await tx.query(
        `UPDATE reminders SET due_at = $2, recipients = $3, status = 'PENDING', revision = revision + 1, case_version = $4,
           fired_at = NULL, cancelled_reason = NULL, updated_at = now() WHERE id = $1`,
        [d.id, d.dueAt, JSON.stringify(d.recipients), caseVersion]);
      result.schedule.push({ id: d.id, caseId, dueAt: d.dueAt, moved: row.status === 'PENDING' });
    }
    const toCancel = rows.filter((r) => r.status === 'PENDING' && !wanted.has(r.id)).map((r) => r.id);
    if (toCancel.length) {
      await tx.query(
        `UPDATE reminders SET status = 'CANCELLED', cancelled_reason = $2, case_version = $3, updated_at = now()
          WHERE id = ANY($1) AND status = 'PENDING'`, [toCancel, reason.slice(0, 200), caseVersion]);
      result.cancelled = toCancel;
    }
    return result;
  }

  /**
   * What a sync needs, in one round trip inside the projection's transaction: the planning facts and the case's
   * reminder rows, locked (FOR UPDATE) as `sync` reads them.
   */
  async syncInputs(tx: EntityManager, caseId: string): Promise<{ facts: PlanningFacts; rows: ReminderRecord[] }> {
    const [row] = await tx.query(
      `SELECT ${PLANNING_FACTS_COLUMNS},
         (SELECT coalesce(json_agg(r), '[]'::json) FROM (SELECT * FROM reminders WHERE case_id = $1 FOR UPDATE) r) AS reminders`, [caseId]);
    return { facts: planningFactsOf(row), rows: (row.reminders as Record<string, any>[]).map(toRecord) };
  }


  /** Every pending reminder (id, case, due time), for reconciliation with Redis. */
  async pending(): Promise<{ id: string; caseId: string; dueAt: number }[]> {
    const rows = await this.db.query(
      `SELECT id, case_id, (extract(epoch FROM due_at) * 1000)::bigint AS due FROM reminders WHERE status = 'PENDING'`);
    return rows.map((r: Record<string, any>) => ({ id: r.id, caseId: r.case_id, dueAt: Number(r.due) }));
  }

  async find(id: string): Promise<ReminderRecord | null> {
    const rows = await this.db.query('SELECT * FROM reminders WHERE id = $1', [id]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  async forCase(caseId: string): Promise<ReminderRecord[]> {
    const rows = await this.db.query(
      `SELECT r.*, d.lateness_ms FROM reminders r
         LEFT JOIN reminder_deliveries d ON d.reminder_id = r.id AND d.revision = r.revision
        WHERE r.case_id = $1 ORDER BY r.due_at, r.id`, [caseId]);
    return rows.map(toRecord);
  }

  /** Cancels every pending reminder of a case (a terminated workflow); returns their ids. */
  async cancelForCase(caseId: string, reason: string): Promise<string[]> {
    const res = await this.db.query(
      `UPDATE reminders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = now()
        WHERE case_id = $1 AND status = 'PENDING' RETURNING id`, [caseId, reason.slice(0, 200)]);
    const rows = Array.isArray(res) && Array.isArray(res[0]) ? res[0] : [];
    return rows.map((r: Record<string, any>) => r.id);
  }

  /** Cancels one pending reminder (operations). Returns false when it was not pending. */
  async cancel(id: string, reason: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE reminders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'PENDING' RETURNING id`, [id, reason.slice(0, 200)]);
    return affected(rows) > 0;
  }

  /**
   * Delivers a due reminder exactly once: one transaction locks the row, inserts the delivery (UNIQUE on reminder and
   * revision, so a job run twice, by two workers or after a crash, inserts once), marks the reminder delivered and
   * writes one notification per active user of the recipient roles and offices. `toleranceMs` allows a job that
   * fires slightly early.
   */
  async deliver(reminderId: string, now: Date, toleranceMs = 1000): Promise<DeliveryOutcome> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query('SELECT * FROM reminders WHERE id = $1 FOR UPDATE', [reminderId]);
      if (!rows.length) return { kind: 'not-found' } as const;
      const r = toRecord(rows[0]);
      if (r.status !== 'PENDING') return { kind: 'not-pending' } as const;
      if (Date.parse(r.dueAt) > now.getTime() + toleranceMs) return { kind: 'not-due' } as const;
      const latenessMs = Math.max(0, now.getTime() - Date.parse(r.dueAt));
      const users: { id: string }[] = r.recipients.length ? await tx.query(
        `SELECT DISTINCT u.id FROM users u JOIN jsonb_to_recordset($1::jsonb) AS x(role text, office text)
            ON u.role = x.role AND u.office = x.office WHERE u.active`, [JSON.stringify(r.recipients)]) : [];
      const inserted = await tx.query(
        `INSERT INTO reminder_deliveries (reminder_id, revision, case_id, kind, due_at, delivered_at, lateness_ms, recipients)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (reminder_id, revision) DO NOTHING RETURNING id`,
        [r.id, r.revision, r.caseId, r.kind, r.dueAt, now.toISOString(), latenessMs, users.length]);
      if (!inserted.length) return { kind: 'duplicate' } as const;
      const deliveryId = String(inserted[0].id);
      await tx.query(`UPDATE reminders SET status = 'DELIVERED', fired_at = $2, updated_at = now() WHERE id = $1`, [r.id, now.toISOString()]);
      if (users.length) {
        const [c] = await tx.query('SELECT reference FROM cases WHERE id = $1', [r.caseId]);
        const body = JSON.stringify({ reminderKind: r.kind, subject: r.subject, step: r.step, caseReference: c?.reference ?? null,
          dueAt: r.dueAt });
        await tx.query(
          `INSERT INTO notifications (user_id, kind, case_id, reminder_id, delivery_id, body)
           SELECT unnest($1::uuid[]), 'REMINDER', $2, $3, $4, $5::jsonb ON CONFLICT DO NOTHING`,
          [users.map((u) => u.id), r.caseId, r.id, deliveryId, body]);
      }
      return { kind: 'delivered', deliveryId, caseId: r.caseId, reminderKind: r.kind, latenessMs, userIds: users.map((u) => u.id),
        offices: [...new Set(r.recipients.map((x) => x.office))] } as const;
    });
  }

  /** One delivery, for its webhook: ids, codes and times only. */
  async delivery(deliveryId: string): Promise<{ reminderId: string; caseId: string; kind: string; caseReference: string | null;
    dueAt: string; deliveredAt: string; latenessMs: number } | null> {
    const rows = await this.db.query(
      `SELECT d.*, c.reference FROM reminder_deliveries d LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = $1`, [deliveryId]);
    if (!rows.length) return null;
    const r = rows[0];
    return { reminderId: r.reminder_id, caseId: r.case_id, kind: r.kind, caseReference: r.reference ?? null,
      dueAt: iso(r.due_at)!, deliveredAt: iso(r.delivered_at)!, latenessMs: Number(r.lateness_ms) };
  }

  /** Deliveries per reminder revision: for tests and diagnostics (exactly once means count = 1). */
  async deliveryCounts(caseIds: string[]): Promise<{ reminderId: string; revision: number; count: number; latenessMs: number }[]> {
    const rows = await this.db.query(
      `SELECT reminder_id, revision, count(*)::int AS n, max(lateness_ms) AS lateness FROM reminder_deliveries
        WHERE case_id = ANY($1) GROUP BY reminder_id, revision`, [caseIds]);
    return rows.map((r: Record<string, any>) => ({ reminderId: r.reminder_id, revision: r.revision, count: r.n, latenessMs: Number(r.lateness) }));
  }

  /** Lateness histogram source for /metrics: count of deliveries at or under each bound (ms), and the sum. */
  async latenessBuckets(boundsMs: number[]): Promise<{ buckets: number[]; count: number; sumMs: number }> {
    const cols = boundsMs.map((b, i) => `count(*) FILTER (WHERE lateness_ms <= ${Math.floor(b)})::bigint AS b${i}`).join(', ');
    const [row] = await this.db.query(`SELECT ${cols}${cols ? ',' : ''} count(*)::bigint AS n, coalesce(sum(lateness_ms), 0)::bigint AS s FROM reminder_deliveries`);
    return { buckets: boundsMs.map((_, i) => Number(row[`b${i}`])), count: Number(row.n), sumMs: Number(row.s) };
  }
}
