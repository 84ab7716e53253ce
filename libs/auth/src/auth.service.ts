import { APP_CONFIG, AppConfig } from '@avrr/config';
import { DEMO_PASSWORD, Language, UserRecord, UserRepository } from '@avrr/persistence';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { CodedHttpException } from './auth.errors';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { csrfTokenOf } from './session';
import type { StaffUser } from './staff-user';

/** The signed-in user as the console shows them: role and scope, their name and their language. */
export interface SessionUser extends StaffUser {
  displayName: string;
  language: Language | null;
  /** The office's IANA time zone: the console shows dates in it (null: no office, the browser's zone). */
  timeZone: string | null;
}

/** A signed-in session: the token (bearer or cookie), its lifetime, the user and the session's CSRF token. */
export interface IssuedSession {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: SessionUser;
  csrfToken: string;
}

export function sessionUserOf(record: UserRecord): SessionUser {
  return {
    id: record.id,
    username: record.username,
    role: record.role,
    office: record.office,
    country: record.country,
    displayName: record.displayName,
    language: record.language ?? null,
    timeZone: record.officeTimeZone ?? null,
  };
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Same answer for an unknown user and a wrong password, so usernames cannot be probed. */
  async login(username: string, password: string): Promise<IssuedSession> {
    const record = await this.users.findByUsername(username);
    const known = record?.active ? record : undefined;
    // An unknown or disabled user costs one hash verification too: the answer's timing reveals nothing.
    const ok = await verifyPassword(password, known?.passwordHash ?? (await dummyPasswordHash()));
    // The demo users' published password never opens a production account, whatever the database holds.
    const demoInProduction = this.config.env === 'production' && password === DEMO_PASSWORD;
    if (!known || !ok || demoInProduction) {
      this.logger.warn('login failed');
      throw new CodedHttpException(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Unknown user or wrong password');
    }
    if (needsRehash(known.passwordHash)) {
      // The former scheme (scrypt) or weaker parameters: replaced now that the password is at hand.
      await this.users.setPasswordHash(known.id, known.passwordHash, await hashPassword(password));
    }
    return this.issueSession(known);
  }

  /**
   * The session of a user whose identity was established elsewhere (the organisation's OpenID Connect provider):
   * an existing, active user only; null otherwise.
   */
  async loginVerifiedUser(username: string): Promise<IssuedSession | null> {
    const record = await this.users.findByUsername(username);
    return record?.active ? this.issueSession(record) : null;
  }

  private async issueSession(record: UserRecord): Promise<IssuedSession> {
    const user = sessionUserOf(record);
    const accessToken = await this.jwt.signAsync(
      {
        sub: user.id,
        username: user.username,
        role: user.role,
        office: user.office,
        country: user.country,
        sv: record.sessionVersion ?? 0,
      },
      // A fresh id per login: two sign-ins in the same second are two sessions, each with its own CSRF token.
      { expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256', jwtid: randomUUID() },
    ); // key: AuthModule
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.ttlSeconds,
      user,
      csrfToken: this.csrfToken(accessToken),
    };
  }

  /** The CSRF token of a session token (see session.ts). */
  csrfToken(sessionToken: string): string {
    return csrfTokenOf(this.config.jwt.secret, sessionToken);
  }

  /** The user behind a valid token, as stored now (a deactivated user's token still verifies until it expires). */
  async sessionUser(user: StaffUser): Promise<SessionUser | null> {
    const record = await this.users.findById(user.id);
    return record?.active ? sessionUserOf(record) : null;
  }

  async setLanguage(user: StaffUser, language: Language | null): Promise<boolean> {
    return this.users.setLanguage(user.id, language);
  }
}
