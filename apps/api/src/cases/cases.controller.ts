import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiCookieAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CaseCommandsService } from './case-commands.service';
import { CasesService } from './cases.service';
import { CaseCommandRequest } from './dto/case-command.request';
import { COMMAND_PAYLOAD_CLASSES } from './dto/commands';
import {
  CaseListResponse,
  CaseResponse,
  CaseWithCommandsResponse,
  HistoryResponse,
  HoldResponse,
  RequirementsResponse,
  SpecialCategoryReadsResponse,
} from './dto/case-view.response';
import { CreateCaseRequest } from './dto/create-case.request';
import { ListCasesQuery } from './dto/list-cases.query';
import { ApiErrors } from '../http/error.response';
import { caseIdParam } from '../http/id-param';
import { idempotencyKeyPipe } from './idempotency-key.pipe';

@ApiTags('cases')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiExtraModels(...COMMAND_PAYLOAD_CLASSES, HoldResponse)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly commands: CaseCommandsService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'createCase',
    summary: 'Register a referral or household: opens the case and starts its workflow',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request with the same key returns the first result',
  })
  @ApiCreatedResponse({ type: CaseWithCommandsResponse, description: 'The new case view' })
  @ApiOkResponse({
    type: CaseWithCommandsResponse,
    description: 'A retry with the same Idempotency-Key: the first result (header Idempotent-Replayed: true)',
  })
  @ApiErrors(400, 401, 403, 413, 415, 422, 429, 503)
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
  @ApiErrors(400, 401, 403, 503)
  list(@CurrentUser() user: StaffUser, @Query() query: ListCasesQuery) {
    return this.cases.list(user, query);
  }

  @Get(':caseId')
  @ApiOperation({ operationId: 'getCase', summary: 'One case, shaped for your role; out of scope answers 404' })
  @ApiOkResponse({ type: CaseResponse })
  @ApiErrors(401, 404, 503)
  get(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.get(user, caseId);
  }

  @Get(':caseId/history')
  @ApiOperation({
    operationId: 'getHistory',
    summary:
      'The audit trail: who did what (with their name, for roles that see names), when, from which stage to which',
  })
  @ApiOkResponse({ type: HistoryResponse })
  @ApiErrors(401, 404, 503)
  history(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.history(user, caseId);
  }

  @Get(':caseId/special-category-reads')
  @Roles('supervisor', 'protection')
  @ApiOperation({
    operationId: 'listSpecialCategoryReads',
    summary:
      'Who viewed special-category data (D3) of this case, when and through which endpoint (supervisor, protection)',
  })
  @ApiOkResponse({ type: SpecialCategoryReadsResponse })
  @ApiErrors(401, 403, 404, 503)
  specialCategoryReads(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.cases.specialCategoryReads(user, caseId);
  }

  @Post(':caseId/commands')
  @ApiOperation({
    operationId: 'applyCommand',
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
  @ApiOkResponse({ type: CaseWithCommandsResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
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
    operationId: 'getRequirements',
    summary: "Why can't I advance? Every command open in this stage: allowed, or its unmet requirements (per member)",
  })
  @ApiOkResponse({ type: RequirementsResponse })
  @ApiErrors(401, 404, 503)
  requirements(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.commands.requirements(user, caseId);
  }
}
