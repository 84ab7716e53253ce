/**
 * How the report screen groups the indicator tables of AVRR.md §12 (the API's `indicator` ids), in the brief's order,
 * and which tables answer the per-individual / per-case choice.
 */
export const INDICATOR_GROUPS: { id: string; indicators: string[] }[] = [
  { id: 'pipeline', indicators: ['pipeline', 'pipelineCases'] },
  { id: 'outcomes', indicators: ['withdrawalReasons', 'cancellationReasons'] },
  { id: 'timing', indicators: ['stageDurations', 'overSlaNow'] },
  { id: 'documents', indicators: ['documentsPending', 'documentRefusals'] },
  { id: 'vulnerability', indicators: ['vulnerableAssisted'] },
  { id: 'reintegration', indicators: ['reintegration', 'reintegrationByDimension', 'activities'] },
  { id: 'money', indicators: ['budget', 'disbursed', 'tranchesOverdue'] },
  { id: 'monitoring', indicators: ['monitoringVisits', 'rss', 'rssResponse'] },
  { id: 'closures', indicators: ['closures'] },
  { id: 'headlines', indicators: ['headlines'] },
];

export type Counting = 'individuals' | 'cases';

/** The pipeline exists as two tables; the reason and closure tables carry both counts as columns. */
export function visibleFor(indicator: string, counting: Counting): boolean {
  if (indicator === 'pipeline') return counting === 'individuals';
  if (indicator === 'pipelineCases') return counting === 'cases';
  return true;
}

/** The columns shown: of a table counting both, only the chosen one. */
export function columnsFor(columns: string[], counting: Counting): number[] {
  const both = columns.includes('individuals') && columns.includes('cases');
  return columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => !both || (c !== 'individuals' && c !== 'cases') || c === counting)
    .map(({ i }) => i);
}

/** Measures that are rates (0..1) or shares: shown as percentages. */
export const PERCENT_MEASURES = new Set(['shareAtOrAbove']);
