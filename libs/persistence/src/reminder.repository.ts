import { OPERATOR_CANCELLATION_PREFIX, reminderCategoryOf, type Role } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export { opaqueReminderId, reminderIdKey } from './opaque-ids';

/** A recipient resolved to an office (role + office code); users are looked up when the reminder fires. */
export interface ResolvedRecipient {
  role: Role;
  office: string;
}

/** A reminder as the projection wants it now (from libs/domain planReminders, recipients resolved to offices). */
export interface DesiredReminder {
  id: string;
  caseId: string;
  kind: string;
  subject: string;
  step: number;
  dueAt: string;
  recipients: ResolvedRecipient[];
}

export type ReminderStatus = 'PENDING' | 'DELIVERED' | 'CANCELLED';

export interface ReminderRecord {
  id: string;
  caseId: string;
  kind: string;
  subject: string;
  step: number;
  recipients: ResolvedRecipient[];
  dueAt: string;
  status: ReminderStatus;
  revision: number;
  caseVersion: number;
  firedAt: string | null;
  cancelledReason: string | null;
  latenessMs?: number | null;
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
  | {
      kind: 'delivered';
      deliveryId: string;
      caseId: string;
      reminderKind: string;
      /** The neutral category: what a log line may name. */
      category: string;
      latenessMs: number;
      userIds: string[];
      offices: string[];
    }
  | { kind: 'not-found' | 'not-pending' | 'not-due' | 'duplicate' };

/** A row of `reminders` (`SELECT *`), as node-postgres returns it. */
interface ReminderRow {
  id: string;
  case_id: string;
  kind: string;
  subject: string;
  step: number;
  recipients: ResolvedRecipient[];
  recipient_user_id: string | null;
  due_at: Date;
  status: ReminderStatus;
  revision: number;
  case_version: number;
  fired_at: Date | null;
  cancelled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

/** forCase's row: a reminder with its current revision's delivery lateness (bigint: a string; null if not delivered). */
interface ReminderLatenessRow extends ReminderRow {
  lateness_ms: string | null;
}

/** pending: a pending reminder's due time in epoch milliseconds (bigint: a string). */
interface PendingReminderRow {
  id: string;
  case_id: string;
  due: string;
}

/** A row of `reminder_deliveries` with its case's reference (a left join: null without a case). */
interface DeliveryRow {
  id: string;
  reminder_id: string;
  revision: number;
  case_id: string;
  kind: string;
  due_at: Date;
  delivered_at: Date;
  lateness_ms: string;
  recipients: number;
  reference: string | null;
}

/** deliveryCounts: deliveries per reminder revision and their greatest lateness (bigint: a string). */
interface DeliveryCountRow {
  reminder_id: string;
  revision: number;
  n: number;
  lateness: string;
}

/** latenessBuckets: `b0`, `b1`, ... per bound, the count `n` and the sum `s` (bigint: strings). */
type LatenessBucketsRow = { n: string; s: string } & Record<`b${number}`, string>;

/** What `reminderSyncStatement` returns: json columns, parsed. */
export interface ReminderSyncRow {
  inserted: string[];
  rearmed: { id: string; moved: boolean }[];
  cancelled: string[];
  readdressed: number;
}

const iso = (v: Date | string | null): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString();

const toRecord = (r: ReminderRow | ReminderLatenessRow): ReminderRecord => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  subject: r.subject,
  step: r.step,
  recipients: r.recipients,
  dueAt: iso(r.due_at)!,
  status: r.status,
  revision: r.revision,
  caseVersion: r.case_version,
  firedAt: iso(r.fired_at),
  cancelledReason: r.cancelled_reason,
  ...('lateness_ms' in r && r.lateness_ms !== undefined
    ? { latenessMs: r.lateness_ms === null ? null : Number(r.lateness_ms) }
    : {}),
});

/** TypeORM answers an UPDATE or DELETE with [rows, rowCount]. */
export const affected = (res: unknown): number =>
  Array.isArray(res) && typeof res[1] === 'number' ? res[1] : Array.isArray(res) ? res.length : 0;

