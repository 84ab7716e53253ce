import '@fastify/cookie';
import { AuthService, CodedHttpException, IssuedSession } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';

/** What the browser carries between the redirect to the provider and the callback (signed, ten minutes). */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  exp: number;
}

const PENDING_TTL_SECONDS = 600;

/**
 * Sign-in through the organisation's OpenID Connect provider: authorization code flow with PKCE (S256), state and
 * nonce, through openid-client. The provider proves who the person is; the engine still decides what they may do:
 * the verified username (or e-mail) claim must name an existing, active user, whose role and office come from the
 * staff register. No account is created on first sign-in: a role and an office scope are a decision an administrator
 * takes (and audits), not something an identity provider's directory can express, and anyone the provider knows would
 * otherwise get an account.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OIDC');
  private discovered?: Promise<oidc.Configuration>;
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return !!this.config.oidc;
  }

  get providerName(): string | null {
    return this.config.oidc?.providerName ?? null;
  }

  /** The provider's metadata, discovered once; a failed discovery is retried on the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    const settings = this.config.oidc;
    if (!settings) throw new CodedHttpException(HttpStatus.NOT_FOUND, 'OIDC_DISABLED', 'OpenID Connect is not set up');
    this.discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        // Plain http only for a provider on this machine outside production (the tests' local provider).
        new URL(settings.issuer).protocol === 'http:' && this.config.env !== 'production'
          ? { execute: [oidc.allowInsecureRequests] }
          : undefined,
      )
      .catch((err: unknown) => {
        this.discovered = undefined;
        this.logger.error(
          `discovery of ${settings.issuer} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
        throw new CodedHttpException(
          HttpStatus.SERVICE_UNAVAILABLE,
          'OIDC_FAILED',
          'The identity provider cannot be reached; sign in with a password or try again later',
        );
      });
    return this.discovered;
  }

  /** The provider's authorization URL and the signed value of the cookie that must come back with the callback. */
  async start(): Promise<{ url: string; pending: string }> {
    const configuration = await this.configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      exp: Math.floor(Date.now() / 1000) + PENDING_TTL_SECONDS,
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.oidc!.redirectUri,
      scope: 'openid profile email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending: this.sign(pending) };
  }

  /** The callback: exchanges the code (checking state, nonce and PKCE), then signs the matching user in. */
  async finish(query: string, pendingCookie: string | undefined): Promise<IssuedSession> {
    const pending = pendingCookie ? this.verify(pendingCookie) : null;
    if (!pending) throw this.failed('no pending sign-in (cookie missing, altered or older than ten minutes)');
    const configuration = await this.configuration();
    const callbackUrl = new URL(this.config.oidc!.redirectUri);
    callbackUrl.search = query;
    const claimName = this.config.oidc!.usernameClaim;
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims()!;
      claims = idToken;
      // Many providers put profile claims in the UserInfo response only (OIDC Core 5.4): ask it, for the same subject.
      if (claims[claimName] === undefined)
        claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), sub: idToken.sub };
    } catch (err) {
      throw this.failed(`the code exchange failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    const value = claims[claimName];
    // An e-mail counts only when the provider says it verified it.
    if (typeof value !== 'string' || (claimName === 'email' && claims.email_verified !== true))
      throw this.failed(`neither the ID token nor UserInfo has a usable ${claimName} claim`);
    const session = await this.auth.loginVerifiedUser(value.toLowerCase());
    if (!session) throw this.failed(`no active user ${value}`);
    this.logger.log(`signed in through ${this.config.oidc!.providerName}: ${session.user.username}`);
    return session;
  }

  private failed(why: string): CodedHttpException {
    this.logger.warn(`sign-in through the identity provider refused: ${why}`);
    return new CodedHttpException(
      HttpStatus.UNAUTHORIZED,
      'OIDC_FAILED',
      'Sign-in through the identity provider failed, or no active user matches; ask an administrator',
    );
  }

  private key(): Buffer {
    return createHmac('sha256', this.config.jwt.secret).update('avrr-oidc-pending').digest();
  }

  private sign(p: PendingSignIn): string {
    const body = Buffer.from(JSON.stringify(p)).toString('base64url');
    return `${body}.${createHmac('sha256', this.key()).update(body).digest('base64url')}`;
  }

  private verify(value: string): PendingSignIn | null {
    const [body, mac] = value.split('.');
    if (!body || !mac) return null;
    const expected = createHmac('sha256', this.key()).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as PendingSignIn;
      return p.exp > Date.now() / 1000 ? p : null;
    } catch {
      return null;
    }
  }
}
