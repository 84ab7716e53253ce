/**
 * The normal form personal data is searched in: case-folded and without accents (NFKD, combining marks removed), so
 * "bah" finds "Bâh" and "BAH", cut into words of letters and digits (any script). The same function writes the
 * search rows and reads the query, so both sides always agree. Words hold letters and digits only, so they never
 * carry a LIKE wildcard.
 */
export function searchWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The words a member is found by: given name, family name and aliases, each word once. */
export function nameTermsOf(m: { givenName: string; familyName: string; aliases?: readonly string[] }): string[] {
  return [...new Set([m.givenName, m.familyName, ...(m.aliases ?? [])].flatMap(searchWords))];
}

/** A phone number's digits only ("+212 6-12 34 56 78" -> "212612345678"); null without digits. */
export function phoneDigits(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D+/g, '');
  return digits.length ? digits : null;
}
