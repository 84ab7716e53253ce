import { CodedHttpException, StaffUser } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { publishReport, type ReportTable } from '@avrr/domain';
import { ReportRepository, type ReportFilter } from '@avrr/persistence';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ReportQuery } from './reports.dto';

/** The longest period a report may cover (the headlines run over several years). */
const MAX_PERIOD_DAYS = 366 * 10;

export interface Indicators {
  filters: ReportFilter;
  smallCellThreshold: number;
  generatedAt: string;
  tables: ReportTable[];
}

/**
 * The indicators of AVRR.md §12 for the M&E role: SQL over the reporting read model, published through the domain's
 * small-cell suppression. Every report and export is audited (who, what, when, filters) before it is returned.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  filterOf(q: ReportQuery): ReportFilter {
    const asOf = q.asOf ?? q.to;
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (!Number.isFinite(days) || Number.isNaN(Date.parse(asOf)) || days < 0 || days > MAX_PERIOD_DAYS)
      throw new CodedHttpException(
        HttpStatus.BAD_REQUEST,
        'REPORT_PERIOD_INVALID',
        `The period must run forward from 'from' to 'to' and cover at most ${MAX_PERIOD_DAYS} days`,
      );
    return {
      from: q.from,
      to: q.to,
      asOf,
      ...(q.office ? { office: q.office } : {}),
      ...(q.countryOfOrigin ? { countryOfOrigin: q.countryOfOrigin.toUpperCase() } : {}),
    };
  }

  async indicators(user: StaffUser, q: ReportQuery, format: 'json' | 'csv' | 'xlsx'): Promise<Indicators> {
    const filters = this.filterOf(q);
    const raw = await this.reports.indicators(filters, {
      homeCountry: this.config.reports.homeCountry,
      endlineMonths: 12,
      // The instruments' sustainable line (AVRR.md §8.5: 0.5 by default), the newest instrument's when several.
      rssThreshold: this.config.domain.rssInstruments.at(-1)?.threshold ?? 0.5,
    });
    const threshold = this.config.reports.smallCellThreshold;
    await this.reports.recordExport({ id: user.id, role: user.role }, 'indicators', format, filters);
    return {
      filters,
      smallCellThreshold: threshold,
      generatedAt: new Date().toISOString(),
      tables: publishReport(raw, threshold),
    };
  }

  /**
   * One line per value: indicator, unit, breakdown, key, measure, value, note. An empty value is noted "suppressed"
   * when it is hidden (a small cell, its complement, or a figure resting on one) and "n/a" when there is nothing to
   * show: a statistic over nobody, a rate whose denominator is 0.
   */
  static lines(report: Indicators): (string | number)[][] {
    const out: (string | number)[][] = [];
    for (const t of report.tables) {
      for (const row of [...t.rows, t.total]) {
        const push = (measure: string, v: number | null | undefined, whyEmpty: string) =>
          out.push([t.indicator, t.unit, t.breakdown, row.key, measure, v ?? '', v === null ? whyEmpty : '']);
        // Counts are null only when hidden; a statistic whose count is shown (0 or at least the threshold) is null
        // only when there is nothing to compute it over.
        const valueNote = t.kind === 'stats' && row.n !== null ? 'n/a' : 'suppressed';
        if (row.n !== undefined) push('n', row.n, 'suppressed');
        t.columns.forEach((c, i) => push(c, row.values[i], valueNote));
        // A rate is computed from the shown counts of its row: with none of them hidden, an empty rate has a
        // denominator of 0.
        const rateNote = row.values.some((v) => v === null) ? 'suppressed' : 'n/a';
        for (const [name, v] of Object.entries(row.rates ?? {})) push(`rate:${name}`, v, rateNote);
      }
    }
    return out;
  }

  static readonly HEADER = ['indicator', 'unit', 'breakdown', 'key', 'measure', 'value', 'note'];

  csv(report: Indicators): string {
    return stringify([ReportsService.HEADER, ...ReportsService.lines(report)]);
  }

  async xlsx(report: Indicators): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = 'AVRR engine';
    book.created = new Date(report.generatedAt);
    const sheet = book.addWorksheet('Indicators');
    sheet.addRow(ReportsService.HEADER).font = { bold: true };
    for (const line of ReportsService.lines(report)) sheet.addRow(line);
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const about = book.addWorksheet('About');
    about.addRows([
      ['generatedAt', report.generatedAt],
      ...Object.entries(report.filters).map(([k, v]) => [k, String(v)]),
      ['smallCellThreshold', report.smallCellThreshold],
      [
        'note',
        'Aggregates only. Empty values are suppressed (small cells and their complements) or n/a (nothing to compute).',
      ],
    ]);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  exports(limit: number) {
    return this.reports.exports(limit).then((items) => ({ items }));
  }
}
