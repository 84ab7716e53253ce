import { CsrfExempt, CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '../http/error.response';
import { CodecPayloads } from './codec.dto';
import { CodecOperation, CodecService } from './codec.service';

/**
 * Temporal's remote codec protocol (https://docs.temporal.io/production-deployment/data-encryption), for the Temporal
 * UI: it shows ciphertext until it can decode through here. Operations only: they run the engine and are the staff
 * who open the Temporal UI to see why a workflow is stuck. Not supervisors, though they see more of a case in the
 * console: their scope is one office or country, while the UI lists every workflow of the namespace and the protocol
 * does not say which workflow a payload comes from, so their scope could not be enforced here. The payloads hold ids,
 * codes, dates and amounts, no names (ARCHITECTURE.md), but those codes go beyond the D0 operations see in the
 * console: every call is therefore audited (codec_audit: who, which namespace, how many payloads, when).
 * Authenticated by a bearer token or by the console's session cookie (the UI's "include credentials"); the cookie needs
 * no CSRF token here (see CsrfExempt): encoding and decoding change nothing, the body must be JSON, which a foreign
 * page cannot send without a CORS preflight, and only the Temporal UI's origin may read the answer (CodecCors).
 */
@ApiTags('codec')
@ApiBearerAuth()
@Roles('operations')
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @CsrfExempt()
  @ApiOperation({
    operationId: 'codecDecode',
    summary: 'Decrypt Temporal payloads (remote codec protocol, for the Temporal UI; operations, audited)',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'The Temporal namespace the payloads come from' })
  @ApiOkResponse({ type: CodecPayloads })
  @ApiErrors(400, 401, 403, 422)
  decode(
    @Body() body: CodecPayloads,
    @CurrentUser() user: StaffUser,
    @Req() req: FastifyRequest,
    @Headers('x-namespace') namespace?: string,
  ): Promise<CodecPayloads> {
    return this.run('decode', body, user, req, namespace);
  }

  @Post('encode')
  @HttpCode(200)
  @CsrfExempt()
  @ApiOperation({
    operationId: 'codecEncode',
    summary: 'Encrypt Temporal payloads (remote codec protocol, for the Temporal UI; operations, audited)',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'The Temporal namespace the payloads are for' })
  @ApiOkResponse({ type: CodecPayloads })
  @ApiErrors(400, 401, 403, 422)
  encode(
    @Body() body: CodecPayloads,
    @CurrentUser() user: StaffUser,
    @Req() req: FastifyRequest,
    @Headers('x-namespace') namespace?: string,
  ): Promise<CodecPayloads> {
    return this.run('encode', body, user, req, namespace);
  }

  private async run(
    operation: CodecOperation,
    body: CodecPayloads,
    user: StaffUser,
    req: FastifyRequest,
    namespace?: string,
  ): Promise<CodecPayloads> {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const payloads = await this.codec.run(operation, body.payloads, { user, namespace, origin, requestId: req.id });
    return { payloads };
  }
}
