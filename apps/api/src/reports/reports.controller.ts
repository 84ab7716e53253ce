import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors } from '../http/error.response';
import { ExportListQuery, ReconciliationQuery, ReportQuery } from './reports.dto';
import { IndicatorsResponse, ReconciliationResponse, ReportExportListResponse } from './reports.response';
import { ReconciliationService } from './reconciliation.service';
import { ReportsService } from './reports.service';

/**
 * Aggregated reports for the M&E officer (AVRR.md §4: aggregated or pseudonymised data only; §12: small cells
 * suppressed, no names). Never a case, a name or an identifier of a person: counts, rates, durations, amounts and
 * scores by breakdown.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('me')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly reconciliation: ReconciliationService,
  ) {}

  @Get('indicators')
  @ApiOperation({
    operationId: 'getIndicators',
    summary: 'The indicators of the programme for a period and as of a date, by breakdown, small cells suppressed',
  })
  @ApiOkResponse({ type: IndicatorsResponse })
  @ApiErrors(400, 401, 403)
  indicators(@CurrentUser() user: StaffUser, @Query() q: ReportQuery): Promise<IndicatorsResponse> {
    return this.reports.indicators(user, q, 'json');
  }

  @Get('indicators.csv')
  @ApiOperation({ operationId: 'exportIndicatorsCsv', summary: 'The same indicators as CSV (one value a line)' })
  // The 200 is CSV; errors stay JSON (ApiProduces would declare every response as CSV).
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiErrors(400, 401, 403)
  async csv(
    @CurrentUser() user: StaffUser,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const report = await this.reports.indicators(user, q, 'csv');
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header(
      'content-disposition',
      `attachment; filename="indicators-${report.filters.from}-${report.filters.to}.csv"`,
    );
    return this.reports.csv(report);
  }

  @Get('indicators.xlsx')
  @ApiOperation({ operationId: 'exportIndicatorsXlsx', summary: 'The same indicators as an Excel workbook' })
  @ApiOkResponse({
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiErrors(400, 401, 403)
  async xlsx(
    @CurrentUser() user: StaffUser,
    @Query() q: ReportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.indicators(user, q, 'xlsx');
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header(
      'content-disposition',
      `attachment; filename="indicators-${report.filters.from}-${report.filters.to}.xlsx"`,
    );
    return this.reports.xlsx(report);
  }

  @Get('reconciliation')
  @Roles('operations', 'me')
  @ApiOperation({
    operationId: 'reconcileReportingModel',
    summary:
      'Recompute the reporting facts from the audit trail and list any difference with the read model (column names only)',
  })
  @ApiOkResponse({ type: ReconciliationResponse })
  @ApiErrors(400, 401, 403)
  reconcile(@Query() q: ReconciliationQuery): Promise<ReconciliationResponse> {
    return this.reconciliation.reconcile({
      limit: q.limit ?? 200,
      ...(q.caseId ? { caseId: q.caseId } : {}),
      ...(q.after ? { after: q.after } : {}),
    });
  }

  @Get('exports')
  @Roles('me', 'admin')
  @ApiOperation({
    operationId: 'listReportExports',
    summary: 'The audit of reports and exports: who, what, when, filters',
  })
  @ApiOkResponse({ type: ReportExportListResponse })
  @ApiErrors(401, 403)
  exports(@Query() q: ExportListQuery): Promise<ReportExportListResponse> {
    return this.reports.exports(q.limit ?? 100);
  }
}
