/**
 * Reintegration Sustainability Survey (AVRR.md §8.5): the instrument as versioned configuration and a pure scoring
 * function. Answers map to indicator scores in [0, 1]; a dimension score is the weighted mean of its answered
 * indicators (dimension weights), the composite the weighted mean of every answered indicator (composite weights).
 * Missing answers: the weights are renormalised over the answered indicators, and the result is flagged incomplete
 * when more than `maxMissingShare` of the indicators is missing. Until the official weights (Reintegration Handbook
 * Annex 4) are loaded, the equal weights are marked provisional, and so is every score computed with them.
 */

export type RssDimension = 'ECONOMIC' | 'SOCIAL' | 'PSYCHOSOCIAL';
export const RSS_DIMENSIONS: readonly RssDimension[] = ['ECONOMIC', 'SOCIAL', 'PSYCHOSOCIAL'];

/** How one answer becomes an indicator score in [0, 1]. */
export type RssAnswerMapping =
  /** An integer on a scale min..max (e.g. 1-5); `reverse` when a high answer is a bad sign. */
  | { kind: 'SCALE'; min: number; max: number; reverse?: boolean }
  /** true / false; `reverse` when "yes" is the bad sign (e.g. "do you feel discriminated against?"). */
  | { kind: 'YES_NO'; reverse?: boolean }
  /** A coded answer with its score; a code not listed counts as missing. */
  | { kind: 'CHOICE'; scores: Record<string, number> };

export interface RssIndicator {
  id: string;
  dimension: RssDimension;
  mapping: RssAnswerMapping;
}

export interface RssWeights {
  /** Version of the weights (stored with every result so scores can be recomputed and explained). */
  version: string;
  /** True until the official weights are loaded: every score computed with these weights is provisional. */
  provisional: boolean;
  /** Weight of each indicator within its dimension. */
  dimension: Record<string, number>;
  /** Weight of each indicator in the composite (they sum to 1 over the instrument). */
  composite: Record<string, number>;
}

export interface RssInstrument {
  version: string;
  indicators: RssIndicator[];
  weights: RssWeights;
  /** "Sustainable" line for the composite and for each dimension [A][C]. */
  threshold: number;
  /** Share of missing indicators above which a result is flagged incomplete [A, 20%]. */
  maxMissingShare: number;
}

/** An answer as recorded: a scale value, a yes / no, a choice code, or null for "no answer". */
export type RssAnswer = number | boolean | string | null;

