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
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OidcService } from './oidc.service';
import {
  LoginResponse,
  PreferencesRequest,
  PreferencesResponse,
  SessionResponse,
  SessionUserResponse,
  SignInOptionsResponse,
} from './auth.responses';
import { ApiErrors } from '../http/error.response';
import { LoginRequest } from './login.request';
import { LoginThrottle } from './login-throttle';

/** The pending OpenID Connect sign-in (state, nonce, PKCE verifier), signed; lives ten minutes. */
const OIDC_COOKIE = 'avrr_oidc';

const sessionGone = () =>
  new CodedHttpException(HttpStatus.UNAUTHORIZED, 'AUTH_REQUIRED', 'The session is no longer valid; log in again');

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcService,
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

  @Public()
  @Get('auth/sign-in-options')
  @ApiOperation({
    operationId: 'getSignInOptions',
    summary: "How staff may sign in: password, and the organisation's identity provider when configured",
  })
  @ApiOkResponse({ type: SignInOptionsResponse })
  @ApiErrors(503)
  signInOptions(): SignInOptionsResponse {
    return {
      password: true,
      oidc: this.oidc.enabled ? { providerName: this.oidc.providerName!, startUrl: '/auth/oidc/login' } : null,
    };
  }

  /**
   * Starts the authorization code flow: the state, nonce and PKCE verifier go in a signed cookie for the callback.
   * SameSite=Lax, not Strict: the callback is a top-level navigation coming back from the provider's site.
   */
  @Public()
  @Get('auth/oidc/login')
  @ApiOperation({
    operationId: 'startOidcSignIn',
    summary: "Redirect to the organisation's identity provider (authorization code flow with PKCE)",
  })
  @ApiResponse({ status: 302, description: "To the identity provider's authorization endpoint" })
  @ApiErrors(404, 503)
  async oidcLogin(@Res() reply: FastifyReply): Promise<void> {
    const { url, pending } = await this.oidc.start();
    reply.setCookie(OIDC_COOKIE, pending, { ...this.oidcCookieOptions(), maxAge: 600 });
    await reply.redirect(url, 302);
  }

  /**
   * The provider's redirect back: on success the console's session cookie, set exactly as POST /auth/login sets it,
   * and on to the console; on failure back to the sign-in page with `signin=failed` (a browser is on the other end).
   */
  @Public()
  @Get('auth/oidc/callback')
  @ApiOperation({
    operationId: 'finishOidcSignIn',
    summary: 'Callback of the identity provider: sets the avrr_session cookie of the matching active user',
  })
  @ApiResponse({ status: 302, description: 'To /console (signed in) or /console?signin=failed' })
  @ApiErrors(404, 503)
  async oidcCallback(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    reply.clearCookie(OIDC_COOKIE, this.oidcCookieOptions());
    let target = '/console';
    try {
      const session = await this.oidc.finish(query, req.cookies?.[OIDC_COOKIE]);
      reply.setCookie(SESSION_COOKIE, session.accessToken, { ...this.cookieOptions(), maxAge: session.expiresIn });
    } catch (err) {
      if (!(err instanceof CodedHttpException) || err.code !== 'OIDC_FAILED' || err.getStatus() !== 401) throw err;
      target = '/console?signin=failed';
    }
    await reply.redirect(target, 302);
  }

  private oidcCookieOptions(): CookieSerializeOptions {
    return { httpOnly: true, sameSite: 'lax', path: '/auth/oidc', secure: this.config.env === 'production' };
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
