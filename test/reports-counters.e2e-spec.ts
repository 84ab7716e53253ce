import { familyOfFour } from './helpers/households';
import { CaseDriver } from './helpers/journey';
import { ownOffice } from './helpers/offices';
import { TestStack } from './helpers/stack';

/**
 * The breakdown pre-aggregate of the reports (report_counts, issue 12's speed): the pipeline's age groups at the
 * reference date when people count by birth year (the birth year that straddles 18 is counted person by person), a
 * date of birth the data protection focal point corrects moving the person's counts in the correction's transaction,
 * and the counters equal to their recomputation from the per-person and per-case rows afterwards. The cohort is opened
 * in an office of its own (the files of a run share the database) and the report is filtered by it.
 */
describe('reports: the breakdown counters', () => {
  let stack: TestStack;
  let office = '';
  let officer = '';
  const today = new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const families: CaseDriver[] = [];

  beforeAll(async () => {
    stack = await TestStack.start();
    const own = await ownOffice(stack);
    office = own.office;
    officer = own.users.officer;
    // Six families: a mother of 30 or more, a father who turned 18 on 1 January, a daughter born the same year on
    // 31 December (17 until then), a son of about ten. Counted by birth year alone, father and daughter would share
    // an age group.
    for (let i = 0; i < 6; i += 1) {
      const base = familyOfFour();
      const born = [`${year - 35}-03-10`, `${year - 18}-01-01`, `${year - 18}-12-31`, `${year - 10}-05-05`];
      const household = {
        ...base,
        hostOffice: office,
        members: base.members.map((m, k) => ({ ...m, estimatedAge: undefined, dateOfBirth: born[k] })),
      };
      families.push(await CaseDriver.open(stack, officer, household, ['mother', 'father', 'daughter', 'son']));
    }
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const ageGroups = async (): Promise<Record<string, number | null>> => {
    const res = await stack.request(
      'GET',
      `/reports/indicators?from=${today}&to=${today}&asOf=${today}&office=${office}`,
      {
        as: 'me.rabat',
      },
    );
    expect(res.status).toBe(200);
    const t = res.body.tables.find((x: any) => x.indicator === 'pipeline' && x.breakdown === 'ageGroup');
    const received = t.columns.indexOf('received');
    return Object.fromEntries(t.rows.map((r: any) => [r.key, r.values[received]]));
  };

  const firstPage = async () => {
    const res = await stack.request('GET', '/reports/reconciliation?limit=1', { as: 'operations' });
    expect([res.status, res.body.code]).toEqual([200, undefined]);
    return res.body.differences.filter((d: { table: string }) => d.table === 'report_counts');
  };

  it('should put the people of the birth year that straddles 18 in their own age group at the reference date', async () => {
    // On 31 December the daughters turn 18 too.
    const daughtersAdult = today.endsWith('-12-31');
    expect(await ageGroups()).toEqual({
      '0-17': daughtersAdult ? 6 : 12,
      '18-24': daughtersAdult ? 12 : 6,
      '25-59': 6,
    });
    expect(await firstPage()).toEqual([]);
  });

  it("should move a person's counts when the focal point corrects the date of birth", async () => {
    const c = families[0];
    const correct = (memberId: string, dateOfBirth: string) =>
      stack.request('POST', '/data-protection/corrections', {
        as: 'dpo.rabat',
        body: {
          caseId: c.caseId,
          memberId,
          field: 'dateOfBirth',
          value: dateOfBirth,
          basis: 'CONFIRMED',
          source: 'CONSULATE-GN-RABAT',
        },
      });
    // The mother is 20 (her birth year moves in the counters), a father is 17 after all (same birth year: the
    // person-by-person pass sees it).
    expect((await correct(c.id('mother'), `${year - 20}-02-02`)).status).toBe(201);
    expect((await correct(c.id('father'), `${year - 18}-12-30`)).status).toBe(201);
    const daughtersAdult = today.endsWith('-12-31');
    expect(await ageGroups()).toEqual(
      daughtersAdult ? { '0-17': 6, '18-24': 12, '25-59': 5 } : { '0-17': 13, '18-24': 6, '25-59': 5 },
    );
    expect(await firstPage()).toEqual([]);
    // A later command of the case rewrites its rows from its state (with the corrected dates): still no difference.
    await c.run(officer, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    expect(await firstPage()).toEqual([]);
  });
});
