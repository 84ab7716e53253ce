import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { caseIdParam, idParam } from '../http/id-param';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  BulkActionRequest,
  CaseActionRequest,
  DecisionRequest,
  ListStuckQuery,
  OfficeSettingsRequest,
} from './ops.dto';
import { OpsService } from './ops.service';

const actionIdParam = idParam('ACTION_NOT_FOUND', 'Action not found');

/** Operations staff only; pseudonymous references and ids, never names. */
@ApiTags('operations')
@ApiBearerAuth()
@Roles('operations')
@Controller('ops')
export class OpsController {
  constructor(private readonly ops: OpsService) {}

  @Get('stuck')
  @ApiOperation({
    summary: 'Stuck cases (business: SLAs; technical: Temporal), with reason, suggested action and counts by group',
  })
  stuck(@Query() q: ListStuckQuery) {
    return this.ops.stuck(q);
  }

  @Post('scan')
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask the monitor to scan now (results in GET /ops/stuck once done)' })
  scan() {
    return this.ops.scan();
  }

  @Get('cases/:caseId')
  @ApiOperation({
    summary:
      'Diagnostic of one case: stage, holds, workflow (pending activities, last failure, history length), reminders, audit',
  })
  diagnostic(@Param('caseId', caseIdParam) caseId: string) {
    return this.ops.diagnostic(caseId);
  }

  @Post('cases/:caseId/actions')
  @ApiOperation({
    summary:
      'RETRY now, RESET to the last completed workflow task, CANCEL_REMINDER, TERMINATE; reason mandatory. RESET and TERMINATE wait for a second user (202)',
  })
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
    summary: 'An action over every case a stuck filter matches; dryRun (default) shows the count and the cases first',
  })
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
  @ApiOperation({ summary: 'Recent operations actions (status=PENDING_APPROVAL for the approval queue)' })
  actions(@Query('status') status?: string) {
    return this.ops.actions(status);
  }

  @Post('actions/:actionId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve and run a destructive action (a different operations user than the requester)' })
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
    summary: 'Offices with their calendar (time zone, weekend, holidays), SLA overrides and webhook (secret hidden)',
  })
  offices() {
    return this.ops.officeList();
  }

  @Put('offices/:office/settings')
  @Roles('admin')
  @ApiOperation({
    summary: 'Set an office calendar, SLA overrides or webhook (admin); the worker picks it up within a minute',
  })
  settings(@Param('office') office: string, @Body() body: OfficeSettingsRequest) {
    return this.ops.setOffice(office, body);
  }

  @Post('actions/:actionId/reject')
  @HttpCode(200)
  reject(@CurrentUser() user: StaffUser, @Param('actionId', actionIdParam) id: string, @Body() _body: DecisionRequest) {
    return this.ops.reject(user, id);
  }
}
