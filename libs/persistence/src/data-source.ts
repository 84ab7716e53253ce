import { AppConfig } from '@avrr/config';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/** Migrations only: `synchronize` stays off in every environment. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.db.host,
    port: config.db.port,
    username: config.db.user,
    password: config.db.password,
    database: config.db.database,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // A connection that cannot be had (server gone, network cut, pool exhausted) fails within DB_CONNECT_TIMEOUT_MS
    // rather than holding the request: the API answers 503 DATABASE_UNAVAILABLE at once (node-postgres' default is
    // to wait forever).
    extra: { max: 10, connectionTimeoutMillis: config.db.connectTimeoutMs },
  };
}

export function createDataSource(config: AppConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Runs pending migrations under a PostgreSQL advisory lock so API replicas and the CLI never race. */
export async function runMigrations(ds: DataSource, log: (line: string) => void = () => undefined): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(7216001)');
    const ran = await ds.runMigrations({ transaction: 'each' });
    for (const m of ran) log(`migration applied: ${m.name}`);
    if (!ran.length) log('migrations: schema is up to date');
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(7216001)').catch(() => undefined);
    await runner.release();
  }
}
