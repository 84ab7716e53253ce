import { loadConfig } from '@avrr/config';
import { createDataSource, DEMO_OFFICES, DEMO_PASSWORD, DEMO_USERS, UserRepository } from '@avrr/persistence';
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../password';

/**
 * Seeds offices and one demo user per role. Idempotent: existing users are left as they are. Lives in libs/auth, not
 * libs/persistence: it hashes passwords, and auth depends on persistence (its user repository), never the reverse.
 */
async function main() {
  const config = loadConfig();
  if (process.argv.includes('--print')) return print();
  if (config.env === 'production') {
    console.log('seed-users: NODE_ENV=production, demo users are not created');
    return;
  }
  const ds = await createDataSource(config).initialize();
  try {
    const users = new UserRepository(ds);
    for (const office of DEMO_OFFICES) await users.upsertOffice(office);
    let created = 0;
    for (const u of DEMO_USERS) {
      const ok = await users.insertIfMissing({
        id: randomUUID(),
        username: u.username,
        passwordHash: await hashPassword(DEMO_PASSWORD),
        role: u.role,
        office: u.office,
        country: u.country,
        displayName: u.displayName,
        active: true,
      });
      if (ok) created += 1;
    }
    console.log(
      `==> demo data: ${DEMO_OFFICES.length} offices, ${created} users created, ${DEMO_USERS.length - created} already there`,
    );
  } finally {
    await ds.destroy();
  }
}

function print() {
  console.log(`Demo users (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS)
    console.log(`  ${u.username.padEnd(22)} ${u.role.padEnd(12)} ${u.office ?? 'all offices'}`);
}

main().catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
