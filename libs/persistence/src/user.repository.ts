import type { Role } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { affected } from './reminder.repository';

/** The languages of the console (a user's preference). */
export const LANGUAGES = ['en', 'fr', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  office: string | null;
  country: string | null;
  displayName: string;
  active: boolean;
  /** The console language the user chose; null: none chosen (the browser's). */
  language?: Language | null;
  /** Tokens issued under an older version are refused (force sign-out); 0 for a new user. */
  sessionVersion?: number;
  /** The IANA time zone of the user's office (dates on the console); null without an office. */
  officeTimeZone?: string | null;
}
export interface OfficeRecord {
  code: string;
  kind: 'HOST' | 'COO';
  country: string;
  name: string;
  timeZone: string;
}

/** A row of `users`, as node-postgres returns it. */
interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  office: string | null;
  country: string | null;
  display_name: string;
  active: boolean;
  language?: Language | null;
  session_version?: number;
  office_time_zone?: string | null;
}

const toUser = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  role: r.role,
  office: r.office,
  country: r.country,
  displayName: r.display_name,
  active: r.active,
  language: r.language ?? null,
  sessionVersion: r.session_version ?? 0,
  officeTimeZone: r.office_time_zone ?? null,
});

@Injectable()
export class UserRepository {
  constructor(private readonly db: DataSource) {}

  async findByUsername(username: string): Promise<UserRecord | null> {
    const rows = await this.db.query(
      `SELECT u.*, o.time_zone AS office_time_zone FROM users u LEFT JOIN offices o ON o.code = u.office WHERE u.username = $1`,
      [username],
    );
    return rows.length ? toUser(rows[0]) : null;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const rows = await this.db.query(
      `SELECT u.*, o.time_zone AS office_time_zone FROM users u LEFT JOIN offices o ON o.code = u.office WHERE u.id = $1`,
      [id],
    );
    return rows.length ? toUser(rows[0]) : null;
  }

  /** Replaces a password hash by a stronger one (rehash at sign-in), unless it changed meanwhile (a reset). */
  async setPasswordHash(id: string, previous: string, next: string): Promise<void> {
    await this.db.query('UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2', [
      id,
      previous,
      next,
    ]);
  }

  /** What the guard checks on every request: is the user still active, and under which session version. */
  async sessionState(id: string): Promise<{ active: boolean; sessionVersion: number } | null> {
    const rows: { active: boolean; session_version: number }[] = await this.db.query(
      'SELECT active, session_version FROM users WHERE id = $1',
      [id],
    );
    return rows.length ? { active: rows[0].active, sessionVersion: rows[0].session_version } : null;
  }

  /** Stores the user's console language; false when there is no such user. */
  async setLanguage(id: string, language: Language | null): Promise<boolean> {
    return affected(await this.db.query('UPDATE users SET language = $2 WHERE id = $1', [id, language])) > 0;
  }

  /** Display names of staff users by id (the audit trail's actors); ids that are not users are left out. */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!uuids.length) return new Map();
    const rows: { id: string; display_name: string }[] = await this.db.query(
      'SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])',
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** Creates the user or leaves an existing one untouched (seeding is idempotent and never resets a password). */
  async insertIfMissing(user: UserRecord): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO users (id, username, password_hash, role, office, country, display_name, active)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [user.id, user.username, user.passwordHash, user.role, user.office, user.country, user.displayName, user.active],
    );
    return rows.length > 0;
  }

  async upsertOffice(office: OfficeRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO offices (code, kind, country, name, time_zone) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, country = EXCLUDED.country, name = EXCLUDED.name,
         time_zone = EXCLUDED.time_zone`,
      [office.code, office.kind, office.country, office.name, office.timeZone],
    );
  }

  async findOffice(code: string): Promise<OfficeRecord | null> {
    const rows = await this.db.query('SELECT * FROM offices WHERE code = $1', [code]);
    return rows.length
      ? {
          code: rows[0].code,
          kind: rows[0].kind,
          country: rows[0].country,
          name: rows[0].name,
          timeZone: rows[0].time_zone,
        }
      : null;
  }

  /** The receiving office for returnees to a country (the first COO office of that country). */
  async receivingOfficeFor(country: string): Promise<OfficeRecord | null> {
    const rows = await this.db.query(
      `SELECT * FROM offices WHERE kind = 'COO' AND country = $1 ORDER BY code LIMIT 1`,
      [country],
    );
    return rows.length
      ? {
          code: rows[0].code,
          kind: rows[0].kind,
          country: rows[0].country,
          name: rows[0].name,
          timeZone: rows[0].time_zone,
        }
      : null;
  }
}
