/**
 * Reporting benchmark (issue 12): a million people in about 300,000 cases in a dedicated database, then the full
 * indicator set for a year and a filtered report (one office, one quarter), p50/p95/p99 over repeated runs, and the
 * first page and page 2,000 of the case list's and the stuck monitor's keyset queries when asked (--pages).
 * Run by hand (see bench/README.md); not a test.
 *
 *   node dist/bench/reports/reports.bench.js [--cases 300000] [--runs 20] [--database avrr_bench_reports] [--keep]
 */
import type { AppConfig } from '@avrr/config';
import { DataSource } from 'typeorm';
import { publishReport } from '@avrr/domain';
import {
  CaseRepository,
  ColumnCipher,
  OpsRepository,
  ReportRepository,
  runMigrations,
  type ReportFilter,
  type StuckPosition,
} from '@avrr/persistence';
import { cpus, loadavg } from 'node:os';
import { MIGRATIONS } from '../../libs/persistence/src/migrations';
import { percentile } from '../stats';
import { generate } from './generate';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function timed(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; p95: number; p99: number; max: number }> {
  await fn(); // warm-up: plans and cache
  const ms: number[] = [];
  for (let k = 0; k < runs; k += 1) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    p50: r(percentile(ms, 50)),
    p95: r(percentile(ms, 95)),
    p99: r(percentile(ms, 99)),
    max: r(Math.max(...ms)),
  };
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
  const cipher = new ColumnCipher(Buffer.alloc(32, 7));
  if (have !== cases) await generate(db, cases, cipher, (l) => console.log(l));
  const size = await db.query(
    `SELECT (SELECT count(*)::int FROM report_cases) AS cases, (SELECT count(*)::int FROM report_individuals) AS individuals,
            pg_size_pretty(pg_database_size(current_database())) AS size`,
  );
  console.log('data:', size[0]);

  // Only the reconciliation reads need the column key; the indicators never unseal anything.
  const config = { piiKey: Buffer.alloc(32, 7) } as AppConfig;
  const reports = new ReportRepository(db, config);
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(`load average before: ${load()} (${cpus().length} cores)`);
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
    // The list queries as the endpoints run them (the repositories' own SQL): 25 a page, keyset paging. Page 2,000 is
    // reached by following the cursors once; then the same page is timed with its cursor.
    const caseRepo = new CaseRepository(db, config);
    const opsRepo = new OpsRepository(db);
    const casePage = (after?: { openedAt: string; id: string }) =>
      caseRepo.list({ limit: 26, ...(after ? { after } : {}) }, { all: true });
    const stuckPage = (after?: StuckPosition) => opsRepo.listStuck({ limit: 26, ...(after ? { after } : {}) });
    let caseCursor: { openedAt: string; id: string } | undefined;
    let stuckCursor: StuckPosition | undefined;
    let [casePages, stuckPages] = [1, 1];
    for (let n = 1; n < 2000; n += 1) {
      const rows = await casePage(caseCursor);
      const last = rows[24];
      if (rows.length > 25 && last) [caseCursor, casePages] = [{ openedAt: last.openedAt, id: last.id }, n + 1];
      const items = await stuckPage(stuckCursor);
      const at = items[24]?.position;
      if (items.length > 25 && at) [stuckCursor, stuckPages] = [at, n + 1];
    }
    const stuckTotal = (await db.query('SELECT count(*)::int AS n FROM stuck_items'))[0].n as number;
    console.log(`cases: deepest page timed ${casePages}; stuck items: ${stuckTotal}, deepest page timed ${stuckPages}`);
    console.log('cases page 1:', await timed(runs * 10, () => casePage()));
    console.log(`cases page ${casePages}:`, await timed(runs * 10, () => casePage(caseCursor)));
    console.log('stuck page 1:', await timed(runs * 10, () => stuckPage()));
    console.log(`stuck page ${stuckPages}:`, await timed(runs * 10, () => stuckPage(stuckCursor)));
    console.log('stuck counts (every page of GET /ops/stuck):', await timed(runs, () => opsRepo.stuckCounts({})));
  }
  console.log(`load average after: ${load()}`);
  await db.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
