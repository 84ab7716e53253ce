import { Client as PgClient } from 'pg';
import { familyOfFour, singleAdult } from './helpers/households';
import { CaseDriver, selfDeclaration, toScreening } from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * Reporting (issue 12): real cases driven through commands, then the indicators they produce for the M&E role, with
 * small cells suppressed and their complements; the CSV and XLSX exports, each audited; and the reconciliation check
 * of the reporting read model against the audit trail. Cases of Côte d'Ivoire ('CI'), which no other e2e file uses,
 * so the counts are this file's own.
 */
describe('reports', () => {
  let stack: TestStack;
  let db: PgClient;
  const cases: CaseDriver[] = [];
  const today = new Date().toISOString().slice(0, 10);
  const query = `from=${today}&to=${today}&countryOfOrigin=CI`;
  const table = (body: any, indicator: string, breakdown: string) =>
    body.tables.find((t: any) => t.indicator === indicator && t.breakdown === breakdown);
  const col = (t: any, name: string) => t.columns.indexOf(name);

  beforeAll(async () => {
    db = new PgClient({
      host: process.env.DB_HOST ?? '127.0.0.1',
      port: Number(process.env.DB_PORT ?? 5432),
      user: process.env.DB_USER ?? 'postgres',
      password: process.env.DB_PASSWORD ?? '',
      database: process.env.DB_NAME,
    });
    await db.connect();
    stack = await TestStack.start();
    // Six single men and a family of four (two women, a man, a child), all registered today in Rabat.
    for (let i = 0; i < 6; i += 1)
      cases.push(await CaseDriver.open(stack, 'officer.rabat', singleAdult({ countryOfOrigin: 'CI' }), ['pa']));
    cases.push(
      await CaseDriver.open(stack, 'officer.rabat', { ...familyOfFour(), countryOfOrigin: 'CI' }, [
        'pa',
        'sp',
        'c1',
        'c2',
      ]),
    );
    // Two withdraw (a reason given), one is approved.
    await cases[0].run('officer.rabat', 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    await cases[1].run('officer.rabat', 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    await toScreening(cases[2]);
    await cases[2].run('officer.rabat', 'SignVoluntaryReturnDeclaration', selfDeclaration(cases[2].id('pa')));
    await cases[2].run('officer.rabat', 'Approve', {});
  }, 180_000);
  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('should refuse the reports to caseworkers and the cases to the M&E role', async () => {
    for (const as of ['officer.rabat', 'supervisor.rabat', 'operations']) {
      const res = await stack.request('GET', `/reports/indicators?${query}`, { as });
      expect([res.status, res.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
    }
    expect((await stack.request('GET', `/cases/${cases[0].caseId}`, { as: 'me.rabat' })).status).toBe(404);
    expect((await stack.request('GET', '/ops/stuck', { as: 'me.rabat' })).status).toBe(403);
  });

  it('should answer a bad period with a 400, never a 500', async () => {
    const reversed = await stack.request('GET', '/reports/indicators?from=2026-02-01&to=2026-01-01', {
      as: 'me.rabat',
    });
    expect([reversed.status, reversed.body.code]).toEqual([400, 'REPORT_PERIOD_INVALID']);
    const malformed = await stack.request('GET', '/reports/indicators?from=yesterday&to=2026-01-01', {
      as: 'me.rabat',
    });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    // A reference date in year 10 (the age groups' birth years would be negative): refused, not a 500.
    const ancient = await stack.request('GET', '/reports/indicators?from=0010-01-01&to=0010-06-01&asOf=0010-06-01', {
      as: 'me.rabat',
    });
    expect([ancient.status, ancient.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const missing = await stack.request('GET', '/reports/indicators', { as: 'me.rabat' });
    expect(missing.status).toBe(400);
  });

  it('should count individuals and cases separately, and suppress small cells with their complements', async () => {
    const res = await stack.request('GET', `/reports/indicators?${query}`, { as: 'me.rabat' });
    expect(res.status).toBe(200);
    expect(res.body.smallCellThreshold).toBe(5);
    const people = table(res.body, 'pipeline', 'office');
    // A family of four is four people: 6 + 4 received and registered, in 7 cases.
    expect(people.total.values[col(people, 'received')]).toBe(10);
    expect(people.total.values[col(people, 'registered')]).toBe(10);
    expect(people.rows.map((r: any) => [r.key, r.values[col(people, 'received')]])).toEqual([['MA-RBA', 10]]);
    const perCase = table(res.body, 'pipelineCases', 'office');
    expect(perCase.total.values[col(perCase, 'received')]).toBe(7);
    // Two withdrew and one was approved: under the threshold, so hidden, and the rates built on them too.
    expect(people.total.values[col(people, 'withdrawn')]).toBeNull();
    expect(people.total.values[col(people, 'approved')]).toBeNull();
    const reasons = table(res.body, 'withdrawalReasons', 'reason');
    expect(reasons.rows).toEqual([{ key: 'FAMILY_REASONS', values: [null, null] }]);
    expect(reasons.total.values).toEqual([null, null]);
    // By sex: 7 men (six singles, the father) and 3 women or girls... whatever the children's sexes, one group is
    // under 5 and the other would give it away from the total of 10: both are hidden, the total stays.
    const bySex = table(res.body, 'pipeline', 'sex');
    const received = bySex.rows.map((r: any) => r.values[col(bySex, 'received')]);
    expect(bySex.total.values[col(bySex, 'received')]).toBe(10);
    expect(received.filter((v: number | null) => v === null).length).not.toBe(1);
    expect(received.every((v: number | null) => v === null || v >= 5)).toBe(true);
    expect(bySex.suppressed).toBeGreaterThan(0);
    // Nothing in the report names anyone.
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/Bah-|Diallo-|Mamadou|Aminata|\+212/);
  });

  it('should export CSV and XLSX, audit every report and list the audit', async () => {
    const csv = await stack.request('GET', `/reports/indicators.csv?${query}`, { as: 'me.rabat' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = String(csv.body).trim().split('\n');
    expect(lines[0]).toBe('indicator,unit,breakdown,key,measure,value,note');
    expect(lines).toContain('pipeline,individuals,office,TOTAL,received,10,');
    expect(lines).toContain('pipeline,individuals,office,TOTAL,withdrawn,,suppressed');
    expect(String(csv.body)).not.toMatch(/Bah-|Diallo-|Mamadou/);
    const token = await stack.login('me.rabat');
    const xlsx = await fetch(`${stack.baseUrl}/reports/indicators.xlsx?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(xlsx.status).toBe(200);
    const bytes = Buffer.from(await xlsx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip: the OOXML container
    const audit = await stack.request('GET', '/reports/exports?limit=10', { as: 'me.rabat' });
    expect(audit.status).toBe(200);
    const formats = audit.body.items.map((i: any) => i.format);
    expect(formats.slice(0, 2)).toEqual(['xlsx', 'csv']);
    expect(audit.body.items[0]).toMatchObject({
      role: 'me',
      report: 'indicators',
      filters: { from: today, to: today, asOf: today, countryOfOrigin: 'CI' },
    });
    expect((await stack.request('GET', '/reports/exports', { as: 'officer.rabat' })).status).toBe(403);
  });

  it('should find the read model equal to the audit trail, and report a difference when it is not', async () => {
    for (const c of cases) {
      const res = await stack.request('GET', `/reports/reconciliation?caseId=${c.caseId}`, { as: 'operations' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ checked: 1, differing: 0, differences: [] });
    }
    const page = await stack.request('GET', '/reports/reconciliation?limit=1000', { as: 'operations' });
    expect([page.status, page.body.code]).toEqual([200, undefined]); // a failed pass says why
    expect(page.body.differences).toEqual([]);
    // A row changed behind the projection's back is found, by column name only. (A column the counters read is not
    // changed here: the next projection would move the counters by the tampered value, a difference of its own.)
    const victim = cases[3];
    await db.query(`UPDATE report_individuals SET stage = 'TAMPERED' WHERE case_id = $1`, [victim.caseId]);
    await db.query(`DELETE FROM report_documents WHERE case_id = $1`, [victim.caseId]);
    const res = await stack.request('GET', `/reports/reconciliation?caseId=${victim.caseId}`, { as: 'operations' });
    expect(res.body.differing).toBe(1);
    expect(res.body.differences).toEqual([
      expect.objectContaining({ table: 'report_individuals', kind: 'DIFFERENT', columns: ['stage'] }),
    ]);
    // The next change of the case rewrites its rows from its state: the difference is gone.
    await victim.run('officer.rabat', 'RecordCounsellingSession', {
      language: 'fr',
      interpreterUsed: false,
      mode: 'IN_PERSON',
      topics: ['RETURN'],
    });
    const after = await stack.request('GET', `/reports/reconciliation?caseId=${victim.caseId}`, { as: 'operations' });
    expect(after.body.differences).toEqual([]);
  });

  it('should keep vulnerability types sealed per person and counted once, through a failed and a retried projection', async () => {
    const counted = async (column: string): Promise<number> =>
      Number(
        (
          await db.query(
            `SELECT coalesce(sum(${column}), 0) AS n FROM report_vulnerability_counts
              WHERE office = '' AND country = 'CI' AND vulnerability = 'MEDICAL'`,
          )
        ).rows[0].n,
      );
    const counterDifferences = async () =>
      (await stack.request('GET', '/reports/reconciliation?limit=1000', { as: 'operations' })).body.differences;
    const before = { received: await counted('received'), withdrawn: await counted('withdrawn') };
    const v = await CaseDriver.open(stack, 'officer.rabat', singleAdult({ countryOfOrigin: 'CI' }), ['pa']);
    await toScreening(v, 'officer.rabat', [{ memberId: v.id('pa'), vulnerabilities: ['MEDICAL'] }]);
    expect(await counted('received')).toBe(before.received + 1);

    // No type in clear beside a person: the column is gone, the row holds a sealed value only.
    const columns = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'report_individuals'`,
    );
    expect(columns.rows.map((r) => r.column_name)).not.toContain('vulnerabilities');
    const row = (
      await db.query(`SELECT to_jsonb(i)::text AS t FROM report_individuals i WHERE case_id = $1`, [v.caseId])
    ).rows[0].t as string;
    expect(row).toMatch(/"vulnerabilities_sealed": "v1\./);
    expect(row).not.toMatch(/MEDICAL/);

    // The projection of the withdrawal fails after the facts were rewritten (at the counters): all of it rolls back.
    await db.query(`CREATE OR REPLACE FUNCTION fault_counts() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'injected fault on the counters'; END $$`);
    await db.query(
      'CREATE TRIGGER fault_counts BEFORE INSERT OR UPDATE ON report_vulnerability_counts FOR EACH ROW EXECUTE FUNCTION fault_counts()',
    );
    try {
      await v.run('officer.rabat', 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
      const stored = await db.query(`SELECT stage FROM report_cases WHERE case_id = $1`, [v.caseId]);
      expect(stored.rows[0].stage).not.toBe('WITHDRAWN');
      expect(await counted('withdrawn')).toBe(before.withdrawn);
    } finally {
      await db.query('DROP TRIGGER fault_counts ON report_vulnerability_counts');
    }

    // Retried from Temporal's history (twice: the second finds nothing to do), then counted exactly once.
    for (let i = 0; i < 2; i += 1) {
      const retry = await stack.request('POST', `/ops/cases/${v.caseId}/actions`, {
        as: 'operations',
        body: { action: 'RETRY', reason: 'counters trigger removed, see incident INC-12' },
      });
      expect(retry.status).toBe(200);
    }
    expect((await db.query(`SELECT stage FROM report_cases WHERE case_id = $1`, [v.caseId])).rows[0].stage).toBe(
      'WITHDRAWN',
    );
    expect(await counted('withdrawn')).toBe(before.withdrawn + 1);
    expect(await counted('received')).toBe(before.received + 1);
    // The pre-aggregate equals its recomputation from the per-individual facts, and the facts the audit trail.
    expect(await counterDifferences()).toEqual([]);
    const one = await stack.request('GET', `/reports/reconciliation?caseId=${v.caseId}`, { as: 'operations' });
    expect(one.body).toMatchObject({ checked: 1, differing: 0, differences: [] });

    // A counter moved behind the projection's back is found, without its type.
    await db.query(
      `UPDATE report_vulnerability_counts SET withdrawn = withdrawn + 1
        WHERE office = '' AND country = 'CI' AND vulnerability = 'MEDICAL' AND withdrawn > 0`,
    );
    const differences = await counterDifferences();
    expect(differences).toEqual([
      expect.objectContaining({
        caseId: '',
        table: 'report_vulnerability_counts',
        kind: 'DIFFERENT',
        columns: ['withdrawn'],
      }),
    ]);
    expect(JSON.stringify(differences)).not.toMatch(/MEDICAL/);
    await db.query(
      `UPDATE report_vulnerability_counts SET withdrawn = withdrawn - 1
        WHERE office = '' AND country = 'CI' AND vulnerability = 'MEDICAL' AND withdrawn > 1`,
    );
  }, 120_000);

  it('should page the stuck list with a keyset cursor, and refuse a forged cursor', async () => {
    const since = '2020-01-01T00:00:00.123456Z';
    for (const c of cases.slice(0, 3))
      await db.query(
        `INSERT INTO stuck_items (case_id, kind, reason, stage, office, country, since, suggested_action, scanned_at)
         VALUES ($1, 'BUSINESS', 'SLA_ALERT', 'REGISTERED', 'MA-RBA', 'CI', $2, 'Follow the case up', now())
         ON CONFLICT DO NOTHING`,
        [c.caseId, since],
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await stack.request(
        'GET',
        `/ops/stuck?country=CI&reason=SLA_ALERT&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { as: 'operations' },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: any) => i.caseId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect([...seen].sort()).toEqual(
      cases
        .slice(0, 3)
        .map((c) => c.caseId)
        .sort(),
    );
    const bad = await stack.request('GET', '/ops/stuck?cursor=bm90LWEtY3Vyc29y', { as: 'operations' });
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});
