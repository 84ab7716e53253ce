import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CaseCommandsService } from './case-commands.service';
import { CasesService } from './cases.service';
import { CaseCommandRequest } from './dto/case-command.request';
import { COMMAND_PAYLOAD_CLASSES } from './dto/commands';
import { CaseHistoryResponse } from './dto/case-history.response';
import { CaseListResponse } from './dto/case-list.response';
import { CreateCaseRequest } from './dto/create-case.request';
import { ListCasesQuery } from './dto/list-cases.query';
import { caseIdParam } from '../http/id-param';
import { idempotencyKeyPipe } from './idempotency-key.pipe';

@ApiTags('cases')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiExtraModels(...COMMAND_PAYLOAD_CLASSES)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly commands: CaseCommandsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a referral or household: opens the case and starts its workflow' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request with the same key returns the first result',
  })
  @ApiResponse({ status: 201, description: 'The new case view' })
  async create(
    @CurrentUser() user: StaffUser,
    @Body() body: CreateCaseRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.cases.create(user, body, idempotencyKeyPipe.transform(rawKey));
    reply.status(result.replayed ? HttpStatus.OK : HttpStatus.CREATED);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get()
  @ApiOperation({
    operationId: 'listCases',
    summary:
      'Cases in your scope, newest first (keyset pagination with nextCursor): the list, the search, the work queue',
    description:
      'Search with q (reference, or names: case- and accent-insensitive), dateOfBirth and phone (last digits); ' +
      'awaiting=mine lists the cases where your role has work (awaitingCommand narrows it to one command). Roles that ' +
      'may not see identity (finance, operations) may search by reference only: 403 ROLE_NOT_ALLOWED otherwise.',
  })
  @ApiOkResponse({ type: CaseListResponse })
  list(@CurrentUser() user: StaffUser, @Query() query: ListCasesQuery) {
    return this.cases.list(user, query);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'One case, shaped for your role; out of scope answers 404' })
  get(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.get(user, caseId);
  }

  @Get(':caseId/history')
  @ApiOperation({
    operationId: 'getHistory',
    summary:
      'The audit trail: who did what (with their name, for roles that see names), when, from which stage to which',
  })
  @ApiOkResponse({ type: CaseHistoryResponse })
  history(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.history(user, caseId);
  }

  @Get(':caseId/special-category-reads')
  @Roles('supervisor', 'protection')
  @ApiOperation({
    summary:
      'Who viewed special-category data (D3) of this case, when and through which endpoint (supervisor, protection)',
  })
  specialCategoryReads(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.specialCategoryReads(user, caseId);
  }

  @Post(':caseId/commands')
  @ApiOperation({
    summary:
      'Apply a command to the case (discriminated by `type`); returns the new case view and the commands now open to you',
    description:
      'Rejections from the rules: 409 (STALE_VERSION, NOT_ALLOWED_IN_STAGE) or 422 (REQUIREMENTS_NOT_MET, INVALID_COMMAND, UNKNOWN_MEMBER) with details.requirements; 403 ROLE_NOT_ALLOWED.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Becomes the Temporal Update id: a retried request is applied once and returns the same result',
  })
  @HttpCode(200)
  apply(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
    @Body() body: CaseCommandRequest,
    @Headers('idempotency-key') rawKey: string | undefined,
  ) {
    return this.commands.apply(user, caseId, body, idempotencyKeyPipe.transform(rawKey));
  }

  @Get(':caseId/requirements')
  @ApiOperation({
    summary: "Why can't I advance? Every command open in this stage: allowed, or its unmet requirements (per member)",
  })
  requirements(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.commands.requirements(user, caseId);
  }
}
