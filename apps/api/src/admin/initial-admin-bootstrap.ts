import type { AppConfig } from '@avrr/config';
import type { AdminRepository } from '@avrr/persistence';
import { randomUUID } from 'node:crypto';

export type InitialAdminOutcome =
  'NOT_CONFIGURED' | 'NONE_AND_NOT_CONFIGURED' | 'ADMIN_EXISTS' | 'CREATED' | 'USERNAME_TAKEN';

/**
 * The first administrator of an empty installation (INITIAL_ADMIN_USERNAME with INITIAL_ADMIN_PASSWORD or
 * INITIAL_ADMIN_PASSWORD_HASH). Created only while no active administrator exists, so the variables can stay set:
 * a restart never resets a password, and the admin API refuses to disable or demote the last active administrator.
 * Audited as INITIAL_ADMIN_CREATED by the actor "system". Free of Nest so that it runs as a unit test.
 */
export async function bootstrapInitialAdmin(
  admins: Pick<AdminRepository, 'countActiveAdmins' | 'createUser'>,
  initial: AppConfig['initialAdmin'],
  hashPassword: (password: string) => Promise<string>,
): Promise<InitialAdminOutcome> {
  const existing = await admins.countActiveAdmins();
  if (!initial) return existing ? 'NOT_CONFIGURED' : 'NONE_AND_NOT_CONFIGURED';
  if (existing > 0) return 'ADMIN_EXISTS';
  const created = await admins.createUser(
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
  return created ? 'CREATED' : 'USERNAME_TAKEN';
}
