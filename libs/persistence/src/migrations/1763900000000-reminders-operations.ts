import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders (source of truth for the BullMQ delayed jobs), their deliveries (exactly once: a unique constraint),
 * in-app notifications, per-office settings (calendar, SLA overrides, webhook), SLA alerts, the stuck-case monitor's
 * findings, and the operations actions with their append-only audit. Ids, codes and dates only: no names.
 */
export class RemindersOperations1763900000000 implements MigrationInterface {
  name = 'RemindersOperations1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reminders (
      id varchar(200) PRIMARY KEY,
      case_id uuid NOT NULL,
      kind varchar(40) NOT NULL,
      subject varchar(120) NOT NULL,
      step integer NOT NULL,
      recipients jsonb NOT NULL,
      recipient_user_id uuid,
      due_at timestamptz NOT NULL,
      status varchar(16) NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'CANCELLED')),
      revision integer NOT NULL DEFAULT 1,
      case_version integer NOT NULL,
      fired_at timestamptz,
      cancelled_reason varchar(200),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX reminders_pending_idx ON reminders (due_at) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX reminders_case_idx ON reminders (case_id)`);
    // A reminder re-armed by a change (a rebooking after the first call) is a new revision, delivered once more.
    await q.query(`CREATE TABLE reminder_deliveries (
      id bigserial PRIMARY KEY,
      reminder_id varchar(200) NOT NULL REFERENCES reminders(id),
      revision integer NOT NULL,
      case_id uuid NOT NULL,
      kind varchar(40) NOT NULL,
      due_at timestamptz NOT NULL,
      delivered_at timestamptz NOT NULL,
      lateness_ms bigint NOT NULL,
      recipients integer NOT NULL,
      UNIQUE (reminder_id, revision)
    )`);
    await q.query(`CREATE INDEX reminder_deliveries_at_idx ON reminder_deliveries (delivered_at)`);
    await q.query(`CREATE TABLE notifications (
      id bigserial PRIMARY KEY,
      user_id uuid NOT NULL,
      kind varchar(40) NOT NULL,
      case_id uuid,
      reminder_id varchar(200),
      delivery_id bigint,
      group_key varchar(200),
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      UNIQUE (delivery_id, user_id),
      UNIQUE (group_key, user_id)
    )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
    await q.query(`CREATE TABLE office_settings (
      office varchar(32) PRIMARY KEY REFERENCES offices(code),
      weekend_days integer[] NOT NULL DEFAULT '{0,6}',
      holidays date[] NOT NULL DEFAULT '{}',
      sla_overrides jsonb NOT NULL DEFAULT '{}',
      webhook_url varchar(500),
      webhook_secret varchar(200)
    )`);
    await q.query(`CREATE TABLE sla_alerts (
      case_id uuid NOT NULL,
      stage varchar(32) NOT NULL,
      stage_entered_at timestamptz NOT NULL,
      level varchar(16) NOT NULL CHECK (level IN ('ALERT', 'ESCALATE')),
      office varchar(32) NOT NULL,
      raised_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, stage_entered_at, level)
    )`);
    await q.query(`CREATE TABLE stuck_items (
      case_id uuid NOT NULL,
      kind varchar(16) NOT NULL CHECK (kind IN ('BUSINESS', 'TECHNICAL')),
      reason varchar(40) NOT NULL,
      stage varchar(32),
      office varchar(32),
      country char(2),
      since timestamptz NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      suggested_action varchar(200) NOT NULL,
      scanned_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, kind, reason)
    )`);
    await q.query(`CREATE TABLE ops_actions (
      id uuid PRIMARY KEY,
      action varchar(32) NOT NULL,
      case_ids uuid[] NOT NULL,
      params jsonb NOT NULL DEFAULT '{}',
      reason varchar(500) NOT NULL,
      requested_by uuid NOT NULL,
      approved_by uuid,
      status varchar(24) NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'EXECUTED', 'PARTIAL', 'FAILED', 'REJECTED')),
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      CHECK (approved_by IS NULL OR approved_by <> requested_by)
    )`);
    await q.query(`CREATE TABLE case_ops_audit (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      action_id uuid NOT NULL,
      action varchar(32) NOT NULL,
      actor_id uuid NOT NULL,
      approved_by uuid,
      reason varchar(500) NOT NULL,
      outcome varchar(24) NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX case_ops_audit_case_idx ON case_ops_audit (case_id, recorded_at)`);
    await q.query(`CREATE TRIGGER case_ops_audit_no_update BEFORE UPDATE OR DELETE ON case_ops_audit
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'case_ops_audit',
      'ops_actions',
      'stuck_items',
      'sla_alerts',
      'office_settings',
      'notifications',
      'reminder_deliveries',
      'reminders',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
