import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reporting read model (AVRR.md §12), written by the projection in the transaction of each change from the
 * facts the domain derives from the case state (reportFactsOf): one row per individual with the case's dates beside
 * the person's own (so most indicators read one table), one row per case, and the case's documents, plan activities,
 * tranches, planned monitoring visits and RSS results. Internal ids, codes, dates and amounts only: no names, no
 * document numbers. `version` is the case version the rows were derived from; the projection replaces a case's rows
 * only with a newer version, so replays and retries leave them as they are.
 *
 * `report_exports` is the audit of every report and export an M&E user ran (who, what, when, filters).
 */
export class Reporting1764520000000 implements MigrationInterface {
  name = 'Reporting1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_cases (
      case_id uuid PRIMARY KEY,
      version integer NOT NULL,
      stage varchar(32) NOT NULL,
      stage_entered_at timestamptz NOT NULL,
      host_office varchar(32) NOT NULL,
      receiving_office varchar(32),
      country_of_origin char(2) NOT NULL,
      inbound boolean NOT NULL,
      member_count integer NOT NULL,
      returnee_count integer NOT NULL,
      principal_sex char(1),
      vulnerable boolean NOT NULL,
      received_at timestamptz NOT NULL,
      registered_at timestamptz,
      approved_at timestamptz,
      departed_at timestamptz,
      arrived_at timestamptz,
      withdrawn_at timestamptz,
      withdrawal_reason varchar(64),
      cancelled_at timestamptz,
      cancellation_reason varchar(64),
      closed_at timestamptz,
      closure_reason varchar(64),
      no_show_count integer NOT NULL,
      booking_count integer NOT NULL,
      rebooking_count integer NOT NULL,
      counselled_at timestamptz,
      plan_agreed_at timestamptz,
      currency char(3),
      budgeted numeric(14,2) NOT NULL DEFAULT 0,
      last_event_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE report_individuals (
      case_id uuid NOT NULL,
      member_id varchar(64) NOT NULL,
      version integer NOT NULL,
      host_office varchar(32) NOT NULL,
      receiving_office varchar(32),
      country_of_origin char(2) NOT NULL,
      nationality char(2),
      sex char(1) NOT NULL,
      date_of_birth date NOT NULL,
      vulnerabilities text[] NOT NULL DEFAULT '{}',
      inbound boolean NOT NULL,
      stage varchar(32) NOT NULL,
      received_at timestamptz NOT NULL,
      registered_at timestamptz,
      approved_at timestamptz,
      departed_at timestamptz,
      arrived_at timestamptz,
      withdrawn_at timestamptz,
      withdrawal_reason varchar(64),
      cancelled_at timestamptz,
      cancellation_reason varchar(64),
      closed_at timestamptz,
      closure_reason varchar(64),
      deceased_at timestamptz,
      no_show_count integer NOT NULL,
      booking_count integer NOT NULL,
      rebooking_count integer NOT NULL,
      counselled_at timestamptz,
      plan_agreed_at timestamptz,
      activity_count integer NOT NULL DEFAULT 0,
      last_event_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, member_id)
    )`);
    // A period's rows: every dated fact of a row lies between received_at and last_event_at, so a row has a fact in
    // [from, to] only if last_event_at >= from and received_at <= to (one index range instead of an OR of ten).
    await q.query('CREATE INDEX report_individuals_period_idx ON report_individuals (last_event_at, received_at)');
    await q.query(
      'CREATE INDEX report_individuals_office_period_idx ON report_individuals (host_office, last_event_at, received_at)',
    );
    // The cohorts counted from one date (arrivals, departures, reintegration counselling).
    for (const col of ['arrived_at', 'departed_at', 'counselled_at'])
      await q.query(
        `CREATE INDEX report_individuals_${col.replace('_at', '')}_idx ON report_individuals (${col}) WHERE ${col} IS NOT NULL`,
      );
    await q.query('CREATE INDEX report_cases_period_idx ON report_cases (last_event_at, received_at)');
    await q.query(
      'CREATE INDEX report_cases_office_period_idx ON report_cases (host_office, last_event_at, received_at)',
    );
    await q.query(`CREATE TABLE report_documents (
      case_id uuid NOT NULL,
      member_id varchar(64) NOT NULL,
      position integer NOT NULL,
      host_office varchar(32) NOT NULL,
      document_type varchar(32) NOT NULL,
      authority varchar(64),
      status varchar(32) NOT NULL,
      requested_at timestamptz,
      decided_at timestamptz,
      PRIMARY KEY (case_id, member_id, position)
    )`);
    await q.query('CREATE INDEX report_documents_requested_idx ON report_documents (requested_at)');
    await q.query('CREATE INDEX report_documents_decided_idx ON report_documents (decided_at)');
    await q.query(`CREATE TABLE report_activities (
      case_id uuid NOT NULL,
      activity_id varchar(64) NOT NULL,
      activity_type varchar(32) NOT NULL,
      dimension varchar(16) NOT NULL,
      level varchar(16) NOT NULL,
      budget numeric(14,2) NOT NULL,
      PRIMARY KEY (case_id, activity_id)
    )`);
    await q.query(`CREATE TABLE report_tranches (
      case_id uuid NOT NULL,
      tranche_id varchar(64) NOT NULL,
      amount numeric(14,2) NOT NULL,
      currency char(3) NOT NULL,
      status varchar(16) NOT NULL,
      modality varchar(16) NOT NULL,
      due_date date,
      paid_at timestamptz,
      PRIMARY KEY (case_id, tranche_id)
    )`);
    await q.query('CREATE INDEX report_tranches_paid_idx ON report_tranches (paid_at)');
    await q.query(
      `CREATE INDEX report_tranches_open_idx ON report_tranches (due_date) WHERE status IN ('PLANNED', 'REQUESTED', 'APPROVED')`,
    );
    await q.query(`CREATE TABLE report_visits (
      case_id uuid NOT NULL,
      visit_no integer NOT NULL,
      due_on date NOT NULL,
      done_at timestamptz,
      PRIMARY KEY (case_id, visit_no)
    )`);
    await q.query('CREATE INDEX report_visits_due_idx ON report_visits (due_on)');
    await q.query(`CREATE TABLE report_rss (
      case_id uuid NOT NULL,
      rss_id varchar(64) NOT NULL,
      timing varchar(16) NOT NULL,
      effective_at timestamptz NOT NULL,
      economic double precision,
      social double precision,
      psychosocial double precision,
      composite double precision,
      incomplete boolean NOT NULL,
      PRIMARY KEY (case_id, rss_id)
    )`);
    await q.query('CREATE INDEX report_rss_effective_idx ON report_rss (effective_at)');
    await q.query(`CREATE TABLE report_exports (
      id bigserial PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      role varchar(32) NOT NULL,
      report varchar(64) NOT NULL,
      format varchar(8) NOT NULL,
      filters jsonb NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX report_exports_at_idx ON report_exports (at DESC, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'report_exports',
      'report_rss',
      'report_visits',
      'report_tranches',
      'report_activities',
      'report_documents',
      'report_individuals',
      'report_cases',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
