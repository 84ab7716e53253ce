import { REPORT_INDICATORS } from '../../../../../libs/domain/src/report-indicators';
import { columnsFor, INDICATOR_GROUPS, visibleFor } from './groups';

describe('report screen groups', () => {
  it('should place every indicator the API publishes in one group (but the unused outcomes id)', () => {
    const placed = INDICATOR_GROUPS.flatMap((g) => g.indicators);
    expect(new Set(placed).size).toBe(placed.length);
    expect(REPORT_INDICATORS.filter((i) => !placed.includes(i))).toEqual(['outcomes']);
  });

  it('should show the pipeline per individual or per case, never both', () => {
    expect([visibleFor('pipeline', 'individuals'), visibleFor('pipelineCases', 'individuals')]).toEqual([true, false]);
    expect([visibleFor('pipeline', 'cases'), visibleFor('pipelineCases', 'cases')]).toEqual([false, true]);
    expect(visibleFor('closures', 'cases')).toBe(true);
  });

  it('should keep only the chosen count of a table that has both', () => {
    expect(columnsFor(['individuals', 'cases'], 'cases')).toEqual([1]);
    expect(columnsFor(['individuals', 'cases'], 'individuals')).toEqual([0]);
    expect(columnsFor(['due', 'done'], 'cases')).toEqual([0, 1]);
  });
});
