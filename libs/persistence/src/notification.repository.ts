import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { affected } from './reminder.repository';

export interface NotificationRecord {
  id: string;
  kind: string;
  caseId: string | null;
  reminderId: string | null;
  body: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

/** A row of `notifications`, as node-postgres returns it (a bigserial id comes back as a string). */
interface NotificationRow {
  id: string | number;
  kind: string;
  case_id: string | null;
  reminder_id: string | null;
  body: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: String(r.id),
  kind: r.kind,
  caseId: r.case_id,
  reminderId: r.reminder_id,
  body: r.body,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/** In-app notifications, one row per user. Bodies carry ids, codes and pseudonymous case references only. */
@Injectable()
export class NotificationRepository {
  constructor(private readonly db: DataSource) {}

  async forUser(
    userId: string,
    opts: { unreadOnly?: boolean; limit?: number; before?: string } = {},
  ): Promise<NotificationRecord[]> {
    const params: unknown[] = [userId];
    const where = ['user_id = $1'];
    if (opts.unreadOnly) where.push('read_at IS NULL');
    if (opts.before) {
      params.push(opts.before);
      where.push(`id < $${params.length}`);
    }
    params.push(Math.min(opts.limit ?? 50, 200));
    const rows = await this.db.query(
      `SELECT * FROM notifications WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = await this.db.query(
      'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return row.n;
  }

  /** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
  async markRead(userId: string, id: string): Promise<boolean> {
    const res = await this.db.query(
      'UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2',
      [id, userId],
    );
    return affected(res) > 0;
  }

  async markAllRead(userId: string): Promise<number> {
    return affected(
      await this.db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [userId]),
    );
  }

  /**
   * One notification per user of the given (role, office) pairs for a group (an SLA alert of one office and stage),
   * idempotent on the group key: a monitor run repeated after a crash notifies nobody twice.
   */
  async notifyGroup(
    groupKey: string,
    kind: string,
    recipients: { role: string; office: string | null }[],
    body: object,
  ): Promise<number> {
    if (!recipients.length) return 0;
    const res = await this.db.query(
      `INSERT INTO notifications (user_id, kind, group_key, body)
       SELECT DISTINCT u.id, $2, $1, $4::jsonb FROM users u
         JOIN jsonb_to_recordset($3::jsonb) AS x(role text, office text)
           ON u.role = x.role AND (x.office IS NULL OR u.office = x.office)
        WHERE u.active
       ON CONFLICT DO NOTHING RETURNING id`,
      [groupKey, kind, JSON.stringify(recipients), JSON.stringify(body)],
    );
    return res.length;
  }

  /**
   * One notification per active user of the given (role, office) pairs for an event of a case (the receiving office
   * told of a withdrawal, a no-show, a changed date...), idempotent on the group key (case, version, kind): the same
   * committed change projected twice (API, then the reconciler) notifies nobody twice. Returns how many were written.
   */
  async notifyCaseEvent(
    caseId: string,
    groupKey: string,
    kind: string,
    recipients: { role: string; office: string }[],
    body: object,
  ): Promise<number> {
    if (!recipients.length) return 0;
    const res = await this.db.query(
      `INSERT INTO notifications (user_id, kind, case_id, group_key, body)
       SELECT DISTINCT u.id, $2, $5::uuid, $1, $4::jsonb FROM users u
         JOIN jsonb_to_recordset($3::jsonb) AS x(role text, office text)
           ON u.role = x.role AND u.office = x.office
        WHERE u.active
       ON CONFLICT DO NOTHING RETURNING id`,
      [groupKey, kind, JSON.stringify(recipients), JSON.stringify(body), caseId],
    );
    return res.length;
  }

  /** The body of a case-event notification, for its office webhook (any recipient's row: they are the same). */
  async caseEventBody(groupKey: string): Promise<{ caseId: string | null; body: Record<string, unknown> } | null> {
    const rows: { case_id: string | null; body: Record<string, unknown> }[] = await this.db.query(
      'SELECT case_id, body FROM notifications WHERE group_key = $1 ORDER BY id LIMIT 1',
      [groupKey],
    );
    return rows.length ? { caseId: rows[0].case_id, body: rows[0].body } : null;
  }
}
