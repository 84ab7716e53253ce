import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { RETENTION_ROLES } from '@avrr/domain';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { idParam } from '../http/id-param';
import { StartRetentionRunRequest } from './retention.dto';
import { RetentionRunListResponse, RetentionRunResponse, RetentionScheduleResponse } from './retention.response';
import { RetentionApiService } from './retention.service';

/**
 * The retention job (issue 11 item 4) for the roles of RETENTION_ACCESS (libs/domain disclosure.ts): the schedule, a
 * run now (dry or not), its progress and its report. Counts only: no name, reference or case id in any answer.
 */
@ApiTags('retention')
@ApiBearerAuth()
@Roles(...RETENTION_ROLES)
@Controller('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionApiService) {}

  @Get('schedule')
  @ApiOperation({
    operationId: 'getRetentionSchedule',
    summary: 'How long each data category is kept after a case ended',
  })
  @ApiOkResponse({ type: RetentionScheduleResponse })
  @ApiErrors(401, 403)
  schedule(): RetentionScheduleResponse {
    return this.retention.schedule();
  }

  @Post('runs')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'startRetentionRun',
    summary: 'Run retention now: a dry run counts what is due per category, a real run erases it (follow its progress)',
  })
  @ApiAcceptedResponse({ type: RetentionRunResponse })
  @ApiErrors(400, 401, 403, 503)
  start(@CurrentUser() user: StaffUser, @Body() body: StartRetentionRunRequest): Promise<RetentionRunResponse> {
    return this.retention.start(user, body.dryRun);
  }

  @Get('runs')
  @ApiOperation({ operationId: 'listRetentionRuns', summary: 'The latest retention runs, newest first' })
  @ApiOkResponse({ type: RetentionRunListResponse })
  @ApiErrors(401, 403)
  list(): Promise<RetentionRunListResponse> {
    return this.retention.list();
  }

  @Get('runs/:runId')
  @ApiOperation({ operationId: 'getRetentionRun', summary: 'One retention run: its progress and its report' })
  @ApiOkResponse({ type: RetentionRunResponse })
  @ApiErrors(401, 403, 404)
  get(
    @Param('runId', idParam('RETENTION_RUN_NOT_FOUND', 'Retention run not found')) runId: string,
  ): Promise<RetentionRunResponse> {
    return this.retention.get(runId);
  }
}
