/**
 * Synthetic reporting data straight into PostgreSQL (generate_series, one statement per table): `cases` cases of
 * 1 to 8 people (about 3.3 on average, so 300,000 cases make about a million people), over five years, with a
 * pre-departure funnel, reintegration for most arrivals, and the `cases` read-model rows the operations and case
 * lists page over. Deterministic (setseed). Ids, codes, dates and amounts only; no personal data at all.
 */
import type { DataSource } from 'typeorm';
import type { ColumnCipher } from '../../libs/persistence/src/column-cipher';
import {
  COUNTER_COLUMNS,
  counterColumn,
  counterRowsSql,
  fillReportCounts,
} from '../../libs/persistence/src/report-counters';
import { fillReportScopeColumns } from '../../libs/persistence/src/migrations/1764710000000-report-counts';

/** Offices, countries and reasons with realistic weights (Morocco: Rabat first; West and Central Africa). */
const PICK = (values: string[], weights: number[], r: string): string => {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const arms = values.map((v, i) => {
    acc += weights[i] / total;
    return `WHEN ${r} < ${acc.toFixed(4)} THEN '${v}'`;
  });
  return `(CASE ${arms.join(' ')} ELSE '${values[values.length - 1]}' END)`;
};

export async function generate(
  db: DataSource,
  cases: number,
  cipher: ColumnCipher,
  log: (s: string) => void,
): Promise<void> {
  const t0 = Date.now();
  await db.query('SELECT setseed(0.42)');
  await db.query(
    `TRUNCATE report_cases, report_individuals, report_documents, report_activities, report_tranches, report_visits,
      report_rss, report_vulnerability_counts, report_counts`,
  );
  await db.query(`DELETE FROM stuck_items WHERE case_id IN (SELECT id FROM cases WHERE reference LIKE 'BENCH-%')`);
  await db.query(`DELETE FROM cases WHERE reference LIKE 'BENCH-%'`);
  const office = PICK(['RABAT', 'CASABLANCA', 'OUJDA', 'TANGER', 'AGADIR'], [40, 25, 15, 10, 10], 'r1');
  const coo = PICK(['GN', 'CI', 'SN', 'ML', 'CM', 'NG', 'BF', 'MA'], [25, 18, 14, 12, 10, 8, 5, 8], 'r2');
  const size = `(CASE WHEN r3 < 0.25 THEN 1 WHEN r3 < 0.40 THEN 2 WHEN r3 < 0.55 THEN 3 WHEN r3 < 0.70 THEN 4
    WHEN r3 < 0.82 THEN 5 WHEN r3 < 0.91 THEN 6 WHEN r3 < 0.97 THEN 7 ELSE 8 END)`;
  const withdrawReason = PICK(['FAMILY_REASONS', 'CHANGED_MIND', 'FOUND_WORK', 'NOT_GIVEN'], [30, 30, 15, 25], 'r7');
  const cancelReason = PICK(
    ['INELIGIBLE', 'NATIONALITY_NOT_ESTABLISHED', 'DUPLICATE', 'FRAUD', 'FUNDING'],
    [40, 25, 15, 5, 15],
    'r7',
  );
  const closeReason = PICK(
    ['COMPLETED', 'SUPPORT_PERIOD_ENDED', 'LOST_CONTACT', 'RE_MIGRATED', 'OPTED_OUT', 'MOVED_AWAY'],
    [60, 12, 12, 8, 5, 3],
    'r8',
  );
  // One row per case with its random draws, then the dates of the funnel from them. OFFSET 0 fences each level:
  // flattened, every level would inline the ones below it, and the expressions grow exponentially (minutes per 10k).
  await db.query(
    `INSERT INTO report_cases
     SELECT id, 10, stage, coalesce(closed, withdrawn, cancelled, plan, counselled, arrived, departed, approved, registered, received),
       office, CASE WHEN arrived IS NOT NULL THEN coo || '-COO' END, coo, inbound, size,
       CASE WHEN arrived IS NOT NULL THEN size ELSE 0 END, CASE WHEN r4 < 0.7 THEN 'M' ELSE 'F' END, r5 < 0.18,
       received, registered, approved, departed, arrived, withdrawn,
       CASE WHEN withdrawn IS NOT NULL THEN ${withdrawReason} END, cancelled,
       CASE WHEN cancelled IS NOT NULL THEN ${cancelReason} END, closed, CASE WHEN closed IS NOT NULL THEN ${closeReason} END,
       no_shows, bookings, greatest(bookings - 1, 0), counselled, plan,
       CASE WHEN plan IS NOT NULL THEN CASE WHEN coo = 'MA' THEN 'MAD' ELSE 'EUR' END END,
       CASE WHEN plan IS NOT NULL THEN round((800 + r9 * 1200)::numeric, 2) ELSE 0 END,
       greatest(received, registered, approved, departed, arrived, withdrawn, cancelled, closed, counselled, plan)
     FROM (
       SELECT *,
         CASE WHEN closed IS NOT NULL THEN 'CLOSED' WHEN withdrawn IS NOT NULL THEN 'WITHDRAWN'
              WHEN cancelled IS NOT NULL THEN 'CANCELLED' WHEN plan IS NOT NULL THEN 'ASSISTANCE_IN_PROGRESS'
              WHEN counselled IS NOT NULL THEN 'REINTEGRATION_COUNSELLING' WHEN arrived IS NOT NULL THEN 'ARRIVED'
              WHEN departed IS NOT NULL THEN 'DEPARTED' WHEN approved IS NOT NULL THEN 'DOCUMENTATION'
              WHEN registered IS NOT NULL THEN 'COUNSELLING' ELSE 'REFERRED' END AS stage
       FROM (
         SELECT *,
           CASE WHEN plan0 IS NOT NULL AND r8 < 0.55 AND plan0 + interval '400 days' < '2026-06-30' THEN plan0 + interval '400 days' END AS closed,
           plan0 AS plan
         FROM (
           SELECT *,
             CASE WHEN counselled IS NOT NULL AND r6 < 0.9 THEN counselled + (5 + r4 * 40) * interval '1 day' END AS plan0
           FROM (
             SELECT *,
               CASE WHEN arrived IS NOT NULL AND r6 < 0.93 THEN arrived + (1 + r5 * 20) * interval '1 day' END AS counselled
             FROM (
               SELECT *, CASE WHEN departed IS NOT NULL THEN departed + (4 + r4 * 20) * interval '1 hour' END AS arrived
               FROM (
                 SELECT *,
                   CASE WHEN inbound THEN NULL WHEN approved IS NOT NULL AND r5 < 0.9 AND withdrawn IS NULL AND cancelled IS NULL
                        THEN approved + (14 + r6 * 80) * interval '1 day' END AS departed,
                   CASE WHEN approved IS NOT NULL AND r5 >= 0.9 THEN (CASE WHEN r6 < 0.5 THEN 1 ELSE 2 END)
                        WHEN approved IS NOT NULL AND r6 < 0.08 THEN 1 ELSE 0 END AS no_shows,
                   CASE WHEN approved IS NOT NULL AND r5 < 0.97 THEN 1 + (CASE WHEN r6 < 0.15 THEN 1 ELSE 0 END) ELSE 0 END AS bookings
                 FROM (
                   SELECT *,
                     CASE WHEN NOT inbound AND registered IS NOT NULL AND r7 < 0.78 THEN registered + (10 + r8 * 50) * interval '1 day' END AS approved,
                     CASE WHEN NOT inbound AND r7 >= 0.78 AND r7 < 0.90 THEN received + (5 + r9 * 60) * interval '1 day' END AS withdrawn,
                     CASE WHEN NOT inbound AND r7 >= 0.90 AND r7 < 0.96 THEN received + (10 + r9 * 60) * interval '1 day' END AS cancelled
                   FROM (
                     SELECT *, CASE WHEN inbound OR r6 < 0.93 THEN received + (r5 * 10) * interval '1 day' END AS registered
                     FROM (
                       SELECT *, coo = 'MA' AS inbound,
                         CASE WHEN coo = 'MA' THEN NULL END AS _i
                       FROM (
                         SELECT gen_random_uuid() AS id, ${office} AS office, ${coo} AS coo, ${size} AS size,
                           timestamptz '2021-01-01' + (r0 * 5 * 365) * interval '1 day' AS received,
                           r4, r5, r6, r7, r8, r9
                         FROM (SELECT random() r0, random() r1, random() r2, random() r3, random() r4, random() r5,
                                      random() r6, random() r7, random() r8, random() r9
                               FROM generate_series(1, $1)) r
                         OFFSET 0
                       ) a
                       OFFSET 0
                     ) b
                     OFFSET 0
                   ) c
                   OFFSET 0
                 ) d
                 OFFSET 0
               ) e
               OFFSET 0
             ) f
             OFFSET 0
           ) g
           OFFSET 0
         ) h
         OFFSET 0
       ) i
       OFFSET 0
     ) j`,
    [cases],
  );
  log(`report_cases: ${cases} in ${Date.now() - t0} ms`);
  // Inbound returnees start at arrival: their arrival is their opening.
  await db.query(`UPDATE report_cases SET arrived_at = received_at, registered_at = received_at,
    counselled_at = coalesce(counselled_at, received_at + interval '3 days'), returnee_count = member_count
    WHERE inbound`);
  const t1 = Date.now();
  // The vulnerability types go where the projection puts them: sealed per person (below, in Node) and counted in
  // report_vulnerability_counts by the projection's own SQL (counterRowsSql); a scratch table holds them meanwhile.
  await db.query('DROP TABLE IF EXISTS bench_vulnerabilities');
  await db.query(
    `CREATE UNLOGGED TABLE bench_vulnerabilities AS
     SELECT c.case_id, 'm' || n AS member_id, c.host_office, c.receiving_office, c.country_of_origin, c.inbound,
       c.received_at, c.registered_at, c.approved_at, c.departed_at, c.arrived_at, c.withdrawn_at, c.cancelled_at,
       c.counselled_at, c.booking_count, c.no_show_count, c.rebooking_count,
       CASE WHEN c.vulnerable AND n = 1 THEN ARRAY[(ARRAY['MEDICAL','UASC','VOT','DISABILITY','ELDERLY','PREGNANT','SINGLE_PARENT','DESTITUTE'])[1 + floor(random() * 8)::int]]
            ELSE '{}'::text[] END AS vulnerabilities
     FROM report_cases c, generate_series(1, c.member_count) n WHERE c.vulnerable AND n = 1`,
  );
  await db.query(
    `INSERT INTO report_individuals (case_id, member_id, version, host_office, receiving_office, country_of_origin,
       nationality, sex, date_of_birth, inbound, stage, received_at, registered_at, approved_at, departed_at, arrived_at,
       withdrawn_at, withdrawal_reason, cancelled_at, cancellation_reason, closed_at, closure_reason, deceased_at,
       no_show_count, booking_count, rebooking_count, counselled_at, plan_agreed_at, activity_count, last_event_at)
     SELECT c.case_id, 'm' || n, c.version, c.host_office, c.receiving_office, c.country_of_origin, c.country_of_origin,
       CASE WHEN n = 1 THEN c.principal_sex WHEN random() < 0.5 THEN 'F' ELSE 'M' END,
       CASE WHEN n <= 2 THEN date '1975-01-01' + (random() * 35 * 365)::int ELSE date '2008-01-01' + (random() * 17 * 365)::int END,
       c.inbound, c.stage, c.received_at, c.registered_at, c.approved_at, c.departed_at, c.arrived_at, c.withdrawn_at,
       c.withdrawal_reason, c.cancelled_at, c.cancellation_reason, c.closed_at, c.closure_reason, NULL,
       c.no_show_count, c.booking_count, c.rebooking_count, c.counselled_at, c.plan_agreed_at,
       CASE WHEN c.plan_agreed_at IS NOT NULL THEN 2 ELSE 0 END, c.last_event_at
     FROM report_cases c, generate_series(1, c.member_count) n`,
  );
  await db.query(
    `INSERT INTO report_vulnerability_counts (day, until_day, office, country, vulnerability,
       ${COUNTER_COLUMNS.map(counterColumn).join(', ')})
     ${counterRowsSql('(SELECT *, 1 AS sign FROM bench_vulnerabilities)')}`,
  );
  for (let after = ''; ;) {
    const batch: { case_id: string; member_id: string; vulnerabilities: string[] }[] = await db.query(
      `SELECT case_id, member_id, vulnerabilities FROM bench_vulnerabilities WHERE case_id::text > $1
        ORDER BY case_id LIMIT 10000`,
      [after],
    );
    if (!batch.length) break;
    after = batch[batch.length - 1].case_id;
    await db.query(
      `UPDATE report_individuals i SET vulnerabilities_sealed = x.sealed
         FROM jsonb_to_recordset($1::jsonb) AS x(case_id uuid, member_id text, sealed text)
        WHERE i.case_id = x.case_id AND i.member_id = x.member_id`,
      [
        JSON.stringify(
          batch.map((b) => ({
            case_id: b.case_id,
            member_id: b.member_id,
            sealed: cipher.encryptJson(b.vulnerabilities),
          })),
        ),
      ],
    );
  }
  await db.query('DROP TABLE bench_vulnerabilities');
  log(
    `report_individuals: ${(await db.query('SELECT count(*)::int AS n FROM report_individuals'))[0].n} in ${Date.now() - t1} ms`,
  );
  const t2 = Date.now();
  await db.query(
    `INSERT INTO report_documents
     SELECT i.case_id, i.member_id, 0, i.host_office, 'LAISSEZ_PASSER', 'CONSULATE_' || i.country_of_origin,
       CASE WHEN i.departed_at IS NOT NULL THEN 'ISSUED' WHEN random() < 0.12 THEN 'REFUSED' WHEN random() < 0.5 THEN 'REQUESTED' ELSE 'ISSUED' END,
       i.approved_at + interval '2 days',
       CASE WHEN i.departed_at IS NOT NULL THEN i.departed_at - interval '7 days' WHEN random() < 0.6 THEN i.approved_at + (20 + random() * 60) * interval '1 day' END
     FROM report_individuals i WHERE i.approved_at IS NOT NULL`,
  );
  await db.query(`UPDATE report_documents SET decided_at = NULL WHERE status = 'REQUESTED'`);
  await db.query(
    `INSERT INTO report_activities
     SELECT c.case_id, 'A' || k, (ARRAY['BUSINESS','TRAINING','JOB_PLACEMENT','HOUSING','MEDICAL','MHPSS','EDUCATION'])[1 + floor(random() * 7)::int],
       (ARRAY['ECONOMIC','SOCIAL','PSYCHOSOCIAL'])[1 + floor(random() * 3)::int],
       CASE WHEN random() < 0.8 THEN 'INDIVIDUAL' WHEN random() < 0.7 THEN 'COMMUNITY' ELSE 'STRUCTURAL' END,
       round((c.budgeted / 2)::numeric, 2)
     FROM report_cases c, generate_series(1, 2) k WHERE c.plan_agreed_at IS NOT NULL`,
  );
  await db.query(
    `INSERT INTO report_tranches
     SELECT c.case_id, 'T' || k, round((c.budgeted / 2)::numeric, 2), c.currency,
       CASE WHEN k = 1 OR c.closed_at IS NOT NULL THEN 'PAID' WHEN random() < 0.3 THEN 'PAID' ELSE 'PLANNED' END,
       CASE WHEN random() < 0.6 THEN 'CASH' WHEN random() < 0.6 THEN 'IN_KIND' ELSE 'MIXED' END,
       (c.plan_agreed_at + (k - 1) * interval '6 months')::date,
       CASE WHEN k = 1 OR c.closed_at IS NOT NULL THEN c.plan_agreed_at + (k - 1) * interval '6 months' + interval '10 days' END
     FROM report_cases c, generate_series(1, 2) k WHERE c.plan_agreed_at IS NOT NULL`,
  );
  await db.query(
    `UPDATE report_tranches SET paid_at = (due_date + 12)::timestamptz WHERE status = 'PAID' AND paid_at IS NULL`,
  );
  await db.query(
    `INSERT INTO report_visits
     SELECT c.case_id, k, (c.arrived_at + m * interval '1 month')::date,
       CASE WHEN random() < 0.8 AND c.arrived_at + m * interval '1 month' < now() THEN c.arrived_at + m * interval '1 month' + interval '5 days' END
     FROM report_cases c, unnest(ARRAY[1, 3, 6, 12]) WITH ORDINALITY AS v(m, k) WHERE c.arrived_at IS NOT NULL`,
  );
  await db.query(
    `INSERT INTO report_rss
     SELECT c.case_id, 'R' || t, t, c.arrived_at + CASE t WHEN 'BASELINE' THEN interval '20 days' ELSE interval '12 months' END,
       e, s, p, round(((e + s + p) / 3)::numeric, 3)::float8, random() < 0.1
     FROM report_cases c, unnest(ARRAY['BASELINE', 'ENDLINE']) t,
       LATERAL (SELECT least(1, random() * 0.6 + 0.2 + (t = 'ENDLINE')::int * 0.1) e, random() * 0.6 + 0.2 s, random() * 0.6 + 0.25 p) x
     WHERE c.counselled_at IS NOT NULL AND (t = 'BASELINE' OR (c.arrived_at + interval '12 months' < now() AND random() < 0.7))`,
  );
  // The case's filters, plan date and sex copied onto these rows, as the projection writes them.
  await fillReportScopeColumns(db);
  log(`documents, activities, tranches, visits, RSS in ${Date.now() - t2} ms`);
  // The breakdown counters, by the projection's own SQL over every person and case, one breakdown at a time (as the
  // migration fills them); work_mem for those aggregations, in this transaction only.
  const tc = Date.now();
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL work_mem = '256MB'`);
    await fillReportCounts(tx, log);
  });
  log(
    `report_counts: ${(await db.query('SELECT count(*)::int AS n FROM report_counts'))[0].n} rows in ${Date.now() - tc} ms`,
  );
  const t3 = Date.now();
  // The case list's and the operations monitor's rows (view and sealed column empty: those endpoints page on columns).
  await db.query(
    `INSERT INTO cases (id, reference, stage, version, host_office, country_of_origin, receiving_office, referral_source,
       member_count, adult_count, child_count, vulnerable, holds, opened_at, stage_entered_at, updated_at, closed_at,
       closure_reason, view, sla_state)
     SELECT case_id, 'BENCH-' || row_number() OVER (), stage, version, host_office, country_of_origin, receiving_office,
       'WALK_IN', member_count, least(member_count, 2), greatest(member_count - 2, 0), vulnerable, '{}', received_at,
       stage_entered_at, stage_entered_at, closed_at, closure_reason,
       jsonb_build_object('stage', stage, 'members', '[]'::jsonb, 'holds', '[]'::jsonb),
       CASE WHEN stage IN ('CLOSED', 'WITHDRAWN', 'CANCELLED') THEN 'NONE' WHEN random() < 0.08 THEN 'ESCALATE'
            WHEN random() < 0.15 THEN 'ALERT' ELSE 'OK' END
     FROM report_cases`,
  );
  log(`cases: ${cases} in ${Date.now() - t3} ms`);
  // The stuck monitor's findings for the cases over SLA (what GET /ops/stuck pages over).
  await db.query(
    `INSERT INTO stuck_items (case_id, kind, reason, stage, office, country, since, suggested_action, scanned_at)
     SELECT id, 'BUSINESS', CASE sla_state WHEN 'ALERT' THEN 'SLA_ALERT' ELSE 'SLA_ESCALATED' END, stage, host_office,
       country_of_origin, stage_entered_at + interval '10 days', 'Follow the case up', now()
     FROM cases WHERE reference LIKE 'BENCH-%' AND sla_state IN ('ALERT', 'ESCALATE')`,
  );
  // As autovacuum would: statistics, and the visibility map the index-only scans need.
  await db.query('VACUUM ANALYZE');
  log(`generated in ${Date.now() - t0} ms`);
}
