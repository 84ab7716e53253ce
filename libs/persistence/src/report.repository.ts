import { APP_CONFIG, AppConfig } from '@avrr/config';
import {
  REPORT_AGE_GROUP_STARTS,
  REPORT_AGE_GROUPS,
  VULNERABILITY_TYPES,
  ageGroupOfBirthYear,
  birthYearsStraddlingAgeGroups,
  type AuditedChange,
  type CaseEvent,
  type RawCountTable,
  type RawStatTable,
  type RawTable,
  type RateSpec,
  type ReportUnit,
} from '@avrr/domain';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ColumnCipher } from './column-cipher';
import {
  COUNT_COLUMNS,
  COUNTER_COLUMNS,
  COUNTER_SOURCE_COLUMNS,
  counterColumn,
  counterRowsSql,
  reportCountRowsSql,
} from './report-counters';
import { REPORT_TABLES, type ReportTableName } from './report-facts.statements';

/** What a report is about: a period of event dates, a reference date, and optional filters. */
export interface ReportFilter {
  /** 'YYYY-MM-DD', first day of the period (UTC). */
  from: string;
  /** 'YYYY-MM-DD', last day of the period, included. */
  to: string;
  /** 'YYYY-MM-DD': ages, overdue and pending are computed on this day; facts after it are not counted. */
  asOf: string;
  /** Host or receiving office code. */
  office?: string;
  /** Country of origin (ISO 3166 alpha-2). */
  countryOfOrigin?: string;
}

export interface ReportOptions {
  /** Country whose returnees the inbound headline counts (Moroccan returnees: 'MA'). */
  homeCountry: string;
  /** Months after arrival when the endline RSS is due (AVRR.md §8.5: 12). */
  endlineMonths: number;
  /** The "sustainable" line of the RSS composite (AVRR.md §8.5: 0.5). */
  rssThreshold: number;
}

export interface ReportExportRecord {
  id: string;
  userId: string;
  role: string;
  report: string;
  format: string;
  filters: ReportFilter;
  at: string;
}

type Row = Record<string, string | number | null>;

const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();

/** `col` falls in the period: [from, to + 1 day). */
const inPeriod = (col: string) => `coalesce(${col} >= $1 AND ${col} < $2 AND ${col} < $4, false)::int`;
/** The same, as a range an index serves (add it beside `inPeriod` where `col` selects the rows). */
const range = (col: string) => `${col} >= $1 AND ${col} < $2`;
/** `col` happened by the end of the reference date. */
const byAsOf = (col: string) => `coalesce(${col} < $4, false)`;

