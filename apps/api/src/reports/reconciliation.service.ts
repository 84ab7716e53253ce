import { APP_CONFIG, AppConfig } from '@avrr/config';
import { reportFactsOf, stateFromAudit } from '@avrr/domain';
import { REPORT_TABLES, ReportRepository, reportRowsOf, type ReportTableName } from '@avrr/persistence';
import { Inject, Injectable } from '@nestjs/common';

/** The key columns of each reporting table (besides case_id): how rows are matched. */
const KEYS: Record<ReportTableName, string[]> = {
  report_cases: [],
  report_individuals: ['member_id'],
  report_documents: ['member_id', 'position'],
  report_activities: ['activity_id'],
  report_tranches: ['tranche_id'],
  report_visits: ['visit_no'],
  report_rss: ['rss_id'],
};

export interface ReconciliationDifference {
  caseId: string;
  table: string;
  /** The row's key (internal ids and numbers only), or '' for the case row. */
  key: string;
  /** MISSING: expected, not stored; UNEXPECTED: stored, not expected; DIFFERENT: the columns that differ. */
  kind: 'MISSING' | 'UNEXPECTED' | 'DIFFERENT' | 'AUDIT_GAP';
  /** Column names only: values can be special categories (vulnerability types), never shown here. */
  columns?: string[];
}

export interface ReconciliationResult {
  checked: number;
  differing: number;
  next?: string;
  differences: ReconciliationDifference[];
}

/** Timestamps to one instant form, dates to YYYY-MM-DD, numeric strings to numbers, arrays sorted. */
function normal(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(normal).map(String).sort();
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) {
      const ms = Date.parse(v);
      // A date column renders as midnight: compare its day only.
      return Number.isNaN(ms) ? v : new Date(ms).toISOString();
    }
    if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  }
  return v;
}

/** A date column read back from PostgreSQL (row_to_json gives 'YYYY-MM-DD'): the expected side is the same. */
const same = (a: unknown, b: unknown): boolean => JSON.stringify(normal(a)) === JSON.stringify(normal(b));

/**
 * The reconciliation check of the reporting read model: for each case, its state is rebuilt from the audit trail
 * (case_events, unsealed, through the domain's evolve), its reporting facts derived again (reportFactsOf) and
 * compared with the rows the projection wrote. Any difference is reported, with column names only. The first page of
 * a pass also recomputes the pre-aggregates from the per-individual and per-case rows and compares them (caseId '':
 * the vulnerability counters by office/country/day/until-day, never the type; the breakdown counters report_counts by
 * unit/office/country/breakdown/key/days). Nothing is
 * repaired here: the projection's next change of the case rewrites its rows, and a difference that stays is a bug.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async reconcile(opts: { caseId?: string; limit: number; after?: string }): Promise<ReconciliationResult> {
    const ids = opts.caseId ? [opts.caseId] : await this.reports.auditedCaseIds(opts.limit, opts.after);
    const differences: ReconciliationDifference[] = [];
    const differing = new Set<string>();
    // An anonymised case's trail was narrowed by retention; its report rows stay for the aggregates, unchecked.
    const redacted = await this.reports.redactedByRetention(ids);
    for (const caseId of ids) {
      if (redacted.has(caseId)) continue;
      const trail = await this.reports.auditTrail(caseId);
      if (!trail.length) continue;
      const { state, gaps } = stateFromAudit(trail);
      for (const version of gaps)
        differences.push({ caseId, table: 'case_events', key: String(version), kind: 'AUDIT_GAP' });
      const expected = reportRowsOf(reportFactsOf(state, this.config.domain));
      const corrected = await this.reports.correctedBirthDates(caseId);
      for (const row of expected.report_individuals) {
        const date = corrected.get(String(row.member_id));
        if (date) row.date_of_birth = date;
      }
      const stored = await this.reports.storedRows(caseId);
      for (const table of REPORT_TABLES) {
        const keyOf = (r: Record<string, unknown>) => KEYS[table].map((k) => String(r[k])).join('/');
        const have = new Map(stored[table].map((r) => [keyOf(r), r]));
        for (const want of expected[table]) {
          const key = keyOf(want);
          const got = have.get(key);
          have.delete(key);
          if (!got) {
            differences.push({ caseId, table, key, kind: 'MISSING' });
            continue;
          }
          const columns = Object.keys(want).filter((c) => !same(want[c], got[c]));
          if (columns.length) differences.push({ caseId, table, key, kind: 'DIFFERENT', columns });
        }
        for (const key of have.keys()) differences.push({ caseId, table, key, kind: 'UNEXPECTED' });
      }
      if (differences.some((d) => d.caseId === caseId)) differing.add(caseId);
    }
    // The pre-aggregate is global: checked once per pass, on its first page (or when asked for no case at all).
    if (!opts.caseId && !opts.after) {
      for (const d of await this.reports.counterDifferences())
        differences.push({
          caseId: '',
          table: 'report_vulnerability_counts',
          key: d.key,
          kind: 'DIFFERENT',
          columns: d.columns,
        });
      for (const d of await this.reports.countDifferences())
        differences.push({ caseId: '', table: 'report_counts', key: d.key, kind: 'DIFFERENT', columns: d.columns });
    }
    return {
      checked: ids.length,
      differing: differing.size,
      ...(!opts.caseId && ids.length === opts.limit ? { next: ids[ids.length - 1] } : {}),
      differences,
    };
  }
}
