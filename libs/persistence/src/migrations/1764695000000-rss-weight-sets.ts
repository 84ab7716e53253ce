import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RSS weight sets (issue 10; AVRR.md §14 principle 10: "their weights are versioned data"): an administrator adds a
 * weight set for an instrument version through the API; a survey recorded afterwards is scored with the newest set of
 * its instrument and keeps that set's version, and any stored survey can be scored again under another set.
 * - `rss_weight_sets`: version (the key every score names), instrument version, provisional flag, the dimension and
 *   composite weights by indicator, who added it and when. Append-only: a score names its weights for ever, so a set
 *   is never changed or removed (a correction is a new version).
 * - `admin_audit.target_type` takes RSS_WEIGHTS: adding a set is audited with the other administrative changes.
 */
export class RssWeightSets1764695000000 implements MigrationInterface {
  name = 'RssWeightSets1764695000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rss_weight_sets (
      version varchar(32) PRIMARY KEY,
      instrument_version varchar(32) NOT NULL,
      provisional boolean NOT NULL,
      dimension jsonb NOT NULL,
      composite jsonb NOT NULL,
      created_by uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      seq bigserial NOT NULL UNIQUE
    )`);
    // The newest set of an instrument: the highest seq (two sets added in the same instant still have an order).
    await q.query('CREATE INDEX rss_weight_sets_instrument_idx ON rss_weight_sets (instrument_version, seq DESC)');
    await q.query(`CREATE FUNCTION rss_weight_sets_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'rss_weight_sets is append-only: add a new version instead'; END $$`);
    await q.query(`CREATE TRIGGER rss_weight_sets_no_update BEFORE UPDATE OR DELETE ON rss_weight_sets
      FOR EACH ROW EXECUTE FUNCTION rss_weight_sets_append_only()`);
    await q.query('ALTER TABLE admin_audit DROP CONSTRAINT IF EXISTS admin_audit_target_type_check');
    await q.query(`ALTER TABLE admin_audit ADD CONSTRAINT admin_audit_target_type_check
      CHECK (target_type IN ('USER', 'OFFICE', 'RSS_WEIGHTS'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM admin_audit WHERE target_type = 'RSS_WEIGHTS'`);
    await q.query('ALTER TABLE admin_audit DROP CONSTRAINT IF EXISTS admin_audit_target_type_check');
    await q.query(`ALTER TABLE admin_audit ADD CONSTRAINT admin_audit_target_type_check
      CHECK (target_type IN ('USER', 'OFFICE'))`);
    await q.query('DROP TABLE IF EXISTS rss_weight_sets');
    await q.query('DROP FUNCTION IF EXISTS rss_weight_sets_append_only');
  }
}
