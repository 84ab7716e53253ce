import { randomUUID } from 'node:crypto';
import {
  booking,
  bornYearsAgo,
  CaseDriver,
  counselling,
  days,
  departure,
  documentMembers,
  eligible,
  selfDeclaration,
} from './helpers/journey';
import { TestStack } from './helpers/stack';

/**
 * The disclosure policy end to end (AVRR.md §4, §13 principle 6): ONE case that carries every special category (a VoT
 * risk assessment, health, mental health, asylum, a child's best-interests determination, legal proceedings, GBV),
 * read through every endpoint that shows case data by every role. Case management (D2) is checked in two parts: the
 * itinerary (the movement assistant's) and the rest (counselling, eligibility, documents, programme, money), which
 * neither the medical officer nor the movement assistant may see. Each category leaves sentinel values in the case;
 * a reader may find a category's sentinels only if the policy gives the reader that category, and does find them then
 * (so the test fails if the shaping hides too much as well as too little).
 */

type Category =
  'VOT' | 'GBV' | 'ASYLUM' | 'HEALTH' | 'MENTAL_HEALTH' | 'BID' | 'LEGAL' | 'IDENTITY' | 'ITINERARY' | 'CASEWORK';

const FAMILY_NAME = `Sentinelle-${randomUUID().slice(0, 6)}`;
/** What each category leaves in the case: exact JSON strings (codes quoted) or code prefixes of our reasons. */
const SENTINELS: Record<Category, RegExp> = {
  VOT: /\bVOT\b|\bACCEPTABLE\b|TOO_HIGH|SENTINEL-VOT/,
  GBV: /\bGBV_SURVIVOR\b/,
  ASYLUM: /\bASYLUM_SEEKER\b/,
  HEALTH: /SENTINEL-HEALTH/,
  MENTAL_HEALTH: /\bMENTAL_HEALTH\b/,
  BID: /IN_BEST_INTERESTS|FAMILY_TRACED_SUITABLE|FAMILY_NOT_SUITABLE/,
  LEGAL: /SENTINEL-LEGAL/,
  IDENTITY: new RegExp(`${FAMILY_NAME}|Khadija|\\+212 677`),
  /** The booking's itinerary reference (`IT-<departure date>-...`, from the journey helpers). */
  ITINERARY: /"IT-\d{4}-\d\d-\d\d-/,
  /** Eligibility rule, counselling topics, the document authority, the programme, the pocket money, the documents. */
  CASEWORK: /RULE-GN-2026|"ALTERNATIVES"|CONSULATE-GN-RABAT|AVRR-MA-2026|pocketMoney|"documents":/,
};
const CATEGORIES = Object.keys(SENTINELS) as Category[];
/** For a check that only forbids: no category must show anywhere. */
const NOWHERE = Object.fromEntries(CATEGORIES.map((c) => [c, []])) as unknown as Record<Category, never[]>;
const D3: Category[] = ['VOT', 'GBV', 'ASYLUM', 'HEALTH', 'MENTAL_HEALTH', 'BID', 'LEGAL'];
/** Case management (D2): caseworkers see all of it. */
const D2: Category[] = ['ITINERARY', 'CASEWORK'];

/** The table under test: who may see what (the policy's role matrix, restated as expectations). */
const READERS: { user: string; may: Category[] }[] = [
  { user: 'officer.rabat', may: ['IDENTITY', ...D2] },
  { user: 'supervisor.rabat', may: ['IDENTITY', ...D2, ...D3] },
  { user: 'protection.rabat', may: ['IDENTITY', ...D2, ...D3] },
  // "Medical D3 of assigned cases; nothing else beyond D1" (AVRR.md §4).
  { user: 'medical.rabat', may: ['IDENTITY', 'HEALTH', 'MENTAL_HEALTH'] },
  // "D0, D1, itinerary, special service codes; not D3".
  { user: 'movement.rabat', may: ['IDENTITY', 'ITINERARY'] },
  { user: 'counterpart.conakry', may: ['IDENTITY', ...D2] }, // D3 once the returnee consents (see below)
  { user: 'supervisor.conakry', may: ['IDENTITY', ...D2, ...D3] },
  { user: 'finance.conakry', may: ['IDENTITY'] }, // payee names only
  { user: 'operations', may: [] },
];

