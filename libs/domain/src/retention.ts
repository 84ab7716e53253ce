import { discloseEvent, type Reader, type Topic } from './disclosure';
import type { CaseEvent } from './events';
import type { CaseView } from './view';

/**
 * Retention (AVRR.md §13 principle 9, issue 11 item 4): how long each category of personal data is kept after a case
 * ended, and what is due for erasure when. Pure: the caller passes the case's facts and `now`.
 *
 * - IDENTITY_CONTACT: names, aliases, date of birth, phone, e-mail, address (individuals, search terms, phone digits),
 *   and every copy that could identify a person (idempotency records, notification bodies, report rows' dates of birth).
 * - CASE_MANAGEMENT: counselling notes, itinerary, plan, visits and RSS answers as sealed in the audit trail, the
 *   free-text parts of the case view, open tasks and reminders, and the case's Temporal history (its data key).
 * - SPECIAL_CATEGORY: health, VoT, GBV, asylum, BID and legal facts (sealed columns).
 * - BIOMETRICS: photos, thumbprints and document images.
 * - FINANCIAL: tranche and payment records, kept longer for audit; their amounts are not personal once the rest is gone.
 */
export type RetentionCategory =
  'IDENTITY_CONTACT' | 'CASE_MANAGEMENT' | 'SPECIAL_CATEGORY' | 'BIOMETRICS' | 'FINANCIAL';

export const RETENTION_CATEGORIES: readonly RetentionCategory[] = [
  'IDENTITY_CONTACT',
  'CASE_MANAGEMENT',
  'SPECIAL_CATEGORY',
  'BIOMETRICS',
  'FINANCIAL',
];

/** Seconds each category is kept after the case ended. */
export type RetentionSchedule = Record<RetentionCategory, number>;

const DAY = 86_400;

/**
 * Defaults: special categories and biometrics go first (they are the most harmful and the least needed once the
 * reintegration ended), identity and case notes after five years, financial records after ten (audit).
 */
export const DEFAULT_RETENTION_SCHEDULE: RetentionSchedule = {
  SPECIAL_CATEGORY: 2 * 365 * DAY,
  BIOMETRICS: 365 * DAY,
  IDENTITY_CONTACT: 5 * 365 * DAY,
  CASE_MANAGEMENT: 5 * 365 * DAY,
  FINANCIAL: 10 * 365 * DAY,
};

/** The categories whose erasure makes a case anonymised: nothing left that identifies a person or tells their story. */
export const ANONYMISING_CATEGORIES: readonly RetentionCategory[] = [
  'IDENTITY_CONTACT',
  'CASE_MANAGEMENT',
  'SPECIAL_CATEGORY',
  'BIOMETRICS',
];

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: DAY, y: 365 * DAY };

/**
 * Reads `CATEGORY=<n><s|m|h|d|y>,...` (e.g. `SPECIAL_CATEGORY=730d,FINANCIAL=10y`) over the defaults. Unknown
 * categories and malformed periods are problems, so a typo never silently keeps data for the default period.
 */
export function parseRetentionSchedule(spec: string | undefined): { schedule: RetentionSchedule; problems: string[] } {
  const schedule: RetentionSchedule = { ...DEFAULT_RETENTION_SCHEDULE };
  const problems: string[] = [];
  for (const entry of (spec ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Z_]+)=(\d+)([smhdy])$/.exec(entry);
    if (!match) {
      problems.push(`"${entry.slice(0, 40)}" is not CATEGORY=<number><s|m|h|d|y>`);
      continue;
    }
    const category = match[1] as RetentionCategory;
    if (!RETENTION_CATEGORIES.includes(category)) {
      problems.push(`unknown category ${category.slice(0, 40)} (one of ${RETENTION_CATEGORIES.join(', ')})`);
      continue;
    }
    schedule[category] = Number(match[2]) * UNIT_SECONDS[match[3]];
  }
  return { schedule, problems };
}

/** What retention needs to know of a case: when (and whether) it ended, and what was already erased. */
export interface RetentionCaseFacts {
  stage: CaseView['stage'];
  closedAt?: string;
  withdrawnAt?: string;
  cancelledAt?: string;
  /** Categories already erased (by an earlier run). */
  erased: readonly RetentionCategory[];
}

export interface RetentionDue {
  category: RetentionCategory;
  /** Closure plus the category's period. */
  dueAt: string;
  due: boolean;
  erased: boolean;
}

/**
 * When the case ended, the anchor of every retention period: the closure, or the withdrawal or cancellation of a
 * case that left the process. A case still in progress has none (nothing is ever due).
 */
export function retentionAnchor(facts: Pick<RetentionCaseFacts, 'stage' | 'closedAt' | 'withdrawnAt' | 'cancelledAt'>) {
  if (facts.stage === 'CLOSED') return facts.closedAt;
  if (facts.stage === 'WITHDRAWN') return facts.withdrawnAt;
  if (facts.stage === 'CANCELLED') return facts.cancelledAt;
  return undefined;
}

