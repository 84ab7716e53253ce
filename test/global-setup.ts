import { execFileSync } from 'node:child_process';

/**
 * Migrates the run's database once and seeds the demo users, through the same commands the start script uses
 * (scripts/test.sh built dist/ and created the database). Jest's globalSetup does not apply moduleNameMapper.
 */
export default async function globalSetup(): Promise<void> {
  for (const cli of ['dist/libs/persistence/src/cli/migrate.js', 'dist/libs/auth/src/cli/seed-users.js']) {
    execFileSync(process.execPath, [cli], { stdio: 'inherit', env: process.env });
  }
}