export interface RssScore {
  instrumentVersion: string;
  weightsVersion: string;
  /** Score per answered indicator (missing indicators are absent). */
  indicatorScores: Record<string, number>;
  /** null when no indicator of the dimension was answered. */
  dimensionScores: Record<RssDimension, number | null>;
  composite: number | null;
  missingIndicators: string[];
  /** More than maxMissingShare of the indicators missing. */
  incomplete: boolean;
  /** Computed with provisional weights. */
  provisional: boolean;
  /** Composite and dimensions below the threshold ('COMPOSITE' and / or dimension names). */
  belowThreshold: (RssDimension | 'COMPOSITE')[];
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The indicator score of one answer, or null when the answer is missing or does not fit the mapping. */
export function indicatorScore(mapping: RssAnswerMapping, answer: RssAnswer | undefined): number | null {
  if (answer === null || answer === undefined) return null;
  switch (mapping.kind) {
    case 'SCALE': {
      if (
        typeof answer !== 'number' ||
        !Number.isInteger(answer) ||
        answer < mapping.min ||
        answer > mapping.max ||
        mapping.max <= mapping.min
      )
        return null;
      const s = (answer - mapping.min) / (mapping.max - mapping.min);
      return clamp01(mapping.reverse ? 1 - s : s);
    }
    case 'YES_NO':
      if (typeof answer !== 'boolean') return null;
      return answer !== !!mapping.reverse ? 1 : 0;
    case 'CHOICE': {
      if (typeof answer !== 'string' || !Object.prototype.hasOwnProperty.call(mapping.scores, answer)) return null;
      const s = mapping.scores[answer];
      return typeof s === 'number' && Number.isFinite(s) ? clamp01(s) : null;
    }
    default:
      return null;
  }
}

function weightedMean(ids: string[], scores: Record<string, number>, weights: Record<string, number>): number | null {
  let sum = 0;
  let total = 0;
  for (const id of ids) {
    const s = scores[id];
    const w = weights[id] ?? 0;
    if (s === undefined || !(w > 0)) continue;
    sum += s * w;
    total += w;
  }
  return total > 0 ? round4(clamp01(sum / total)) : null;
}

/** Scores one survey. Pure: the same answers, instrument and weights always give the same result. */
export function scoreRss(instrument: RssInstrument, answers: Record<string, RssAnswer>): RssScore {
  const indicatorScores: Record<string, number> = {};
  const missingIndicators: string[] = [];
  for (const ind of instrument.indicators) {
    const s = indicatorScore(ind.mapping, answers[ind.id]);
    if (s === null) missingIndicators.push(ind.id);
    else indicatorScores[ind.id] = round4(s);
  }
  const dimensionScores = {} as Record<RssDimension, number | null>;
  for (const d of RSS_DIMENSIONS) {
    const ids = instrument.indicators.filter((i) => i.dimension === d).map((i) => i.id);
    dimensionScores[d] = weightedMean(ids, indicatorScores, instrument.weights.dimension);
  }
  const composite = weightedMean(
    instrument.indicators.map((i) => i.id),
    indicatorScores,
    instrument.weights.composite,
  );
  const count = instrument.indicators.length;
  const belowThreshold: (RssDimension | 'COMPOSITE')[] = [];
  if (composite !== null && composite < instrument.threshold) belowThreshold.push('COMPOSITE');
  for (const d of RSS_DIMENSIONS) {
    const s = dimensionScores[d];
    if (s !== null && s < instrument.threshold) belowThreshold.push(d);
  }
  return {
    instrumentVersion: instrument.version,
    weightsVersion: instrument.weights.version,
    indicatorScores,
    dimensionScores,
    composite,
    missingIndicators,
    incomplete: count === 0 || missingIndicators.length / count > instrument.maxMissingShare,
    provisional: instrument.weights.provisional,
    belowThreshold,
  };
}

/** Equal weights: 1/n within each dimension and 1/N in the composite (provisional until official weights load). */
export function equalWeights(version: string, indicators: RssIndicator[]): RssWeights {
  const dimension: Record<string, number> = {};
  const composite: Record<string, number> = {};
  for (const d of RSS_DIMENSIONS) {
    const ids = indicators.filter((i) => i.dimension === d);
    for (const i of ids) dimension[i.id] = 1 / ids.length;
  }
  for (const i of indicators) composite[i.id] = 1 / indicators.length;
  return { version, provisional: true, dimension, composite };
}

/** Why a weight set does not fit its instrument (machine-readable, for the API's 400 and the command's rejection). */
export type RssWeightsProblemCode =
  'WEIGHTS_MALFORMED' | 'WEIGHT_MISSING' | 'UNKNOWN_INDICATOR' | 'COMPOSITE_SUM_NOT_ONE' | 'DIMENSION_SUM_NOT_ONE';

export interface RssWeightsProblem {
  code: RssWeightsProblemCode;
  message: string;
}

const SUM_TOLERANCE = 1e-6;
const isRecord = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * Problems of a weight set against its instrument (empty when usable): every indicator weighted (>= 0, finite) in its
 * dimension and in the composite, no weight for an indicator the instrument does not have, the composite weights
 * summing to 1 and the dimension weights summing to 1 within each dimension. The one check of weights: the
 * configuration's instruments go through it too (validateRssInstrument).
 */
export function validateRssWeights(indicators: readonly RssIndicator[], weights: RssWeights): RssWeightsProblem[] {
  if (
    !isRecord(weights) ||
    typeof weights.version !== 'string' ||
    !weights.version ||
    typeof weights.provisional !== 'boolean' ||
    !isRecord(weights.dimension) ||
    !isRecord(weights.composite)
  )
    return [{ code: 'WEIGHTS_MALFORMED', message: 'weights need a version, provisional, dimension and composite' }];
  const problems: RssWeightsProblem[] = [];
  const ids = indicators.map((i) => i.id);
  const weight = (table: Record<string, number>, id: string): number | undefined => {
    const w: unknown = Object.prototype.hasOwnProperty.call(table, id) ? table[id] : undefined;
    return typeof w === 'number' && Number.isFinite(w) && w >= 0 ? w : undefined;
  };
  for (const i of indicators)
    if (weight(weights.composite, i.id) === undefined || weight(weights.dimension, i.id) === undefined)
      problems.push({ code: 'WEIGHT_MISSING', message: `${i.id}: weight missing` });
  for (const id of new Set([...Object.keys(weights.dimension), ...Object.keys(weights.composite)]))
    if (!ids.includes(id)) problems.push({ code: 'UNKNOWN_INDICATOR', message: `${id}: not an indicator` });
  const sum = (table: Record<string, number>, of: readonly string[]) =>
    of.reduce((s, id) => s + (weight(table, id) ?? 0), 0);
  const compositeSum = sum(weights.composite, ids);
  if (Math.abs(compositeSum - 1) > SUM_TOLERANCE)
    problems.push({ code: 'COMPOSITE_SUM_NOT_ONE', message: `composite weights sum to ${compositeSum}, not 1` });
  for (const d of RSS_DIMENSIONS) {
    const of = indicators.filter((i) => i.dimension === d).map((i) => i.id);
    if (!of.length) continue;
    const dimensionSum = sum(weights.dimension, of);
    if (Math.abs(dimensionSum - 1) > SUM_TOLERANCE)
      problems.push({ code: 'DIMENSION_SUM_NOT_ONE', message: `${d} weights sum to ${dimensionSum}, not 1` });
  }
  return problems;
}

/** Problems of an instrument configuration (empty when usable). */
export function validateRssInstrument(instrument: RssInstrument): string[] {
  const problems: string[] = [];
  const ids = instrument.indicators.map((i) => i.id);
  if (new Set(ids).size !== ids.length) problems.push('indicator ids must be unique');
  for (const i of instrument.indicators)
    if (!RSS_DIMENSIONS.includes(i.dimension)) problems.push(`${i.id}: unknown dimension`);
  for (const p of validateRssWeights(instrument.indicators, instrument.weights)) problems.push(p.message);
  if (!(instrument.threshold >= 0 && instrument.threshold <= 1)) problems.push('threshold must be in [0, 1]');
  return problems;
}

/**
 * A stored survey scored again under another weight set of its instrument (read-only: the stored score keeps the
 * version it was computed with). Only the weights change; the answers, the mappings and the threshold are the
 * instrument's.
 */
export function rescoreRss(
  instrument: RssInstrument,
  answers: Record<string, RssAnswer>,
  weights: RssWeights,
): RssScore {
  return scoreRss({ ...instrument, weights }, answers);
}

const SCALE5: RssAnswerMapping = { kind: 'SCALE', min: 1, max: 5 };
const SCALE5_REVERSED: RssAnswerMapping = { kind: 'SCALE', min: 1, max: 5, reverse: true };
const YES: RssAnswerMapping = { kind: 'YES_NO' };
const NO_IS_GOOD: RssAnswerMapping = { kind: 'YES_NO', reverse: true };

/**
 * Instrument v1: 15 indicators over the three dimensions (themes of AVRR.md §8.5). The questions and answer
 * mappings must be checked against Reintegration Handbook Annex 4 before production; the weights are equal and
 * provisional.
 */
const RSS_V1_INDICATORS: RssIndicator[] = [
  { id: 'ECO_SATISFACTION', dimension: 'ECONOMIC', mapping: SCALE5 },
  {
    id: 'ECO_FOOD_SECURITY',
    dimension: 'ECONOMIC',
    mapping: { kind: 'CHOICE', scores: { NEVER_SHORT: 1, SOMETIMES_SHORT: 0.5, OFTEN_SHORT: 0 } },
  },
  { id: 'ECO_ABILITY_TO_BORROW', dimension: 'ECONOMIC', mapping: YES },
  {
    id: 'ECO_DEBT_BURDEN',
    dimension: 'ECONOMIC',
    mapping: { kind: 'CHOICE', scores: { NONE: 1, LESS_THAN_SPENDING: 0.5, MORE_THAN_SPENDING: 0 } },
  },
  {
    id: 'ECO_INCOME_SOURCE',
    dimension: 'ECONOMIC',
    mapping: { kind: 'CHOICE', scores: { REGULAR: 1, IRREGULAR: 0.5, NONE: 0 } },
  },
  { id: 'SOC_HOUSING', dimension: 'SOCIAL', mapping: SCALE5 },
  {
    id: 'SOC_SCHOOLING',
    dimension: 'SOCIAL',
    mapping: { kind: 'CHOICE', scores: { ALL_ENROLLED: 1, SOME_ENROLLED: 0.5, NONE_ENROLLED: 0, NO_CHILDREN: 1 } },
  },
  { id: 'SOC_HEALTH_ACCESS', dimension: 'SOCIAL', mapping: SCALE5 },
  { id: 'SOC_JUSTICE_ACCESS', dimension: 'SOCIAL', mapping: YES },
  { id: 'SOC_IDENTITY_DOCUMENTS', dimension: 'SOCIAL', mapping: YES },
  { id: 'PSY_COMMUNITY_PARTICIPATION', dimension: 'PSYCHOSOCIAL', mapping: SCALE5 },
  { id: 'PSY_SUPPORT_NETWORK', dimension: 'PSYCHOSOCIAL', mapping: YES },
  { id: 'PSY_DISCRIMINATION', dimension: 'PSYCHOSOCIAL', mapping: NO_IS_GOOD },
  { id: 'PSY_DISTRESS', dimension: 'PSYCHOSOCIAL', mapping: SCALE5_REVERSED },
  { id: 'PSY_FEELS_SAFE', dimension: 'PSYCHOSOCIAL', mapping: SCALE5 },
];

export const RSS_INSTRUMENT_V1: RssInstrument = {
  version: 'RSS-1',
  indicators: RSS_V1_INDICATORS,
  weights: equalWeights('EQUAL-PROVISIONAL-1', RSS_V1_INDICATORS),
  threshold: 0.5,
  maxMissingShare: 0.2,
};
