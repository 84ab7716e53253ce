/**
 * The indicators of AVRR.md §12 as tables, and what is shown of them: the counts come from SQL over the reporting
 * read model (libs/persistence report.repository.ts), the suppression and the derived rates are decided here (pure).
 */
import { DEFAULT_SMALL_CELL_THRESHOLD, suppressDerived, suppressTable } from './report-suppression';

export type ReportUnit = 'individuals' | 'cases' | 'documents' | 'activities' | 'visits' | 'surveys' | 'tranches';

/** Age groups of the brief, at the report's reference date (asOf). */
export const REPORT_AGE_GROUPS = ['0-17', '18-24', '25-59', '60+'] as const;
export type ReportAgeGroup = (typeof REPORT_AGE_GROUPS)[number];

/** The first age (whole years) of each group of REPORT_AGE_GROUPS, in order. */
export const REPORT_AGE_GROUP_STARTS = [0, 18, 25, 60] as const;

/** The age group of an age in whole years (below 0, a date of birth after the reference date: a child). */
export function ageGroupOf(age: number): ReportAgeGroup {
  let group = 0;
  REPORT_AGE_GROUP_STARTS.forEach((start, i) => {
    if (age >= start) group = i;
  });
  return REPORT_AGE_GROUPS[group];
}

/**
 * The age group on a reference date in `asOfYear` of everyone born in `birthYear`, or null when it depends on the
 * birthday: someone born in year Y is asOfYear - Y - 1 or asOfYear - Y years old, in two groups when the second is the
 * first age of a group (18, 25, 60). Counters keep people by birth year; those years are counted person by person.
 */
export function ageGroupOfBirthYear(birthYear: number, asOfYear: number): ReportAgeGroup | null {
  const older = asOfYear - birthYear;
  const younger = ageGroupOf(older - 1);
  return ageGroupOf(older) === younger ? younger : null;
}

/** The birth years whose age group on a reference date in `asOfYear` depends on the birthday (ageGroupOfBirthYear). */
export function birthYearsStraddlingAgeGroups(asOfYear: number): number[] {
  return REPORT_AGE_GROUP_STARTS.filter((start) => start > 0).map((start) => asOfYear - start);
}

/** A rate shown beside the counts: numerator / denominator, both columns of the table. */
export interface RateSpec {
  name: string;
  numerator: string;
  denominator: string;
}

/** Counts of one indicator by one breakdown, as SQL gave them: rows add up to `total` in every column. */
export interface RawCountTable {
  kind: 'counts';
  indicator: string;
  unit: ReportUnit;
  breakdown: string;
  columns: string[];
  rows: { key: string; values: number[] }[];
  total: number[];
  /** The columns add up too (a two-way table such as type x level): their row sums are margins as well. */
  additiveColumns?: boolean;
  rates?: RateSpec[];
  /**
   * The rows do not add up to the total (a person may have several vulnerability types): complementary suppression
   * still runs as if they did, which can only hide more.
   */
  overlapping?: boolean;
}

/**
 * Statistics of one indicator by one breakdown (medians, percentiles, means, sums of money): each row with the number
 * of people or cases it rests on, shown only when that number reaches the threshold.
 */
export interface RawStatTable {
  kind: 'stats';
  indicator: string;
  unit: ReportUnit;
  breakdown: string;
  columns: string[];
  rows: { key: string; n: number; values: (number | null)[] }[];
  total: { n: number; values: (number | null)[] };
}

export type RawTable = RawCountTable | RawStatTable;

export interface ReportRow {
  key: string;
  /** For statistics: how many people or cases the values rest on (null when that count itself is suppressed). */
  n?: number | null;
  values: (number | null)[];
  rates?: Record<string, number | null>;
}

export interface ReportTable {
  kind: 'counts' | 'stats';
  indicator: string;
  unit: ReportUnit;
  breakdown: string;
  columns: string[];
  rows: ReportRow[];
  total: ReportRow;
  /** Entries hidden in this table (small cells and their complements). */
  suppressed: number;
}

