import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { caseIdParam } from '../http/id-param';
import {
  AccessExportResponse,
  AccessRequestListResponse,
  AccessRequestRequest,
  CorrectionListResponse,
  CorrectionRequest,
  CorrectionResponse,
  CorrectionsQuery,
  DecideTransferRequest,
  IncidentListResponse,
  IncidentRequest,
  IncidentResponse,
  ReadLogResponse,
  RequestTransferRequest,
  TransferListResponse,
  TransferResponse,
} from './dataprotection.dto';
import { DataProtectionService } from './dataprotection.service';

/** A case's transfers (disclosure.ts TRANSFER_READERS) and a transfer requested by hand. */
@ApiTags('data-protection')
@ApiBearerAuth()
@Controller('cases/:caseId/transfers')
export class CaseTransfersController {
  constructor(private readonly dp: DataProtectionService) {}

  @Get()
  @Roles('officer', 'supervisor', 'protection', 'dpo')
  @ApiOperation({
    operationId: 'listCaseTransfers',
    summary: 'What left the organisation or crossed offices for this case: recipient, purpose, items, legal basis',
  })
  @ApiOkResponse({ type: TransferListResponse })
  @ApiErrors(401, 403, 404, 503)
  list(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    return this.dp.transfersOf(user, caseId);
  }

  @Post()
  @Roles('officer', 'supervisor', 'protection')
  @ApiOperation({
    operationId: 'requestTransfer',
    summary:
      'Record a transfer: SENT when every item is on the recipient kind’s allow-list, else PENDING_APPROVAL for the data protection focal point; 422 TRANSFER_ITEM_PROHIBITED for an item the recipient never receives',
  })
  @ApiCreatedResponse({ type: TransferResponse })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  request(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
    @Body() body: RequestTransferRequest,
  ) {
    return this.dp.requestTransfer(user, caseId, body);
  }
}

/** The data protection focal point's desk (role `dpo`). */
@ApiTags('data-protection')
@ApiBearerAuth()
@Roles('dpo')
@Controller('data-protection')
export class DataProtectionController {
  constructor(private readonly dp: DataProtectionService) {}

  @Get('transfers/pending')
  @ApiOperation({ operationId: 'listPendingTransfers', summary: 'Transfers outside the allow-lists waiting for you' })
  @ApiOkResponse({ type: TransferListResponse })
  @ApiErrors(401, 403, 503)
  pending() {
    return this.dp.pendingTransfers();
  }

  @Post('transfers/:transferId/approve')
  @HttpCode(200)
  @ApiOperation({ operationId: 'approveTransfer', summary: 'Approve a transfer outside the allow-list' })
  @ApiOkResponse({ type: TransferResponse })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  approve(
    @CurrentUser() user: StaffUser,
    @Param('transferId') transferId: string,
    @Body() body: DecideTransferRequest,
  ) {
    return this.dp.decideTransfer(user, transferId, 'APPROVED', body);
  }

  @Post('transfers/:transferId/reject')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rejectTransfer',
    summary: 'Reject a transfer outside the allow-list (nothing is sent)',
  })
  @ApiOkResponse({ type: TransferResponse })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  reject(@CurrentUser() user: StaffUser, @Param('transferId') transferId: string, @Body() body: DecideTransferRequest) {
    return this.dp.decideTransfer(user, transferId, 'REJECTED', body);
  }

  @Post('access-requests')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createAccessRequest',
    summary: 'Answer a person’s access request: everything held about them, as JSON and a printable document (audited)',
  })
  @ApiCreatedResponse({ type: AccessExportResponse })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  access(@CurrentUser() user: StaffUser, @Body() body: AccessRequestRequest) {
    return this.dp.accessRequest(user, body);
  }

  @Get('access-requests')
  @ApiOperation({ operationId: 'listAccessRequests', summary: 'The access requests answered, newest first' })
  @ApiOkResponse({ type: AccessRequestListResponse })
  @ApiErrors(401, 403, 503)
  accessRequests() {
    return this.dp.accessRequests();
  }

  @Post('corrections')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'recordCorrection',
    summary: 'Record a corrected value of a person’s identity, declared or confirmed; earlier values are kept',
  })
  @ApiCreatedResponse({ type: CorrectionResponse })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  correct(@CurrentUser() user: StaffUser, @Body() body: CorrectionRequest) {
    return this.dp.correct(user, body);
  }

  @Get('corrections')
  @ApiOperation({ operationId: 'listCorrections', summary: 'The corrections of a case (or one member), oldest first' })
  @ApiOkResponse({ type: CorrectionListResponse })
  @ApiErrors(400, 401, 403, 503)
  corrections(@Query() q: CorrectionsQuery) {
    return this.dp.corrections(q.caseId, q.memberId);
  }

  @Get('special-category-reads')
  @ApiOperation({
    operationId: 'listAllSpecialCategoryReads',
    summary: 'Who viewed special-category data (D3), across cases, newest first',
  })
  @ApiOkResponse({ type: ReadLogResponse })
  @ApiErrors(401, 403, 503)
  reads() {
    return this.dp.readLog();
  }

  @Post('incidents')
  @HttpCode(201)
  @ApiOperation({ operationId: 'recordIncident', summary: 'Record a data-protection incident' })
  @ApiCreatedResponse({ type: IncidentResponse })
  @ApiErrors(400, 401, 403, 503)
  recordIncident(@CurrentUser() user: StaffUser, @Body() body: IncidentRequest) {
    return this.dp.recordIncident(user, body);
  }

  @Get('incidents')
  @ApiOperation({ operationId: 'listIncidents', summary: 'The incident log, newest first' })
  @ApiOkResponse({ type: IncidentListResponse })
  @ApiErrors(401, 403, 503)
  incidents() {
    return this.dp.incidents();
  }
}
