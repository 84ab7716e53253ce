import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models (no names in `cases`), personal data (`individuals`, `case_members`), the append-only audit
 * (`case_events`), users and offices, and the idempotency keys of HTTP commands.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE offices (
      code varchar(32) PRIMARY KEY,
      kind varchar(8) NOT NULL CHECK (kind IN ('HOST', 'COO')),
      country char(2) NOT NULL,
      name varchar(120) NOT NULL,
      time_zone varchar(64) NOT NULL
    )`);
    await q.query(`CREATE TABLE users (
      id uuid PRIMARY KEY,
      username varchar(64) NOT NULL UNIQUE,
      password_hash varchar(255) NOT NULL,
      role varchar(32) NOT NULL,
      office varchar(32) REFERENCES offices(code),
      country char(2),
      display_name varchar(120) NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE cases (
      id uuid PRIMARY KEY,
      reference varchar(32) NOT NULL UNIQUE,
      stage varchar(32) NOT NULL,
      version integer NOT NULL,
      host_office varchar(32) NOT NULL,
      country_of_origin char(2) NOT NULL,
      receiving_office varchar(32),
      programme varchar(64),
      referral_source varchar(64) NOT NULL,
      member_count integer NOT NULL,
      adult_count integer NOT NULL,
      child_count integer NOT NULL,
      vulnerable boolean NOT NULL DEFAULT false,
      holds text[] NOT NULL DEFAULT '{}',
      opened_at timestamptz NOT NULL,
      stage_entered_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      closure_reason varchar(64),
      view jsonb NOT NULL,
      view_sensitive text
    )`);
    await q.query(`CREATE INDEX cases_list_idx ON cases (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX cases_office_stage_idx ON cases (host_office, stage)`);
    await q.query(`CREATE INDEX cases_receiving_idx ON cases (receiving_office, stage)`);
    await q.query(`CREATE INDEX cases_country_idx ON cases (country_of_origin)`);
    await q.query(`CREATE TABLE individuals (
      id uuid PRIMARY KEY,
      given_name varchar(120) NOT NULL,
      family_name varchar(120) NOT NULL,
      aliases text[] NOT NULL DEFAULT '{}',
      sex char(1) NOT NULL CHECK (sex IN ('F', 'M', 'X')),
      date_of_birth date NOT NULL,
      date_of_birth_estimated boolean NOT NULL,
      nationality_declared char(2) NOT NULL,
      nationality_confirmed char(2),
      languages text[] NOT NULL DEFAULT '{}',
      phone varchar(32),
      email varchar(254),
      address varchar(500),
      special_category_enc text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX individuals_dedupe_idx ON individuals (lower(family_name), date_of_birth)`);
    await q.query(`CREATE TABLE case_members (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      individual_id uuid NOT NULL REFERENCES individuals(id),
      position integer NOT NULL,
      relationship varchar(16) NOT NULL,
      guardian_member_ids uuid[] NOT NULL DEFAULT '{}',
      data_consent boolean NOT NULL,
      consent_signatory varchar(16),
      consent_form_version varchar(32),
      consent_language varchar(16),
      consent_recorded_at timestamptz,
      UNIQUE (case_id, position)
    )`);
    await q.query(`CREATE INDEX case_members_case_idx ON case_members (case_id)`);
    await q.query(`CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      version integer NOT NULL,
      command_id varchar(128) NOT NULL,
      command_type varchar(64) NOT NULL,
      actor_id varchar(64) NOT NULL,
      actor_role varchar(32) NOT NULL,
      effective_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      from_stage varchar(32) NOT NULL,
      to_stage varchar(32) NOT NULL,
      events jsonb NOT NULL,
      events_sealed text NOT NULL,
      UNIQUE (case_id, version)
    )`);
    // Append-only: the audit trail is never edited or deleted, not even by a buggy activity.
    await q.query(`CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$`);
    await q.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`CREATE TABLE idempotency_keys (
      scope varchar(160) NOT NULL,
      key varchar(128) NOT NULL,
      request_hash char(64) NOT NULL,
      resource_id uuid NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'case_events',
      'case_members',
      'individuals',
      'cases',
      'users',
      'offices',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS case_events_append_only`);
  }
}
