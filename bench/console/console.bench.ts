/**
 * Console benchmark (run by hand: `npm run bench:console`; scripts/bench-console.sh checks Chromium and the build,
 * then runs this). Not a test.
 *
 *   1. Bundle: every JS and CSS file of the built console (dist/web) with its raw and gzipped size, the entry chunk
 *      (the module script index.html loads) and what index.html makes the browser fetch before the first render
 *      (entry, its modulepreloads, the CSS); budget: entry chunk at most 300 kB gzipped.
 *   2. Time to interactive of the case page, against a running stack (`npm start`; --api, default API_URL or
 *      http://127.0.0.1:3000): signs in as officer.rabat, takes a case of the office from GET /cases, then N times
 *      opens /console/cases/<id> in a fresh browser context (empty cache, its own session cookie) and measures from
 *      the navigation's start to the moment the case page shows `[data-testid="case-page-ready"]`, which the page
 *      renders once its data is on screen; budget: p95 at most 1 s.
 * Prints a table and writes the figures to .data/bench/last-console.json.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/persistence/src/demo-data';
import { percentile } from '../stats';

const READY_SELECTOR = '[data-testid="case-page-ready"]';
const ENTRY_BUDGET_BYTES = 300 * 1000; // kB as Vite reports them
const TTI_BUDGET_MS = 1000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const USAGE = `usage: npm run bench:console -- [options]
  --runs N        page loads measured (default 10)
  --warmup W      unmeasured loads first (default 1)
  --api URL       the running stack (default $API_URL or http://127.0.0.1:3000)
  --user NAME     who opens the case page (default officer.rabat; password: the demo password)
  --case ID       the case to open (default: the first of GET /cases)
  --dist DIR      the built console (default $WEB_DIST_DIR or dist/web)
  --bundle-only   only the bundle sizes (no stack needed)
  --out FILE      the figures as JSON (default .data/bench/last-console.json)`;

interface Options {
  runs: number;
  warmup: number;
  api: string;
  user: string;
  caseId?: string;
  dist: string;
  bundleOnly: boolean;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    runs: 10,
    warmup: 1,
    api: process.env.API_URL || 'http://127.0.0.1:3000',
    user: 'officer.rabat',
    dist: process.env.WEB_DIST_DIR || 'dist/web',
    bundleOnly: false,
    out: '.data/bench/last-console.json',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    const count = (min: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) throw new Error(`${arg}: a whole number >= ${min}`);
      return n;
    };
    if (arg === '--runs') opts.runs = count(1);
    else if (arg === '--warmup') opts.warmup = count(0);
    else if (arg === '--api') opts.api = value().replace(/\/$/, '');
    else if (arg === '--user') opts.user = value();
    else if (arg === '--case') opts.caseId = value();
    else if (arg === '--dist') opts.dist = value();
    else if (arg === '--bundle-only') opts.bundleOnly = true;
    else if (arg === '--out') opts.out = value();
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return opts;
}

// ------------------------------------------------------------------------------------------------ bundle

interface BundleFile {
  file: string;
  raw: number;
  gzip: number;
  initial: boolean;
}

export interface BundleReport {
  files: BundleFile[];
  entry: BundleFile;
  initial: { raw: number; gzip: number };
  total: { raw: number; gzip: number };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Sizes of the built console; gzip at level 9, as Vite's build report (a server compressing on the fly uses less). */
export function measureBundle(distDir: string): BundleReport {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`no console build at ${distDir} (npm run build:web)`);
  const html = readFileSync(indexFile, 'utf8');
  const entryUrl = html.match(/<script type="module"[^>]*\ssrc="([^"]+)"/)?.[1];
  if (!entryUrl) throw new Error(`${indexFile} loads no module script`);
  // What the browser fetches before the first render: the entry, the chunks it preloads, the stylesheets.
  const initialUrls = new Set([
    entryUrl,
    ...[...html.matchAll(/<link rel="(?:modulepreload|stylesheet)"[^>]*\shref="([^"]+)"/g)].map((m) => m[1]),
  ]);
  const files = filesUnder(distDir)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((full) => {
      const content = readFileSync(full);
      const url = '/' + path.relative(distDir, full).split(path.sep).join('/');
      return {
        file: path.relative(distDir, full),
        raw: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        initial: initialUrls.has(url),
      };
    })
    .sort((a, b) => b.gzip - a.gzip);
  const entry = files.find((f) => '/' + f.file.split(path.sep).join('/') === entryUrl);
  if (!entry) throw new Error(`the entry chunk ${entryUrl} named by index.html is not in ${distDir}`);
  const sum = (list: BundleFile[]) => ({
    raw: list.reduce((a, f) => a + f.raw, 0),
    gzip: list.reduce((a, f) => a + f.gzip, 0),
  });
  return { files, entry, initial: sum(files.filter((f) => f.initial)), total: sum(files) };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

function printBundle(distDir: string, report: BundleReport): void {
  const width = Math.max(40, ...report.files.map((f) => f.file.length + 2));
  console.log(`\nbundle (${distDir}; gzip level 9; * = loaded before the first render)`);
  console.log(`${'file'.padEnd(width)}${'raw'.padStart(12)}${'gzip'.padStart(12)}`);
  for (const f of report.files) {
    const name = `${f.initial ? '* ' : '  '}${f.file}`;
    console.log(`${name.padEnd(width)}${kB(f.raw).padStart(12)}${kB(f.gzip).padStart(12)}`);
  }
  const line = (label: string, s: { raw: number; gzip: number }) =>
    console.log(`${label.padEnd(width)}${kB(s.raw).padStart(12)}${kB(s.gzip).padStart(12)}`);
  line('total', report.total);
  line('before the first render (*)', report.initial);
  line(`entry chunk ${report.entry.file}`, report.entry);
}

