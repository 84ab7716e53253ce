import { hashPassword } from '@avrr/auth';
import { APP_CONFIG, AppConfig } from '@avrr/config';
import { AdminRepository } from '@avrr/persistence';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { bootstrapInitialAdmin } from './initial-admin-bootstrap';

/** Creates the configured first administrator at boot (see bootstrapInitialAdmin); logs the username, never the secret. */
@Injectable()
export class InitialAdministrator implements OnApplicationBootstrap {
  private readonly logger = new Logger('InitialAdministrator');
  constructor(
    private readonly admin: AdminRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.initialAdmin?.username;
    switch (await bootstrapInitialAdmin(this.admin, this.config.initialAdmin, hashPassword)) {
      case 'CREATED':
        return this.logger.log(`initial administrator ${username} created`);
      case 'ADMIN_EXISTS':
        return this.logger.log(`an active administrator exists; INITIAL_ADMIN_USERNAME (${username}) left unused`);
      case 'USERNAME_TAKEN':
        return this.logger.warn(`INITIAL_ADMIN_USERNAME ${username} is taken by an inactive or non-admin user`);
      case 'NONE_AND_NOT_CONFIGURED':
        return this.logger.warn('no active administrator: set INITIAL_ADMIN_USERNAME and INITIAL_ADMIN_PASSWORD');
      case 'NOT_CONFIGURED':
        return;
    }
  }
}
