import { loadConfig } from '@avrr/config';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { ColumnCipher } from '../column-cipher';
import { COUNTER_COLUMNS, counterColumn, counterRowsSql } from '../report-counters';

/**
 * Issue 12, speed and privacy of the reporting read model.
 *
 * - Vulnerability types leave report_individuals in clear: they are sealed (ColumnCipher, as the case's special
 *   categories) in `vulnerabilities_sealed`, and the indicators read `report_vulnerability_counts`, a pre-aggregate
 *   with no case, member or person id (see report-counters.ts), kept by the projection in the transaction of each
 *   change. Existing rows are counted, then sealed with the configured key, then the clear column is dropped.
 * - Indexes for the indicators that read one dated fact (withdrawals, cancellations, closures), the cases over SLA
 *   now, and the keyset page of the stuck monitor's list (GET /ops/stuck).
 */
export class ReportSpeedPrivacy1764600000000 implements MigrationInterface {
  name = 'ReportSpeedPrivacy1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE report_vulnerability_counts (
      office varchar(32) NOT NULL,
      country varchar(2) NOT NULL,
      day date NOT NULL,
      until_day date NOT NULL,
      vulnerability varchar(32) NOT NULL,
      ${COUNTER_COLUMNS.map((c) => `${counterColumn(c)} integer NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (office, country, day, until_day, vulnerability)
    )`);
    await q.query(`INSERT INTO report_vulnerability_counts (day, until_day, office, country, vulnerability,
        ${COUNTER_COLUMNS.map(counterColumn).join(', ')})
      ${counterRowsSql(`(SELECT host_office, receiving_office, country_of_origin, vulnerabilities, inbound, received_at,
        registered_at, approved_at, departed_at, arrived_at, withdrawn_at, cancelled_at, counselled_at, booking_count,
        no_show_count, rebooking_count, 1 AS sign FROM report_individuals)`)}`);
    await q.query('ALTER TABLE report_individuals ADD COLUMN vulnerabilities_sealed text');
    const [{ n }]: { n: number }[] = await q.query(
      'SELECT count(*)::int AS n FROM report_individuals WHERE cardinality(vulnerabilities) > 0',
    );
    if (n > 0) {
      const cipher = new ColumnCipher(loadConfig().piiKey);
      for (;;) {
        const rows: { case_id: string; member_id: string; vulnerabilities: string[] }[] = await q.query(
          `SELECT case_id, member_id, vulnerabilities FROM report_individuals
            WHERE cardinality(vulnerabilities) > 0 AND vulnerabilities_sealed IS NULL LIMIT 5000`,
        );
        if (!rows.length) break;
        await q.query(
          `UPDATE report_individuals i SET vulnerabilities_sealed = x.sealed
             FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, member_id text, sealed text)
            WHERE i.case_id = x.case_id AND i.member_id = x.member_id`,
          [
            JSON.stringify(
              rows.map((r) => ({
                case_id: r.case_id,
                member_id: r.member_id,
                sealed: cipher.encryptJson([...r.vulnerabilities].sort()),
              })),
            ),
          ],
        );
      }
    }
    await q.query('ALTER TABLE report_individuals DROP COLUMN vulnerabilities');

    for (const col of ['withdrawn_at', 'cancelled_at'])
      await q.query(
        `CREATE INDEX report_individuals_${col.replace('_at', '')}_idx ON report_individuals (${col}) WHERE ${col} IS NOT NULL`,
      );
    await q.query('CREATE INDEX report_cases_closed_idx ON report_cases (closed_at) WHERE closed_at IS NOT NULL');
    await q.query('CREATE INDEX report_cases_arrived_idx ON report_cases (arrived_at) WHERE arrived_at IS NOT NULL');
    await q.query("CREATE INDEX cases_sla_state_idx ON cases (sla_state) WHERE sla_state IN ('ALERT', 'ESCALATE')");
    await q.query('CREATE INDEX stuck_items_page_idx ON stuck_items (since, case_id, kind, reason)');
  }

  async down(q: QueryRunner): Promise<void> {
    // The sealed types cannot be unsealed here without the key: going back leaves the column empty (the next change of
    // each case writes it again).
    for (const ix of [
      'stuck_items_page_idx',
      'cases_sla_state_idx',
      'report_cases_closed_idx',
      'report_cases_arrived_idx',
      'report_individuals_withdrawn_idx',
      'report_individuals_cancelled_idx',
    ])
      await q.query(`DROP INDEX IF EXISTS ${ix}`);
    await q.query("ALTER TABLE report_individuals ADD COLUMN vulnerabilities text[] NOT NULL DEFAULT '{}'");
    await q.query('ALTER TABLE report_individuals DROP COLUMN vulnerabilities_sealed');
    await q.query('DROP TABLE report_vulnerability_counts');
  }
}