// ------------------------------------------------------------------------------------------------ time to interactive

interface Load {
  /** Navigation start to [data-testid="case-page-ready"] in the DOM (ms). */
  ready: number;
  /** Navigation timing of the document, for where the time goes. */
  ttfb: number;
  domContentLoaded: number;
  load: number;
}

async function api<T>(opts: Options, method: string, url: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${opts.api}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function findCase(opts: Options): Promise<string> {
  if (opts.caseId) return opts.caseId;
  const { accessToken } = await api<{ accessToken: string }>(opts, 'POST', '/auth/login', {
    username: opts.user,
    password: DEMO_PASSWORD,
  });
  const list = await api<{ items: Array<{ caseId?: string; id?: string }> }>(
    opts,
    'GET',
    '/cases?limit=20',
    undefined,
    accessToken,
  );
  const id = list.items.map((c) => c.caseId ?? c.id).find(Boolean);
  if (!id) throw new Error(`${opts.user} sees no case (npm start seeds the demo cases); pass --case <id>`);
  return id;
}

/**
 * Records, in the page, when the ready marker first appears (a MutationObserver installed before any of the page's
 * own scripts; an init script goes through the DevTools protocol, so the console's CSP does not refuse it).
 */
const READY_OBSERVER = `(() => {
  const sel = ${JSON.stringify(READY_SELECTOR)};
  const mark = () => {
    if (window.__caseReadyAt === undefined && document.querySelector(sel)) window.__caseReadyAt = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function measureLoads(opts: Options, caseId: string): Promise<Load[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const loads: Load[] = [];
  try {
    for (let i = 0; i < opts.warmup + opts.runs; i++) {
      const context = await browser.newContext({ baseURL: opts.api, viewport: { width: 1280, height: 800 } });
      try {
        const login = await context.request.post('/auth/login', {
          data: { username: opts.user, password: DEMO_PASSWORD },
        });
        if (!login.ok()) throw new Error(`POST /auth/login as ${opts.user}: ${login.status()} ${await login.text()}`);
        const page = await context.newPage();
        await page.addInitScript(READY_OBSERVER);
        await page.goto(`/console/cases/${caseId}`, { waitUntil: 'commit' });
        await page.locator(READY_SELECTOR).waitFor({ state: 'attached', timeout: 30_000 });
        const load = await page.evaluate(`(() => {
          const nav = performance.getEntriesByType('navigation')[0];
          return { ready: window.__caseReadyAt ?? performance.now(), ttfb: nav.responseStart,
                   domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
        })()`);
        if (i >= opts.warmup) loads.push(load as Load);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return loads;
}

function printLoads(loads: Load[]): Record<string, { p50: number; p95: number; max: number }> {
  const columns: Array<[keyof Load, string]> = [
    ['ttfb', 'first byte of index.html'],
    ['domContentLoaded', 'DOMContentLoaded'],
    ['load', 'load event'],
    ['ready', 'case page ready (data on screen)'],
  ];
  const out: Record<string, { p50: number; p95: number; max: number }> = {};
  console.log(`\ncase page, ${loads.length} loads in fresh contexts (ms from navigation start)`);
  console.log(`${''.padEnd(36)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'max'.padStart(10)}`);
  for (const [key, label] of columns) {
    const values = loads.map((l) => l[key]);
    const s = { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) };
    out[key] = s;
    console.log(
      `${label.padEnd(36)}${s.p50.toFixed(0).padStart(10)}${s.p95.toFixed(0).padStart(10)}${s.max.toFixed(0).padStart(10)}`,
    );
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const bundle = measureBundle(path.resolve(opts.dist));
  printBundle(opts.dist, bundle);
  const budget = (label: string, bytes: number) =>
    `${label}: ${kB(bytes)} gzipped, budget <= ${kB(ENTRY_BUDGET_BYTES)}: ${bytes <= ENTRY_BUDGET_BYTES ? 'PASS' : 'FAIL'}`;
  // The entry chunk is the budget's letter; what loads before the first render is its intent (splitting the entry
  // into preloaded chunks would pass the first without loading less).
  const verdicts = [
    budget('entry chunk', bundle.entry.gzip),
    budget('everything before the first render (entry, preloaded chunks, CSS)', bundle.initial.gzip),
  ];
  let tti: Record<string, { p50: number; p95: number; max: number }> | undefined;
  let caseId: string | undefined;
  if (!opts.bundleOnly) {
    caseId = await findCase(opts);
    console.log(`\n${opts.api}/console/cases/${caseId} as ${opts.user}: ${opts.warmup} warm-up, ${opts.runs} measured`);
    tti = printLoads(await measureLoads(opts, caseId));
    verdicts.push(
      `case page: p50 ${tti.ready.p50.toFixed(0)} ms, p95 ${tti.ready.p95.toFixed(0)} ms, budget p95 <= ${TTI_BUDGET_MS} ms: ${
        tti.ready.p95 <= TTI_BUDGET_MS ? 'PASS' : 'FAIL'
      }`,
    );
  }
  console.log('');
  for (const v of verdicts) console.log(v);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(
    opts.out,
    JSON.stringify({ at: new Date().toISOString(), options: opts, caseId, bundle, tti, verdicts }, null, 2),
  );
  console.log(`\nwritten to ${opts.out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
