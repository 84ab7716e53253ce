import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Administration (issue 13):
 * - `users.session_version`: every token carries the version it was issued under; the guard refuses a token whose
 *   version is behind the user's (force sign-out, password reset, role change and disabling bump it). A counter rather
 *   than a "tokens valid after" time: token `iat` has a one-second resolution, a counter has none of that ambiguity.
 * - `users.updated_at`, `offices.currency` (ISO 4217; NULL until an administrator sets it).
 * - `admin_audit`: who did what to which user or office, when, the record before and after (never a password hash).
 */
export class Administration1764500000000 implements MigrationInterface {
  name = 'Administration1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query('ALTER TABLE offices ADD COLUMN currency char(3)');
    await q.query(`CREATE TABLE admin_audit (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      actor_username varchar(64) NOT NULL,
      action varchar(48) NOT NULL,
      target_type varchar(16) NOT NULL CHECK (target_type IN ('USER', 'OFFICE')),
      target_id varchar(64) NOT NULL,
      before jsonb,
      after jsonb
    )`);
    await q.query('CREATE INDEX admin_audit_target_idx ON admin_audit (target_type, target_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS admin_audit');
    await q.query('ALTER TABLE offices DROP COLUMN IF EXISTS currency');
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS session_version, DROP COLUMN IF EXISTS updated_at');
  }
}
