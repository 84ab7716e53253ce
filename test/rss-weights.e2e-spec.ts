import { RSS_INSTRUMENT_V1, scoreRss, type RssAnswer, type RssInstrument, type RssWeights } from '@avrr/domain';
import { randomUUID } from 'node:crypto';
import { CaseDriver } from './helpers/journey';
import { TestStack } from './helpers/stack';
import { arrivedInConakry, CONAKRY, GOOD_RSS, LOW_RSS, SUPERVISOR_CKY } from './journeys/reintegration-support';

/**
 * RSS weights as versioned data (issue 10), end to end: an administrator adds a weight set; a survey recorded
 * afterwards is scored with it and keeps its version; a survey recorded before keeps the version it was scored with;
 * any stored survey can be recomputed under another set, read-only, by the roles that see RSS scores.
 *
 * The stack runs with an instrument of its own (a copy of RSS-1 under a version unique to this file): the database is
 * shared by the run's test files, and the sets added here must not change how the other files' RSS-1 surveys score.
 */
const SUFFIX = randomUUID().slice(0, 8).toUpperCase();
const INSTRUMENT: RssInstrument = { ...RSS_INSTRUMENT_V1, version: `RSS-T${SUFFIX}` };
const CONFIGURED = INSTRUMENT.weights.version; // EQUAL-PROVISIONAL-1
const V2 = `W2-${SUFFIX}`;

/** Economy counts double in the composite; the first indicator of each dimension weighs half of its dimension. */
function economyFirst(): Omit<RssWeights, 'version'> {
  const dimension: Record<string, number> = {};
  const composite: Record<string, number> = {};
  for (const d of ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL']) {
    const ids = INSTRUMENT.indicators.filter((i) => i.dimension === d).map((i) => i.id);
    ids.forEach((id, n) => (dimension[id] = n === 0 ? 0.5 : 0.5 / (ids.length - 1)));
  }
  for (const i of INSTRUMENT.indicators) composite[i.id] = i.dimension === 'ECONOMIC' ? 0.1 : 0.05;
  return { provisional: false, dimension, composite };
}
const V2_WEIGHTS: RssWeights = { version: V2, ...economyFirst() };

/** The scores of a stored survey (or of a recomputation) to compare with the domain's scoreRss. */
const scores = (s: any) => ({
  weightsVersion: s.weightsVersion,
  provisional: s.provisional,
  indicatorScores: s.indicatorScores,
  dimensionScores: s.dimensionScores,
  composite: s.composite,
  missingIndicators: s.missingIndicators,
  incomplete: s.incomplete,
  belowThreshold: s.belowThreshold,
});
const expected = (weights: RssWeights, answers: Record<string, RssAnswer>) => {
  const { instrumentVersion: _i, ...score } = scoreRss({ ...INSTRUMENT, weights }, answers);
  return score;
};

