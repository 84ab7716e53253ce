import { APP_CONFIG, AppConfig } from '@avrr/config';
import { UserRepository } from '@avrr/persistence';
import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { CodedHttpException } from './auth.errors';
import { verifyPassword } from './password';
import type { StaffUser } from './staff-user';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  constructor(
    private readonly users: UserRepository,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Same answer for an unknown user and a wrong password, so usernames cannot be probed. */
  async login(
    username: string,
    password: string,
  ): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number; user: StaffUser }> {
    const record = await this.users.findByUsername(username);
    const ok = record?.active ? await verifyPassword(password, record.passwordHash) : false;
    if (!record || !ok) {
      this.logger.warn('login failed');
      throw new CodedHttpException(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'Unknown user or wrong password');
    }
    const user: StaffUser = {
      id: record.id,
      username: record.username,
      role: record.role,
      office: record.office,
      country: record.country,
    };
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, username: user.username, role: user.role, office: user.office, country: user.country },
      { expiresIn: this.config.jwt.ttlSeconds, algorithm: 'HS256' },
    ); // key: AuthModule
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.ttlSeconds, user };
  }
}
