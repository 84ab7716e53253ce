import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { caseIdParam, idParam } from '../http/id-param';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import type { FastifyReply } from 'fastify';
import {
  BulkActionRequest,
  CaseActionRequest,
  DecisionRequest,
  ListStuckQuery,
  OfficeSettingsRequest,
} from './ops.dto';
import {
  BulkPreviewResponse,
  CaseDiagnosticResponse,
  OfficeResponse,
  OpsActionResponse,
  ScanQueuedResponse,
  StuckListResponse,
} from './ops.response';
import { OpsService } from './ops.service';
import { AdminService } from '../admin/admin.service';

const actionIdParam = idParam('ACTION_NOT_FOUND', 'Action not found');

/** Operations staff only; pseudonymous references and ids, never names. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('operations')
@ApiExtraModels(BulkPreviewResponse, OpsActionResponse)
@Controller('ops')
export class OpsController {
  constructor(
    private readonly ops: OpsService,
    private readonly admin: AdminService,
  ) {}

  @Get('stuck')
  @ApiOperation({
    operationId: 'listStuckCases',
    summary: 'Stuck cases (business: SLAs; technical: Temporal), with reason, suggested action and counts by group',
  })
  @ApiOkResponse({ type: StuckListResponse })
  @ApiErrors(400, 401, 403, 503)
  stuck(@Query() q: ListStuckQuery) {
    return this.ops.stuck(q);
  }

  @Post('scan')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'requestStuckScan',
    summary: 'Ask the monitor to scan now (results in GET /ops/stuck once done)',
  })
  @ApiAcceptedResponse({ type: ScanQueuedResponse })
  @ApiErrors(401, 403, 503)
  scan() {
    return this.ops.scan();
  }

  @Get('cases/:caseId')
  @ApiOperation({
    operationId: 'getCaseDiagnostic',
    summary:
      'Diagnostic of one case: stage, holds, workflow (pending activities, last failure, history length), reminders, audit',
  })
  @ApiOkResponse({ type: CaseDiagnosticResponse })
  @ApiErrors(401, 403, 404, 503)
  diagnostic(@Param('caseId', caseIdParam) caseId: string) {
    return this.ops.diagnostic(caseId);
  }

  @Post('cases/:caseId/actions')
  @ApiOperation({
    operationId: 'requestOpsAction',
    summary:
      'RETRY now, RESET to the last completed workflow task, CANCEL_REMINDER, TERMINATE; reason mandatory. RESET and TERMINATE wait for a second user (202)',
  })
  @ApiOkResponse({ type: OpsActionResponse, description: 'Done now (RETRY, CANCEL_REMINDER)' })
  @ApiAcceptedResponse({ type: OpsActionResponse, description: 'RESET, TERMINATE: waiting for a second user' })
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  async act(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
    @Body() body: CaseActionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.ops.act(user, caseId, body);
    reply.status(result.status === 'PENDING_APPROVAL' ? 202 : 200);
    return result;
  }

  @Post('bulk-actions')
  @ApiOperation({
    operationId: 'runBulkAction',
    summary: 'An action over every case a stuck filter matches; dryRun (default) shows the count and the cases first',
  })
  @ApiOkResponse({
    description: 'The dry run (dryRun true or absent), or the action done now',
    schema: { oneOf: [{ $ref: getSchemaPath(BulkPreviewResponse) }, { $ref: getSchemaPath(OpsActionResponse) }] },
  })
  @ApiAcceptedResponse({ type: OpsActionResponse, description: 'RESET, TERMINATE: waiting for a second user' })
  @ApiErrors(400, 401, 403, 409, 413, 415, 422, 503)
  async bulk(
    @CurrentUser() user: StaffUser,
    @Body() body: BulkActionRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.ops.bulk(user, body);
    reply.status('status' in result && result.status === 'PENDING_APPROVAL' ? 202 : 200);
    return result;
  }

  @Get('actions')
  @ApiOperation({
    operationId: 'listOpsActions',
    summary: 'Recent operations actions (status=PENDING_APPROVAL for the approval queue)',
  })
  @ApiOkResponse({ type: [OpsActionResponse] })
  @ApiErrors(401, 403, 503)
  actions(@Query('status') status?: string) {
    return this.ops.actions(status);
  }

  @Post('actions/:actionId/approve')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'approveOpsAction',
    summary: 'Approve and run a destructive action (a different operations user than the requester)',
  })
  @ApiOkResponse({ type: OpsActionResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 503)
  approve(
    @CurrentUser() user: StaffUser,
    @Param('actionId', actionIdParam) id: string,
    @Body() _body: DecisionRequest,
  ) {
    return this.ops.approve(user, id);
  }

  @Get('offices')
  @Roles('operations', 'admin')
  @ApiOperation({
    operationId: 'getOfficeSettings',
    summary: 'Offices with their calendar (time zone, weekend, holidays), SLA overrides and webhook (secret hidden)',
  })
  @ApiOkResponse({ type: [OfficeResponse] })
  @ApiErrors(401, 403, 503)
  offices(): Promise<OfficeResponse[]> {
    return this.ops.officeList();
  }

  @Put('offices/:office/settings')
  @Roles('admin')
  @ApiOperation({
    operationId: 'putOfficeSettings',
    summary: 'Set an office calendar, SLA overrides or webhook (admin); the worker picks it up within a minute',
  })
  @ApiOkResponse({ type: OfficeResponse })
  @ApiErrors(400, 401, 403, 404, 413, 415, 503)
  async settings(
    @CurrentUser() user: StaffUser,
    @Param('office') office: string,
    @Body() body: OfficeSettingsRequest,
  ): Promise<OfficeResponse> {
    // The admin register's rules and audit trail (PUT /admin/offices/:office is the full form).
    const { code, name: _name, currency: _currency, ...rest } = await this.admin.updateOffice(user, office, body);
    return { office: code, ...rest };
  }

  @Post('actions/:actionId/reject')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rejectOpsAction',
    summary: 'Reject a destructive action waiting for approval (a different operations user than the requester)',
  })
  @ApiOkResponse({ type: OpsActionResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 503)
  reject(@CurrentUser() user: StaffUser, @Param('actionId', actionIdParam) id: string, @Body() _body: DecisionRequest) {
    return this.ops.reject(user, id);
  }
}