/** Per category: when it falls due, whether it is due at `now`, and whether it was already erased. */
export function retentionSchedule(facts: RetentionCaseFacts, schedule: RetentionSchedule, now: string): RetentionDue[] {
  const anchor = retentionAnchor(facts);
  if (!anchor) return [];
  const from = Date.parse(anchor);
  const at = Date.parse(now);
  return RETENTION_CATEGORIES.map((category) => {
    const dueMs = from + schedule[category] * 1000;
    return {
      category,
      dueAt: new Date(dueMs).toISOString(),
      due: dueMs <= at,
      erased: facts.erased.includes(category),
    };
  });
}

/** What a retention run must erase of one case now: the due categories not yet erased, and whether it ends anonymised. */
export interface RetentionPlan {
  erase: RetentionCategory[];
  /** Every anonymising category is erased after this run: the case's data key is destroyed (crypto-shredding). */
  anonymise: boolean;
}

export function retentionPlan(facts: RetentionCaseFacts, schedule: RetentionSchedule, now: string): RetentionPlan {
  const rows = retentionSchedule(facts, schedule, now);
  const erase = rows.filter((r) => r.due && !r.erased).map((r) => r.category);
  const gone = new Set([...facts.erased, ...erase]);
  const anonymise =
    erase.some((c) => ANONYMISING_CATEGORIES.includes(c)) && ANONYMISING_CATEGORIES.every((c) => gone.has(c));
  return { erase, anonymise };
}

/**
 * The case view once anonymised: the facts lists and reports need (stage, office, country, dates, counts, flags,
 * members' relationship, sex, age and status, the money) stay; what could tell who a person is or what happened to
 * them goes: document numbers, free-text reasons, the itinerary reference, the re-open split reference.
 */
export function anonymisedView(view: CaseView): CaseView {
  return {
    ...view,
    holds: view.holds.map(({ reason: _reason, ...hold }) => hold),
    members: view.members.map((m) => ({ ...m, documents: [], vulnerabilities: [], assessments: [] })),
    ...(view.booking ? { booking: { ...view.booking, itineraryRef: 'ANONYMISED' } } : {}),
  };
}

/** Counts of one retention run, per category: how many cases had it erased (or would have, in a dry run). */
export type RetentionCounts = Record<RetentionCategory, number>;

export function emptyRetentionCounts(): RetentionCounts {
  return { IDENTITY_CONTACT: 0, CASE_MANAGEMENT: 0, SPECIAL_CATEGORY: 0, BIOMETRICS: 0, FINANCIAL: 0 };
}

/** Adds one case's plan to a run's counts. */
export function countRetention(counts: RetentionCounts, plan: RetentionPlan): RetentionCounts {
  const next = { ...counts };
  for (const c of plan.erase) next[c] += 1;
  return next;
}

/** The retention category of each disclosure topic; OPERATIONAL (D0) facts are kept for good (null). */
export const TOPIC_RETENTION: Record<Topic, RetentionCategory | null> = {
  OPERATIONAL: null,
  IDENTITY: 'IDENTITY_CONTACT',
  PAYEE: 'IDENTITY_CONTACT',
  CASE_MANAGEMENT: 'CASE_MANAGEMENT',
  ITINERARY: 'CASE_MANAGEMENT',
  MONEY: 'FINANCIAL',
  SERVICE_CODES: 'SPECIAL_CATEGORY',
  NEEDS: 'SPECIAL_CATEGORY',
  VOT: 'SPECIAL_CATEGORY',
  GBV: 'SPECIAL_CATEGORY',
  ASYLUM: 'SPECIAL_CATEGORY',
  HEALTH: 'SPECIAL_CATEGORY',
  MENTAL_HEALTH: 'SPECIAL_CATEGORY',
  BID: 'SPECIAL_CATEGORY',
  LEGAL: 'SPECIAL_CATEGORY',
};

/**
 * What the audit trail keeps of a case's events once `erased` are gone: each event as the disclosure policy shows it
 * to a reader of the topics still retained. The same table that shapes a response shapes what survives, so a
 * tranche payment stays (as finance sees it) until FINANCIAL is due, and a VoT finding goes with SPECIAL_CATEGORY.
 */
export function retainedAuditEvents(events: readonly CaseEvent[], erased: readonly RetentionCategory[]) {
  const topics = (Object.keys(TOPIC_RETENTION) as Topic[]).filter((t) => {
    const category = TOPIC_RETENTION[t];
    return category === null || !erased.includes(category);
  });
  const reader: Reader = { role: 'system', topics: new Set(topics) };
  return events.map((e) => discloseEvent(e, reader));
}
