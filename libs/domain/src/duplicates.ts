/**
 * Duplicate detection at registration (issue 11 item 6): the normal forms identifiers are compared in, and the score
 * of a new person against an earlier one. Pure: the API finds the earlier people (SQL candidates) and asks here how
 * alike they are. Names match across transliteration (Mohamed / Muhammad / Mohammed), word order, accents and small
 * spelling differences; a date of birth within a tolerance (exact, day/month swapped, one day off, same year when
 * estimated); phones in E.164; document numbers upper-cased without separators.
 */

/** What matched, in the order a reader weighs it. */
export type DuplicateFeature =
  | 'DOCUMENT_NUMBER'
  | 'PHONE'
  | 'NAME_EXACT'
  | 'NAME_VARIANT'
  | 'DOB_EXACT'
  | 'DOB_DAY_MONTH_SWAP'
  | 'DOB_NEAR'
  | 'DOB_SAME_YEAR';

/** The identifiers of one person as compared. */
export interface DuplicateIdentity {
  givenName: string;
  familyName: string;
  aliases?: readonly string[];
  /** YYYY-MM-DD. */
  dateOfBirth?: string | null;
  dateOfBirthEstimated?: boolean;
  phone?: string | null;
  documentNumbers?: readonly string[];
}

export interface DuplicateScore {
  /** 0..1: how likely the two are the same person. */
  score: number;
  features: DuplicateFeature[];
}

/** What one matching feature contributes (combined as independent evidence: 1 - Π(1 - w·s)). */
export const DUPLICATE_WEIGHTS = { DOCUMENT: 0.95, PHONE: 0.7, NAME: 0.6, DOB: 0.5 } as const;

/** From this score on, an earlier person is shown to the officer as a possible duplicate. */
export const DUPLICATE_THRESHOLD = 0.6;

/**
 * Transliteration families: spellings of one Arabic (or West African) name in Latin script, each mapped to one key.
 * Extend a family here; the search and the score both use the key.
 */
const NAME_FAMILIES: Record<string, readonly string[]> = {
  muhammad: ['mohamed', 'mohammed', 'mohammad', 'mohamad', 'muhamad', 'muhammed', 'mohamud', 'mamadou', 'mouhamed'],
  ahmad: ['ahmed', 'ahmet', 'amadou', 'ahmadou'],
  yusuf: ['youssef', 'yousef', 'yusef', 'youssouf', 'yousuf', 'yossef'],
  abd: ['abdel', 'abdul', 'abdoul', 'abdou', 'abdal'],
  ibrahim: ['ibrahima', 'brahim', 'ebrahim'],
  mustafa: ['moustapha', 'mostafa', 'mustapha', 'moustafa'],
  umar: ['omar', 'oumar', 'omer'],
  uthman: ['osman', 'ousmane', 'othman', 'usman', 'outhmane'],
  hassan: ['hasan', 'hassane'],
  husain: ['hussein', 'hussain', 'houssein', 'husayn', 'hocine'],
  fatima: ['fatma', 'fatoumata', 'fatimata', 'fatouma'],
  aisha: ['aicha', 'aissatou', 'ayesha'],
  khadija: ['khadidja', 'kadiatou', 'khadidia', 'hadja'],
  sulayman: ['souleymane', 'suleiman', 'soulaymane', 'slimane', 'sulaiman'],
  abubakar: ['aboubacar', 'boubacar', 'abubakr', 'aboubakr'],
};
const FAMILY_OF = new Map<string, string>(
  Object.entries(NAME_FAMILIES).flatMap(([key, forms]) => [
    [key, key] as const,
    ...forms.map((f) => [f, key] as const),
  ]),
);
/**
 * The spellings a name word is looked up by (the word itself and, when it has a transliteration family, every form
 * of it), so that the SQL candidates of "Muhammad" include the people written "Mohamed".
 */
export function nameSearchForms(word: string): string[] {
  const w = nameWords(word).join('');
  const family = FAMILY_OF.get(w);
  return family ? [family, ...NAME_FAMILIES[family]] : w ? [w] : [];
}

/** Particles that do not tell people apart ("el", "al", "ben", "bin", "ould"). */
const PARTICLES = new Set(['el', 'al', 'ul', 'ed', 'ad', 'ben', 'bin', 'ibn', 'ould', 'bint', 'de', 'da', 'di']);

