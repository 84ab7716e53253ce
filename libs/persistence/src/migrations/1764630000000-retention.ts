import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (issue 11 item 4):
 * - `case_data_keys`: each case's payload data key (AES-256), wrapped by the payload master key. Temporal payloads of the
 *   case are encrypted under it; destroying it (wrapped_key NULL, destroyed_at set) makes the case's workflow history
 *   undecodable for good: crypto-shredding.
 * - `case_retention`: what of a case was erased and when; `anonymised_at` once every personal category is gone.
 * - `retention_runs`: each run of the retention job (dry or not): who asked, its progress and its report (counts only).
 * - The audit trail stays append-only, except for one thing the retention job does inside its own transaction
 *   (`SET LOCAL avrr.retention = 'on'`): replacing a row's sealed events by the sealed empty list. Nothing else of a row
 *   may change, and nothing may be deleted. Likewise dp_corrections: only emptying a row's sealed value.
 */
export class Retention1764630000000 implements MigrationInterface {
  name = 'Retention1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_data_keys (
      case_id uuid PRIMARY KEY,
      master_key_id varchar(64) NOT NULL,
      wrapped_key bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      destroyed_at timestamptz,
      CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
    )`);
    await q.query(`CREATE TABLE case_retention (
      case_id uuid PRIMARY KEY,
      erased text[] NOT NULL DEFAULT '{}',
      anonymised_at timestamptz,
      last_run_id uuid NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE retention_runs (
      id uuid PRIMARY KEY,
      dry_run boolean NOT NULL,
      trigger varchar(16) NOT NULL CHECK (trigger IN ('schedule', 'operator')),
      requested_by uuid,
      requested_role varchar(32),
      status varchar(16) NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
      as_of timestamptz NOT NULL,
      total integer NOT NULL DEFAULT 0,
      processed integer NOT NULL DEFAULT 0,
      counts jsonb NOT NULL DEFAULT '{}',
      stores jsonb NOT NULL DEFAULT '{}',
      anonymised integer NOT NULL DEFAULT 0,
      error varchar(200),
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz
    )`);
    await q.query('CREATE INDEX retention_runs_created_idx ON retention_runs (created_at DESC)');
    await q.query(`CREATE FUNCTION case_events_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('avrr.retention', true) = 'on'
           AND (to_jsonb(NEW) - 'events_sealed') = (to_jsonb(OLD) - 'events_sealed') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'case_events is append-only';
      END $$`);
    await q.query('DROP TRIGGER case_events_no_update ON case_events');
    await q.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_retention_guard()`);
    // The focal point's corrections (data-protection migration) hold corrected identity values: the same exception
    // lets the retention job empty a row's sealed value, nothing else.
    await q.query(`CREATE FUNCTION dp_corrections_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('avrr.retention', true) = 'on' AND NEW.value_sealed = ''
           AND (to_jsonb(NEW) - 'value_sealed') = (to_jsonb(OLD) - 'value_sealed') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'dp_corrections is append-only';
      END $$`);
    await q.query('DROP TRIGGER dp_corrections_no_update ON dp_corrections');
    await q.query(`CREATE TRIGGER dp_corrections_no_update BEFORE UPDATE OR DELETE ON dp_corrections
      FOR EACH ROW EXECUTE FUNCTION dp_corrections_retention_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER dp_corrections_no_update ON dp_corrections');
    await q.query(`CREATE TRIGGER dp_corrections_no_update BEFORE UPDATE OR DELETE ON dp_corrections
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query('DROP FUNCTION dp_corrections_retention_guard');
    await q.query('DROP TRIGGER case_events_no_update ON case_events');
    await q.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query('DROP FUNCTION case_events_retention_guard');
    await q.query('DROP TABLE retention_runs');
    await q.query('DROP TABLE case_retention');
    await q.query('DROP TABLE case_data_keys');
  }
}
