import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { RSS_WEIGHTS_MANAGERS, RSS_WEIGHTS_READERS } from '@avrr/domain';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { caseIdParam } from '../http/id-param';
import { CreateRssWeightsRequest, ListRssWeightsQuery, RssScoreQuery } from './rss.dto';
import {
  AdminRssWeightSetListResponse,
  AdminRssWeightSetResponse,
  RssRescoreResponse,
  RssWeightSetListResponse,
} from './rss.response';
import { RssService } from './rss.service';

/**
 * RSS weight sets, for administrators (disclosure.ts RSS_WEIGHTS_ACCESS: MANAGE). Configuration only: no case data.
 * Adding a set is audited (GET /admin/audit?targetType=RSS_WEIGHTS).
 */
@ApiTags('administration')
@ApiBearerAuth()
@ApiCookieAuth()
@Roles(...RSS_WEIGHTS_MANAGERS)
@Controller('admin/rss-weights')
export class AdminRssWeightsController {
  constructor(private readonly rss: RssService) {}

  @Get()
  @ApiOperation({
    operationId: 'adminListRssWeights',
    summary: 'RSS weight sets: the configured ones and those added, newest added first, with who added each',
  })
  @ApiOkResponse({ type: AdminRssWeightSetListResponse })
  @ApiErrors(400, 401, 403, 503)
  list(@CurrentUser() user: StaffUser, @Query() query: ListRssWeightsQuery) {
    return this.rss.list(user.role, query.instrumentVersion) as Promise<AdminRssWeightSetListResponse>;
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'adminAddRssWeights',
    summary: 'Add an RSS weight set for an instrument version; surveys recorded from now on are scored with it',
    description:
      'Every indicator of the instrument weighted (>= 0), composite weights summing to 1, dimension weights summing ' +
      'to 1 per dimension: else 400 INVALID_RSS_WEIGHTS with details.problems. 404 UNKNOWN_RSS_INSTRUMENT; 409 ' +
      'RSS_WEIGHTS_VERSION_EXISTS (a set is never changed: add a new version).',
  })
  @ApiOkResponse({ type: AdminRssWeightSetResponse })
  @ApiErrors(400, 401, 403, 404, 409, 413, 415, 503)
  add(@CurrentUser() user: StaffUser, @Body() body: CreateRssWeightsRequest): Promise<AdminRssWeightSetResponse> {
    return this.rss.add(user, body);
  }
}

/** What the readers of RSS scores see of the weight sets, and a stored survey recomputed under one of them. */
@ApiTags('reintegration')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller()
export class RssController {
  constructor(private readonly rss: RssService) {}

  @Get('rss-weights')
  @Roles(...RSS_WEIGHTS_READERS)
  @ApiOperation({
    operationId: 'listRssWeights',
    summary: 'RSS weight sets to recompute a score under (disclosure.ts RSS_WEIGHTS_ACCESS: READ or MANAGE)',
  })
  @ApiOkResponse({ type: RssWeightSetListResponse })
  @ApiErrors(400, 401, 403, 503)
  list(@CurrentUser() user: StaffUser, @Query() query: ListRssWeightsQuery) {
    return this.rss.list(user.role, query.instrumentVersion) as Promise<RssWeightSetListResponse>;
  }

  @Get('cases/:caseId/rss/:rssId/score')
  @ApiOperation({
    operationId: 'getRssScore',
    summary: 'A stored RSS survey scored again under another weight set; the stored score keeps its version',
    description:
      "For the roles that see the case's RSS scores (403 otherwise; a case outside your scope 404). 404 RSS_NOT_FOUND, " +
      'RSS_WEIGHTS_NOT_FOUND; 422 RSS_WEIGHTS_INSTRUMENT_MISMATCH for a set of another instrument.',
  })
  @ApiOkResponse({ type: RssRescoreResponse })
  @ApiErrors(400, 401, 403, 404, 410, 422, 503)
  score(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
    @Param('rssId') rssId: string,
    @Query() query: RssScoreQuery,
  ): Promise<RssRescoreResponse> {
    return this.rss.rescore(user, caseId, rssId, query.weightsVersion);
  }
}