function rate(num: number | null, den: number | null): number | null {
  if (num === null || den === null || den === 0) return null;
  return Math.round((num / den) * 10_000) / 10_000;
}

function ratesOf(
  specs: RateSpec[] | undefined,
  columns: string[],
  values: (number | null)[],
): Record<string, number | null> | undefined {
  if (!specs?.length) return undefined;
  return Object.fromEntries(
    specs.map((s) => [
      s.name,
      rate(values[columns.indexOf(s.numerator)] ?? null, values[columns.indexOf(s.denominator)] ?? null),
    ]),
  );
}

/** What is shown of one table: small cells and their complements hidden, rates only from shown counts. */
export function publishTable(raw: RawTable, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): ReportTable {
  if (raw.kind === 'stats') {
    // A statistic over fewer people than the threshold is hidden with its count; the counts of a stats table are
    // themselves protected like a one-column count table.
    const counts = suppressTable({ cells: raw.rows.map((r) => [r.n]), columnTotals: [raw.total.n] }, threshold);
    let hidden = 0;
    const row = (r: { key: string; n: number; values: (number | null)[] }, n: number | null): ReportRow => {
      const values = r.values.map((v) => (n === null ? null : suppressDerived(v, r.n, threshold)));
      hidden += values.filter((v, i) => v === null && r.values[i] !== null).length + (n === null && r.n > 0 ? 1 : 0);
      return { key: r.key, n, values };
    };
    const rows = raw.rows.map((r, i) => row(r, counts.cells[i][0]));
    const total = row({ key: 'TOTAL', ...raw.total }, counts.columnTotals[0]);
    return {
      kind: 'stats',
      indicator: raw.indicator,
      unit: raw.unit,
      breakdown: raw.breakdown,
      columns: raw.columns,
      rows,
      total,
      suppressed: hidden,
    };
  }
  const additive = raw.additiveColumns === true;
  const s = suppressTable(
    {
      cells: raw.rows.map((r) => r.values),
      columnTotals: raw.total,
      ...(additive
        ? {
            rowTotals: raw.rows.map((r) => r.values.reduce((a, b) => a + b, 0)),
            grandTotal: raw.total.reduce((a, b) => a + b, 0),
          }
        : {}),
    },
    threshold,
  );
  const rows: ReportRow[] = raw.rows.map((r, i) => {
    const values = s.cells[i];
    const rates = ratesOf(raw.rates, raw.columns, values);
    return { key: r.key, values, ...(rates ? { rates } : {}) };
  });
  const totalRates = ratesOf(raw.rates, raw.columns, s.columnTotals);
  return {
    kind: 'counts',
    indicator: raw.indicator,
    unit: raw.unit,
    breakdown: raw.breakdown,
    columns: raw.columns,
    rows,
    total: { key: 'TOTAL', values: s.columnTotals, ...(totalRates ? { rates: totalRates } : {}) },
    suppressed: s.primary + s.complementary,
  };
}

/** The published report: every table suppressed on its own. */
export function publishReport(tables: RawTable[], threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): ReportTable[] {
  return tables.map((t) => publishTable(t, threshold));
}

/** The indicators of AVRR.md §12, by the id the report uses for each (see docs in the reporting module). */
export const REPORT_INDICATORS = [
  'pipeline',
  'pipelineCases',
  'outcomes',
  'withdrawalReasons',
  'cancellationReasons',
  'stageDurations',
  'overSlaNow',
  'documentsPending',
  'documentRefusals',
  'vulnerableAssisted',
  'reintegration',
  'reintegrationByDimension',
  'activities',
  'budget',
  'disbursed',
  'tranchesOverdue',
  'monitoringVisits',
  'rss',
  'rssResponse',
  'closures',
  'headlines',
] as const;
export type ReportIndicator = (typeof REPORT_INDICATORS)[number];
