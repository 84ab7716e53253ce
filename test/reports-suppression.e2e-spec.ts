import ExcelJS from 'exceljs';
import { familyOfFour as familyOfFourIn, singleAdult as singleAdultIn } from './helpers/households';
import { CaseDriver } from './helpers/journey';
import { ownOffice } from './helpers/offices';
import { TestStack } from './helpers/stack';

/**
 * Small-cell suppression end to end (issue 12, AVRR.md §12), at the configured threshold of 5: cases opened and moved
 * through commands, then every published table checked against the rule (no shown count in 1..4, no additive line
 * with exactly one hidden entry, no statistic over fewer than 5), and no name or identifier of anyone in the JSON,
 * CSV or XLSX. The cohort is opened in a host office of its own (created through the admin API) and the report is
 * filtered by it: the other files of a run share the database, and exact counts must be this file's.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('reports: small cells and their complements, no identifiers anywhere', () => {
  let stack: TestStack;
  const cases: CaseDriver[] = [];
  const secrets: string[] = [];
  const today = new Date().toISOString().slice(0, 10);
  let query = '';
  let report: any;

  beforeAll(async () => {
    stack = await TestStack.start();
    const own = await ownOffice(stack);
    const OFFICER = own.users.officer;
    query = `from=${today}&to=${today}&office=${own.office}`;
    const singleAdult = () => singleAdultIn({ hostOffice: own.office });
    const familyOfFour = () => ({ ...familyOfFourIn(), hostOffice: own.office });
    // Six single men, a family of four (mother, father, daughter, son), a woman of 20 alone: 11 people, 8 cases.
    for (let i = 0; i < 6; i += 1) cases.push(await CaseDriver.open(stack, OFFICER, singleAdult(), ['pa']));
    const family = familyOfFour();
    cases.push(await CaseDriver.open(stack, OFFICER, family, ['mother', 'father', 'daughter', 'son']));
    const young = singleAdult();
    young.members[0] = {
      ...young.members[0],
      givenName: 'Kadiatou',
      sex: 'F',
      dateOfBirth: `${Number(today.slice(0, 4)) - 20}-01-02`,
    };
    cases.push(await CaseDriver.open(stack, OFFICER, young, ['pa']));
    // Three single men withdraw for two reasons, the woman's case is cancelled.
    await cases[0].run(OFFICER, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    await cases[1].run(OFFICER, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    await cases[2].run(OFFICER, 'Withdraw', { reasonCode: 'CHANGED_MIND' });
    await cases[7].run(own.users.supervisor, 'Cancel', { reasonCode: 'DUPLICATE' });
    for (const c of cases) {
      const view = (await c.get(OFFICER)).body;
      secrets.push(c.caseId, view.reference);
      for (const m of view.members) {
        secrets.push(m.memberId);
        if (m.personal?.givenName) secrets.push(m.personal.givenName);
        if (m.personal?.familyName) secrets.push(m.personal.familyName);
        if (m.personal?.phone) secrets.push(m.personal.phone);
      }
    }
    const res = await stack.request('GET', `/reports/indicators?${query}`, { as: 'me.rabat' });
    expect(res.status).toBe(200);
    report = res.body;
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const table = (indicator: string, breakdown: string) =>
    report.tables.find((t: any) => t.indicator === indicator && t.breakdown === breakdown);
  const column = (t: any, name: string) => [...t.rows, t.total].map((r: any) => r.values[t.columns.indexOf(name)]);

  it('should show the totals that are safe and hide the small groups with their complements', () => {
    const bySex = table('pipeline', 'sex');
    // 11 received: 8 men and boys, 3 women and girls. 3 is small; 8 would give it away from the total: both hidden.
    expect(column(bySex, 'received')).toEqual([null, null, 11]);
    const byAge = table('pipeline', 'ageGroup');
    // 0-17: 2, 18-24: 1, 25-59: 8. Two small cells hide each other; 8 stays.
    expect(
      Object.fromEntries(byAge.rows.map((r: any) => [r.key, r.values[byAge.columns.indexOf('received')]])),
    ).toEqual({
      '0-17': null,
      '18-24': null,
      '25-59': 8,
    });
    // Withdrawn: 3 people, under 5 everywhere: the total is hidden, and so the whole column.
    expect(column(table('pipeline', 'office'), 'withdrawn')).toEqual([null, null]);
    const reasons = table('withdrawalReasons', 'reason');
    expect(reasons.rows.map((r: any) => r.values)).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(reasons.total.values).toEqual([null, null]);
    // Per case: 8 received, shown.
    expect(column(table('pipelineCases', 'office'), 'received')).toEqual([8, 8]);
  });

  it('should leave no hidden cell recoverable by subtraction in any published table', () => {
    const threshold = report.smallCellThreshold;
    expect(threshold).toBe(5);
    const problems: string[] = [];
    for (const t of report.tables) {
      const where = `${t.indicator} by ${t.breakdown}`;
      if (t.kind === 'stats') {
        for (const r of [...t.rows, t.total])
          if (r.n !== null && r.n > 0 && r.n < threshold) problems.push(`${where} ${r.key}: n ${r.n} shown`);
        continue;
      }
      t.columns.forEach((c: string, i: number) => {
        const line = [...t.rows, t.total].map((r: any) => r.values[i]);
        for (const v of line) if (v !== null && v > 0 && v < threshold) problems.push(`${where} ${c}: ${v} shown`);
        // A breakdown whose rows overlap (vulnerability types) may show one hidden entry: it is not a sum.
        const overlapping = t.breakdown === 'vulnerability' || t.indicator === 'reintegrationByDimension';
        if (!overlapping && line.filter((v: number | null) => v === null).length === 1)
          problems.push(`${where} ${c}: exactly one hidden entry in [${line.join(', ')}]`);
      });
    }
    expect(problems).toEqual([]);
    expect(report.tables.some((t: any) => t.suppressed > 0)).toBe(true);
  });

  it('should carry no name or identifier of anyone in the JSON, the CSV or the XLSX', async () => {
    const json = JSON.stringify(report);
    const token = await stack.login('me.rabat');
    const get = (ext: string) =>
      fetch(`${stack.baseUrl}/reports/indicators.${ext}?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const csv = await (await get('csv')).text();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (await get('xlsx')).arrayBuffer()) as never);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
    expect(cells).toContain('pipeline');
    const xlsx = cells.join('\n');
    expect(secrets.length).toBeGreaterThan(30);
    for (const [name, text] of [
      ['json', json],
      ['csv', csv],
      ['xlsx', xlsx],
    ] as const) {
      const found = secrets.filter((s) => text.includes(s));
      expect({ name, found }).toEqual({ name, found: [] });
      expect({ name, uuid: UUID.exec(text)?.[0] ?? null }).toEqual({ name, uuid: null });
    }
    // The suppressed cells are marked in the exports too, never filled.
    expect(csv).toContain('pipeline,individuals,sex,F,received,,suppressed');
    expect(cells).toContain('suppressed');
  });
});