/**
 * The one statement that makes a case's reminder rows match `desired` (idempotent). A desired reminder that exists with
 * another due time is moved (a new revision); one that was delivered or cancelled and is wanted again at another time
 * is re-armed; one with the same time and other recipients is readdressed. Pending reminders no longer desired are
 * cancelled. An operator's cancellation sticks until the reminder's time changes (the next projection must not undo
 * it): the rule stated at libs/domain's OPERATOR_CANCELLATION_PREFIX, applied here row-wise ($5 is that prefix). Run by the projection inside its transaction, after the case row's lock: syncs of one case are serialised, and
 * this statement's snapshot sees the rows the previous projection of the case wrote. The per-row conditions are on the
 * rows themselves, so a reminder delivered meanwhile is re-checked, not overwritten.
 */
export function reminderSyncStatement(
  caseId: string,
  caseVersion: number,
  desired: DesiredReminder[],
  reason: string,
): { sql: string; params: unknown[] } {
  const sql = `
    WITH desired AS (
      SELECT d.id, d.kind, d.subject, d.step, d.due_at, d.recipients
        FROM jsonb_to_recordset($3::jsonb) AS d(id text, kind text, subject text, step int, due_at timestamptz, recipients jsonb)),
    current AS (SELECT id, status FROM reminders WHERE case_id = $1),
    inserted AS (
      INSERT INTO reminders (id, case_id, kind, subject, step, recipients, due_at, status, revision, case_version)
      SELECT d.id, $1, d.kind, d.subject, d.step, d.recipients, d.due_at, 'PENDING', 1, $2 FROM desired d
       WHERE NOT EXISTS (SELECT 1 FROM current c WHERE c.id = d.id)
      ON CONFLICT (id) DO NOTHING RETURNING id),
    rearmed AS (
      UPDATE reminders r SET due_at = d.due_at, recipients = d.recipients, status = 'PENDING', revision = r.revision + 1,
             case_version = $2, fired_at = NULL, cancelled_reason = NULL, updated_at = now()
        FROM desired d JOIN current c ON c.id = d.id
       WHERE r.id = d.id AND r.case_id = $1
         AND (r.due_at <> d.due_at OR (r.status = 'CANCELLED' AND NOT starts_with(coalesce(r.cancelled_reason, ''), $5)))
      RETURNING r.id, c.status = 'PENDING' AS moved),
    readdressed AS (
      UPDATE reminders r SET recipients = d.recipients, case_version = $2, updated_at = now()
        FROM desired d
       WHERE r.id = d.id AND r.case_id = $1 AND r.due_at = d.due_at AND r.status <> 'CANCELLED' AND r.recipients <> d.recipients
      RETURNING r.id),
    cancelled AS (
      UPDATE reminders r SET status = 'CANCELLED', cancelled_reason = $4, case_version = $2, updated_at = now()
       WHERE r.case_id = $1 AND r.status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM desired d WHERE d.id = r.id)
      RETURNING r.id)
    SELECT (SELECT coalesce(json_agg(id), '[]'::json) FROM inserted) AS inserted,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'moved', moved)), '[]'::json) FROM rearmed) AS rearmed,
           (SELECT coalesce(json_agg(id), '[]'::json) FROM cancelled) AS cancelled,
           (SELECT count(*) FROM readdressed)::int AS readdressed`;
  const rows = desired.map((d) => ({
    id: d.id,
    kind: d.kind,
    subject: d.subject,
    step: d.step,
    due_at: d.dueAt,
    recipients: d.recipients,
  }));
  return {
    sql,
    params: [caseId, caseVersion, JSON.stringify(rows), reason.slice(0, 200), OPERATOR_CANCELLATION_PREFIX],
  };
}

