import { loadConfig } from '@avrr/config';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { ColumnCipher } from '../column-cipher';
import { refillVulnerabilityCounts } from '../report-facts.statements';
import { COUNT_COLUMNS, counterColumn, fillReportCounts } from '../report-counters';

/**
 * Issue 12, speed at a million people: the breakdown pre-aggregate `report_counts` (report-counters.ts), so the
 * pipeline per person and per case, the withdrawal, cancellation and closure reasons and the two headlines read a few
 * counter rows per day instead of one row per person of the period. Filled from the reporting rows already written;
 * the projection keeps it from then on, in the transaction of each change.
 *
 * And the filters where the rows are: the office and country columns are copied onto the per-case rows (documents,
 * activities, tranches, visits, RSS), with the plan date on the activities and the sex of the principal applicant and
 * the plan's activity types on the surveys, so an indicator reads one index range of its own date instead of joining
 * every case; the case row gets its activity count and first complete endline survey (the RSS response rate). The
 * indexes of those ranges carry the columns the indicators read (REPORT_RANGE_INDEXES), the date of birth's too, for
 * the exact age pass over the birth years that straddle an age boundary.
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
    // The vulnerability counters counted an inbound returnee's opening as a request received (the pipeline never did).
    await refillVulnerabilityCounts(q, () => new ColumnCipher(loadConfig().piiKey));

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
    for (const { name, replaces } of REPORT_RANGE_INDEXES) {
      if (replaces) await q.query(`DROP INDEX IF EXISTS ${name}`);
    }
    await createReportRangeIndexes(q);
    // What no query reads any more (the periods' windows, the cohorts now counted from counters or case rows): every
    // projection rewrites a case's rows, and each index is written with them.
    for (const { name } of OBSOLETE_REPORT_INDEXES) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const { create } of OBSOLETE_REPORT_INDEXES) await q.query(create);
    for (const { name, replaces } of REPORT_RANGE_INDEXES) {
      await q.query(`DROP INDEX ${name}`);
      if (replaces) await q.query(replaces);
    }
    const scope = 'host_office, DROP COLUMN receiving_office, DROP COLUMN country_of_origin';
    await q.query('ALTER TABLE report_rss DROP COLUMN activity_types, DROP COLUMN principal_sex, DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_visits DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_tranches DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_activities DROP COLUMN plan_agreed_at, DROP COLUMN ' + scope);
    await q.query('ALTER TABLE report_documents DROP COLUMN country_of_origin');
    await q.query('ALTER TABLE report_cases DROP COLUMN endline_at, DROP COLUMN activity_count');
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

const SCOPE = 'host_office, receiving_office, country_of_origin';

/**
 * The dated facts each indicator reads by an index range, with what it filters on and counts in the index itself
 * (INCLUDE), so a report reads the index alone (an index-only scan where the table's pages are all-visible, as
 * autovacuum leaves them) instead of visiting one table page per row: a quarter's rows are spread over the whole
 * table. `replaces`: the plain index of an earlier migration this one drops (and `down` puts back).
 */
