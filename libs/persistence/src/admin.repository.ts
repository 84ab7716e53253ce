import type { Role } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A staff user as administrators see them: no password hash, ever. */
export interface StaffRecord {
  id: string;
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
  displayName: string;
  active: boolean;
  sessionVersion: number;
  createdAt: string;
  updatedAt: string;
}

/** An office of the register with its settings (the webhook secret only as "set or not"). */
export interface OfficeRegisterRecord {
  code: string;
  kind: 'HOST' | 'COO';
  country: string;
  name: string;
  timeZone: string;
  currency: string | null;
  weekendDays: number[];
  holidays: string[];
  slaOverrides: Record<string, unknown>;
  webhookUrl: string | null;
  webhookSecretSet: boolean;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorUsername: string;
  action: string;
  targetType: AdminAuditTarget;
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** What an administrative change is about: a user, an office, an RSS weight set. */
export type AdminAuditTarget = 'USER' | 'OFFICE' | 'RSS_WEIGHTS';

export interface Actor {
  id: string | null;
  username: string;
}

export type UserChange = Partial<Pick<StaffRecord, 'role' | 'office' | 'country' | 'displayName' | 'active'>> & {
  passwordHash?: string;
  /** Bump the session version: every token issued before is refused from now on. */
  revokeSessions?: boolean;
};

interface OfficeRow {
  code: string;
  kind: 'HOST' | 'COO';
  country: string;
  name: string;
  time_zone: string;
  currency: string | null;
  weekend_days: number[] | null;
  holidays: string[] | null;
  sla_overrides: Record<string, unknown> | null;
  webhook_url: string | null;
  secret_set: boolean;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_username: string;
  action: string;
  target_type: AdminAuditTarget;
  target_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const STAFF_COLUMNS = `id, username, role, office, country, display_name, active, session_version, created_at, updated_at`;

interface StaffRow {
  id: string;
  username: string;
  role: Role;
  office: string | null;
  country: string | null;
  display_name: string;
  active: boolean;
  session_version: number;
  created_at: Date;
  updated_at: Date;
}

const toStaff = (r: StaffRow): StaffRecord => ({
  id: r.id,
  username: r.username,
  role: r.role,
  office: r.office,
  country: r.country ? r.country.trim() : null,
  displayName: r.display_name,
  active: r.active,
  sessionVersion: r.session_version,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/**
 * The staff and office registers as administrators change them. Every change writes its audit row in the same
 * transaction, so there is no change without its record and no record of a change that did not happen.
 */
@Injectable()
export class AdminRepository {
  constructor(private readonly db: DataSource) {}

  async listUsers(filter: { role?: Role; office?: string; active?: boolean }): Promise<StaffRecord[]> {
    const rows: StaffRow[] = await this.db.query(
      `SELECT ${STAFF_COLUMNS} FROM users
        WHERE ($1::text IS NULL OR role = $1) AND ($2::text IS NULL OR office = $2) AND ($3::boolean IS NULL OR active = $3)
        ORDER BY username`,
      [filter.role ?? null, filter.office ?? null, filter.active ?? null],
    );
    return rows.map(toStaff);
  }

  async findUser(id: string, m: EntityManager | DataSource = this.db): Promise<StaffRecord | null> {
    const rows: StaffRow[] = await m.query(`SELECT ${STAFF_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows.length ? toStaff(rows[0]) : null;
  }

  async countActiveAdmins(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`,
    );
    return rows[0].n;
  }

  /** Creates the user; null when the username is taken. */
  async createUser(
    actor: Actor,
    user: Omit<StaffRecord, 'sessionVersion' | 'createdAt' | 'updatedAt' | 'active'> & { passwordHash: string },
    action = 'USER_CREATED',
  ): Promise<StaffRecord | null> {
    return this.db.transaction(async (m) => {
      const rows: { id: string }[] = await m.query(
        `INSERT INTO users (id, username, password_hash, role, office, country, display_name, active)
         VALUES ($1,$2,$3,$4,$5,$6,$7,true) ON CONFLICT (username) DO NOTHING RETURNING id`,
        [user.id, user.username, user.passwordHash, user.role, user.office, user.country, user.displayName],
      );
      if (!rows.length) return null;
      const created = (await this.findUser(user.id, m))!;
      await this.audit(m, actor, action, 'USER', created.id, null, created);
      return created;
    });
  }

  /** Applies the change and audits it; null when there is no such user. The password hash never reaches the audit. */
  async updateUser(actor: Actor, id: string, change: UserChange, action: string): Promise<StaffRecord | null> {
    return this.db.transaction(async (m) => {
      const before = await this.findUser(id, m);
      if (!before) return null;
      await m.query(
        `UPDATE users SET role = coalesce($2, role), office = CASE WHEN $3 THEN $4 ELSE office END,
           country = CASE WHEN $3 THEN $5 ELSE country END, display_name = coalesce($6, display_name),
           active = coalesce($7, active), password_hash = coalesce($8, password_hash),
           session_version = session_version + CASE WHEN $9 THEN 1 ELSE 0 END, updated_at = now()
         WHERE id = $1`,
        [
          id,
          change.role ?? null,
          change.office !== undefined,
          change.office ?? null,
          change.country ?? null,
          change.displayName ?? null,
          change.active ?? null,
          change.passwordHash ?? null,
          !!change.revokeSessions,
        ],
      );
      const after = (await this.findUser(id, m))!;
      const audited = change.passwordHash ? { ...after, passwordChanged: true } : after;
      await this.audit(m, actor, action, 'USER', id, before, audited);
      return after;
    });
  }

  listOffices(): Promise<OfficeRegisterRecord[]> {
    return this.officesIn(this.db, null);
  }

  async findOffice(code: string): Promise<OfficeRegisterRecord | null> {
    return (await this.officesIn(this.db, code))[0] ?? null;
  }

  /**
   * Creates or changes an office: the register row (name, time zone, currency; kind and country only on creation,
   * since cases and users already point at the office as it is) and its settings row. `create` refuses an existing
   * code (null), an update refuses an unknown one (null).
   */
  async saveOffice(
    actor: Actor,
    code: string,
    register: Partial<Pick<OfficeRegisterRecord, 'kind' | 'country' | 'name' | 'timeZone' | 'currency'>>,
    settings: {
      weekendDays?: number[];
      holidays?: string[];
      slaOverrides?: Record<string, unknown>;
      webhookUrl?: string | null;
      webhookSecret?: string | null;
    },
    mode: 'create' | 'update',
  ): Promise<OfficeRegisterRecord | null> {
    return this.db.transaction(async (m) => {
      const exists = (await m.query('SELECT 1 FROM offices WHERE code = $1 FOR UPDATE', [code])).length > 0;
      if (exists !== (mode === 'update')) return null;
      const before = mode === 'update' ? await this.findOfficeIn(m, code) : null;
      if (mode === 'create') {
        await m.query(
          'INSERT INTO offices (code, kind, country, name, time_zone, currency) VALUES ($1,$2,$3,$4,$5,$6)',
          [code, register.kind, register.country, register.name, register.timeZone, register.currency ?? null],
        );
      } else {
        await m.query(
          `UPDATE offices SET name = coalesce($2, name), time_zone = coalesce($3, time_zone),
             currency = CASE WHEN $4 THEN $5 ELSE currency END WHERE code = $1`,
          [
            code,
            register.name ?? null,
            register.timeZone ?? null,
            register.currency !== undefined,
            register.currency ?? null,
          ],
        );
      }
      await m.query(
        `INSERT INTO office_settings (office, weekend_days, holidays, sla_overrides, webhook_url, webhook_secret)
         VALUES ($1, coalesce($2, '{0,6}'::int[]), coalesce($3, '{}'::date[]), coalesce($4, '{}'::jsonb), $5, $6)
         ON CONFLICT (office) DO UPDATE SET weekend_days = coalesce($2, office_settings.weekend_days),
           holidays = coalesce($3, office_settings.holidays), sla_overrides = coalesce($4, office_settings.sla_overrides),
           webhook_url = CASE WHEN $7 THEN $5 ELSE office_settings.webhook_url END,
           webhook_secret = CASE WHEN $7 THEN $6 ELSE office_settings.webhook_secret END`,
        [
          code,
          settings.weekendDays ?? null,
          settings.holidays ?? null,
          settings.slaOverrides ? JSON.stringify(settings.slaOverrides) : null,
          settings.webhookUrl ?? null,
          settings.webhookSecret ?? null,
          settings.webhookUrl !== undefined,
        ],
      );
      const after = (await this.findOfficeIn(m, code))!;
      await this.audit(
        m,
        actor,
        mode === 'create' ? 'OFFICE_CREATED' : 'OFFICE_UPDATED',
        'OFFICE',
        code,
        before,
        after,
      );
      return after;
    });
  }

  private async findOfficeIn(m: EntityManager, code: string): Promise<OfficeRegisterRecord | null> {
    return (await this.officesIn(m, code))[0] ?? null;
  }

  /** Offices joined with their settings (defaults: Saturday and Sunday off, no holidays, no overrides, no webhook). */
  private async officesIn(m: EntityManager | DataSource, code: string | null): Promise<OfficeRegisterRecord[]> {
    const rows: OfficeRow[] = await m.query(
      `SELECT o.code, o.kind, o.country, o.name, o.time_zone, o.currency, s.weekend_days,
              to_json(s.holidays) AS holidays, s.sla_overrides, s.webhook_url, s.webhook_secret IS NOT NULL AS secret_set
         FROM offices o LEFT JOIN office_settings s ON s.office = o.code
        WHERE $1::text IS NULL OR o.code = $1 ORDER BY o.code`,
      [code],
    );
    return rows.map((r) => ({
      code: r.code,
      kind: r.kind,
      country: String(r.country).trim(),
      name: r.name,
      timeZone: r.time_zone,
      currency: r.currency ? String(r.currency).trim() : null,
      weekendDays: r.weekend_days ?? [0, 6],
      holidays: r.holidays ?? [],
      slaOverrides: r.sla_overrides ?? {},
      webhookUrl: r.webhook_url ?? null,
      webhookSecretSet: !!r.secret_set,
    }));
  }

  /** The audit trail, newest first, keyset-paginated by id. */
  async auditLog(filter: {
    targetType?: AdminAuditTarget;
    targetId?: string;
    before?: string;
    limit: number;
  }): Promise<AuditEntry[]> {
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM admin_audit WHERE ($1::text IS NULL OR target_type = $1) AND ($2::text IS NULL OR target_id = $2)
         AND ($3::bigint IS NULL OR id < $3) ORDER BY id DESC LIMIT $4`,
      [filter.targetType ?? null, filter.targetId ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorUsername: r.actor_username,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      before: r.before,
      after: r.after,
    }));
  }

  private audit(
    m: EntityManager,
    actor: Actor,
    action: string,
    targetType: AdminAuditTarget,
    targetId: string,
    before: object | null,
    after: object | null,
  ): Promise<void> {
    return insertAdminAudit(m, actor, action, targetType, targetId, before, after);
  }
}

/** One administrative change in the audit trail (GET /admin/audit), inside the change's own transaction. */
export async function insertAdminAudit(
  m: EntityManager,
  actor: Actor,
  action: string,
  targetType: AdminAuditTarget,
  targetId: string,
  before: object | null,
  after: object | null,
): Promise<void> {
  await m.query(
    `INSERT INTO admin_audit (actor_id, actor_username, action, target_type, target_id, before, after)
     VALUES ($1,$2,$3,$4,$5,$6,$7)`,
    [
      actor.id,
      actor.username,
      action,
      targetType,
      targetId,
      before ? JSON.stringify(before) : null,
      after ? JSON.stringify(after) : null,
    ],
  );
}