/** Where each category shows once the case has arrived with its holds (the /requirements list names none of them then). */
const SHOWN_IN: Record<Category, ('case' | 'history')[]> = {
  VOT: ['case', 'history'],
  GBV: ['case', 'history'],
  ASYLUM: ['case', 'history'],
  HEALTH: ['case', 'history'],
  MENTAL_HEALTH: ['case', 'history'],
  BID: ['case', 'history'],
  LEGAL: ['case', 'history'],
  IDENTITY: ['case'],
  ITINERARY: ['history'], // the case keeps no booking once arrived
  CASEWORK: ['case', 'history'],
};

/** An adult woman (VoT, GBV survivor, asylum seeker, mental health and a medical need) and an unaccompanied 12-year-old. */
function household() {
  const consent = { given: true, signatory: 'SELF', formVersion: 'DP-2026-1', language: 'fr' };
  return {
    hostOffice: 'MA-RBA',
    countryOfOrigin: 'GN',
    referralSource: 'NGO',
    programme: 'AVRR-MA-2026',
    members: [
      {
        givenName: 'Khadija',
        familyName: FAMILY_NAME,
        sex: 'F',
        dateOfBirth: '1992-03-04',
        relationship: 'PA',
        nationality: 'GN',
        languages: ['fr'],
        phone: '+212 677 000 111',
        dataConsent: consent,
      },
      {
        givenName: 'Mariama',
        familyName: FAMILY_NAME,
        sex: 'F',
        dateOfBirth: bornYearsAgo(12),
        relationship: 'OTHER_RELATIVE',
        nationality: 'GN',
        languages: ['fr'],
        unaccompanied: true,
        dataConsent: { ...consent, signatory: 'GUARDIAN' },
      },
    ],
  };
}