export const REPORT_RANGE_INDEXES: { name: string; create: string; replaces?: string }[] = [
  {
    name: 'report_individuals_birth_idx',
    // The exact age pass over the birth years that straddle an age boundary (report.repository.ts pipeline).
    create: `ON report_individuals (date_of_birth) INCLUDE (last_event_at, received_at, ${SCOPE}, inbound,
      registered_at, approved_at, departed_at, arrived_at, withdrawn_at, cancelled_at, counselled_at, booking_count,
      no_show_count, rebooking_count)`,
  },
  {
    name: 'report_cases_registered_idx',
    create: `ON report_cases (registered_at) INCLUDE (received_at, ${SCOPE}) WHERE registered_at IS NOT NULL`,
  },
  {
    name: 'report_cases_approved_idx',
    create: `ON report_cases (approved_at) INCLUDE (registered_at, ${SCOPE}) WHERE approved_at IS NOT NULL`,
  },
  {
    name: 'report_cases_departed_idx',
    create: `ON report_cases (departed_at) INCLUDE (approved_at, registered_at, ${SCOPE}) WHERE departed_at IS NOT NULL`,
  },
  {
    name: 'report_cases_arrived_idx',
    create: `ON report_cases (arrived_at) INCLUDE (departed_at, case_id, returnee_count, counselled_at, plan_agreed_at,
      activity_count, endline_at, ${SCOPE}) WHERE arrived_at IS NOT NULL`,
    replaces: 'CREATE INDEX report_cases_arrived_idx ON report_cases (arrived_at) WHERE arrived_at IS NOT NULL',
  },
  {
    name: 'report_cases_counselled_idx',
    create: `ON report_cases (counselled_at) INCLUDE (arrived_at, ${SCOPE}) WHERE counselled_at IS NOT NULL`,
  },
  {
    name: 'report_cases_plan_agreed_idx',
    create: `ON report_cases (plan_agreed_at) INCLUDE (arrived_at, currency, budgeted, ${SCOPE})
      WHERE plan_agreed_at IS NOT NULL`,
  },
  {
    name: 'report_activities_plan_idx',
    create: `ON report_activities (plan_agreed_at) INCLUDE (activity_type, level, ${SCOPE})`,
  },
  {
    name: 'report_documents_decided_idx',
    create: `ON report_documents (decided_at) INCLUDE (requested_at, status, authority, host_office, country_of_origin)`,
    replaces: 'CREATE INDEX report_documents_decided_idx ON report_documents (decided_at)',
  },
  {
    // Documents pending on a reference date: the undecided ones, and those decided after it (the index above).
    name: 'report_documents_undecided_idx',
    create: `ON report_documents (requested_at) INCLUDE (status, authority, host_office, country_of_origin)
      WHERE decided_at IS NULL`,
  },
  {
    name: 'report_tranches_paid_idx',
    create: `ON report_tranches (paid_at) INCLUDE (status, case_id, currency, amount, modality, ${SCOPE})`,
    replaces: 'CREATE INDEX report_tranches_paid_idx ON report_tranches (paid_at)',
  },
  {
    name: 'report_tranches_open_idx',
    create: `ON report_tranches (due_date) INCLUDE (case_id, currency, amount, ${SCOPE})
      WHERE status IN ('PLANNED', 'REQUESTED', 'APPROVED')`,
    replaces: `CREATE INDEX report_tranches_open_idx ON report_tranches (due_date)
      WHERE status IN ('PLANNED', 'REQUESTED', 'APPROVED')`,
  },
  {
    name: 'report_visits_due_idx',
    create: `ON report_visits (due_on) INCLUDE (done_at, ${SCOPE})`,
    replaces: 'CREATE INDEX report_visits_due_idx ON report_visits (due_on)',
  },
  {
    name: 'report_rss_effective_idx',
    create: `ON report_rss (effective_at) INCLUDE (incomplete, economic, social, psychosocial, composite,
      principal_sex, activity_types, ${SCOPE})`,
    replaces: 'CREATE INDEX report_rss_effective_idx ON report_rss (effective_at)',
  },
];

/** Creates REPORT_RANGE_INDEXES (the ones they replace already dropped). */
export async function createReportRangeIndexes(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  for (const { name, create } of REPORT_RANGE_INDEXES) await q.query(`CREATE INDEX ${name} ${create}`);
}

/** Indexes of earlier migrations that no report reads after this one: dropped (and put back by `down`). */
const OBSOLETE_REPORT_INDEXES: { name: string; create: string }[] = [
  ...(['report_individuals', 'report_cases'] as const).flatMap((t) => [
    { name: `${t}_period_idx`, create: `CREATE INDEX ${t}_period_idx ON ${t} (last_event_at, received_at)` },
    {
      name: `${t}_office_period_idx`,
      create: `CREATE INDEX ${t}_office_period_idx ON ${t} (host_office, last_event_at, received_at)`,
    },
  ]),
  ...['arrived', 'departed', 'counselled', 'withdrawn', 'cancelled'].map((step) => ({
    name: `report_individuals_${step}_idx`,
    create: `CREATE INDEX report_individuals_${step}_idx ON report_individuals (${step}_at) WHERE ${step}_at IS NOT NULL`,
  })),
  {
    name: 'report_cases_closed_idx',
    create: 'CREATE INDEX report_cases_closed_idx ON report_cases (closed_at) WHERE closed_at IS NOT NULL',
  },
  {
    name: 'report_documents_requested_idx',
    create: 'CREATE INDEX report_documents_requested_idx ON report_documents (requested_at)',
  },
];
