import { familyOfFour, singleAdult } from './helpers/households';
import {
  booking,
  CaseDriver,
  CommandRejected,
  days,
  departure,
  documentMembers,
  guardianDeclaration,
  selfDeclaration,
  toScreening,
} from './helpers/journey';
import { ownOffice } from './helpers/offices';
import { expectEventually, TestStack } from './helpers/stack';
import {
  businessPlan,
  CONAKRY,
  GOOD_RSS,
  LOW_RSS,
  readyForPlan,
  releaseTranche,
} from './journeys/reintegration-support';

/**
 * Reporting correctness (issue 12, AVRR.md §12): a known cohort driven through commands, then every indicator group
 * of the brief checked against what those cases must produce, per individual and per case. The small-cell threshold
 * is 1 here (configuration) so every figure is visible; suppression has its own file (reports-suppression).
 * Time: effective dates recorded on the commands (arrival 400 days ago, documents requested 40 and 61 days ago), no
 * sleeping; the SLA monitor scans every 2 s.
 * Every e2e file of a run shares one database: the cohort lives in offices of its own, created through the admin API,
 * and the reports are filtered by them: the outbound cases in a Moroccan host office (HOST), the Moroccan returnees in a
 * Moroccan receiving office (INBOUND).
 */
let OFFICER = '';
let SUPERVISOR = '';
let MOVEMENT = '';
let RABAT_R = '';
let HOST = '';
let INBOUND = '';
const DAY = 86_400_000;

/** A Moroccan returnee organised by the mission in Madrid, opened at ARRIVED by the Moroccan receiving office. */
function moroccanReturnee(arrivedAt: string) {
  const base = singleAdult();
  return {
    ...base,
    hostOffice: 'ES-MAD',
    countryOfOrigin: 'MA',
    referralSource: 'OTHER_IOM_MISSION',
    programme: 'AVRR-MA-INBOUND',
    members: [{ ...base.members[0], nationality: 'MA', languages: ['ar'] }],
    startAt: 'ARRIVED',
    receivingOffice: INBOUND,
    arrivedAt,
  };
}

const family = ['mother', 'father', 'daughter', 'son'];

/** An RSS result of the case view as the report's columns. */
function scores(x: any): { composite: number; economic: number; social: number; psychosocial: number } {
  return {
    composite: x.composite,
    economic: x.dimensionScores.ECONOMIC,
    social: x.dimensionScores.SOCIAL,
    psychosocial: x.dimensionScores.PSYCHOSOCIAL,
  };
}

/**
 * A command on a case the workflow also changes by itself (a returnee who arrived 400 days ago has deadlines that
 * already passed): on STALE_VERSION, read the case again and send it once more.
 */
async function runOn(c: CaseDriver, as: string, type: any, payload: any, opts: { effectiveAt?: string } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await c.run(as, type, payload, opts);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof CommandRejected) || err.body?.code !== 'STALE_VERSION') throw err;
      await new Promise((r) => setTimeout(r, 500));
      await c.refresh(as);
    }
  }
}

/** A case of the host office's own. */
function hosted<T extends object>(household: T): T & { hostOffice: string } {
  return { ...household, hostOffice: HOST };
}

/** A single adult of the host office, departed and arrived in Conakry (ARRIVED, handed to GN-CKY). */
async function arrivedInConakry(stack: TestStack, findings: string[] = []): Promise<CaseDriver> {
  const c = await CaseDriver.open(stack, OFFICER, hosted(singleAdult()), ['pa']);
  await toScreening(c, OFFICER, findings.length ? [{ memberId: c.id('pa'), vulnerabilities: findings as never }] : []);
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('pa')));
  await c.run(findings.length ? SUPERVISOR : OFFICER, 'Approve', {});
  await documentMembers(c, ['pa'], days(30), OFFICER);
  await c.run(OFFICER, 'MarkReadyForBooking', { receptionConfirmed: true });
  await c.run(MOVEMENT, 'ConfirmBooking', booking(days(0)));
  await c.run(MOVEMENT, 'RecordDeparture', departure);
  await c.run(MOVEMENT, 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });
  await c.refresh(OFFICER);
  return c;
}

