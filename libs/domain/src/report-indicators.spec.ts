import { ageGroupOf, ageGroupOfBirthYear, birthYearsStraddlingAgeGroups } from './report-indicators';

/** Age in whole years on `on` of someone born on `born` (both 'YYYY-MM-DD'), as PostgreSQL's age() counts it. */
function ageOn(born: string, on: string): number {
  const [by, bm, bd] = born.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

describe('report age groups', () => {
  it('should put each age in the group of the brief', () => {
    expect([0, 17, 18, 24, 25, 59, 60, 90].map(ageGroupOf)).toEqual([
      '0-17',
      '0-17',
      '18-24',
      '18-24',
      '25-59',
      '25-59',
      '60+',
      '60+',
    ]);
    expect(ageGroupOf(-1)).toBe('0-17');
  });

  it('should give a birth year its group only when every birthday in it agrees, on any reference date', () => {
    for (const asOf of ['2024-01-01', '2024-06-30', '2024-12-31', '2023-02-28']) {
      const asOfYear = Number(asOf.slice(0, 4));
      for (let year = asOfYear - 80; year <= asOfYear; year += 1) {
        const groups = new Set<string>();
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000)
          groups.add(ageGroupOf(ageOn(new Date(t).toISOString().slice(0, 10), asOf)));
        const byYear = ageGroupOfBirthYear(year, asOfYear);
        // A year can look settled on one reference date (31 December: everyone had their birthday) and still be
        // counted person by person: never the other way round.
        if (byYear !== null) expect([...groups]).toEqual([byYear]);
        else expect(birthYearsStraddlingAgeGroups(asOfYear)).toContain(year);
      }
    }
  });

  it('should name the three birth years that straddle 18, 25 and 60', () => {
    expect(birthYearsStraddlingAgeGroups(2024)).toEqual([2006, 1999, 1964]);
  });
});
