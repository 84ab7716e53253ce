import {
  dateOfBirthSimilarity,
  DUPLICATE_THRESHOLD,
  editDistance,
  nameKeysOf,
  nameSearchForms,
  nameSimilarity,
  normaliseDocumentNumber,
  scoreDuplicate,
  toE164,
  type DuplicateIdentity,
} from './duplicates';

const person = (p: Partial<DuplicateIdentity> = {}): DuplicateIdentity => ({
  givenName: 'Mohamed',
  familyName: 'Diallo',
  dateOfBirth: '1990-03-04',
  ...p,
});

describe('name normalisation', () => {
  it.each([
    ['Mohamed Diallo', 'Muhammad Diallo'],
    ['Mohammed Diallo', 'Diallo Mohamed'],
    ['Mohamed Dialo', 'Muhammad DIALLO'],
    ['Moustapha Bâh', 'Mustafa Bah'],
    ['Youssef El Amrani', 'Yusuf Amrani'],
  ])('%s and %s are the same name', (a, b) => {
    const [ga, fa] = a.split(/ (.*)/);
    const [gb, fb] = b.split(/ (.*)/);
    expect(
      nameSimilarity(person({ givenName: ga, familyName: fa }), person({ givenName: gb, familyName: fb })).similarity,
    ).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['Mohamed Diallo', 'Ibrahima Sow'],
    ['Fatoumata Camara', 'Aissatou Barry'],
  ])('%s and %s are different names', (a, b) => {
    const [ga, fa] = a.split(' ');
    const [gb, fb] = b.split(' ');
    expect(
      nameSimilarity(person({ givenName: ga, familyName: fa }), person({ givenName: gb, familyName: fb })).similarity,
    ).toBeLessThan(0.5);
  });

  it('is exact only when every word meets its key', () => {
    expect(nameSimilarity(person(), person({ givenName: 'Muhammad' })).exact).toBe(true);
    expect(nameSimilarity(person(), person({ familyName: 'Dialo' })).exact).toBe(true);
    expect(nameSimilarity(person(), person({ familyName: 'Dallo' })).exact).toBe(false);
  });

  it('matches an alias as a whole name, and extra words lower the similarity', () => {
    expect(
      nameSimilarity(person({ givenName: 'Awa', familyName: 'Sy', aliases: ['Mohamed Diallo'] }), person()).similarity,
    ).toBe(1);
    expect(nameSimilarity(person({ familyName: 'Diallo Keita' }), person()).similarity).toBeCloseTo(2 / 3);
  });

  it('drops particles and folds accents and case', () => {
    expect(nameKeysOf({ givenName: 'Aïcha', familyName: 'BEN Salah' })).toEqual(['aisha', 'salah']);
  });

  it('counts edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('date of birth tolerance', () => {
  it.each([
    ['1990-03-04', '1990-03-04', false, 'DOB_EXACT', 1],
    ['1990-03-04', '1990-04-03', false, 'DOB_DAY_MONTH_SWAP', 0.8],
    ['1990-03-04', '1990-03-05', false, 'DOB_NEAR', 0.8],
    ['1990-12-31', '1991-01-01', false, 'DOB_NEAR', 0.8],
    ['1990-03-04', '1990-09-20', true, 'DOB_SAME_YEAR', 0.5],
    ['1990-03-04', '1990-09-20', false, undefined, 0],
    ['1990-03-04', '1991-03-04', true, undefined, 0],
  ])('%s vs %s (estimated %s): %s', (a, b, estimated, feature, similarity) => {
    expect(dateOfBirthSimilarity({ dateOfBirth: a }, { dateOfBirth: b, dateOfBirthEstimated: estimated })).toEqual(
      feature ? { similarity, feature } : { similarity },
    );
  });
});

describe('identifiers', () => {
  it.each([
    ['+212 6-12 34 56 78', 'GN', '+212612345678'],
    ['0612345678', 'MA', '+212612345678'],
    ['00212612345678', 'SN', '+212612345678'],
    ['212612345678', 'MA', '+212612345678'],
    ['622 12 34 56', 'GN', '+224622123456'],
    ['0612345678', 'XX', null],
    ['12-34', 'MA', null],
  ])('phone %s from an office in %s is %s', (phone, country, e164) => {
    expect(toE164(phone, country)).toBe(e164);
  });

  it('document numbers: upper case, no separators', () => {
    expect(normaliseDocumentNumber(' ab-123 456/7 ')).toBe('AB1234567');
    expect(normaliseDocumentNumber('a-1')).toBeNull();
  });
});

describe('scoreDuplicate', () => {
  it('a transliterated, reordered name with the same phone is a candidate', () => {
    const s = scoreDuplicate(
      person({ phone: '+212612345678' }),
      person({ givenName: 'Diallo', familyName: 'Muhammad', phone: '+212612345678', dateOfBirth: '1990-04-03' }),
    );
    expect(s.features).toEqual(['PHONE', 'NAME_EXACT', 'DOB_DAY_MONTH_SWAP']);
    expect(s.score).toBeGreaterThan(0.9);
    expect(s.score).toBeLessThanOrEqual(1);
  });

  it('a shared document number is strong evidence on its own', () => {
    const s = scoreDuplicate(
      person({ documentNumbers: ['AB 123456'] }),
      person({ givenName: 'Awa', familyName: 'Sy', dateOfBirth: '1970-01-01', documentNumbers: ['ab-123-456'] }),
    );
    expect(s).toEqual({ score: 0.95, features: ['DOCUMENT_NUMBER'] });
    expect(s.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it('a different person with another name and date stays below the threshold', () => {
    const s = scoreDuplicate(person(), person({ givenName: 'Ibrahima', familyName: 'Sow', dateOfBirth: '1985-07-01' }));
    expect(s).toEqual({ score: 0, features: [] });
  });

  it('a same name alone is below a name with the date of birth', () => {
    const nameOnly = scoreDuplicate(person(), person({ dateOfBirth: '1970-01-01' }));
    const withDob = scoreDuplicate(person(), person());
    expect(nameOnly.score).toBeCloseTo(0.6);
    expect(withDob.score).toBeCloseTo(0.8);
    expect(withDob.features).toEqual(['NAME_EXACT', 'DOB_EXACT']);
  });
});

describe('nameSearchForms', () => {
  it('expands a transliteration family, else the folded word', () => {
    expect(nameSearchForms('MUHAMMAD')).toContain('mohamed');
    expect(nameSearchForms('Mohamed')).toContain('muhammad');
    expect(nameSearchForms('Diallo')).toEqual(['diallo']);
  });
});