async function familyApproved(stack: TestStack): Promise<CaseDriver> {
  const c = await CaseDriver.open(stack, OFFICER, hosted(familyOfFour()), family);
  await toScreening(c, OFFICER);
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('mother')));
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', selfDeclaration(c.id('father')));
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('daughter'), c.id('mother')));
  await c.run(OFFICER, 'SignVoluntaryReturnDeclaration', guardianDeclaration(c.id('son'), c.id('mother')));
  await c.run(OFFICER, 'Approve', {});
  return c;
}

describe('reports: every indicator group against a known cohort', () => {
  let stack: TestStack;
  /** The host office's report (the outbound cases) and the receiving office's (the Moroccan returnees). */
  let report: any;
  let inbound: any;
  const from = days(-730);
  const to = days(0);
  const arrived = new Date(Date.now() - 400 * DAY);
  const at = (d: number) => new Date(arrived.getTime() + d * DAY).toISOString();
  const rss: { composite: number; economic: number; social: number; psychosocial: number }[] = [];

  const table = (indicator: string, breakdown: string, of: any = report) => {
    const t = of.tables.find((x: any) => x.indicator === indicator && x.breakdown === breakdown);
    if (!t) throw new Error(`no table ${indicator} by ${breakdown}`);
    return t;
  };
  /** { key: { column: value, ...rates } } of a table, TOTAL included. */
  const cells = (
    indicator: string,
    breakdown: string,
    of: any = report,
  ): Record<string, Record<string, number | null>> => {
    const t = table(indicator, breakdown, of);
    return Object.fromEntries(
      [...t.rows, t.total].map((r: any) => [
        r.key,
        {
          ...Object.fromEntries(t.columns.map((c: string, i: number) => [c, r.values[i]])),
          ...(r.n !== undefined ? { n: r.n } : {}),
          ...(r.rates ?? {}),
        },
      ]),
    );
  };
  /** A row that must not be there: its indicator is published, the row is not (a table without rows has none). */
  const noRow = (indicator: string, breakdown: string, key: string, of: any = report) => {
    expect(of.tables.some((x: any) => x.indicator === indicator)).toBe(true);
    const t = of.tables.find((x: any) => x.indicator === indicator && x.breakdown === breakdown);
    return t?.rows.find((r: any) => r.key === key);
  };
  const fetchReport = async (q = '') => {
    const res = await stack.request('GET', `/reports/indicators?from=${from}&to=${to}&office=${HOST}${q}`, {
      as: 'me.rabat',
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** The receiving office's report: the Moroccan returnees, whose host office is the mission in Madrid. */
  const fetchInbound = async (q = '') => {
    const res = await stack.request('GET', `/reports/indicators?from=${from}&to=${to}&office=${INBOUND}${q}`, {
      as: 'me.rabat',
    });
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    stack = await TestStack.start({ env: { REPORT_SMALL_CELL_THRESHOLD: '1', MONITOR_EVERY_SECONDS: '2' } });
    const host = await ownOffice(stack, ['officer', 'supervisor', 'movement']);
    [HOST, OFFICER, SUPERVISOR, MOVEMENT] = [
      host.office,
      host.users.officer,
      host.users.supervisor,
      host.users.movement,
    ];
    const receiving = await ownOffice(stack, ['counterpart'], 'COO');
    [INBOUND, RABAT_R] = [receiving.office, receiving.users.counterpart];

    // FD: a family of four returns to Guinea and arrives (four people, one case).
    const fd = await familyApproved(stack);
    await documentMembers(fd, family, days(30), OFFICER);
    await fd.run(OFFICER, 'MarkReadyForBooking', { receptionConfirmed: true });
    await fd.run(MOVEMENT, 'ConfirmBooking', booking(days(0)));
    await fd.run(MOVEMENT, 'RecordDeparture', departure);
    await fd.run(MOVEMENT, 'RecordArrival', { receptionRecorded: true, receivingOffice: 'GN-CKY' });

    // S1: a single man, arrived, counselled, a plan the same day, the first tranche (600 EUR cash) paid, a low RSS.
    const s1 = await arrivedInConakry(stack);
    await readyForPlan(s1);
    await s1.run(CONAKRY, 'AgreePlan', businessPlan());
    await releaseTranche(s1, 'P1-T1');
    await s1.run(CONAKRY, 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'BASELINE',
      mode: 'IN_PERSON',
      answers: LOW_RSS,
    });
    rss.push(scores(s1.view.reintegration.rss[0]));

    // S2: a man with a disability, arrived, handover acknowledged, then opted out (closure OPTED_OUT).
    const s2 = await arrivedInConakry(stack, ['DISABILITY']);
    await s2.run(CONAKRY, 'AcknowledgeHandover', {});
    await s2.run(CONAKRY, 'OptOut', {
      referralNote: { referredTo: 'GN-CKY', solutionCode: 'ADAPTED_ASSISTANCE', noteRef: 'NOTE-S2-OPT-OUT' },
    });

    // S3: a no-show, rebooked, departed (not arrived).
    const s3 = await CaseDriver.open(stack, OFFICER, hosted(singleAdult()), ['pa']);
    await toScreening(s3, OFFICER);
    await s3.run(OFFICER, 'SignVoluntaryReturnDeclaration', selfDeclaration(s3.id('pa')));
    await s3.run(OFFICER, 'Approve', {});
    await documentMembers(s3, ['pa'], days(30), OFFICER);
    await s3.run(OFFICER, 'MarkReadyForBooking', { receptionConfirmed: true });
    await s3.run(MOVEMENT, 'ConfirmBooking', booking(days(0)));
    await s3.run(MOVEMENT, 'RecordNoShow', {});
    await s3.run(MOVEMENT, 'ConfirmBooking', booking(days(0)));
    await s3.run(MOVEMENT, 'RecordDeparture', departure);

    // FW: a family of four withdraws (a reason given); SC: a single man's case is cancelled as a duplicate.
    const fw = await CaseDriver.open(stack, OFFICER, hosted(familyOfFour()), family);
    await fw.run(OFFICER, 'Withdraw', { reasonCode: 'FAMILY_REASONS' });
    const sc = await CaseDriver.open(stack, OFFICER, hosted(singleAdult()), ['pa']);
    await sc.run(SUPERVISOR, 'Cancel', { reasonCode: 'DUPLICATE' });

    // FDoc: a family in documentation: two laissez-passers pending at the Rabat consulate since 61 and 40 days, one
    // refused and one issued by the Casablanca consulate.
    const fdoc = await familyApproved(stack);
    const request = (label: string, authority: string, effectiveAt?: string) =>
      fdoc.run(
        OFFICER,
        'RequestTravelDocument',
        { memberId: fdoc.id(label), documentType: 'LAISSEZ_PASSER', authority, transferConsentRef: `tr-${label}` },
        effectiveAt ? { effectiveAt } : {},
      );
    await request('mother', 'CONSULATE-GN-RABAT', new Date(Date.now() - 61 * DAY).toISOString());
    await request('father', 'CONSULATE-GN-RABAT', new Date(Date.now() - 40 * DAY).toISOString());
    await request('daughter', 'CONSULATE-GN-CASA');
    await fdoc.run(OFFICER, 'RecordDocumentRefused', {
      memberId: fdoc.id('daughter'),
      documentType: 'LAISSEZ_PASSER',
      reasonCode: 'IDENTITY_NOT_CONFIRMED',
    });
    await request('son', 'CONSULATE-GN-CASA');
    await fdoc.run(OFFICER, 'RecordDocumentIssued', {
      memberId: fdoc.id('son'),
      documentType: 'LAISSEZ_PASSER',
      documentRef: 'doc-son',
      expiresOn: days(30),
    });

    // I1, I2: Moroccan returnees who arrived 400 days ago. I1: handover 2 days after, plan 10 days after (two
    // tranches, due 20 and 40 days after, never requested: overdue), the first visit done, an incomplete baseline
    // RSS and a complete endline. I2: handover 5 days after, nothing else.
    const i1 = await CaseDriver.open(stack, RABAT_R, moroccanReturnee(arrived.toISOString()), ['pa']);
    await runOn(i1, RABAT_R, 'AcknowledgeHandover', {}, { effectiveAt: at(2) });
    await runOn(
      i1,
      RABAT_R,
      'RecordReintegrationAssessment',
      { needs: ['EMPLOYMENT'], skills: ['CONSTRUCTION'] },
      { effectiveAt: at(3) },
    );
    await runOn(
      i1,
      RABAT_R,
      'AgreePlan',
      businessPlan({
        exchangeRate: { currency: 'MAD', rate: 10.85 },
        tranches: [
          { amount: 800, payeeRef: 'PAYEE-MA-1', modality: 'CASH', dueDate: at(20).slice(0, 10) },
          { amount: 500.5, payeeRef: 'PAYEE-MA-2', modality: 'IN_KIND', dueDate: at(40).slice(0, 10) },
        ],
      }),
      { effectiveAt: at(10) },
    );
    await runOn(
      i1,
      RABAT_R,
      'RecordMonitoringVisit',
      { mode: 'IN_PERSON', findings: ['BUSINESS_OPERATING'], businessStatus: 'OPERATING' },
      { effectiveAt: at(32) },
    );
    const sparse = Object.fromEntries(Object.keys(GOOD_RSS).map((k, i) => [k, i < 3 ? (GOOD_RSS as any)[k] : null]));
    await runOn(
      i1,
      RABAT_R,
      'RecordRss',
      { instrumentVersion: 'RSS-1', timing: 'BASELINE', mode: 'PHONE', answers: sparse },
      { effectiveAt: at(33) },
    );
    expect(i1.view.reintegration.rss[0].incomplete).toBe(true);
    await runOn(
      i1,
      RABAT_R,
      'RecordRss',
      { instrumentVersion: 'RSS-1', timing: 'ENDLINE', mode: 'IN_PERSON', answers: GOOD_RSS },
      { effectiveAt: at(370) },
    );
    rss.push(scores(i1.view.reintegration.rss[1]));
    const i2 = await CaseDriver.open(stack, RABAT_R, moroccanReturnee(arrived.toISOString()), ['pa']);
    await runOn(i2, RABAT_R, 'AcknowledgeHandover', {}, { effectiveAt: at(5) });

    report = await fetchReport();
    inbound = await fetchInbound();
  }, 360_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('should count requests, registrations, approvals, departures and arrivals per individual, with conversion', () => {
    const office = cells('pipeline', 'office');
    // Outbound requests: FD 4, S1, S2, S3, FW 4, SC, FDoc 4 = 16 people; the inbound returnees are not requests.
    expect(Object.keys(office)).toEqual([HOST, 'TOTAL']);
    expect(office[HOST]).toMatchObject({
      received: 16,
      registered: 16,
      approved: 11,
      departed: 7,
      arrived: 6,
      withdrawn: 4,
      cancelled: 1,
    });
    expect(office.TOTAL.conversion).toBeCloseTo(7 / 16, 4);
    const sex = cells('pipeline', 'sex');
    expect([sex.F?.received, sex.M?.received]).toEqual([6, 10]);
    expect([sex.F?.departed, sex.M?.departed]).toEqual([2, 5]);
    const age = cells('pipeline', 'ageGroup');
    expect([age['0-17']?.received, age['25-59']?.received, age['18-24']?.received ?? 0]).toEqual([6, 10, 0]);
    expect(age['0-17']?.departed).toBe(2);
    expect(cells('pipeline', 'nationality').GN).toMatchObject({ received: 16, departed: 7 });
  });

  it('should count the same per case: a family of four is one case', () => {
    const perCase = cells('pipelineCases', 'office')[HOST];
    expect(perCase).toMatchObject({
      received: 7,
      registered: 7,
      approved: 5,
      departed: 4,
      arrived: 3,
      withdrawn: 1,
      cancelled: 1,
    });
    expect(cells('pipelineCases', 'countryOfOrigin').GN).toMatchObject({ received: 7, departed: 4 });
  });

  it('should give withdrawals and cancellations by reason, the no-show rate and the rebookings', () => {
    expect(cells('withdrawalReasons', 'reason').FAMILY_REASONS).toEqual({ individuals: 4, cases: 1 });
    expect(cells('cancellationReasons', 'reason').DUPLICATE).toEqual({ individuals: 1, cases: 1 });
    // Bookings concluded in the period: FD (4 people), S1, S2, S3; S3 missed one flight and was rebooked.
    const people = cells('pipeline', 'office').TOTAL;
    expect(people).toMatchObject({ booked: 7, noShow: 1, rebooked: 1 });
    expect(people.noShowRate).toBeCloseTo(1 / 7, 4);
    const cases = cells('pipelineCases', 'office').TOTAL;
    expect(cases).toMatchObject({ booked: 4, noShow: 1, rebooked: 1, noShows: 1, bookings: 5, rebookings: 1 });
    expect(cases.noShowsPerBooking).toBeCloseTo(1 / 5, 4);
  });

  it('should give the median and 90th percentile days per stage, and the cases over SLA now', async () => {
    // Arrival to counselling: S1 and S2 the same day (0); I1 2 days, I2 5 days (the 90th percentile between them).
    const stage = cells('stageDurations', 'stage');
    expect(stage.ARRIVAL_TO_COUNSELLING).toMatchObject({ n: 2, medianDays: 0, p90Days: 0 });
    const stageIn = cells('stageDurations', 'stage', inbound);
    expect(stageIn.ARRIVAL_TO_COUNSELLING).toMatchObject({ n: 2, medianDays: 3.5 });
    expect(stageIn.ARRIVAL_TO_COUNSELLING.p90Days).toBeCloseTo(2 + 0.9 * 3, 6);
    // Arrival to plan: S1 0, I1 10.
    expect(stage.ARRIVAL_TO_PLAN).toMatchObject({ n: 1, medianDays: 0, p90Days: 0 });
    expect(stageIn.ARRIVAL_TO_PLAN).toMatchObject({ n: 1, medianDays: 10, p90Days: 10 });
    expect(cells('stageDurations', 'countryOfOrigin', inbound)['MA ARRIVAL_TO_COUNSELLING']).toMatchObject({
      n: 2,
      medianDays: 3.5,
    });
    // I1 has been waiting in its stage since 390 days: over the SLA once the monitor has scanned.
    const over = await expectEventually(async () => {
      const body = await fetchInbound('&countryOfOrigin=MA');
      const t = body.tables.find((x: any) => x.indicator === 'overSlaNow' && x.breakdown === 'countryOfOrigin');
      if (!t?.rows.length) throw new Error('no case over SLA yet');
      return t;
    }, 30_000);
    const ma = over.rows.find((r: any) => r.key === 'MA');
    expect(ma.values.reduce((a: number, b: number) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });

  it('should count documents pending over 30 and 60 days and the refusal rate per consulate', () => {
    const pending = cells('documentsPending', 'consulate');
    expect(pending['CONSULATE-GN-RABAT']).toEqual({ over30: 2, over60: 1 });
    expect(pending.TOTAL).toEqual({ over30: 2, over60: 1 });
    const refusals = cells('documentRefusals', 'consulate');
    expect(refusals['CONSULATE-GN-CASA']).toMatchObject({ decided: 2, refused: 1, refusalRate: 0.5 });
    // The seven laissez-passers issued by Rabat for FD, S1, S2 and S3.
    expect(refusals['CONSULATE-GN-RABAT']).toMatchObject({ decided: 7, refused: 0, refusalRate: 0 });
  });

  it('should count people in vulnerable situations assisted, by type', () => {
    const v = cells('vulnerableAssisted', 'vulnerability');
    expect(v.DISABILITY).toEqual({ departed: 1, counselled: 1 });
    expect(v.TOTAL).toEqual({ departed: 1, counselled: 1 });
    expect(v.UASC).toEqual({ departed: 0, counselled: 0 });
  });

  it('should count reintegration counselling, plans within 30 days and at least one activity', () => {
    // Returnees who arrived in the period: FD (4), S1, S2 of the host office; I1, I2 of the receiving office.
    const coo = cells('reintegration', 'countryOfOrigin');
    expect(coo.GN).toMatchObject({ returnees: 6, counselled: 2, planWithin30Days: 1, withActivity: 1 });
    expect(coo.TOTAL).toMatchObject({ returnees: 6, counselled: 2, planWithin30Days: 1, withActivity: 1 });
    expect(coo.TOTAL.counselledRate).toBeCloseTo(2 / 6, 4);
    const cooIn = cells('reintegration', 'countryOfOrigin', inbound);
    expect(cooIn.MA).toMatchObject({ returnees: 2, counselled: 2, planWithin30Days: 1, withActivity: 1 });
    expect(cooIn.TOTAL.counselledRate).toBe(1);
    for (const of of [report, inbound]) {
      const dim = cells('reintegrationByDimension', 'dimension', of);
      expect([dim.ECONOMIC?.withActivity, dim.PSYCHOSOCIAL?.withActivity]).toEqual([1, 1]);
      const level = cells('reintegrationByDimension', 'level', of);
      expect([level.INDIVIDUAL?.withActivity, level.COMMUNITY?.withActivity]).toEqual([1, 1]);
    }
  });

  it('should count activities by type and level', () => {
    for (const of of [report, inbound]) {
      const level = cells('activities', 'level', of);
      expect(level.INDIVIDUAL).toMatchObject({ BUSINESS: 1, TRAINING: 1 });
      expect(level.COMMUNITY).toMatchObject({ MHPSS: 1 });
    }
    expect(cells('activities', 'countryOfOrigin').GN).toMatchObject({ BUSINESS: 1, TRAINING: 1, MHPSS: 1 });
    expect(cells('activities', 'countryOfOrigin', inbound).MA).toMatchObject({ BUSINESS: 1, TRAINING: 1, MHPSS: 1 });
  });

  it('should sum budgets, disbursements in cash and in kind, and overdue tranches, per currency', () => {
    expect(cells('budget', 'currency').EUR).toMatchObject({ n: 1, budgeted: 1300.5 });
    expect(cells('budget', 'countryOfOrigin:currency')['GN EUR']).toMatchObject({ budgeted: 1300.5 });
    // I1: 800 in cash and 500.5 in kind.
    expect(cells('budget', 'countryOfOrigin:currency', inbound)['MA EUR']).toMatchObject({ n: 1, budgeted: 1300.5 });
    expect(cells('disbursed', 'currency').EUR).toMatchObject({ n: 1, disbursed: 600, cash: 600 });
    const overdue = cells('tranchesOverdue', 'countryOfOrigin:currency', inbound);
    expect(overdue['MA EUR']).toMatchObject({ n: 1, tranches: 2, amount: 1300.5 });
    expect(noRow('tranchesOverdue', 'countryOfOrigin:currency', 'GN EUR')).toBeUndefined();
  });

  it('should count monitoring visits due and done', () => {
    // I1 and I2: visits at 1, 3, 6 and 12 months after an arrival 400 days ago, all due; I1's first done.
    const v = cells('monitoringVisits', 'countryOfOrigin', inbound);
    expect(v.MA).toMatchObject({ due: 8, done: 1, doneRate: 0.125 });
    expect(noRow('monitoringVisits', 'countryOfOrigin', 'GN')).toBeUndefined();
  });

  it('should give RSS means per dimension and composite, the share at or above the threshold and the response rate', () => {
    // S1's low baseline in the host office; I1's complete endline in the receiving office (its incomplete baseline
    // is left out).
    for (const [of, survey, share] of [
      [report, rss[0], 0],
      [inbound, rss[1], 1],
    ] as const) {
      const total = cells('rss', 'countryOfOrigin', of).TOTAL;
      expect(total.n).toBe(1);
      expect(total.composite).toBeCloseTo(survey.composite, 4);
      expect(total.economic).toBeCloseTo(survey.economic, 4);
      expect(total.social).toBeCloseTo(survey.social, 4);
      expect(total.psychosocial).toBeCloseTo(survey.psychosocial, 4);
      expect(total.shareAtOrAbove).toBe(share);
      expect(cells('rss', 'sex', of).M).toMatchObject({ n: 1 });
      expect(cells('rss', 'activityType', of).BUSINESS).toMatchObject({ n: 1 });
    }
    expect(rss[0].composite).not.toBeCloseTo(rss[1].composite, 2);
    expect(cells('rss', 'countryOfOrigin', inbound).MA.composite).toBeCloseTo(rss[1].composite, 4);
    // Endline due (arrival + 12 months in the period): I1 and I2; I1 answered.
    expect(cells('rssResponse', 'countryOfOrigin', inbound).MA).toMatchObject({
      due: 2,
      responded: 1,
      responseRate: 0.5,
    });
  });

  it('should count closures by reason and country of origin', () => {
    expect(cells('closures', 'reason').OPTED_OUT).toEqual({ individuals: 1, cases: 1 });
    expect(cells('closures', 'countryOfOrigin').GN).toEqual({ individuals: 1, cases: 1 });
  });

  it('should give the two headlines per year: vulnerable migrants returned, home-country returnees reintegrated', () => {
    const h = cells('headlines', 'year');
    const thisYear = String(new Date().getUTCFullYear());
    const counselledYear = at(2).slice(0, 4);
    expect(h[thisYear]?.outbound).toBe(7);
    expect(h.TOTAL).toEqual({ outbound: 7, inbound: 0 });
    // Inbound: Moroccan returnees counselled (I1, I2), in the year of their counselling.
    const hIn = cells('headlines', 'year', inbound);
    expect(hIn[counselledYear]?.inbound).toBe(2);
    expect(hIn.TOTAL).toEqual({ outbound: 0, inbound: 2 });
  });

  it('should narrow every figure to one office or one country of origin', async () => {
    // The total of returnees (every breakdown of a table has the same total; a table without rows has only it).
    const returnees = (body: any) => {
      const t = body.tables.find((x: any) => x.indicator === 'reintegration');
      return t.total.values[t.columns.indexOf('returnees')];
    };
    // Each office's report holds its own returnees only (6 and 2 of the 8); a country narrows them further.
    expect([returnees(report), returnees(inbound)]).toEqual([6, 2]);
    expect(returnees(await fetchInbound('&countryOfOrigin=MA'))).toBe(2);
    expect(returnees(await fetchInbound('&countryOfOrigin=GN'))).toBe(0);
    expect(returnees(await fetchReport('&countryOfOrigin=MA'))).toBe(0);
    const v = inbound.tables.find((x: any) => x.indicator === 'monitoringVisits' && x.breakdown === 'countryOfOrigin');
    expect(v.total.values[v.columns.indexOf('due')]).toBe(8);
  });
});
