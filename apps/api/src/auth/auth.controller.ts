import '@fastify/cookie'; // the reply's setCookie / clearCookie (the plugin is registered in bootstrap.ts)
import {
  AuthenticatedSession,
  AuthService,
  CodedHttpException,
  CurrentSession,
  CurrentUser,
  Public,
  SESSION_COOKIE,
  StaffUser,
} from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  LoginResponse,
  PreferencesRequest,
  PreferencesResponse,
  SessionResponse,
  SessionUserResponse,
} from './auth.responses';
import { ApiErrors } from '../http/error.response';
import { LoginRequest } from './login.request';
import { LoginThrottle } from './login-throttle';

const sessionGone = () =>
  new CodedHttpException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'The session is no longer valid; log in again');

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The session cookie: httpOnly (no script reads it), SameSite=Strict, the whole origin, Secure in production. */
  private cookieOptions(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'strict', path: '/', secure: this.config.env === 'production' };
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'login',
    summary: 'Exchange username and password for a token: in the body (API clients) and the avrr_session cookie',
    description:
      'Failed sign-ins are throttled per account and per client address: past the limit, 429 LOGIN_RATE_LIMITED ' +
      'with Retry-After (a doubling back-off). Sets the httpOnly, SameSite=Strict avrr_session cookie (Max-Age = the token lifetime). Requests the cookie ' +
      'authenticates need the returned csrfToken as X-CSRF-Token on POST, PUT, PATCH and DELETE.',
  })
  @ApiOkResponse({ type: LoginResponse })
  @ApiErrors(400, 401, 413, 415, 429, 503)
  async login(
    @Body() body: LoginRequest,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    // Throttled before any password is checked: a client backing off costs no hashing (LoginThrottle).
    await this.throttle.check(body.username, request.ip);
    let result: Awaited<ReturnType<AuthService['login']>>;
    try {
      result = await this.auth.login(body.username, body.password);
    } catch (err) {
      if (err instanceof CodedHttpException && err.code === 'INVALID_CREDENTIALS')
        await this.throttle.failed(body.username, request.ip);
      throw err;
    }
    await this.throttle.succeeded(body.username, request.ip);
    reply.setCookie(SESSION_COOKIE, result.accessToken, { ...this.cookieOptions(), maxAge: result.expiresIn });
    return result;
  }

  @Get('auth/session')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({
    operationId: 'getSession',
    summary: 'The current session (cookie or bearer): the user, its CSRF token and when it expires',
  })
  @ApiOkResponse({ type: SessionResponse })
  @ApiErrors(401, 503)
  async session(
    @CurrentUser() user: StaffUser,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<SessionResponse> {
    const current = await this.auth.sessionUser(user);
    if (!current) throw sessionGone();
    return { user: current, csrfToken: this.auth.csrfToken(session.token), expiresAt: session.expiresAt };
  }

  /**
   * Public: an expired session must still be able to clear its cookie. Without a CSRF check: the worst another site
   * could do is sign the user out, and SameSite=Strict keeps the cookie off its requests anyway.
   */
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'logout', summary: 'Clear the session cookie' })
  @ApiNoContentResponse({ description: 'The cookie is cleared' })
  logout(@Res({ passthrough: true }) reply: FastifyReply): void {
    reply.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ operationId: 'getMe', summary: 'The caller: role and scope, display name and console language' })
  @ApiOkResponse({ type: SessionUserResponse })
  @ApiErrors(401, 503)
  async me(@CurrentUser() user: StaffUser): Promise<SessionUserResponse> {
    const current = await this.auth.sessionUser(user);
    if (!current) throw sessionGone();
    return current;
  }

  @Put('me/preferences')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ operationId: 'updatePreferences', summary: 'Store the console language of the caller' })
  @ApiOkResponse({ type: PreferencesResponse })
  @ApiErrors(400, 401, 403, 413, 415, 503)
  async preferences(@CurrentUser() user: StaffUser, @Body() body: PreferencesRequest): Promise<PreferencesResponse> {
    if (!(await this.auth.setLanguage(user, body.language))) throw sessionGone();
    return { language: body.language };
  }
}