/** What `reminderSyncStatement` changed, as the Redis side needs it. */
export function reminderSyncOf(
  row: Pick<ReminderSyncRow, 'inserted' | 'rearmed' | 'cancelled'>,
  caseId: string,
  desired: DesiredReminder[],
): ReminderSync {
  const due = new Map(desired.map((d) => [d.id, d.dueAt]));
  return {
    schedule: [
      ...row.inserted.map((id) => ({ id, caseId, dueAt: due.get(id)!, moved: false })),
      ...row.rearmed.map(({ id, moved }) => ({ id, caseId, dueAt: due.get(id)!, moved })),
    ],
    cancelled: row.cancelled,
    stale: false,
  };
}

/** Reminders: the PostgreSQL rows are the source of truth; BullMQ jobs are rebuilt from them. */
@Injectable()
export class ReminderRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Makes a case's reminder rows match `desired`, on their own (no case row, no version check): for tools and
   * benchmarks. Commands go through CaseRepository.project, which does this in the projection's transaction.
   */
  async sync(caseId: string, caseVersion: number, desired: DesiredReminder[], reason: string): Promise<ReminderSync> {
    const { sql, params } = reminderSyncStatement(caseId, caseVersion, desired, reason);
    const [row]: ReminderSyncRow[] = await this.db.query(sql, params);
    return reminderSyncOf(row, caseId, desired);
  }

  /** Every pending reminder (id, case, due time), for reconciliation with Redis. */
  async pending(): Promise<{ id: string; caseId: string; dueAt: number }[]> {
    const rows: PendingReminderRow[] = await this.db.query(
      `SELECT id, case_id, (extract(epoch FROM due_at) * 1000)::bigint AS due FROM reminders WHERE status = 'PENDING'`,
    );
    return rows.map((r) => ({ id: r.id, caseId: r.case_id, dueAt: Number(r.due) }));
  }

  async find(id: string): Promise<ReminderRecord | null> {
    const rows: ReminderRow[] = await this.db.query('SELECT * FROM reminders WHERE id = $1', [id]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  async forCase(caseId: string): Promise<ReminderRecord[]> {
    const rows: ReminderLatenessRow[] = await this.db.query(
      `SELECT r.*, d.lateness_ms FROM reminders r
         LEFT JOIN reminder_deliveries d ON d.reminder_id = r.id AND d.revision = r.revision
        WHERE r.case_id = $1 ORDER BY r.due_at, r.id`,
      [caseId],
    );
    return rows.map(toRecord);
  }

  /** Cancels every pending reminder of a case (a terminated workflow); returns their ids. */
  async cancelForCase(caseId: string, reason: string): Promise<string[]> {
    const res = await this.db.query(
      `UPDATE reminders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = now()
        WHERE case_id = $1 AND status = 'PENDING' RETURNING id`,
      [caseId, reason.slice(0, 200)],
    );
    const rows: { id: string }[] = Array.isArray(res) && Array.isArray(res[0]) ? res[0] : [];
    return rows.map((r) => r.id);
  }

  /** Cancels one pending reminder (operations). Returns false when it was not pending. */
  async cancel(id: string, reason: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE reminders SET status = 'CANCELLED', cancelled_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'PENDING' RETURNING id`,
      [id, reason.slice(0, 200)],
    );
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
      const rows: ReminderRow[] = await tx.query('SELECT * FROM reminders WHERE id = $1 FOR UPDATE', [reminderId]);
      if (!rows.length) return { kind: 'not-found' } as const;
      const r = toRecord(rows[0]);
      if (r.status !== 'PENDING') return { kind: 'not-pending' } as const;
      if (Date.parse(r.dueAt) > now.getTime() + toleranceMs) return { kind: 'not-due' } as const;
      const latenessMs = Math.max(0, now.getTime() - Date.parse(r.dueAt));
      const users: { id: string }[] = r.recipients.length
        ? await tx.query(
            `SELECT DISTINCT u.id FROM users u JOIN jsonb_to_recordset($1::jsonb) AS x(role text, office text)
            ON u.role = x.role AND u.office = x.office WHERE u.active`,
            [JSON.stringify(r.recipients)],
          )
        : [];
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO reminder_deliveries (reminder_id, revision, case_id, kind, due_at, delivered_at, lateness_ms, recipients)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (reminder_id, revision) DO NOTHING RETURNING id`,
        [r.id, r.revision, r.caseId, r.kind, r.dueAt, now.toISOString(), latenessMs, users.length],
      );
      if (!inserted.length) return { kind: 'duplicate' } as const;
      const deliveryId = String(inserted[0].id);
      await tx.query(`UPDATE reminders SET status = 'DELIVERED', fired_at = $2, updated_at = now() WHERE id = $1`, [
        r.id,
        now.toISOString(),
      ]);
      if (users.length) {
        const [c]: ({ reference: string } | undefined)[] = await tx.query('SELECT reference FROM cases WHERE id = $1', [
          r.caseId,
        ]);
        const body = JSON.stringify({
          reminderKind: r.kind,
          category: reminderCategoryOf(r.kind),
          subject: r.subject,
          step: r.step,
          caseReference: c?.reference ?? null,
          dueAt: r.dueAt,
        });
        await tx.query(
          `INSERT INTO notifications (user_id, kind, case_id, reminder_id, delivery_id, body)
           SELECT unnest($1::uuid[]), 'REMINDER', $2, $3, $4, $5::jsonb ON CONFLICT DO NOTHING`,
          [users.map((u) => u.id), r.caseId, r.id, deliveryId, body],
        );
      }
      return {
        kind: 'delivered',
        deliveryId,
        caseId: r.caseId,
        reminderKind: r.kind,
        category: reminderCategoryOf(r.kind),
        latenessMs,
        userIds: users.map((u) => u.id),
        offices: [...new Set(r.recipients.map((x) => x.office))],
      } as const;
    });
  }

  /** One delivery, for its webhook: ids, the neutral category and times only (never the precise kind). */
  async delivery(deliveryId: string): Promise<{
    reminderId: string;
    caseId: string;
    category: string;
    caseReference: string | null;
    dueAt: string;
    deliveredAt: string;
    latenessMs: number;
  } | null> {
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d.*, c.reference FROM reminder_deliveries d LEFT JOIN cases c ON c.id = d.case_id WHERE d.id = $1`,
      [deliveryId],
    );
    if (!rows.length) return null;
    const r = rows[0];
    return {
      reminderId: r.reminder_id,
      caseId: r.case_id,
      category: reminderCategoryOf(r.kind),
      caseReference: r.reference ?? null,
      dueAt: iso(r.due_at)!,
      deliveredAt: iso(r.delivered_at)!,
      latenessMs: Number(r.lateness_ms),
    };
  }

  /** Deliveries per reminder revision: for tests and diagnostics (exactly once means count = 1). */
  async deliveryCounts(
    caseIds: string[],
  ): Promise<{ reminderId: string; revision: number; count: number; latenessMs: number }[]> {
    const rows: DeliveryCountRow[] = await this.db.query(
      `SELECT reminder_id, revision, count(*)::int AS n, max(lateness_ms) AS lateness FROM reminder_deliveries
        WHERE case_id = ANY($1) GROUP BY reminder_id, revision`,
      [caseIds],
    );
    return rows.map((r) => ({
      reminderId: r.reminder_id,
      revision: r.revision,
      count: r.n,
      latenessMs: Number(r.lateness),
    }));
  }

  /** Lateness histogram source for /metrics: count of deliveries at or under each bound (ms), and the sum. */
  async latenessBuckets(boundsMs: number[]): Promise<{ buckets: number[]; count: number; sumMs: number }> {
    const cols = boundsMs
      .map((b, i) => `count(*) FILTER (WHERE lateness_ms <= ${Math.floor(b)})::bigint AS b${i}`)
      .join(', ');
    const [row]: LatenessBucketsRow[] = await this.db.query(
      `SELECT ${cols}${cols ? ',' : ''} count(*)::bigint AS n, coalesce(sum(lateness_ms), 0)::bigint AS s FROM reminder_deliveries`,
    );
    return { buckets: boundsMs.map((_, i) => Number(row[`b${i}`])), count: Number(row.n), sumMs: Number(row.s) };
  }
}
