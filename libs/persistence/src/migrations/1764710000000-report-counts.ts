import { MigrationInterface, QueryRunner } from 'typeorm';
import { COUNT_COLUMNS, counterColumn, fillReportCounts } from '../report-counters';

/**
 * Issue 12, speed at a million people: the breakdown pre-aggregate `report_counts` (report-counters.ts), so the
 * pipeline per person and per case, the withdrawal, cancellation and closure reasons and the two headlines read a few
 * counter rows per day instead of one row per person of the period. Filled from the reporting rows already written;
 * the projection keeps it from then on, in the transaction of each change. Also an index on the date of birth, for
 * the exact age pass over the birth years that straddle an age boundary.
 *
 * And the filters where the rows are: the office and country columns are copied onto the per-case rows (documents,
 * activities, tranches, visits, RSS), with the plan date on the activities and the sex of the principal applicant and
 * the plan's activity types on the surveys, so an indicator reads one index range of its own date instead of joining
 * every case; the case row gets its activity count and first complete endline survey (the RSS response rate).
 */
export class ReportCounts1764710000000 implements MigrationInterface {
  name = 'ReportCounts1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_counts (
      unit char(1) NOT NULL,
      office varchar(32) NOT NULL,
      country varchar(2) NOT NULL,
      dim varchar(40) NOT NULL,
      day date NOT NULL,
      until_day date NOT NULL,
      key varchar(100) NOT NULL,
      ${COUNT_COLUMNS.map((c) => `${counterColumn(c)} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (unit, office, country, dim, day, until_day, key)
    )`);
    await fillReportCounts(q);
    await q.query('CREATE INDEX report_individuals_birth_idx ON report_individuals (date_of_birth)');

    const scope =
      'host_office varchar(32), ADD COLUMN receiving_office varchar(32), ADD COLUMN country_of_origin char(2)';
    await q.query(`ALTER TABLE report_cases ADD COLUMN activity_count integer NOT NULL DEFAULT 0,
      ADD COLUMN endline_at timestamptz`);
    await q.query('ALTER TABLE report_documents ADD COLUMN country_of_origin char(2)');
    await q.query(`ALTER TABLE report_activities ADD COLUMN ${scope}, ADD COLUMN plan_agreed_at timestamptz`);
    await q.query(`ALTER TABLE report_tranches ADD COLUMN ${scope}`);
    await q.query(`ALTER TABLE report_visits ADD COLUMN ${scope}`);
    await q.query(`ALTER TABLE report_rss ADD COLUMN ${scope}, ADD COLUMN principal_sex char(1),
      ADD COLUMN activity_types text[] NOT NULL DEFAULT '{}'`);
    await fillReportScopeColumns(q);
    // The dated facts each indicator reads by range, with what it filters and counts on the same row.
    for (const col of ['registered_at', 'approved_at', 'departed_at', 'counselled_at', 'plan_agreed_at'])
      await q.query(
        `CREATE INDEX report_cases_${col.replace('_at', '')}_idx ON report_cases (${col}) WHERE ${col} IS NOT NULL`,
      );
    await q.query('CREATE INDEX report_activities_plan_idx ON report_activities (plan_agreed_at)');
    // Documents pending on a reference date: the undecided ones (few), and those decided after it (by decided_at).
    await q.query(
      `CREATE INDEX report_documents_undecided_idx ON report_documents (requested_at) WHERE decided_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX report_documents_undecided_idx');
    await q.query('DROP INDEX report_activities_plan_idx');
    for (const col of ['registered', 'approved', 'departed', 'counselled', 'plan_agreed'])
      await q.query(`DROP INDEX report_cases_${col}_idx`);
    const scope = 'host_office, DROP COLUMN receiving_office, DROP COLUMN country_of_origin';
    await q.query('ALTER TABLE report_rss DROP COLUMN activity_types, DROP COLUMN principal_sex, DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_visits DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_tranches DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_activities DROP COLUMN plan_agreed_at, DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_documents DROP COLUMN country_of_origin');
    await q.query('ALTER TABLE report_cases DROP COLUMN endline_at, DROP COLUMN activity_count');
    await q.query('DROP INDEX report_individuals_birth_idx');
    await q.query('DROP TABLE report_counts');
  }
}

/**
 * Fills the columns this migration adds from the rows already written (the case row's filters, plan date and sex;
 * activity counts, activity types and the first complete endline survey). The reports benchmark's generator calls it
 * too, after writing its rows.
 */
export async function fillReportScopeColumns(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  await q.query(`UPDATE report_cases c SET
      activity_count = (SELECT count(*) FROM report_activities a WHERE a.case_id = c.case_id),
      endline_at = (SELECT min(r.effective_at) FROM report_rss r
                     WHERE r.case_id = c.case_id AND r.timing = 'ENDLINE' AND NOT r.incomplete)`);
  await q.query(`UPDATE report_documents d SET country_of_origin = c.country_of_origin
      FROM report_cases c WHERE c.case_id = d.case_id`);
  for (const t of ['report_activities', 'report_tranches', 'report_visits', 'report_rss'])
    await q.query(`UPDATE ${t} x SET host_office = c.host_office, receiving_office = c.receiving_office,
          country_of_origin = c.country_of_origin
          ${t === 'report_activities' ? ', plan_agreed_at = c.plan_agreed_at' : ''}
          ${t === 'report_rss' ? ', principal_sex = c.principal_sex' : ''}
        FROM report_cases c WHERE c.case_id = x.case_id`);
  await q.query(`UPDATE report_rss r SET activity_types = coalesce((SELECT array_agg(DISTINCT a.activity_type
        ORDER BY a.activity_type) FROM report_activities a WHERE a.case_id = r.case_id), '{}')`);
}