describe('RSS weight sets (issue 10)', () => {
  let stack: TestStack;
  let c: CaseDriver;
  const admin = (method: string, url: string, body?: unknown) => stack.request(method, url, { as: 'admin', body });
  const rss = (timing: 'BASELINE' | 'MIDPOINT' | 'ENDLINE', answers: Record<string, RssAnswer>) =>
    c.run(CONAKRY, 'RecordRss', { instrumentVersion: INSTRUMENT.version, timing, mode: 'PHONE', answers });
  const scoreUrl = (rssId: string, version: string) =>
    `/cases/${c.caseId}/rss/${rssId}/score?weightsVersion=${encodeURIComponent(version)}`;

  beforeAll(async () => {
    const env = { DOMAIN_RULES: JSON.stringify({ rssInstruments: [RSS_INSTRUMENT_V1, INSTRUMENT] }) };
    stack = await TestStack.start({ env });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('should score a survey with the configured weights while no set was added for its instrument', async () => {
    c = await arrivedInConakry(stack);
    await c.run(CONAKRY, 'AcknowledgeHandover', {});
    const view = await rss('BASELINE', LOW_RSS);
    const stored = view.reintegration.rss[0];
    expect(stored).toMatchObject({ rssId: 'RSS-1', instrumentVersion: INSTRUMENT.version });
    expect(scores(stored)).toEqual(expected(INSTRUMENT.weights, LOW_RSS));
    expect(stored.weightsVersion).toBe(CONFIGURED);
  });

  it('should refuse invalid weights with a code, an unknown instrument with 404, and a client sending weights', async () => {
    const body = { version: `BAD-${SUFFIX}`, instrumentVersion: INSTRUMENT.version, ...economyFirst() };
    const sumTooHigh = await admin('POST', '/admin/rss-weights', {
      ...body,
      composite: { ...body.composite, ECO_SATISFACTION: 0.5 },
    });
    expect([sumTooHigh.status, sumTooHigh.body.code]).toEqual([400, 'INVALID_RSS_WEIGHTS']);
    expect(sumTooHigh.body.details.problems).toEqual([
      { code: 'COMPOSITE_SUM_NOT_ONE', message: expect.stringMatching(/^composite weights sum to 1\.4/) },
    ]);
    const { PSY_FEELS_SAFE: _gone, ...missing } = body.dimension;
    const incomplete = await admin('POST', '/admin/rss-weights', { ...body, dimension: missing });
    expect(incomplete.body.details.problems.map((p: any) => p.code)).toEqual([
      'WEIGHT_MISSING',
      'DIMENSION_SUM_NOT_ONE',
    ]);
    const unknownIndicator = await admin('POST', '/admin/rss-weights', {
      ...body,
      composite: { ...body.composite, NAME: 0 },
    });
    expect(unknownIndicator.body.details.problems.map((p: any) => p.code)).toEqual(['UNKNOWN_INDICATOR']);
    // Shapes the DTO refuses: a negative weight's sum aside, text for a number, no version, free text as a version.
    for (const bad of [
      { ...body, composite: { ...body.composite, ECO_SATISFACTION: 'x' } },
      { ...body, version: undefined },
      { ...body, version: 'two words' },
      { ...body, dimension: [] },
      { ...body, provisional: 'no' },
      { ...body, extra: true },
    ]) {
      const res = await admin('POST', '/admin/rss-weights', bad);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const negative = await admin('POST', '/admin/rss-weights', {
      ...body,
      dimension: { ...body.dimension, ECO_SATISFACTION: -0.5, ECO_FOOD_SECURITY: 0.125 + 1 },
    });
    expect([negative.status, negative.body.details.problems[0].code]).toEqual([400, 'WEIGHT_MISSING']);
    const unknown = await admin('POST', '/admin/rss-weights', { ...body, instrumentVersion: 'RSS-NONE' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'UNKNOWN_RSS_INSTRUMENT']);
    // Nothing of it was stored.
    const list = await admin('GET', `/admin/rss-weights?instrumentVersion=${INSTRUMENT.version}`);
    expect(list.body.items.map((s: any) => s.version)).toEqual([CONFIGURED]);
    // The weights of a survey are the server's: a client may not send them.
    const sent = await c.send(CONAKRY, 'RecordRss', {
      instrumentVersion: INSTRUMENT.version,
      timing: 'MIDPOINT',
      mode: 'PHONE',
      answers: GOOD_RSS,
      weights: V2_WEIGHTS,
    });
    expect([sent.status, sent.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('should let only administrators add weight sets, and audit each one', async () => {
    const body = { version: V2, instrumentVersion: INSTRUMENT.version, ...economyFirst() };
    for (const user of [CONAKRY, SUPERVISOR_CKY, 'officer.rabat', 'operations', 'me.rabat', 'dpo.rabat']) {
      const res = await stack.request('POST', '/admin/rss-weights', { as: user, body });
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'ROLE_NOT_ALLOWED']);
    }
    const added = await admin('POST', '/admin/rss-weights', body);
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ ...V2_WEIGHTS, instrumentVersion: INSTRUMENT.version, source: 'ADMIN' });
    expect(added.body.createdBy).toEqual(expect.any(String));
    const again = await admin('POST', '/admin/rss-weights', body);
    expect([again.status, again.body.code]).toEqual([409, 'RSS_WEIGHTS_VERSION_EXISTS']);
    // The configured weights' version is taken too.
    const configured = await admin('POST', '/admin/rss-weights', { ...body, version: CONFIGURED });
    expect([configured.status, configured.body.code]).toEqual([409, 'RSS_WEIGHTS_VERSION_EXISTS']);
    const audit = await admin('GET', '/admin/audit?targetType=RSS_WEIGHTS&limit=500');
    expect(audit.body.items.filter((e: any) => e.targetId === V2)).toEqual([
      expect.objectContaining({ action: 'RSS_WEIGHTS_ADDED', actorUsername: 'admin', before: null }),
    ]);
    const list = await admin('GET', `/admin/rss-weights?instrumentVersion=${INSTRUMENT.version}`);
    expect(list.body.items.map((s: any) => [s.version, s.source, s.current])).toEqual([
      [V2, 'ADMIN', true],
      [CONFIGURED, 'CONFIG', false],
    ]);
    // The table is append-only: a set is never changed.
    await expect(
      stack.db.query('UPDATE rss_weight_sets SET provisional = true WHERE version = $1', [V2]),
    ).rejects.toThrow(/append-only/);
  });

  it('should score a survey recorded afterwards with the new set and keep the earlier score as it was', async () => {
    const view = await rss('ENDLINE', GOOD_RSS);
    const [before, after] = view.reintegration.rss;
    expect(after.rssId).toBe('RSS-2');
    expect(scores(after)).toEqual(expected(V2_WEIGHTS, GOOD_RSS));
    expect(after).toMatchObject({ weightsVersion: V2, provisional: false });
    expect(scores(before)).toEqual(expected(INSTRUMENT.weights, LOW_RSS));
    // A survey of another instrument keeps its configured weights.
    const other = await c.run(CONAKRY, 'RecordRss', {
      instrumentVersion: 'RSS-1',
      timing: 'MIDPOINT',
      mode: 'PHONE',
      answers: GOOD_RSS,
    });
    expect(other.reintegration.rss[2]).toMatchObject({ instrumentVersion: 'RSS-1', weightsVersion: CONFIGURED });
  });

  it('should recompute a stored survey under another set without changing it', async () => {
    const v2 = await stack.request('GET', scoreUrl('RSS-1', V2), { as: CONAKRY });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ caseId: c.caseId, rssId: 'RSS-1', instrumentVersion: INSTRUMENT.version });
    expect(v2.body.stored).toEqual(expected(INSTRUMENT.weights, LOW_RSS));
    expect(v2.body.recomputed).toEqual(expected(V2_WEIGHTS, LOW_RSS));
    expect(v2.body.recomputed.composite).not.toBe(v2.body.stored.composite);
    const back = await stack.request('GET', scoreUrl('RSS-2', CONFIGURED), { as: SUPERVISOR_CKY });
    expect(back.status).toBe(200);
    expect(back.body.stored.weightsVersion).toBe(V2);
    expect(back.body.recomputed).toEqual(expected(INSTRUMENT.weights, GOOD_RSS));
    const view = await c.refresh(CONAKRY);
    expect(view.reintegration.rss.map((r: any) => [r.rssId, r.weightsVersion])).toEqual([
      ['RSS-1', CONFIGURED],
      ['RSS-2', V2],
      ['RSS-3', CONFIGURED],
    ]);
  });

  it('should answer bad recompute requests with a clear 4xx', async () => {
    const cases: [string, number, string][] = [
      [scoreUrl('RSS-9', V2), 404, 'RSS_NOT_FOUND'],
      [scoreUrl('RSS-1', `NONE-${SUFFIX}`), 404, 'RSS_WEIGHTS_NOT_FOUND'],
      [scoreUrl('RSS-3', V2), 422, 'RSS_WEIGHTS_INSTRUMENT_MISMATCH'], // RSS-3 is an RSS-1 survey
      [scoreUrl('RSS-1', 'two words'), 400, 'VALIDATION_FAILED'],
      [`/cases/${c.caseId}/rss/RSS-1/score`, 400, 'VALIDATION_FAILED'],
      [`/cases/not-a-case/rss/RSS-1/score?weightsVersion=${V2}`, 404, 'CASE_NOT_FOUND'],
      [`/cases/${randomUUID()}/rss/RSS-1/score?weightsVersion=${V2}`, 404, 'CASE_NOT_FOUND'],
    ];
    for (const [url, status, code] of cases) {
      const res = await stack.request('GET', url, { as: CONAKRY });
      expect([url, res.status, res.body.code]).toEqual([url, status, code]);
    }
  });

  it('should recompute only for the roles that see the case RSS scores, as the disclosure policy says', async () => {
    const table: [string, number][] = [
      [CONAKRY, 200],
      [SUPERVISOR_CKY, 200],
      ['officer.rabat', 200],
      ['supervisor.rabat', 200],
      ['protection.rabat', 200],
      ['finance.conakry', 403],
      ['operations', 403],
      ['medical.rabat', 403],
      ['movement.rabat', 403],
      ['me.rabat', 404],
      ['dpo.rabat', 404],
      ['admin', 404],
      ['counterpart.dakar', 404], // another receiving office: out of scope
      ['officer.oujda', 404],
    ];
    for (const [user, status] of table) {
      const res = await stack.request('GET', scoreUrl('RSS-1', V2), { as: user });
      expect([user, res.status]).toEqual([user, status]);
      if (status !== 200) expect(JSON.stringify(res.body)).not.toMatch(/indicatorScores|composite/);
    }
    // The list of sets: the readers of RSS scores and M&E without who added them; administrators with it.
    for (const [user, status] of [
      [CONAKRY, 200],
      ['me.rabat', 200],
      ['admin', 200],
      ['finance.conakry', 403],
      ['operations', 403],
      ['dpo.rabat', 403],
    ] as const) {
      const res = await stack.request('GET', `/rss-weights?instrumentVersion=${INSTRUMENT.version}`, { as: user });
      expect([user, res.status]).toEqual([user, status]);
      if (status === 200) {
        expect(res.body.items.map((s: any) => s.version)).toEqual([V2, CONFIGURED]);
        expect(res.body.items.every((s: any) => 'createdBy' in s)).toBe(user === 'admin');
      }
    }
    const adminList = await stack.request('GET', '/admin/rss-weights', { as: CONAKRY });
    expect([adminList.status, adminList.body.code]).toEqual([403, 'ROLE_NOT_ALLOWED']);
  });
});
