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
  const sums = COUNTER_COLUMNS.map(
    (c) => `coalesce(sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}'), 0)::int AS ${counterColumn(c)}`,
  ).join(',\n      ');
  const nonZero = COUNTER_COLUMNS.map((c) => `sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}') <> 0`).join(' OR ');
  return `WITH f AS (
    SELECT s.sign, s.host_office, s.receiving_office, s.country_of_origin, s.vulnerabilities, m.metric, m.day,
           m.until_day, m.w
    FROM ${src} s
    CROSS JOIN LATERAL ${metricsLateral('vulnerability')}
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

/**
 * The breakdown pre-aggregate (report_counts): the pipeline of AVRR.md §12 per day and filter scope, per breakdown
 * (dim) and its key, for individuals (unit 'i', from report_individuals) and cases (unit 'c', from report_cases). The
 * same day/until_day scheme as the vulnerability counters above, so one row counts for a period [from, end) when
 * `day >= from AND until_day < end`, exact for any period. No case, member or person id, and no special category:
 * the keys are offices, countries, sex, birth years and reason codes.
 *
 * The age group is the age at the report's reference date, which a counter cannot know: people count by birth year,
 * and the report reads the three birth years that straddle an age boundary at its reference date per person
 * (report.repository.ts).
 */
export const COUNT_COLUMNS = [...COUNTER_COLUMNS, 'closed', 'noShows', 'bookings', 'rebookings'] as const;

/** The columns a source relation of individuals must have for reportCountRowsSql (with `sign`). */
export const COUNT_INDIVIDUAL_COLUMNS = `host_office text, receiving_office text, country_of_origin text,
  nationality text, sex text, date_of_birth date, inbound boolean, received_at timestamptz,
  registered_at timestamptz, approved_at timestamptz, departed_at timestamptz, arrived_at timestamptz,
  withdrawn_at timestamptz, withdrawal_reason text, cancelled_at timestamptz, cancellation_reason text,
  closed_at timestamptz, closure_reason text, counselled_at timestamptz, booking_count int, no_show_count int,
  rebooking_count int, sign int`;

/** The columns a source relation of cases must have for reportCountRowsSql (with `sign`). */
export const COUNT_CASE_COLUMNS = `host_office text, receiving_office text, country_of_origin text, inbound boolean,
  received_at timestamptz, registered_at timestamptz, approved_at timestamptz, departed_at timestamptz,
  arrived_at timestamptz, withdrawn_at timestamptz, withdrawal_reason text, cancelled_at timestamptz,
  cancellation_reason text, closed_at timestamptz, closure_reason text, counselled_at timestamptz, booking_count int,
  no_show_count int, rebooking_count int, sign int`;

/** The fields of a report_individuals / report_cases row that the breakdown counters read (without `sign`). */
export const COUNT_INDIVIDUAL_FIELDS = COUNT_INDIVIDUAL_COLUMNS.split(',')
  .map((c) => c.trim().split(' ')[0])
  .filter((c) => c !== 'sign');
export const COUNT_CASE_FIELDS = COUNT_CASE_COLUMNS.split(',')
  .map((c) => c.trim().split(' ')[0])
  .filter((c) => c !== 'sign');

/**
 * The dated contributions (metric, day, until_day, weight) of one row `s`: a day per dated step, and for booked,
 * no-show and rebooked the conclusion-day scheme (+w per distinct conclusion day, -w per adjacent pair). Per case,
 * the bookings, no-shows and rebookings themselves are summed the same way (weight: their count).
 */
function metricsLateral(unit: 'vulnerability' | 'i' | 'c'): string {
  const single = (metric: string, col: string, when = 'true') =>
    `SELECT '${metric}' AS metric, ${day(col)} AS day, ${day(col)} AS until_day, 1 AS w
       WHERE s.${col} IS NOT NULL AND ${when}`;
  const conclusionDays = `(SELECT DISTINCT x AS d FROM unnest(ARRAY[${day('departed_at')}, ${day('withdrawn_at')},
    ${day('cancelled_at')}]) x WHERE x IS NOT NULL) cd`;
  const perCase =
    unit === 'c'
      ? `UNION ALL SELECT 'noShows', s.no_show_count WHERE s.no_show_count > 0
         UNION ALL SELECT 'bookings', s.booking_count WHERE s.booking_count > 0
         UNION ALL SELECT 'rebookings', s.rebooking_count WHERE s.rebooking_count > 0`
      : '';
  // An inbound returnee's opening is not a request of this programme: never received (the pipeline's rule). The
  // vulnerability counters keep no closures.
  const vulnerability = unit === 'vulnerability';
  return `(
      ${single('received', 'received_at', 'NOT s.inbound')}
      UNION ALL ${single('registered', 'registered_at')}
      UNION ALL ${single('approved', 'approved_at')}
      UNION ALL ${single('departed', 'departed_at', 'NOT s.inbound')}
      UNION ALL ${single('arrived', 'arrived_at', 'NOT s.inbound')}
      UNION ALL ${single('withdrawn', 'withdrawn_at')}
      UNION ALL ${single('cancelled', 'cancelled_at')}
      UNION ALL ${single('counselled', 'counselled_at')}
      ${vulnerability ? '' : `UNION ALL ${single('closed', 'closed_at')}`}
      UNION ALL
      SELECT b.metric, c.day, c.until_day, c.w * b.n
      FROM (SELECT 'booked' AS metric, 1 AS n WHERE s.booking_count > 0
            UNION ALL SELECT 'noShow', 1 WHERE s.no_show_count > 0
            UNION ALL SELECT 'rebooked', 1 WHERE s.rebooking_count > 0
            ${perCase}) b
      CROSS JOIN (
        SELECT d AS day, d AS until_day, 1 AS w FROM ${conclusionDays}
        UNION ALL
        SELECT d, nxt, -1 FROM (SELECT d, lead(d) OVER (ORDER BY d) AS nxt FROM ${conclusionDays}) p
        WHERE nxt IS NOT NULL
      ) c
    ) m`;
}

/**
 * The breakdowns of each unit, as (dim, key, the metrics it counts: null for all). 'outbound' and 'inbound' are the
 * two headlines: their office scope is the host office (outbound) or the receiving office (inbound) only.
 */
const DIMS: Record<'i' | 'c', [dim: string, key: string, metrics: string[] | null][]> = {
  i: [
    ['total', `'TOTAL'`, null],
    ['office', 's.host_office', null],
    ['nationality', 'coalesce(s.nationality, s.country_of_origin)', null],
    ['sex', `coalesce(s.sex, 'UNKNOWN')`, null],
    ['birthYear', `extract(year FROM s.date_of_birth)::int::text`, null],
    ['countryOfOrigin', 's.country_of_origin', ['closed']],
    ['withdrawalReason', `coalesce(s.withdrawal_reason, 'NOT_GIVEN')`, ['withdrawn']],
    ['cancellationReason', `coalesce(s.cancellation_reason, 'NOT_GIVEN')`, ['cancelled']],
    ['closureReason', `coalesce(s.closure_reason, 'NOT_GIVEN')`, ['closed']],
    ['outbound', `'ALL'`, ['departed']],
    ['inbound', 's.country_of_origin', ['counselled']],
  ],
  c: [
    ['total', `'TOTAL'`, null],
    ['office', 's.host_office', null],
    ['countryOfOrigin', 's.country_of_origin', null],
    ['withdrawalReason', `coalesce(s.withdrawal_reason, 'NOT_GIVEN')`, ['withdrawn']],
    ['cancellationReason', `coalesce(s.cancellation_reason, 'NOT_GIVEN')`, ['cancelled']],
    ['closureReason', `coalesce(s.closure_reason, 'NOT_GIVEN')`, ['closed']],
  ],
};

/** The breakdowns the counters keep, per unit (for filling them one breakdown at a time). */
export const COUNT_DIMS: Record<'i' | 'c', string[]> = {
  i: DIMS.i.map(([dim]) => dim),
  c: DIMS.c.map(([dim]) => dim),
};

function dimsLateral(unit: 'i' | 'c', only?: string[]): string {
  return `(VALUES ${DIMS[unit]
    .filter(([dim]) => !only || only.includes(dim))
    .map(
      ([dim, key, metrics]) =>
        `('${dim}', ${key}, ${metrics ? `ARRAY[${metrics.map((m) => `'${m}'`).join(', ')}]` : 'NULL::text[]'})`,
    )
    .join(',\n      ')}) dd(dim, key, metrics)`;
}

/**
 * SELECT unit, office, country, dim, day, until_day, key, <COUNT_COLUMNS> from relations of individuals
 * (COUNT_INDIVIDUAL_COLUMNS) and cases (COUNT_CASE_COLUMNS), each row with its sign. Rows in key order (the upsert
 * takes row locks in that order: two projections never deadlock), zero rows left out.
 */
export function reportCountRowsSql(
  individuals: string | null,
  cases: string | null,
  only?: { dims: string[] },
): string {
  const contributions = (unit: 'i' | 'c', src: string) => `
    SELECT '${unit}' AS unit, s.sign, s.host_office, s.receiving_office, s.country_of_origin, dd.dim, dd.key,
           m.metric, m.day, m.until_day, m.w
    FROM ${src} s
    CROSS JOIN LATERAL ${metricsLateral(unit)}
    CROSS JOIN LATERAL ${dimsLateral(unit, only?.dims)}
    WHERE dd.metrics IS NULL OR m.metric = ANY (dd.metrics)`;
  const sources = [
    ...(individuals ? [contributions('i', individuals)] : []),
    ...(cases ? [contributions('c', cases)] : []),
  ];
  const sums = COUNT_COLUMNS.map(
    (c) => `coalesce(sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}'), 0)::int AS ${counterColumn(c)}`,
  ).join(',\n      ');
  const nonZero = COUNT_COLUMNS.map((c) => `sum(f.w * f.sign) FILTER (WHERE f.metric = '${c}') <> 0`).join(' OR ');
  return `WITH f AS (${sources.join('\n    UNION ALL ')})
  SELECT f.unit, o.office, k.country, f.dim, f.day, f.until_day, f.key,
      ${sums}
  FROM f
  CROSS JOIN LATERAL (SELECT DISTINCT x AS office FROM unnest(ARRAY['', f.host_office, coalesce(f.receiving_office, '')]) x) o
  CROSS JOIN LATERAL (VALUES (''), (f.country_of_origin)) k(country)
  WHERE (f.dim <> 'outbound' OR o.office IN ('', f.host_office))
    AND (f.dim <> 'inbound' OR o.office IN ('', f.receiving_office))
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING ${nonZero}
  ORDER BY 1, 2, 3, 4, 5, 6, 7`;
}

