import { nameTermsOf, phoneDigits, searchWords } from './search-terms';

describe('search terms', () => {
  it('should fold case and accents, in any script, into words', () => {
    expect(searchWords('Bâh')).toEqual(['bah']);
    expect(searchWords('  Mamadou-Aliou  DIALLO ')).toEqual(['mamadou', 'aliou', 'diallo']);
    expect(searchWords('Zoë Ñúñez')).toEqual(['zoe', 'nunez']);
    expect(searchWords('مُحَمَّد')).toEqual(['محمد']); // harakat are combining marks
    expect(searchWords('50%_off')).toEqual(['50', 'off']); // never a LIKE wildcard
    expect(searchWords('')).toEqual([]);
  });

  it("should give a member's words once", () => {
    expect(nameTermsOf({ givenName: 'Fatou', familyName: 'Bâh', aliases: ['Fatou Bah'] })).toEqual(['fatou', 'bah']);
  });

  it('should keep the digits of a phone number', () => {
    expect(phoneDigits('+212 6-12 34 56 78')).toBe('212612345678');
    expect(phoneDigits('n/a')).toBeNull();
    expect(phoneDigits(null)).toBeNull();
  });
});