describe('disclosure: one case with every special category, every endpoint, every role', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const officer = 'officer.rabat';

  beforeAll(async () => {
    stack = await TestStack.start();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Every response that shows this case to `user`, by endpoint. */
  async function responses(user: string): Promise<Record<string, string>> {
    const get = async (url: string) => {
      const res = await stack.request('GET', url, { as: user });
      return res.status === 200 ? JSON.stringify(res.body) : `${res.status}`;
    };
    const list = (await stack.request('GET', '/cases?limit=200', { as: user })).body;
    /** A list endpoint: its rows of this case (the status when the role may not call it). */
    const mine = async (url: string) => {
      const res = await stack.request('GET', url, { as: user });
      if (res.status !== 200) return `${res.status}`;
      return JSON.stringify((res.body.items ?? []).filter((i: any) => i.caseId === c.caseId));
    };
    const out: Record<string, string> = {
      case: await get(`/cases/${c.caseId}`),
      history: await get(`/cases/${c.caseId}/history`),
      requirements: await get(`/cases/${c.caseId}/requirements`),
      list: JSON.stringify((list.items ?? []).filter((i: any) => i.caseId === c.caseId)),
      notifications: await get('/me/notifications'),
      auditChain: await get(`/cases/${c.caseId}/audit-chain`), // D0 only, for those who answer for the trail
      // The merge's endpoints: the reader's tasks and the receiving office's incoming list (this case's rows), the
      // case's transfers and its assignment. None of them names a category to a reader the policy keeps it from.
      tasks: await mine(/^(supervisor|operations)/.test(user) ? '/me/tasks?owner=all' : '/me/tasks'),
      incoming: await mine('/cases/incoming'),
      transfers: await get(`/cases/${c.caseId}/transfers`),
      assignment: await get(`/cases/${c.caseId}/assignment`),
      // Issue 10: the RSS weight sets (configuration, no case data) and a stored survey recomputed under one of them
      // (the readers of the case's RSS scores only; 404 while the case has no survey).
      rssWeights: await get('/rss-weights'),
      rssScore: await get(`/cases/${c.caseId}/rss/RSS-1/score?weightsVersion=EQUAL-PROVISIONAL-1`),
    };
    if (user.startsWith('operations')) {
      out.ops = await get(`/ops/cases/${c.caseId}`);
      out.stuck = await get('/ops/stuck');
    }
    return out;
  }

  /** The case's row in the caller's list, found by its reference (every reader may search by reference). */
  async function listItem(user: string): Promise<any> {
    const res = await stack.request('GET', `/cases?q=${encodeURIComponent(c.view.reference)}`, { as: user });
    expect(res.status).toBe(200);
    return res.body.items.find((i: any) => i.caseId === c.caseId);
  }

  function expectOnly(user: string, may: Category[], bodies: Record<string, string>, shownIn = SHOWN_IN): void {
    for (const category of CATEGORIES) {
      for (const [endpoint, text] of Object.entries(bodies)) {
        const found = SENTINELS[category].test(text);
        if (!may.includes(category) && found)
          throw new Error(`${user} sees ${category} in ${endpoint}: ${text.match(SENTINELS[category])?.[0]}`);
        if (may.includes(category) && shownIn[category].includes(endpoint as 'case') && !found) {
          throw new Error(`${user} should see ${category} in ${endpoint}`);
        }
      }
    }
  }

  it('should build the case up to the screening: VoT, GBV, asylum, mental health, medical, and a UASC child', async () => {
    c = await CaseDriver.open(stack, officer, household(), ['pa', 'child']);
    expect(c.stage).toBe('REGISTERED');
    await c.run(officer, 'RecordCounsellingSession', counselling);
    await c.run(officer, 'StartScreening', {});
    await c.run(officer, 'RecordEligibility', eligible);
    await c.run(officer, 'RecordRapidVulnerabilityScreening', {
      findings: [
        { memberId: c.id('pa'), vulnerabilities: ['VOT', 'GBV_SURVIVOR', 'ASYLUM_SEEKER', 'MENTAL_HEALTH', 'MEDICAL'] },
      ],
    });
    expect(c.stage).toBe('ASSESSMENT');
    // The officer who recorded the findings is shown the needs, not the statuses.
    expect(c.member('pa').vulnerabilities).toEqual(['MEDICAL']);
    expect(c.view.flags).toMatchObject({ vulnerable: true, protection: true, uasc: true });
  });

  it('should record the BID, the family, the medical and a VoT risk too high', async () => {
    const child = c.id('child');
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: child,
      assessment: 'BID',
      outcome: 'RETURN_IN_BEST_INTERESTS',
    });
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: child,
      assessment: 'FAMILY',
      outcome: 'FAMILY_TRACED_SUITABLE',
    });
    await c.run('medical.rabat', 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'MEDICAL',
      outcome: 'FIT',
    });
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'VOT_RISK',
      outcome: 'TOO_HIGH',
    });
    expect(c.stage).toBe('SCREENING');
    await c.run(officer, 'SignVoluntaryReturnDeclaration', {
      ...selfDeclaration(c.id('pa')),
      unhcrNotificationConsent: true,
    });
    await c.run(officer, 'SignVoluntaryReturnDeclaration', {
      memberId: child,
      signatory: 'GUARDIAN',
      representativeRef: 'rep-2026-99',
      formVersion: 'VRD-2026-1',
      language: 'fr',
      childViewsRecorded: true,
    });
  });

  it('should say why Approve is blocked in words each role may read: the VoT risk outcome only to the protection circle', async () => {
    const approve = async (as: string) => (await c.requirements(as)).commands.find((x: any) => x.type === 'Approve');
    const supervisor = await approve('supervisor.rabat');
    expect(supervisor.unmet.map((u: any) => u.code)).toEqual(expect.arrayContaining(['RISK_TOO_HIGH', 'HOLD_ACTIVE']));
    expect(JSON.stringify(supervisor)).toMatch(/PROTECTION_RISK/);
    const mine = await approve(officer);
    expect(mine.allowed).toBe(false);
    expect(JSON.stringify(mine)).not.toMatch(SENTINELS.VOT);
    expect(mine.unmet.map((u: any) => u.code)).toContain('WITHHELD');
    // The command's own rejection carries the same shaped list.
    const rejected = await c.expectRejected(officer, 'Approve', {}, 422, 'REQUIREMENTS_NOT_MET');
    expect(JSON.stringify(rejected)).not.toMatch(SENTINELS.VOT);
    for (const { user, may } of READERS.filter((r) => r.user.endsWith('.rabat') || r.user === 'operations')) {
      const bodies = await responses(user);
      expectOnly(user, may, bodies, {
        ...SHOWN_IN,
        IDENTITY: [],
        VOT: [],
        GBV: [],
        ASYLUM: [],
        MENTAL_HEALTH: [],
        HEALTH: [],
        BID: [],
        LEGAL: [],
        ITINERARY: [],
        CASEWORK: [],
      });
    }
  });

  it('should show operations a VoT reassessment reminder without its kind in any id', async () => {
    await c.run('protection.rabat', 'RecordAssessmentResult', {
      memberId: c.id('pa'),
      assessment: 'VOT_RISK',
      outcome: 'ACCEPTABLE',
      mitigation: 'SENTINEL-VOT-MITIGATION',
    });
    const ops = await stack.request('GET', `/ops/cases/${c.caseId}`, { as: 'operations' });
    expect(ops.status).toBe(200);
    expect(JSON.stringify(ops.body)).not.toMatch(/VOT|PROTECTION_RISK|protection|Khadija|Sentinelle/);
    // Opaque ids for every reminder; the VoT reassessment shows as its neutral category, like every kind of it.
    for (const r of ops.body.reminders) expect(r.id).toMatch(new RegExp(`^${c.caseId}\\.[A-Za-z0-9_-]{22}$`));
    const assessments = ops.body.reminders.filter(
      (r: any) => r.category === 'ASSESSMENT_DUE' && r.status === 'PENDING',
    );
    expect(assessments.length).toBeGreaterThan(0);
    for (const r of assessments)
      expect(r).toEqual(
        expect.objectContaining({
          kind: 'WITHHELD',
          subject: 'WITHHELD',
          recipients: [{ role: 'WITHHELD', office: 'MA-RBA' }],
        }),
      );
    const protection = await stack.request('GET', `/cases/${c.caseId}/history`, { as: 'protection.rabat' });
    expect(JSON.stringify(protection.body)).toContain('SENTINEL-VOT-MITIGATION');
  });

  it("should show the next deadline's kind (a VoT reassessment) only to readers of the needs, and each role its own work", async () => {
    const officerItem = await listItem(officer);
    expect(officerItem.nextDeadline).toEqual({ kind: 'VOT_ASSESSMENT_EXPIRY', dueAt: expect.any(String) });
    for (const user of ['operations', 'movement.rabat']) {
      const item = await listItem(user);
      expect(item.nextDeadline).toEqual({ kind: 'WITHHELD', dueAt: officerItem.nextDeadline.dueAt });
      expect(JSON.stringify(item)).not.toMatch(/VOT/);
    }
    // The flagged vulnerabilities make the approval the supervisor's: the officer's queue does not hold it.
    expect((await listItem('supervisor.rabat')).awaiting).toEqual(['Approve']);
    expect(officerItem.awaiting).toEqual([]);
    expect((await listItem('operations')).awaiting).toEqual([]);
  });

  it('should take the case to arrival in Conakry', async () => {
    await c.run('supervisor.rabat', 'Approve', {});
    await documentMembers(c, ['pa', 'child'], days(60));
    await c.run(officer, 'MarkReadyForBooking', { receptionConfirmed: true, escortArranged: true });
    // The movement assistant books and sees the itinerary it booked, no other case management and no D3.
    const booked = await c.run('movement.rabat', 'ConfirmBooking', booking(days(0), { escortOnItinerary: true }));
    expect(booked.booking).toMatchObject({ escortOnItinerary: true, ticketed: true });
    expectOnly('movement.rabat', ['IDENTITY', 'ITINERARY'], { case: JSON.stringify(booked) }, NOWHERE);
    // The medical officer records the check and sees the health circle, not the itinerary it was made for.
    const checked = await c.run('medical.rabat', 'RecordPreEmbarkationCheck', { memberId: c.id('pa'), fit: true });
    expect(checked.booking).toBeUndefined();
    expectOnly('medical.rabat', ['IDENTITY', 'HEALTH', 'MENTAL_HEALTH'], { case: JSON.stringify(checked) }, NOWHERE);
    await c.run('movement.rabat', 'RecordDeparture', departure);
    await c.run('movement.rabat', 'RecordArrival', {
      receptionRecorded: true,
      uascHandoverSigned: true,
      receivingOffice: 'GN-CKY',
    });
    expect(c.stage).toBe('ARRIVED');
  });

  it('should carry a health hold, a legal-proceedings hold and a protection hold with their reasons', async () => {
    await c.run('medical.rabat', 'PlaceHold', {
      hold: 'MEDICAL_UNFIT',
      memberId: c.id('pa'),
      reason: 'SENTINEL-HEALTH-DX',
    });
    await c.run('protection.rabat', 'PlaceHold', {
      hold: 'LEGAL_PROCEEDINGS',
      memberId: c.id('pa'),
      reason: 'SENTINEL-LEGAL-WITNESS',
    });
    await c.run('protection.rabat', 'PlaceHold', {
      hold: 'PROTECTION_RISK',
      memberId: c.id('pa'),
      reason: 'SENTINEL-VOT-TRAFFICKER-CONTACT',
    });
    expect(c.view.holds.map((h: any) => h.reason)).toEqual([
      'SENTINEL-HEALTH-DX',
      'SENTINEL-LEGAL-WITNESS',
      'SENTINEL-VOT-TRAFFICKER-CONTACT',
    ]);
  });

  it.each(READERS.map((r) => [r.user, r.may] as const))(
    'should show %s nothing beyond its classes, and what it may see',
    async (user, may) => {
      const bodies = await responses(user);
      expect(bodies.case).not.toMatch(/^40/);
      expectOnly(user, may, bodies);
      // Staff names in the timeline for every role but operations (whose screens show no names).
      const history = JSON.parse(bodies.history);
      expect(history.entries.length).toBeGreaterThan(0);
      expect(history.entries.every((e: any) => 'actorName' in e)).toBe(!user.startsWith('operations'));
      if (!user.startsWith('operations')) expect(history.entries[0].actorName).toBe('AVRR officer, Rabat'); // the officer opened the case
    },
  );

  it('should show the M&E role no case, and only aggregates in which a single VoT victim cannot be seen', async () => {
    // AVRR.md §4: M&E sees aggregated data only. Every case endpoint answers as if the case did not exist.
    for (const url of [`/cases/${c.caseId}`, `/cases/${c.caseId}/history`, `/cases/${c.caseId}/requirements`])
      expect((await stack.request('GET', url, { as: 'me.rabat' })).status).toBe(404);
    const list = await stack.request('GET', '/cases?limit=200', { as: 'me.rabat' });
    expect([list.status, list.body.items]).toEqual([200, []]); // no case in its scope
    const today = new Date().toISOString().slice(0, 10);
    const res = await stack.request('GET', `/reports/indicators?from=2020-01-01&to=${today}`, { as: 'me.rabat' });
    expect(res.status).toBe(200);
    // The breakdowns by vulnerability type list every type, always (so a row says nothing by being there), and the
    // one VoT victim of this file is a count under the threshold: hidden.
    for (const t of res.body.tables.filter((x: any) => x.breakdown === 'vulnerability')) {
      const vot = t.rows.find((r: any) => r.key === 'VOT');
      expect(vot.values.every((v: number | null) => v === null || v === 0 || v >= 5)).toBe(true);
    }
    // Apart from the type codes of those breakdowns and the consulates of the refusal rate (an authority's code, the
    // breakdown AVRR.md §12 asks for), nothing of any category shows.
    const rest = res.body.tables.filter(
      (t: any) => t.breakdown !== 'vulnerability' && !t.indicator.startsWith('document'),
    );
    expectOnly('me.rabat', [], { reports: JSON.stringify(rest) }, NOWHERE);
  });

  it('should shape command responses the same way', async () => {
    const paused = await c.run(officer, 'PlaceHold', { hold: 'BENEFICIARY_PAUSE', reason: 'FAMILY_EVENT' });
    expectOnly(officer, ['IDENTITY', ...D2], { case: JSON.stringify(paused) });
    // Officers see which holds block (needs flags), and the reason only of a hold that is not a special category.
    expect(paused.holds.map((h: any) => [h.type, h.reason ?? null])).toEqual([
      ['MEDICAL_UNFIT', null],
      ['LEGAL_PROCEEDINGS', null],
      ['PROTECTION_RISK', null],
      ['BENEFICIARY_PAUSE', 'FAMILY_EVENT'],
    ]);
    const lifted = await c.run(officer, 'LiftHold', { hold: 'BENEFICIARY_PAUSE' });
    expectOnly(officer, ['IDENTITY', ...D2], { case: JSON.stringify(lifted) });
    // A movement assistant sees the service code (medically unfit), not that there are protection or legal holds.
    const movement = (await stack.request('GET', `/cases/${c.caseId}`, { as: 'movement.rabat' })).body;
    expect(movement.holds.map((h: any) => h.type)).toEqual(['MEDICAL_UNFIT', 'WITHHELD', 'WITHHELD']);
    expect((await listItem('counterpart.conakry')).awaiting).toEqual(['AcknowledgeHandover']);
    expect((await listItem('supervisor.conakry')).awaiting).toEqual([]);
    const acknowledged = await c.run('counterpart.conakry', 'AcknowledgeHandover', {});
    expectOnly('counterpart.conakry', ['IDENTITY', ...D2], { case: JSON.stringify(acknowledged) });
  });

  it('should show a counterpart the special categories once the returnee consented to sharing them for continuity of care', async () => {
    await c.run('counterpart.conakry', 'RecordContinuityOfCareConsent', { given: true, consentRef: 'COC-2026-1' });
    const bodies = await responses('counterpart.conakry');
    expectOnly('counterpart.conakry', ['IDENTITY', ...D2, ...D3], bodies);
    // Finance and operations stay where they were.
    expectOnly('finance.conakry', ['IDENTITY'], await responses('finance.conakry'));
    expectOnly('operations', [], await responses('operations'));
  });

  it('should let a search by name, date of birth or phone find the case only for the roles that see identity', async () => {
    const searchers = READERS.filter((r) => r.user !== 'finance.conakry' && r.user !== 'operations');
    const queries = [
      `q=${encodeURIComponent(FAMILY_NAME.toUpperCase().replace('-', ' '))}`,
      `q=khadija+${FAMILY_NAME.split('-')[1]}&dateOfBirth=1992-03-04`,
      'phone=677000111',
    ];
    for (const query of queries) {
      for (const { user } of searchers) {
        const res = await stack.request('GET', `/cases?${query}&limit=200`, { as: user });
        expect([user, query, res.status]).toEqual([user, query, 200]);
        expect(res.body.items.map((i: any) => i.caseId)).toContain(c.caseId);
        expectOnly(user, [], { list: JSON.stringify(res.body.items) }, NOWHERE); // the list shows D0 only
      }
      for (const user of ['finance.conakry', 'operations']) {
        const res = await stack.request('GET', `/cases?${query}`, { as: user });
        expect([user, query, res.status, res.body.code]).toEqual([user, query, 403, 'ROLE_NOT_ALLOWED']);
      }
    }
    // Text shaped like a reference is searched as a reference only for them: the family name finds nothing.
    const asReference = await stack.request('GET', `/cases?q=${FAMILY_NAME}`, { as: 'finance.conakry' });
    expect(asReference.status).toBe(200);
    expect(asReference.body.items).toEqual([]);
  });
  it('should show administrators staff data and the office register, never case data', async () => {
    const bodies = await responses('admin');
    for (const url of ['/admin/users', '/admin/offices', '/admin/audit?limit=500', '/admin/rss-weights']) {
      const res = await stack.request('GET', url, { as: 'admin' });
      expect([url, res.status]).toEqual([url, 200]);
      bodies[url] = JSON.stringify(res.body);
    }
    expectOnly('admin', [], bodies, NOWHERE);
    expect(bodies['/admin/users']).toContain('"username":"officer.rabat"'); // staff data is theirs to see
    expect(bodies['/admin/users']).not.toMatch(/passwordHash|password_hash|scrypt\$|argon2/);
    expect(bodies['/admin/offices']).not.toMatch(/webhookSecret"/);
    expect(bodies.case).toMatch(/^40[34]$/);
    // And the admin endpoints are theirs only.
    for (const { user } of READERS) {
      const res = await stack.request('GET', '/admin/users', { as: user });
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'ROLE_NOT_ALLOWED']);
    }
  });
  it("should recompute the case's RSS only for the readers of its RSS scores, and show them nothing beyond their classes", async () => {
    await c.run('counterpart.conakry', 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'BASELINE',
      mode: 'PHONE',
      answers: { ECO_SATISFACTION: 2, SOC_HOUSING: 3, PSY_FEELS_SAFE: 4 },
    });
    /** disclosure.ts RSS_SCORE_ACCESS within each role's scope: 403 for a role that sees the case but not its RSS. */
    const status: Record<string, number> = {
      'officer.rabat': 200,
      'supervisor.rabat': 200,
      'protection.rabat': 200,
      'medical.rabat': 403,
      'movement.rabat': 403,
      'counterpart.conakry': 200,
      'supervisor.conakry': 200,
      'finance.conakry': 403,
      operations: 403,
      'me.rabat': 404,
      'dpo.rabat': 404,
      admin: 404,
    };
    for (const [user, expected] of Object.entries(status)) {
      const bodies = await responses(user);
      expect([user, bodies.rssScore.startsWith('{') ? 200 : Number(bodies.rssScore)]).toEqual([user, expected]);
      const reader = READERS.find((r) => r.user === user);
      // The counterpart consented to sharing D3 above; the others keep their classes.
      const may = user === 'counterpart.conakry' ? (['IDENTITY', ...D2, ...D3] as Category[]) : (reader?.may ?? []);
      expectOnly(user, may, { rssScore: bodies.rssScore, rssWeights: bodies.rssWeights }, NOWHERE);
      if (expected === 200) expect(JSON.parse(bodies.rssScore).recomputed.weightsVersion).toBe('EQUAL-PROVISIONAL-1');
    }
  });
});