/** "office" ... for a GROUPING SETS query: the name of the breakdown a row belongs to, and its key. */
function groupingColumns(dims: Record<string, string>): { dim: string; key: string; sets: string } {
  const names = Object.entries(dims);
  const dim = `CASE ${names.map(([name, expr]) => `WHEN grouping(${expr}) = 0 THEN '${name}'`).join(' ')} ELSE 'total' END`;
  const key = `coalesce(${names.map(([, expr]) => `(${expr})::text`).join(', ')}, 'TOTAL')`;
  const sets = `GROUPING SETS ((), ${names.map(([, expr]) => `(${expr})`).join(', ')})`;
  return { dim, key, sets };
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One count table per breakdown from rows (dim, key, ...columns); the 'total' row gives the totals. */
function countTables(
  rows: Row[],
  indicator: string,
  unit: ReportUnit,
  columns: string[],
  extra: Partial<Pick<RawCountTable, 'rates' | 'overlapping' | 'additiveColumns'>> & {
    overlappingDims?: string[];
  } = {},
): RawCountTable[] {
  const total = rows.find((r) => r.dim === 'total');
  const totals = columns.map((c) => num(total?.[c]));
  const dims = [...new Set(rows.map((r) => String(r.dim)).filter((d) => d !== 'total'))];
  if (!dims.length) dims.push('total');
  return dims.map((dim) => ({
    kind: 'counts',
    indicator,
    unit,
    breakdown: dim,
    columns,
    rows: rows
      .filter((r) => r.dim === dim && dim !== 'total')
      .map((r) => ({ key: String(r.key), values: columns.map((c) => num(r[c])) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    total: totals,
    ...(extra.rates ? { rates: extra.rates } : {}),
    ...(extra.additiveColumns ? { additiveColumns: true } : {}),
    ...(extra.overlapping || extra.overlappingDims?.includes(dim) ? { overlapping: true } : {}),
  }));
}

function statTables(rows: Row[], indicator: string, unit: ReportUnit, columns: string[]): RawStatTable[] {
  const total = rows.find((r) => r.dim === 'total');
  const dims = [...new Set(rows.map((r) => String(r.dim)).filter((d) => d !== 'total'))];
  if (!dims.length) dims.push('total');
  return dims.map((dim) => ({
    kind: 'stats',
    indicator,
    unit,
    breakdown: dim,
    columns,
    rows: rows
      .filter((r) => r.dim === dim && dim !== 'total')
      .map((r) => ({ key: String(r.key), n: num(r.n), values: columns.map((c) => numOrNull(r[c])) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    total: { n: num(total?.n), values: columns.map((c) => numOrNull(total?.[c])) },
  }));
}

/** The columns of report_individuals the exact age pass reads (the date of birth's index carries them). */
const EXACT_AGE_COLUMNS = `date_of_birth, last_event_at, received_at, host_office, receiving_office, country_of_origin,
  inbound, registered_at, approved_at, departed_at, arrived_at, withdrawn_at, cancelled_at, counselled_at, booking_count,
  no_show_count, rebooking_count`;

const PIPELINE_RATES: RateSpec[] = [
  { name: 'conversion', numerator: 'departed', denominator: 'received' },
  { name: 'noShowRate', numerator: 'noShow', denominator: 'booked' },
  { name: 'rebookingRate', numerator: 'rebooked', denominator: 'booked' },
];
const PIPELINE_COLUMNS = [
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
];

/**
 * The indicators of AVRR.md §12 in SQL over the reporting read model (report_* tables written by the projection).
 * Every count is of individuals unless its table says cases (or documents, activities, visits, surveys, tranches).
 * A period counts the facts whose effective date falls in it; the reference date (asOf) fixes ages, what is
 * pending or overdue, and leaves out facts recorded for later days.
 */
@Injectable()
export class ReportRepository {
  private readonly cipher: ColumnCipher;
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new ColumnCipher(config.piiKey);
  }

  /** A case's audit trail with its events unsealed, in version order (for the reconciliation check). */
  async auditTrail(caseId: string): Promise<AuditedChange[]> {
    const rows: { version: number; recorded_at: Date; events_sealed: string }[] = await this.db.query(
      'SELECT version, recorded_at, events_sealed FROM case_events WHERE case_id = $1 ORDER BY version',
      [caseId],
    );
    return rows.map((r) => ({
      version: r.version,
      recordedAt: new Date(r.recorded_at).toISOString(),
      events: this.cipher.decryptJson<CaseEvent[]>(r.events_sealed),
    }));
  }

  /**
   * Of these cases, those whose sealed audit events a retention run narrowed (docs/retention.md): their trail no
   * longer holds the facts the report rows were computed from, so the reconciliation cannot recompute them.
   */
  async redactedByRetention(caseIds: readonly string[]): Promise<Set<string>> {
    if (!caseIds.length) return new Set();
    const rows: { case_id: string }[] = await this.db.query(
      `SELECT case_id::text AS case_id FROM case_retention
        WHERE case_id = ANY($1::uuid[]) AND cardinality(coalesce(erased, '{}')) > 0`,
      [caseIds],
    );
    return new Set(rows.map((r) => r.case_id));
  }

  /**
   * The dates of birth the data protection focal point corrected on the person's record, by member: the projection
   * writes these instead of the registration's (report-facts.statements.ts), so the reconciliation expects them too.
   */
  async correctedBirthDates(caseId: string): Promise<Map<string, string>> {
    const rows: { member_id: string; date_of_birth: string }[] = await this.db.query(
      `SELECT cm.id::text AS member_id, to_char(ind.date_of_birth, 'YYYY-MM-DD') AS date_of_birth
         FROM case_members cm JOIN individuals ind ON ind.id = cm.individual_id
        WHERE cm.case_id = $1 AND ind.date_of_birth_corrected`,
      [caseId],
    );
    return new Map(rows.map((r) => [r.member_id, r.date_of_birth]));
  }

  /** The reporting rows stored for a case, per table, as JSON (timestamps and numbers as PostgreSQL renders them). */
  async storedRows(caseId: string): Promise<Record<ReportTableName, Record<string, unknown>[]>> {
    const out = {} as Record<ReportTableName, Record<string, unknown>[]>;
    for (const t of REPORT_TABLES) {
      const rows: { row: Record<string, unknown> }[] = await this.db.query(
        `SELECT row_to_json(x) AS row FROM ${t} x WHERE case_id = $1`,
        [caseId],
      );
      out[t] = rows.map((r) => r.row);
    }
    // The types are sealed at rest: unsealed here for the comparison only, never returned by an endpoint.
    out.report_individuals = out.report_individuals.map(({ vulnerabilities_sealed: sealed, ...r }) => ({
      ...r,
      vulnerabilities: typeof sealed === 'string' ? this.cipher.decryptJson<string[]>(sealed) : [],
    }));
    return out;
  }

  /**
   * The vulnerability counters recomputed from the per-individual rows (their sealed types unsealed here) and compared
   * with the stored pre-aggregate. Each difference names the counter row by office, country and days, and the
   * columns that differ: never the vulnerability type (a count of one would tell who has it).
   */
  async counterDifferences(): Promise<{ key: string; columns: string[] }[]> {
    const people: Record<string, unknown>[] = [];
    for (let after = ''; ;) {
      const rows: { k: string; row: Record<string, unknown> }[] = await this.db.query(
        `SELECT case_id::text || '/' || member_id AS k, to_jsonb(i) AS row FROM report_individuals i
          WHERE vulnerabilities_sealed IS NOT NULL AND case_id::text || '/' || member_id > $1
          ORDER BY 1 LIMIT 5000`,
        [after],
      );
      if (!rows.length) break;
      after = rows[rows.length - 1].k;
      for (const { row } of rows)
        people.push({
          ...row,
          vulnerabilities: this.cipher.decryptJson<string[]>(String(row.vulnerabilities_sealed)),
          sign: 1,
        });
    }
    const cols = COUNTER_COLUMNS.map(counterColumn);
    const rows: { office: string; country: string; day: string; until_day: string; differ: string[] }[] =
      await this.db.query(
        `WITH e AS (${counterRowsSql(`(SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${COUNTER_SOURCE_COLUMNS}))`)}),
           s AS (SELECT * FROM report_vulnerability_counts WHERE ${cols.map((c) => `${c} <> 0`).join(' OR ')})
         SELECT office, country, to_char(day, 'YYYY-MM-DD') AS day, to_char(until_day, 'YYYY-MM-DD') AS until_day,
           array_remove(ARRAY[${cols
             .map((c) => `CASE WHEN coalesce(e.${c}, 0) <> coalesce(s.${c}, 0) THEN '${c}' END`)
             .join(', ')}], NULL) AS differ
         FROM e FULL JOIN s USING (office, country, day, until_day, vulnerability)
         WHERE ${cols.map((c) => `coalesce(e.${c}, 0) <> coalesce(s.${c}, 0)`).join(' OR ')}
         ORDER BY 1, 2, 3, 4`,
        [JSON.stringify(people)],
      );
    return rows.map((r) => ({
      key: `${r.office || '*'}/${r.country || '*'}/${r.day}/${r.until_day}`,
      columns: [...new Set(r.differ)],
    }));
  }

  /**
   * The breakdown counters (report_counts) recomputed from the per-individual and per-case rows and compared with the
   * stored pre-aggregate; each difference names the row by unit, office, country, breakdown, key and days, and the
   * columns that differ. Its keys hold no special category, so they are shown.
   */
  async countDifferences(): Promise<{ key: string; columns: string[] }[]> {
    const cols = COUNT_COLUMNS.map(counterColumn);
    const rows: {
      unit: string;
      office: string;
      country: string;
      dim: string;
      key: string;
      day: string;
      until_day: string;
      differ: string[];
    }[] = await this.db.query(
      `WITH e AS (${reportCountRowsSql(
        `(SELECT *, 1 AS sign FROM report_individuals)`,
        `(SELECT *, 1 AS sign FROM report_cases)`,
      )}),
         s AS (SELECT * FROM report_counts WHERE ${cols.map((c) => `${c} <> 0`).join(' OR ')})
       SELECT unit, office, country, dim, key, to_char(day, 'YYYY-MM-DD') AS day,
         to_char(until_day, 'YYYY-MM-DD') AS until_day,
         array_remove(ARRAY[${cols
           .map((c) => `CASE WHEN coalesce(e.${c}, 0) <> coalesce(s.${c}, 0) THEN '${c}' END`)
           .join(', ')}], NULL) AS differ
       FROM e FULL JOIN s USING (unit, office, country, dim, day, until_day, key)
       WHERE ${cols.map((c) => `coalesce(e.${c}, 0) <> coalesce(s.${c}, 0)`).join(' OR ')}
       ORDER BY 1, 2, 3, 4, 5, 6, 7`,
    );
    return rows.map((r) => ({
      key: `${r.unit}/${r.office || '*'}/${r.country || '*'}/${r.dim}/${r.key}/${r.day}/${r.until_day}`,
      columns: [...new Set(r.differ)],
    }));
  }

  /** Case ids with an audit trail, in id order, after `after` (keyset paging for the reconciliation pass). */
  async auditedCaseIds(limit: number, after?: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM cases WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
      [after ?? null, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Runs a query with the parameters it references (PostgreSQL cannot type a parameter a statement leaves unused). */
  private query(sql: string, params: unknown[]): Promise<Row[]> {
    const used = [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    const renumber = new Map(used.map((n, i) => [n, i + 1]));
    return this.db.query(
      sql.replace(/\$(\d+)/g, (_, n: string) => `$${renumber.get(Number(n))}`),
      used.map((n) => params[n - 1]),
    );
  }

  private params(f: ReportFilter): unknown[] {
    return [
      `${f.from}T00:00:00.000Z`,
      nextDay(f.to),
      f.asOf,
      nextDay(f.asOf),
      f.office ?? null,
      f.countryOfOrigin ?? null,
    ];
  }

  /** Every indicator table, unsuppressed (the caller publishes them through libs/domain publishReport). */
  async indicators(f: ReportFilter, o: ReportOptions): Promise<RawTable[]> {
    const p = this.params(f);
    const parts = await Promise.all([
      this.pipeline(p),
      this.pipelineCases(p),
      this.reasons(p),
      this.stageDurations(p),
      this.overSlaNow(p),
      this.documents(p),
      this.reintegration(p),
      this.activities(p),
      this.money(p),
      this.monitoring(p),
      this.rss(p, o),
      this.closures(p),
      this.headlines(p, o),
    ]);
    return parts.flat();
  }

  /** The office (host or receiving) and country filters, on any reporting row that carries them. */
  private static readonly SCOPE = `($5::text IS NULL OR host_office = $5 OR receiving_office = $5)
    AND ($6::text IS NULL OR country_of_origin = $6)`;

  /** Filter of the individual and case rows: the period's rows (see the period index) and the office and country. */
  private static readonly WINDOW = `last_event_at >= $1 AND received_at < $2
    AND ($5::text IS NULL OR host_office = $5 OR receiving_office = $5)
    AND ($6::text IS NULL OR country_of_origin = $6)`;

  /**
   * The breakdown counters (report_counts, report-counters.ts) of one unit for the period and the filter's scope,
   * summed per (dim, key): a row counts when day >= from and until_day < the period's end (to + 1 day, or the day
   * after the reference date when that is earlier).
   */
  private counts(p: unknown[], unit: 'i' | 'c', dims: string[], columns: readonly string[]): Promise<Row[]> {
    return this.query(
      `SELECT dim, key, ${columns.map((c) => `sum(${counterColumn(c)}) AS "${c}"`).join(', ')}
       FROM report_counts
       WHERE unit = '${unit}' AND office = coalesce($5::text, '') AND country = coalesce($6::text, '')
         AND dim IN (${dims.map((d) => `'${d}'`).join(', ')})
         AND day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
         AND until_day < (least($2::timestamptz, $4::timestamptz) AT TIME ZONE 'UTC')::date
       GROUP BY dim, key`,
      p,
    );
  }

  private async pipeline(p: unknown[]): Promise<RawTable[]> {
    const rows = await this.counts(p, 'i', ['total', 'office', 'nationality', 'sex', 'birthYear'], PIPELINE_COLUMNS);
    // The age group at the reference date: by birth year from the counters, except the three birth years whose people
    // fall in two groups depending on their birthday, which are counted person by person.
    const asOfYear = Number(String(p[2]).slice(0, 4));
    const straddling = birthYearsStraddlingAgeGroups(asOfYear);
    const byAge = new Map<string, Row>();
    const add = (group: string, r: Row) => {
      const into = byAge.get(group) ?? { dim: 'ageGroup', key: group };
      byAge.set(group, into);
      for (const c of PIPELINE_COLUMNS) into[c] = num(into[c]) + num(r[c]);
    };
    for (const r of rows.filter((x) => x.dim === 'birthYear')) {
      const group = ageGroupOfBirthYear(Number(r.key), asOfYear);
      if (group) add(group, r);
    }
    const ageCase = `CASE ${REPORT_AGE_GROUP_STARTS.map((start, i) => [start, REPORT_AGE_GROUPS[i]] as const)
      .slice(1)
      .reverse()
      .map(([start, group]) => `WHEN a >= ${start} THEN '${group}'`)
      .join(' ')} ELSE '${REPORT_AGE_GROUPS[0]}' END`;
    const concluded = `(${inPeriod('departed_at')} + ${inPeriod('withdrawn_at')} + ${inPeriod('cancelled_at')}) > 0`;
    const exact: Row[] = await this.query(
      `SELECT age_group AS key, ${PIPELINE_COLUMNS.map((c) => `sum("${c}") AS "${c}"`).join(', ')}
       FROM (SELECT ${ageCase} AS age_group,
           CASE WHEN inbound THEN 0 ELSE ${inPeriod('received_at')} END AS received,
           ${inPeriod('registered_at')} AS registered,
           ${inPeriod('approved_at')} AS approved,
           CASE WHEN inbound THEN 0 ELSE ${inPeriod('departed_at')} END AS departed,
           CASE WHEN inbound THEN 0 ELSE ${inPeriod('arrived_at')} END AS arrived,
           ${inPeriod('withdrawn_at')} AS withdrawn, ${inPeriod('cancelled_at')} AS cancelled,
           (booking_count > 0 AND ${concluded})::int AS booked,
           (no_show_count > 0 AND ${concluded})::int AS "noShow",
           (rebooking_count > 0 AND ${concluded})::int AS rebooked,
           ${inPeriod('counselled_at')} AS counselled
         FROM (${straddling
           .map(
             // One range per birth year, each read from the date of birth's index alone (it carries these columns).
             (y) => `SELECT ${EXACT_AGE_COLUMNS} FROM report_individuals
               WHERE date_of_birth >= '${y}-01-01' AND date_of_birth < '${y + 1}-01-01' AND ${ReportRepository.WINDOW}`,
           )
           .join(' UNION ALL ')}) i, LATERAL (SELECT date_part('year', age($3::date, date_of_birth))::int AS a) x) p
       GROUP BY age_group`,
      p,
    );
    for (const r of exact) add(String(r.key), r);
    rows.splice(0, rows.length, ...rows.filter((x) => x.dim !== 'birthYear'), ...byAge.values());
    // By vulnerability type: from the counters (report-counters.ts), the only place the types sit in clear, with no
    // case or person id. A counter row counts when day >= from and until_day < the period's end (to + 1 day, or the
    // day after the reference date when that is earlier).
    const byType: Row[] = await this.query(
      `SELECT 'vulnerability' AS dim, vulnerability AS key,
         ${COUNTER_COLUMNS.map((c) => `sum(${counterColumn(c)}) AS "${c}"`).join(', ')}
       FROM report_vulnerability_counts
       WHERE office = coalesce($5::text, '') AND country = coalesce($6::text, '')
         AND day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
         AND until_day < (least($2::timestamptz, $4::timestamptz) AT TIME ZONE 'UTC')::date
       GROUP BY vulnerability`,
      p,
    );
    rows.push(...byType);
    // No vulnerability: everyone counted minus those with at least one type.
    const total = rows.find((r) => r.dim === 'total');
    const anyType = byType.find((r) => r.key === 'ANY');
    rows.push({
      dim: 'vulnerability',
      key: 'NONE',
      ...Object.fromEntries(PIPELINE_COLUMNS.map((c) => [c, num(total?.[c]) - num(anyType?.[c])])),
    });
    // Every vulnerability type has its row, zero or not: a row that appears only when someone has the type would
    // itself tell that someone has it, suppressed count or not.
    for (const type of VULNERABILITY_TYPES)
      if (!rows.some((r) => r.dim === 'vulnerability' && r.key === type))
        rows.push({ dim: 'vulnerability', key: type });
    const pipeline = countTables(rows, 'pipeline', 'individuals', PIPELINE_COLUMNS, {
      rates: PIPELINE_RATES,
      overlappingDims: ['vulnerability'],
    });
    // People in vulnerable situations assisted, by type: returned (departed) and assisted with reintegration.
    const vulnerable = rows.filter((r) => r.dim === 'vulnerability' && r.key !== 'NONE');
    const any = vulnerable.find((r) => r.key === 'ANY');
    const assisted: RawCountTable = {
      kind: 'counts',
      indicator: 'vulnerableAssisted',
      unit: 'individuals',
      breakdown: 'vulnerability',
      columns: ['departed', 'counselled'],
      rows: vulnerable
        .filter((r) => r.key !== 'ANY')
        .map((r) => ({ key: String(r.key), values: [num(r.departed), num(r.counselled)] }))
        .sort((a, b) => a.key.localeCompare(b.key)),
      total: [num(any?.departed), num(any?.counselled)],
      overlapping: true,
    };
    return [...pipeline, assisted];
  }

  private async pipelineCases(p: unknown[]): Promise<RawTable[]> {
    const columns = [...PIPELINE_COLUMNS, 'noShows', 'bookings', 'rebookings'];
    const rows = await this.counts(p, 'c', ['total', 'office', 'countryOfOrigin'], columns);
    return countTables(rows, 'pipelineCases', 'cases', columns, {
      rates: [...PIPELINE_RATES, { name: 'noShowsPerBooking', numerator: 'noShows', denominator: 'bookings' }],
    });
  }

  /**
   * Withdrawals and cancellations by reason, in people and in cases (a case counts when the whole case withdrew or
   * was cancelled; a member who withdrew alone counts as a person only).
   */
  private async reasons(p: unknown[]): Promise<RawTable[]> {
    const of = async (dim: string, column: string, indicator: string): Promise<RawCountTable> => {
      const [people, cases] = await Promise.all([
        this.counts(p, 'i', [dim], [column]),
        this.counts(p, 'c', [dim], [column]),
      ]);
      const keys = [...new Set([...people, ...cases].map((r) => String(r.key)))].sort();
      const value = (rows: Row[], key: string) => num(rows.find((r) => r.key === key)?.[column]);
      const sum = (rows: Row[]) => rows.reduce((a, r) => a + num(r[column]), 0);
      return {
        kind: 'counts',
        indicator,
        unit: 'individuals',
        breakdown: 'reason',
        columns: ['individuals', 'cases'],
        rows: keys.map((key) => ({ key, values: [value(people, key), value(cases, key)] })),
        total: [sum(people), sum(cases)],
      };
    };
    return Promise.all([
      of('withdrawalReason', 'withdrawn', 'withdrawalReasons'),
      of('cancellationReason', 'cancelled', 'cancellationReasons'),
    ]);
  }

  private async stageDurations(p: unknown[]): Promise<RawTable[]> {
    const spans: [span: string, start: string, end: string][] = [
      ['REFERRAL_TO_REGISTRATION', 'received_at', 'registered_at'],
      ['REGISTRATION_TO_APPROVAL', 'registered_at', 'approved_at'],
      ['APPROVAL_TO_DEPARTURE', 'approved_at', 'departed_at'],
      ['REGISTRATION_TO_DEPARTURE', 'registered_at', 'departed_at'],
      ['DEPARTURE_TO_ARRIVAL', 'departed_at', 'arrived_at'],
      ['ARRIVAL_TO_COUNSELLING', 'arrived_at', 'counselled_at'],
      ['ARRIVAL_TO_PLAN', 'arrived_at', 'plan_agreed_at'],
    ];
    // Each span read by an index range of its end date (a span counts in the period its end falls in).
    const ended = spans
      .map(
        ([span, start, end]) => `SELECT '${span}' AS span, host_office, country_of_origin,
           round((extract(epoch FROM ${end} - ${start}) / 86400)::numeric, 1) AS days
         FROM report_cases WHERE ${range(end)} AND ${end} < $4 AND ${start} IS NOT NULL AND ${ReportRepository.SCOPE}`,
      )
      .join('\n       UNION ALL ');
    const rows: Row[] = await this.query(
      `SELECT CASE WHEN grouping(host_office) = 0 THEN 'office' WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin'
                   ELSE 'stage' END AS dim,
              concat_ws(' ', coalesce(host_office, country_of_origin), span) AS key,
              count(*) AS n,
              -- Both percentiles from one sort of each group's durations.
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days) AS percentiles
       FROM (${ended}) d
       GROUP BY GROUPING SETS ((span), (span, host_office), (span, country_of_origin))`,
      p,
    );
    for (const r of rows) {
      const [median, p90] = (r.percentiles as unknown as number[] | null) ?? [null, null];
      Object.assign(r, { medianDays: median, p90Days: p90 });
    }
    // No single total across stages: each stage row is its own statistic.
    return statTables(rows, 'stageDurations', 'cases', ['medianDays', 'p90Days']).map((t) => ({
      ...t,
      total: { n: t.rows.reduce((s, r) => s + r.n, 0), values: [null, null] },
    }));
  }

  private async overSlaNow(p: unknown[]): Promise<RawTable[]> {
    const g = groupingColumns({ office: 'host_office', stage: 'stage', countryOfOrigin: 'country_of_origin' });
    const rows: Row[] = await this.query(
      `SELECT ${g.dim} AS dim, ${g.key} AS key,
         count(*) FILTER (WHERE sla_state = 'ALERT') AS alert, count(*) FILTER (WHERE sla_state = 'ESCALATE') AS escalate
       FROM cases WHERE sla_state IN ('ALERT', 'ESCALATE')
         AND ($5::text IS NULL OR host_office = $5 OR receiving_office = $5)
         AND ($6::text IS NULL OR country_of_origin = $6)
       GROUP BY ${g.sets}`,
      p,
    );
    return countTables(rows, 'overSlaNow', 'cases', ['alert', 'escalate']);
  }

  private async documents(p: unknown[]): Promise<RawTable[]> {
    // The office filter is the host office (documents are requested there), the country the case's country of origin.
    const scope = `($5::text IS NULL OR host_office = $5) AND ($6::text IS NULL OR country_of_origin = $6)`;
    // Pending on the reference date: not decided yet, or decided after it (two index ranges).
    const pendingRows = `requested_at < $4::timestamptz - interval '30 days' AND status <> 'ON_RECORD' AND ${scope}`;
    const pending: Row[] = await this.query(
      `SELECT CASE WHEN grouping(authority) = 0 THEN 'consulate' ELSE 'total' END AS dim,
              coalesce(authority, 'TOTAL') AS key,
              count(*) AS "over30",
              count(*) FILTER (WHERE requested_at < $4::timestamptz - interval '60 days') AS "over60"
       FROM (SELECT coalesce(authority, 'UNKNOWN') AS authority, requested_at FROM report_documents
             WHERE decided_at IS NULL AND ${pendingRows}
             UNION ALL
             SELECT coalesce(authority, 'UNKNOWN'), requested_at FROM report_documents
             WHERE decided_at >= $4 AND ${pendingRows}) d
       GROUP BY GROUPING SETS ((), (authority))`,
      p,
    );
    const decided: Row[] = await this.query(
      `SELECT CASE WHEN grouping(authority) = 0 THEN 'consulate' ELSE 'total' END AS dim,
              coalesce(authority, 'TOTAL') AS key,
              count(*) FILTER (WHERE status IN ('ISSUED', 'EXPIRED', 'RENEWAL_REQUIRED', 'REFUSED')) AS decided,
              count(*) FILTER (WHERE status = 'REFUSED') AS refused
       FROM (SELECT coalesce(authority, 'UNKNOWN') AS authority, status FROM report_documents
             WHERE ${range('decided_at')} AND decided_at < $4 AND requested_at IS NOT NULL AND ${scope}) d
       GROUP BY GROUPING SETS ((), (authority))`,
      p,
    );
    return [
      ...countTables(pending, 'documentsPending', 'documents', ['over30', 'over60']),
      ...countTables(decided, 'documentRefusals', 'documents', ['decided', 'refused'], {
        rates: [{ name: 'refusalRate', numerator: 'refused', denominator: 'decided' }],
      }),
    ];
  }

  /**
   * The reintegration cohort: the returnees (people who travelled) of the cases that arrived in the period, counted
   * from the case rows (returnee_count people each: they share the case's arrival, counselling and plan dates).
   */
  private async reintegration(p: unknown[]): Promise<RawTable[]> {
    const g = groupingColumns({ countryOfOrigin: 'country_of_origin', receivingOffice: 'receiving_office' });
    const cohort = `FROM report_cases WHERE ${range('arrived_at')} AND arrived_at < $4 AND returnee_count > 0
      AND ${ReportRepository.SCOPE}`;
    const rows: Row[] = await this.query(
      `SELECT ${g.dim} AS dim, ${g.key} AS key, sum(returnee_count) AS returnees,
         coalesce(sum(returnee_count) FILTER (WHERE ${byAsOf('counselled_at')}), 0) AS counselled,
         coalesce(sum(returnee_count) FILTER (WHERE ${byAsOf('plan_agreed_at')}
           AND plan_agreed_at <= arrived_at + interval '30 days'), 0) AS "planWithin30Days",
         coalesce(sum(returnee_count) FILTER (WHERE ${byAsOf('plan_agreed_at')} AND activity_count > 0), 0) AS "withActivity"
       ${cohort} GROUP BY ${g.sets}`,
      p,
    );
    // People with at least one activity, by the plan's dimensions and levels: a person counts once per dimension of
    // their case's plan, so per dimension the people of the cases whose plan has it (no per-person DISTINCT).
    const byActivity: Row[] = await this.query(
      `WITH r AS MATERIALIZED (SELECT case_id, returnee_count AS m ${cohort} AND ${byAsOf('plan_agreed_at')}
                               AND activity_count > 0),
         a AS MATERIALIZED (SELECT r.case_id, r.m, x.dimension, x.level FROM r
                            JOIN report_activities x ON x.case_id = r.case_id)
       SELECT 'dimension' AS dim, dimension AS key, sum(m) AS "withActivity"
         FROM (SELECT DISTINCT case_id, m, dimension FROM a) d GROUP BY dimension
       UNION ALL
       SELECT 'level', level, sum(m) FROM (SELECT DISTINCT case_id, m, level FROM a) l GROUP BY level
       UNION ALL
       SELECT 'total', 'TOTAL', sum(m) FROM r`,
      p,
    );
    return [
      ...countTables(
        rows,
        'reintegration',
        'individuals',
        ['returnees', 'counselled', 'planWithin30Days', 'withActivity'],
        {
          rates: [
            { name: 'counselledRate', numerator: 'counselled', denominator: 'returnees' },
            { name: 'planWithin30DaysRate', numerator: 'planWithin30Days', denominator: 'returnees' },
            { name: 'activityRate', numerator: 'withActivity', denominator: 'returnees' },
          ],
        },
      ),
      ...countTables(byActivity, 'reintegrationByDimension', 'individuals', ['withActivity'], { overlapping: true }),
    ];
  }

  private async activities(p: unknown[]): Promise<RawTable[]> {
    const types = [
      'BUSINESS',
      'TRAINING',
      'JOB_PLACEMENT',
      'EDUCATION',
      'HOUSING',
      'MEDICAL',
      'MHPSS',
      'LEGAL',
      'OTHER',
    ];
    const cols = types.map((t) => `count(*) FILTER (WHERE activity_type = '${t}') AS "${t}"`).join(', ');
    // The activities of the plans agreed in the period (each row carries its plan's date and the case's filters).
    const rows: Row[] = await this.query(
      `SELECT CASE WHEN grouping(level) = 0 THEN 'level' WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin'
                   ELSE 'total' END AS dim,
              coalesce(level, country_of_origin, 'TOTAL') AS key, ${cols}
       FROM report_activities WHERE ${range('plan_agreed_at')} AND plan_agreed_at < $4 AND ${ReportRepository.SCOPE}
       GROUP BY GROUPING SETS ((), (level), (country_of_origin))`,
      p,
    );
    const present = types.filter((t) => rows.some((r) => num(r[t]) > 0));
    const columns = present.length ? present : types;
    return countTables(rows, 'activities', 'activities', columns, { additiveColumns: present.length === types.length });
  }

  private async money(p: unknown[]): Promise<RawTable[]> {
    const budget: Row[] = await this.query(
      `SELECT CASE WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin:currency' ELSE 'currency' END AS dim,
              concat_ws(' ', country_of_origin, currency) AS key, count(*) AS n, sum(budgeted) AS budgeted
       FROM report_cases WHERE ${range('plan_agreed_at')} AND plan_agreed_at < $4 AND ${ReportRepository.SCOPE}
       GROUP BY GROUPING SETS ((currency), (country_of_origin, currency))`,
      p,
    );
    const paid: Row[] = await this.query(
      `SELECT CASE WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin:currency' ELSE 'currency' END AS dim,
              concat_ws(' ', country_of_origin, currency) AS key, count(DISTINCT case_id) AS n,
              sum(amount) AS disbursed,
              sum(amount) FILTER (WHERE modality = 'CASH') AS cash,
              sum(amount) FILTER (WHERE modality = 'IN_KIND') AS "inKind",
              sum(amount) FILTER (WHERE modality = 'MIXED') AS mixed
       FROM report_tranches
       WHERE status = 'PAID' AND ${range('paid_at')} AND paid_at < $4 AND ${ReportRepository.SCOPE}
       GROUP BY GROUPING SETS ((currency), (country_of_origin, currency))`,
      p,
    );
    const overdue: Row[] = await this.query(
      `SELECT CASE WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin:currency' ELSE 'currency' END AS dim,
              concat_ws(' ', country_of_origin, currency) AS key, count(DISTINCT case_id) AS n,
              count(*) AS tranches, sum(amount) AS amount
       FROM report_tranches
       WHERE status IN ('PLANNED', 'REQUESTED', 'APPROVED') AND due_date < $3::date AND ${ReportRepository.SCOPE}
       GROUP BY GROUPING SETS ((currency), (country_of_origin, currency))`,
      p,
    );
    // Sums of money in different currencies never add up: each table's total is left empty.
    const noTotal = (t: RawStatTable): RawStatTable => ({ ...t, total: { n: 0, values: t.columns.map(() => null) } });
    return [
      ...statTables(budget, 'budget', 'cases', ['budgeted']).map(noTotal),
      ...statTables(paid, 'disbursed', 'cases', ['disbursed', 'cash', 'inKind', 'mixed']).map(noTotal),
      ...statTables(overdue, 'tranchesOverdue', 'cases', ['tranches', 'amount']).map(noTotal),
    ];
  }

  private async monitoring(p: unknown[]): Promise<RawTable[]> {
    const g = groupingColumns({ countryOfOrigin: 'country_of_origin' });
    const rows: Row[] = await this.query(
      `SELECT ${g.dim} AS dim, ${g.key} AS key, count(*) AS due,
              count(*) FILTER (WHERE ${byAsOf('done_at')}) AS done
       FROM report_visits
       WHERE due_on >= $1::date AND due_on < $2::date AND due_on <= $3::date AND ${ReportRepository.SCOPE}
       GROUP BY ${g.sets}`,
      p,
    );
    return countTables(rows, 'monitoringVisits', 'visits', ['due', 'done'], {
      rates: [{ name: 'doneRate', numerator: 'done', denominator: 'due' }],
    });
  }

  private async rss(p: unknown[], o: ReportOptions): Promise<RawTable[]> {
    const stats = `count(*) AS n, avg(economic) AS economic, avg(social) AS social,
         avg(psychosocial) AS psychosocial, avg(composite) AS composite,
         avg((composite >= $7)::int) AS "shareAtOrAbove"`;
    // Incomplete surveys are left out of the scores (AVRR.md §8.5: weights recomputed, result flagged incomplete).
    const rows: Row[] = await this.query(
      `WITH r AS MATERIALIZED (SELECT * FROM report_rss
                  WHERE NOT incomplete AND ${range('effective_at')} AND effective_at < $4 AND ${ReportRepository.SCOPE})
       SELECT CASE WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin' WHEN grouping(principal_sex) = 0 THEN 'sex'
                   ELSE 'total' END AS dim,
              coalesce(country_of_origin, principal_sex, 'TOTAL') AS key, ${stats}
         FROM r GROUP BY GROUPING SETS ((), (country_of_origin), (principal_sex))
       UNION ALL
       -- Each survey once per activity type of its case's plan.
       SELECT 'activityType', activity_type, ${stats}
         FROM r, unnest(r.activity_types) AS activity_type GROUP BY activity_type`,
      [...p, o.rssThreshold],
    );
    // Cases whose endline survey fell due in the period (arrival + endlineMonths), and which of them answered it.
    const response: Row[] = await this.query(
      `SELECT CASE WHEN grouping(country_of_origin) = 0 THEN 'countryOfOrigin' ELSE 'total' END AS dim,
              coalesce(country_of_origin, 'TOTAL') AS key, count(*) AS due,
              count(*) FILTER (WHERE ${byAsOf('endline_at')}) AS responded
       FROM report_cases
       WHERE arrived_at >= $1::timestamptz - make_interval(months => $7, days => 4)
         AND arrived_at < $2::timestamptz - make_interval(months => $7) + interval '4 days'
         AND ${inPeriod(`arrived_at + make_interval(months => $7)`)} = 1
         AND ${ReportRepository.SCOPE}
       GROUP BY GROUPING SETS ((), (country_of_origin))`,
      [...p, o.endlineMonths],
    );
    return [
      ...statTables(rows, 'rss', 'surveys', ['economic', 'social', 'psychosocial', 'composite', 'shareAtOrAbove']),
      ...countTables(response, 'rssResponse', 'cases', ['due', 'responded'], {
        rates: [{ name: 'responseRate', numerator: 'responded', denominator: 'due' }],
      }),
    ];
  }

  private async closures(p: unknown[]): Promise<RawTable[]> {
    const dims = ['total', 'closureReason', 'countryOfOrigin'];
    const [people, cases] = await Promise.all([
      this.counts(p, 'i', dims, ['closed']),
      this.counts(p, 'c', dims, ['closed']),
    ]);
    const rows: Row[] = [];
    for (const r of people) {
      const c = cases.find((x) => x.dim === r.dim && x.key === r.key);
      rows.push({
        dim: r.dim === 'closureReason' ? 'reason' : r.dim,
        key: r.key,
        individuals: r.closed,
        cases: c?.closed ?? 0,
      });
    }
    return countTables(rows, 'closures', 'individuals', ['individuals', 'cases']);
  }

  /**
   * The two headlines per year: people who departed (outbound; the office filter is their host office) and home-country
   * returnees at their reintegration counselling (inbound; the office filter is their receiving office).
   */
  private async headlines(p: unknown[], o: ReportOptions): Promise<RawTable[]> {
    const rows: Row[] = await this.query(
      `SELECT CASE WHEN grouping(y) = 0 THEN 'year' ELSE 'total' END AS dim, coalesce(y::text, 'TOTAL') AS key,
              coalesce(sum(departed) FILTER (WHERE dim = 'outbound'), 0) AS outbound,
              coalesce(sum(counselled) FILTER (WHERE dim = 'inbound'), 0) AS inbound
       FROM (SELECT extract(year FROM day)::int AS y, dim, key, departed, counselled FROM report_counts
             WHERE unit = 'i' AND office = coalesce($5::text, '') AND country = coalesce($6::text, '')
               AND (dim = 'outbound' OR (dim = 'inbound' AND key = $7))
               AND day >= ($1::timestamptz AT TIME ZONE 'UTC')::date
               AND until_day < (least($2::timestamptz, $4::timestamptz) AT TIME ZONE 'UTC')::date) h
       GROUP BY GROUPING SETS ((), (y))`,
      [...p, o.homeCountry],
    );
    return countTables(rows, 'headlines', 'individuals', ['outbound', 'inbound']);
  }

  /** Audits one report or export: who, what, when, which filters. */
  async recordExport(
    user: { id: string; role: string },
    report: string,
    format: string,
    filters: object,
  ): Promise<void> {
    await this.db.query('INSERT INTO report_exports (user_id, role, report, format, filters) VALUES ($1,$2,$3,$4,$5)', [
      user.id,
      user.role,
      report,
      format,
      JSON.stringify(filters),
    ]);
  }

  /** The audit of reports and exports, newest first. */
  async exports(limit = 100): Promise<ReportExportRecord[]> {
    const rows: {
      id: string;
      user_id: string;
      role: string;
      report: string;
      format: string;
      filters: ReportFilter;
      at: Date;
    }[] = await this.db.query(
      'SELECT id, user_id, role, report, format, filters, at FROM report_exports ORDER BY at DESC, id DESC LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      userId: r.user_id,
      role: r.role,
      report: r.report,
      format: r.format,
      filters: r.filters,
      at: new Date(r.at).toISOString(),
    }));
  }
}
