import { loadConfig } from '@avrr/config';
import { createDataSource, runMigrations } from '../data-source';

/** `npm run migrate`: applies pending migrations, printing each one. */
async function main() {
  const config = loadConfig();
  console.log(`==> migrating database ${config.db.database} on ${config.db.host}:${config.db.port}`);
  const ds = await createDataSource(config).initialize();
  try {
    await runMigrations(ds, (line) => console.log(`    ${line}`));
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
