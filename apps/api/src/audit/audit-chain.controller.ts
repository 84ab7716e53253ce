import { CodedHttpException, CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { AuditChainRepository, CaseRepository } from '@avrr/persistence';
import { Controller, Get, HttpStatus, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { scopeOf } from '../cases/case-scope';
import { ApiErrors } from '../http/error.response';
import { caseIdParam } from '../http/id-param';
import { AuditChainVerificationResponse } from './audit-chain.response';

/**
 * GET /cases/:caseId/audit-chain: recomputes the case's hash-chained audit trail and names the first broken link.
 * It shows positions, versions, times and hashes only (D0): the people who answer for the trail may run it
 * (supervisors in their scope, operations, administrators), without seeing any content of the case.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('cases')
export class AuditChainController {
  constructor(
    private readonly chain: AuditChainRepository,
    private readonly cases: CaseRepository,
  ) {}

  @Get(':caseId/audit-chain')
  @Roles('supervisor', 'operations', 'admin')
  @ApiOperation({
    operationId: 'verifyAuditChain',
    summary: "Verify the case's hash-chained audit trail: intact, or the first broken link and why",
  })
  @ApiOkResponse({ type: AuditChainVerificationResponse })
  @ApiErrors(401, 403, 404, 503)
  async verify(@CurrentUser() user: StaffUser, @Param('caseId', caseIdParam) caseId: string) {
    const inScope = await this.cases.findById(caseId, user.role === 'supervisor' ? scopeOf(user) : { all: true });
    if (!inScope) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
    return this.chain.verify(caseId);
  }
}