/** The upsert of breakdown-counter deltas from `$1` (individuals as JSON) and `$2` (cases as JSON), signed. */
export const REPORT_COUNTS_UPSERT_SQL = `INSERT INTO report_counts AS t (unit, office, country, dim, day, until_day, key,
    ${COUNT_COLUMNS.map(counterColumn).join(', ')})
  ${reportCountRowsSql(
    `(SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${COUNT_INDIVIDUAL_COLUMNS}))`,
    `(SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(${COUNT_CASE_COLUMNS}))`,
  )}
  ON CONFLICT (unit, office, country, dim, day, until_day, key) DO UPDATE SET
    ${COUNT_COLUMNS.map(counterColumn)
      .map((c) => `${c} = t.${c} + EXCLUDED.${c}`)
      .join(', ')}`;

/**
 * Fills report_counts from every row of report_individuals and report_cases (an empty table: the migration, the
 * reports benchmark's generator), one unit and breakdown at a time: the same SQL as the projection's, in pieces small
 * enough to aggregate in memory (in one statement, a million people spill gigabytes to disk and take many times as
 * long).
 */
export async function fillReportCounts(
  q: { query(sql: string): Promise<unknown> },
  log: (line: string) => void = () => undefined,
): Promise<void> {
  for (const unit of ['i', 'c'] as const)
    for (const dim of COUNT_DIMS[unit]) {
      const t = Date.now();
      const source = `(SELECT *, 1 AS sign FROM ${unit === 'i' ? 'report_individuals' : 'report_cases'})`;
      await q.query(`INSERT INTO report_counts (unit, office, country, dim, day, until_day, key,
          ${COUNT_COLUMNS.map(counterColumn).join(', ')})
        ${reportCountRowsSql(unit === 'i' ? source : null, unit === 'c' ? source : null, { dims: [dim] })}`);
      log(`report_counts ${unit}/${dim} in ${Date.now() - t} ms`);
    }
}