/** A name's words in their normal form: accents folded, case folded, any script's letters and digits. */
export function nameWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/**
 * The key a name word is compared by: its transliteration family, else a spelling skeleton (ou -> u, ph -> f, kh -> k,
 * doubled letters once, e/i and o/u alike), so "Dialo" and "Diallo" meet.
 */
export function nameKey(word: string): string {
  const w = nameWords(word).join('');
  const family = FAMILY_OF.get(w);
  if (family) return family;
  return w
    .replace(/ou/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'k')
    .replace(/dj/g, 'j')
    .replace(/y/g, 'i')
    .replace(/e/g, 'i')
    .replace(/o/g, 'u')
    .replace(/(.)\1+/g, '$1');
}

/** The comparable words of a person's names (particles dropped unless they are all there is), order-free. */
export function nameKeysOf(p: Pick<DuplicateIdentity, 'givenName' | 'familyName' | 'aliases'>): string[] {
  const words = [p.givenName, p.familyName].flatMap(nameWords);
  const meaningful = words.filter((w) => !PARTICLES.has(w));
  return [...new Set((meaningful.length ? meaningful : words).map(nameKey))];
}

/** Levenshtein distance (insertions, deletions, substitutions), for short name keys. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** How alike two name keys are: 1 equal, 0.8 one edit apart (two for long words), else 0. */
function keySimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const allowed = Math.min(a.length, b.length) >= 7 ? 2 : Math.min(a.length, b.length) >= 4 ? 1 : 0;
  return allowed > 0 && editDistance(a, b) <= allowed ? 0.8 : 0;
}

/**
 * Name similarity, independent of word order: each word of the shorter name takes its best partner in the other
 * (each partner once), averaged over the longer name so that extra words lower it. Aliases are tried as whole names.
 */
export function nameSimilarity(a: DuplicateIdentity, b: DuplicateIdentity): { similarity: number; exact: boolean } {
  const variants = (p: DuplicateIdentity) => [
    nameKeysOf(p),
    ...(p.aliases ?? []).map((alias) => nameKeysOf({ givenName: alias, familyName: '' })),
  ];
  let best = { similarity: 0, exact: false };
  for (const ka of variants(a))
    for (const kb of variants(b)) {
      if (!ka.length || !kb.length) continue;
      const [short, long] = ka.length <= kb.length ? [ka, kb] : [kb, ka];
      const free = [...long];
      let sum = 0;
      for (const k of short) {
        let bestIdx = -1;
        let bestSim = 0;
        free.forEach((f, i) => {
          const s = keySimilarity(k, f);
          if (s > bestSim) [bestSim, bestIdx] = [s, i];
        });
        if (bestIdx >= 0) {
          sum += bestSim;
          free.splice(bestIdx, 1);
        }
      }
      const similarity = sum / long.length;
      if (similarity > best.similarity) best = { similarity, exact: similarity === 1 };
    }
  return best;
}

/** How alike two dates of birth are, with the feature it shows. */
export function dateOfBirthSimilarity(
  a: Pick<DuplicateIdentity, 'dateOfBirth' | 'dateOfBirthEstimated'>,
  b: Pick<DuplicateIdentity, 'dateOfBirth' | 'dateOfBirthEstimated'>,
): { similarity: number; feature?: DuplicateFeature } {
  const pa = parseDate(a.dateOfBirth);
  const pb = parseDate(b.dateOfBirth);
  if (!pa || !pb) return { similarity: 0 };
  if (pa.iso === pb.iso) return { similarity: 1, feature: 'DOB_EXACT' };
  if (pa.y === pb.y && pa.m === pb.d && pa.d === pb.m) return { similarity: 0.8, feature: 'DOB_DAY_MONTH_SWAP' };
  if (Math.abs(pa.t - pb.t) <= 86_400_000) return { similarity: 0.8, feature: 'DOB_NEAR' };
  if (pa.y === pb.y && (a.dateOfBirthEstimated || b.dateOfBirthEstimated))
    return { similarity: 0.5, feature: 'DOB_SAME_YEAR' };
  return { similarity: 0 };
}

function parseDate(s: string | null | undefined) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { iso: m[0], y, m: mo, d, t: Date.UTC(y, mo - 1, d) };
}

