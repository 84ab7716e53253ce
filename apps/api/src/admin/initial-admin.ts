import { hashPassword } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { AdminRepository } from '@avrr/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/**
 * The first administrator of an empty installation (INITIAL_ADMIN_USERNAME with INITIAL_ADMIN_PASSWORD or
 * INITIAL_ADMIN_PASSWORD_HASH). Created only while no active administrator exists, so the variables can stay set:
 * a restart never resets a password, and the admin API refuses to disable or demote the last active administrator.
 * Logged with the username only, never the secret. Audited as INITIAL_ADMIN_CREATED by the actor "system".
 */
@Injectable()
export class InitialAdministrator implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdministrator');
  constructor(
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const initial = this.config.initialAdmin;
    if (!initial) {
      if (this.config.env === 'production' && (await this.admin.countActiveAdmins()) === 0)
        this.logger.warn('no active administrator: set INITIAL_ADMIN_USERNAME and INITIAL_ADMIN_PASSWORD and restart');
      return;
    }
    if ((await this.admin.countActiveAdmins()) > 0) {
      this.logger.log(`an administrator exists; INITIAL_ADMIN_USERNAME (${initial.username}) left unused`);
      return;
    }
    const created = await this.admin.createUser(
      { id: null, username: 'system' },
      {
        id: randomUUID(),
        username: initial.username,
        displayName: 'Administrator',
        role: 'admin',
        office: null,
        country: null,
        passwordHash: initial.passwordHash ?? (await hashPassword(initial.password!)),
      },
      'INITIAL_ADMIN_CREATED',
    );
    if (created) this.logger.log(`initial administrator ${initial.username} created`);
    else
      this.logger.warn(
        `INITIAL_ADMIN_USERNAME ${initial.username} is taken by a user who is not an active administrator; ` +
          'no administrator was created',
      );
  }
}
