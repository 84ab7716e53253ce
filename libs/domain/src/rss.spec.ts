import {
  equalWeights,
  indicatorScore,
  rescoreRss,
  RSS_INSTRUMENT_V1,
  scoreRss,
  validateRssInstrument,
  validateRssWeights,
  type RssWeights,
  type RssAnswer,
  type RssInstrument,
} from './rss';

const v1 = RSS_INSTRUMENT_V1;
const ids = v1.indicators.map((i) => i.id);

/** The best (or worst) answer of every indicator of v1. */
function answers(kind: 'best' | 'worst'): Record<string, RssAnswer> {
  const out: Record<string, RssAnswer> = {};
  for (const i of v1.indicators) {
    const m = i.mapping;
    if (m.kind === 'SCALE') out[i.id] = (kind === 'best') !== !!m.reverse ? m.max : m.min;
    else if (m.kind === 'YES_NO') out[i.id] = (kind === 'best') !== !!m.reverse;
    else {
      const sorted = Object.entries(m.scores).sort((a, b) => a[1] - b[1]);
      out[i.id] = (kind === 'best' ? sorted[sorted.length - 1] : sorted[0])[0];
    }
  }
  return out;
}

describe('RSS instrument v1', () => {
  it('should have 15 indicators, five per dimension, with equal provisional weights summing to 1', () => {
    expect(v1.indicators).toHaveLength(15);
    for (const d of ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'])
      expect(v1.indicators.filter((i) => i.dimension === d)).toHaveLength(5);
    expect(v1.weights.provisional).toBe(true);
    expect(validateRssInstrument(v1)).toEqual([]);
  });

  it('should report a broken configuration', () => {
    const broken: RssInstrument = {
      ...v1,
      threshold: 2,
      weights: { ...v1.weights, composite: { ...v1.weights.composite, ECO_SATISFACTION: 0.5 } },
    };
    expect(validateRssInstrument(broken)).toEqual([
      expect.stringMatching(/^composite weights sum/),
      'threshold must be in [0, 1]',
    ]);
  });
});

describe('indicatorScore', () => {
  it.each([
    ['a scale answer', { kind: 'SCALE', min: 1, max: 5 }, 4, 0.75],
    ['a reversed scale answer', { kind: 'SCALE', min: 1, max: 5, reverse: true }, 4, 0.25],
    ['a scale answer off the scale', { kind: 'SCALE', min: 1, max: 5 }, 6, null],
    ['a non-integer scale answer', { kind: 'SCALE', min: 1, max: 5 }, 2.5, null],
    ['yes', { kind: 'YES_NO' }, true, 1],
    ['no', { kind: 'YES_NO' }, false, 0],
    ['yes where yes is the bad sign', { kind: 'YES_NO', reverse: true }, true, 0],
    ['a listed choice', { kind: 'CHOICE', scores: { A: 1, B: 0.5 } }, 'B', 0.5],
    ['an unlisted choice', { kind: 'CHOICE', scores: { A: 1 } }, 'Z', null],
    ['no answer', { kind: 'YES_NO' }, null, null],
    ['an answer of the wrong kind', { kind: 'YES_NO' }, 'YES', null],
  ] as const)('should score %s', (_name, mapping, answer, expected) => {
    expect(indicatorScore(mapping, answer)).toBe(expected);
  });
});

describe('scoreRss', () => {
  it('should give 1 everywhere for the best answers and 0 for the worst, with the versions stored', () => {
    const best = scoreRss(v1, answers('best'));
    expect(best).toMatchObject({
      instrumentVersion: 'RSS-1',
      weightsVersion: 'EQUAL-PROVISIONAL-1',
      composite: 1,
      provisional: true,
      incomplete: false,
      dimensionScores: { ECONOMIC: 1, SOCIAL: 1, PSYCHOSOCIAL: 1 },
      missingIndicators: [],
      belowThreshold: [],
    });
    const worst = scoreRss(v1, answers('worst'));
    expect(worst).toMatchObject({ composite: 0, dimensionScores: { ECONOMIC: 0, SOCIAL: 0, PSYCHOSOCIAL: 0 } });
    expect(worst.belowThreshold).toEqual(['COMPOSITE', 'ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL']);
  });

  it('should keep every score in [0, 1] and the composite the weighted mean of the indicators', () => {
    const mixed = { ...answers('best'), ECO_SATISFACTION: 1, SOC_HOUSING: 3, PSY_DISTRESS: 5 };
    const s = scoreRss(v1, mixed);
    for (const v of [s.composite, ...Object.values(s.dimensionScores), ...Object.values(s.indicatorScores)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // 12 indicators at 1, ECO_SATISFACTION 0, SOC_HOUSING 0.5, PSY_DISTRESS (reversed) 0.
    expect(s.composite).toBeCloseTo(12.5 / 15, 4);
    expect(s.dimensionScores).toEqual({ ECONOMIC: 0.8, SOCIAL: 0.9, PSYCHOSOCIAL: 0.8 });
  });

  it('should recompute the weights over the answered indicators and flag more than 20% missing as incomplete', () => {
    const three = { ...answers('best'), ECO_SATISFACTION: null, SOC_HOUSING: null, PSY_DISTRESS: null };
    const s3 = scoreRss(v1, three);
    expect(s3).toMatchObject({
      composite: 1,
      incomplete: false,
      missingIndicators: ['ECO_SATISFACTION', 'SOC_HOUSING', 'PSY_DISTRESS'],
    });
    const four = { ...three, PSY_FEELS_SAFE: null };
    expect(scoreRss(v1, four)).toMatchObject({ composite: 1, incomplete: true });
  });

  it('should give a dimension no score when none of its indicators was answered', () => {
    const onlyEconomic = Object.fromEntries(
      ids.filter((id) => id.startsWith('ECO_')).map((id) => [id, answers('best')[id]!]),
    );
    const s = scoreRss(v1, onlyEconomic);
    expect(s.dimensionScores).toEqual({ ECONOMIC: 1, SOCIAL: null, PSYCHOSOCIAL: null });
    expect(s.incomplete).toBe(true);
  });

  it('should mark results computed with official weights as not provisional', () => {
    const official: RssInstrument = {
      ...v1,
      weights: { ...equalWeights('ANNEX4-2019', v1.indicators), provisional: false },
    };
    expect(scoreRss(official, answers('best'))).toMatchObject({ provisional: false, weightsVersion: 'ANNEX4-2019' });
  });

  it('should flag the dimensions below the threshold only', () => {
    const lowPsy = {
      ...answers('best'),
      ...Object.fromEntries(ids.filter((id) => id.startsWith('PSY_')).map((id) => [id, answers('worst')[id]!])),
    };
    const s = scoreRss(v1, lowPsy);
    expect(s.belowThreshold).toEqual(['PSYCHOSOCIAL']);
    expect(s.composite).toBeCloseTo(2 / 3, 4);
  });
});

describe('validateRssWeights', () => {
  const copy = (): RssWeights => ({
    ...v1.weights,
    version: 'W-2',
    dimension: { ...v1.weights.dimension },
    composite: { ...v1.weights.composite },
  });
  const codes = (w: unknown) => validateRssWeights(v1.indicators, w as RssWeights).map((p) => p.code);

  it('should accept the equal weights and any set summing to 1 overall and within each dimension', () => {
    expect(codes(v1.weights)).toEqual([]);
    const w = copy();
    w.composite.ECO_SATISFACTION += 0.05;
    w.composite.PSY_FEELS_SAFE -= 0.05;
    w.dimension.SOC_HOUSING = 0;
    w.dimension.SOC_SCHOOLING += 0.2;
    expect(codes(w)).toEqual([]);
  });

  it.each([
    [
      'a missing weight',
      (w: RssWeights) => delete w.dimension.ECO_SATISFACTION,
      ['WEIGHT_MISSING', 'DIMENSION_SUM_NOT_ONE'],
    ],
    [
      'a negative weight',
      (w: RssWeights) => (w.composite.SOC_HOUSING = -1),
      ['WEIGHT_MISSING', 'COMPOSITE_SUM_NOT_ONE'],
    ],
    [
      'a weight that is not a number',
      (w: RssWeights) => ((w.composite as any).SOC_HOUSING = '0.1'),
      ['WEIGHT_MISSING', 'COMPOSITE_SUM_NOT_ONE'],
    ],
    ['an unknown indicator', (w: RssWeights) => (w.composite.NAME = 0), ['UNKNOWN_INDICATOR']],
    [
      'a composite summing to more than 1',
      (w: RssWeights) => (w.composite.ECO_SATISFACTION = 0.5),
      ['COMPOSITE_SUM_NOT_ONE'],
    ],
    [
      'a dimension summing to less than 1',
      (w: RssWeights) => (w.dimension.PSY_DISTRESS = 0),
      ['DIMENSION_SUM_NOT_ONE'],
    ],
  ])('should report %s with its code', (_name, spoil, expected) => {
    const w = copy();
    spoil(w);
    expect(codes(w)).toEqual(expected);
  });

  it('should report a malformed weight set rather than throw', () => {
    for (const w of [
      null,
      [],
      {},
      { ...copy(), version: '' },
      { ...copy(), composite: [] },
      { ...copy(), provisional: 'no' },
    ])
      expect(codes(w)).toEqual(['WEIGHTS_MALFORMED']);
  });

  it('should be the check the instrument configuration uses', () => {
    expect(
      validateRssInstrument({ ...v1, weights: { ...copy(), dimension: { ...copy().dimension, PSY_DISTRESS: 0 } } }),
    ).toEqual([expect.stringMatching(/^PSYCHOSOCIAL weights sum to 0\.8/)]);
  });
});

describe('rescoreRss', () => {
  it('should score stored answers again under another weight set, keeping the instrument and its threshold', () => {
    const w: RssWeights = { ...v1.weights, version: 'W-2', provisional: false, composite: {} };
    for (const i of v1.indicators) w.composite[i.id] = i.id === 'ECO_SATISFACTION' ? 1 : 0;
    const a = answers('worst');
    a.ECO_SATISFACTION = 5;
    const original = scoreRss(v1, a);
    const again = rescoreRss(v1, a, w);
    expect(again).toEqual({
      ...original,
      weightsVersion: 'W-2',
      provisional: false,
      composite: 1,
      belowThreshold: original.belowThreshold.filter((d) => d !== 'COMPOSITE'),
    });
    expect(rescoreRss(v1, a, v1.weights)).toEqual(original);
  });
});