/** Country calling codes of the countries offices work in (extend with a new office's country). */
export const CALLING_CODES: Record<string, string> = {
  MA: '212',
  GN: '224',
  SN: '221',
  CI: '225',
  ML: '223',
  NE: '227',
  ES: '34',
  FR: '33',
  LY: '218',
  TN: '216',
  DZ: '213',
  EG: '20',
  NG: '234',
  GH: '233',
  GM: '220',
  SL: '232',
  LR: '231',
  BF: '226',
  CM: '237',
};

/** The country of an office code ("MA-RBA" -> "MA"). */
export const officeCountry = (office: string): string => office.slice(0, 2).toUpperCase();

/**
 * A phone number in E.164 ("+212612345678"): "+" or "00" keep their country code; a national number (leading trunk
 * "0") takes the office country's calling code; bare digits that already start with that code are read as
 * international. Null when there are too few digits to be a phone or the country is unknown for a national number.
 */
export function toE164(phone: string | null | undefined, country: string): string | null {
  const raw = (phone ?? '').trim();
  const digits = raw.replace(/\D+/g, '');
  if (digits.length < 6) return null;
  if (raw.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  const cc = CALLING_CODES[country.toUpperCase()];
  if (!cc) return null;
  if (digits.startsWith('0')) return `+${cc}${digits.replace(/^0+/, '')}`;
  if (digits.startsWith(cc) && digits.length > 9) return `+${digits}`;
  return `+${cc}${digits}`;
}

/** A travel or identity document number as compared: upper case, letters and digits only ("ab-123 456" -> "AB123456"). */
export function normaliseDocumentNumber(n: string | null | undefined): string | null {
  const s = (n ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return s.length >= 4 ? s : null;
}

/**
 * The score of a new person against an earlier one: 0..1, with the features that matched. Phones must already be in
 * E.164 (toE164 with each person's office country) so that "0612..." in Rabat and "+212 612..." elsewhere meet.
 */
export function scoreDuplicate(a: DuplicateIdentity, b: DuplicateIdentity): DuplicateScore {
  const features: DuplicateFeature[] = [];
  let miss = 1;
  const docsA = new Set((a.documentNumbers ?? []).map(normaliseDocumentNumber).filter((d): d is string => !!d));
  if ((b.documentNumbers ?? []).some((d) => docsA.has(normaliseDocumentNumber(d) ?? ''))) {
    features.push('DOCUMENT_NUMBER');
    miss *= 1 - DUPLICATE_WEIGHTS.DOCUMENT;
  }
  if (a.phone && b.phone && a.phone === b.phone) {
    features.push('PHONE');
    miss *= 1 - DUPLICATE_WEIGHTS.PHONE;
  }
  const name = nameSimilarity(a, b);
  if (name.similarity >= 0.5) {
    features.push(name.exact ? 'NAME_EXACT' : 'NAME_VARIANT');
    miss *= 1 - DUPLICATE_WEIGHTS.NAME * name.similarity;
  }
  const dob = dateOfBirthSimilarity(a, b);
  if (dob.feature) {
    features.push(dob.feature);
    miss *= 1 - DUPLICATE_WEIGHTS.DOB * dob.similarity;
  }
  return { score: Math.round((1 - miss) * 1000) / 1000, features };
}

/** What the officer decides about a candidate (RecordDuplicateDecision). */
export type DuplicateDecision = 'NEW_PERSON' | 'SAME_PERSON';

/** Why a supervisor lets a repeat applicant through (RecordRepeatApplicantException): codes, never notes. */
export type RepeatApplicantExceptionReason =
  'PROTECTION_NEED' | 'FAMILY_REUNIFICATION' | 'CHANGED_CIRCUMSTANCES' | 'FAILED_REINTEGRATION' | 'OTHER';
export const REPEAT_APPLICANT_EXCEPTION_REASONS: readonly RepeatApplicantExceptionReason[] = [
  'PROTECTION_NEED',
  'FAMILY_REUNIFICATION',
  'CHANGED_CIRCUMSTANCES',
  'FAILED_REINTEGRATION',
  'OTHER',
];

/** Stages of an earlier case that show the person already departed with assistance (a repeat applicant). */
export const ASSISTED_STAGES: readonly string[] = [
  'DEPARTED',
  'ARRIVED',
  'HANDED_OVER',
  'REINTEGRATION',
  'MONITORING',
  'CLOSED',
];

/** What happens to a repeat applicant (same person as an earlier case that departed with assistance). */
export type RepeatApplicantRule = 'SUPERVISOR_EXCEPTION' | 'ALLOWED' | 'NOT_ELIGIBLE';
