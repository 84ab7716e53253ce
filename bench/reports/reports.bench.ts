/**
 * Reporting benchmark (issue 12): a million people in about 300,000 cases in a dedicated database, then the full
 * indicator set for a year and a filtered report (one office, one quarter), p50/p95 over repeated runs, and the
 * first page and page 2,000 of the case list's and the stuck monitor's keyset-free offset queries when asked.
 * Run by hand (see bench/README.md); not a test.
 *
 *   node dist/bench/reports/reports.bench.js [--cases 300000] [--runs 20] [--database avrr_bench_reports] [--keep]
 */
import type { AppConfig } from '@avrr/config';
import { DataSource } from 'typeorm';
import { publishReport } from '@avrr/domain';
import { ReportRepository, runMigrations, type ReportFilter } from '@avrr/persistence';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { percentile } from '../stats';
import { generate } from './generate';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number; max: number }> {
  await fn(); // warm-up: plans and cache
  const ms: number[] = [];
  for (let k = 0; k < runs; k += 1) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(ms, 50)), p95: r(percentile(ms, 95)), max: r(Math.max(...ms)) };
}

async function main(): Promise<void> {
  const cases = Number(arg('cases', '300000'));
  const runs = Number(arg('runs', '20'));
  const database = arg('database', 'avrr_bench_reports');
  const conn = {
    type: 'postgres' as const,
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    username: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD ?? '',
  };
  const admin = new DataSource({ ...conn, database: 'postgres' });
  await admin.initialize();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (!exists.length || !process.argv.includes('--keep')) {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  }
  await admin.destroy();
  const db = new DataSource({
    ...conn,
    database,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    extra: { max: 10 },
  });
  await db.initialize();
  await runMigrations(db, (l) => console.log(l));
  const have = (await db.query('SELECT count(*)::int AS n FROM report_cases'))[0].n as number;
  if (have !== cases) await generate(db, cases, (l) => console.log(l));
  const size = await db.query(
    `SELECT (SELECT count(*)::int FROM report_cases) AS cases, (SELECT count(*)::int FROM report_individuals) AS individuals,
            pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  console.log('data:', size[0]);

  // Only the reconciliation reads need the column key; the indicators never unseal anything.
  const reports = new ReportRepository(db, { piiKey: Buffer.alloc(32) } as AppConfig);
  const options = { homeCountry: 'MA', endlineMonths: 12, rssThreshold: 0.5 };
  const year: ReportFilter = { from: '2024-01-01', to: '2024-12-31', asOf: '2024-12-31' };
  const quarter: ReportFilter = { from: '2024-04-01', to: '2024-06-30', asOf: '2024-06-30', office: 'OUJDA' };
  const full = await timed(runs, async () => publishReport(await reports.indicators(year, options)));
  console.log('full indicator set, one year:', full);
  const filtered = await timed(runs, async () => publishReport(await reports.indicators(quarter, options)));
  console.log('one office, one quarter:', filtered);
  const sample = publishReport(await reports.indicators(year, options));
  const pipeline = sample.find((t) => t.indicator === 'pipeline' && t.breakdown === 'office');
  console.log('pipeline by office (year):', JSON.stringify(pipeline?.total));

  if (process.argv.includes('--pages')) {
    // The list queries as the endpoints run them: newest first, 25 a page, offset paging.
    const page = (n: number) =>
      db.query(
        'SELECT id, reference, stage, opened_at FROM cases ORDER BY opened_at DESC, id DESC LIMIT 25 OFFSET $1',
        [(n - 1) * 25],
      );
    const stuck = (n: number) =>
      db.query(
        `SELECT id, reference, stage, host_office, stage_entered_at FROM cases WHERE sla_state IN ('ALERT', 'ESCALATE')
         ORDER BY stage_entered_at, id LIMIT 25 OFFSET $1`,
        [(n - 1) * 25],
      );
    console.log('cases page 1:', await timed(runs * 5, () => page(1)));
    console.log('cases page 2000:', await timed(runs, () => page(2000)));
    console.log('stuck page 1:', await timed(runs * 5, () => stuck(1)));
    console.log('stuck page 2000:', await timed(runs, () => stuck(2000)));
  }
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
