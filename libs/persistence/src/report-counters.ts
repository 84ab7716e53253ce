/**
 * The vulnerability pre-aggregate of the reporting read model: how many people in vulnerable situations, per type,
 * reached each step of the pipeline on each day, per filter scope. It replaces the vulnerability types that
 * report_individuals held in clear: those rows keep them sealed (ColumnCipher), and the only place a type sits in clear
 * is a counter with no case, member or person id.
 *
 * One row counts for a period [from, end) when `day >= from AND until_day < end`. An ordinary contribution has
 * until_day = day. "Booked", "no-show" and "rebooked" count a person once when any of their conclusion dates (departed,
 * withdrawn, cancelled) falls in the period; with several distinct conclusion days d1 < d2 < ..., the person adds +1
 * on each day and -1 for each adjacent pair (day = d_i, until_day = d_i+1): the days inside an interval form a run,
 * so the sum is 1 when the run is not empty and 0 otherwise. Exact for every period, not only whole days of a
 * calendar.
 *
 * Scopes mirror the report's filters: office '' (all) or the host or receiving office (a person counts once per
 * distinct office), country '' (all) or the country of origin.
 */

/** The pipeline columns the counters keep, in the order of PIPELINE_COLUMNS (report.repository.ts). */
export const COUNTER_COLUMNS = [
  'received',
  'registered',
  'approved',
  'departed',
  'arrived',
  'withdrawn',
  'cancelled',
  'booked',
  'noShow',
  'rebooked',
  'counselled',
] as const;

/** The snake_case column of a counter in report_vulnerability_counts. */
export const counterColumn = (c: string): string => c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);

/** The columns a source relation of individuals must have (with `sign`: +1 adds, -1 removes). */
export const COUNTER_SOURCE_COLUMNS = `host_office text, receiving_office text, country_of_origin text,
  vulnerabilities text[], inbound boolean, received_at timestamptz, registered_at timestamptz,
  approved_at timestamptz, departed_at timestamptz, arrived_at timestamptz, withdrawn_at timestamptz,
  cancelled_at timestamptz, counselled_at timestamptz, booking_count int, no_show_count int, rebooking_count int,
  sign int`;

const day = (col: string) => `(s.${col} AT TIME ZONE 'UTC')::date`;

/**
 * SELECT day, until_day, office, country, vulnerability, <counter columns> from a relation `src` of individuals
 * (COUNTER_SOURCE_COLUMNS). People without a vulnerability contribute nothing. Rows in key order (the upsert takes
 * row locks in that order, so two projections never deadlock on the counters).
 */
export function counterRowsSql(src: string): string {
  const single = (metric: string, col: string, when = 'true') =>
    `SELECT '${metric}' AS metric, ${day(col)} AS day, ${day(col)} AS until_day, 1 AS w
       WHERE s.${col} IS NOT NULL AND ${when}`;
  const sums = COUNTER_COLUMNS.map(
    (c) => `coalesce(sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}'), 0)::int AS ${counterColumn(c)}`,
  ).join(',\n      ');
  // The person's distinct conclusion days.
  const conclusionDays = `(SELECT DISTINCT x AS d FROM unnest(ARRAY[${day('departed_at')}, ${day('withdrawn_at')},
    ${day('cancelled_at')}]) x WHERE x IS NOT NULL) cd`;
  const nonZero = COUNTER_COLUMNS.map((c) => `sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}') <> 0`).join(' OR ');
  return `WITH f AS (
    SELECT s.sign, s.host_office, s.receiving_office, s.country_of_origin, s.vulnerabilities, m.metric, m.day,
           m.until_day, m.w
    FROM ${src} s
    CROSS JOIN LATERAL (
      ${single('received', 'received_at')}
      UNION ALL ${single('registered', 'registered_at')}
      UNION ALL ${single('approved', 'approved_at')}
      UNION ALL ${single('departed', 'departed_at', 'NOT s.inbound')}
      UNION ALL ${single('arrived', 'arrived_at', 'NOT s.inbound')}
      UNION ALL ${single('withdrawn', 'withdrawn_at')}
      UNION ALL ${single('cancelled', 'cancelled_at')}
      UNION ALL ${single('counselled', 'counselled_at')}
      UNION ALL
      SELECT b.metric, c.day, c.until_day, c.w
      FROM (SELECT 'booked' AS metric WHERE s.booking_count > 0
            UNION ALL SELECT 'noShow' WHERE s.no_show_count > 0
            UNION ALL SELECT 'rebooked' WHERE s.rebooking_count > 0) b
      CROSS JOIN (
        SELECT d AS day, d AS until_day, 1 AS w FROM ${conclusionDays}
        UNION ALL
        SELECT d, nxt, -1 FROM (SELECT d, lead(d) OVER (ORDER BY d) AS nxt FROM ${conclusionDays}) p
        WHERE nxt IS NOT NULL
      ) c
    ) m
    WHERE cardinality(s.vulnerabilities) > 0
  )
  SELECT f.day, f.until_day, o.office, k.country, v.vulnerability,
      ${sums}
  FROM f
  CROSS JOIN LATERAL (SELECT DISTINCT x AS office FROM unnest(ARRAY['', f.host_office, coalesce(f.receiving_office, '')]) x) o
  CROSS JOIN LATERAL (VALUES (''), (f.country_of_origin)) k(country)
  CROSS JOIN LATERAL unnest(f.vulnerabilities || '{ANY}'::text[]) v(vulnerability)
  GROUP BY 1, 2, 3, 4, 5
  HAVING ${nonZero}
  ORDER BY 1, 2, 3, 4, 5`;
}
