/**
 * Calendar helpers. Sandbox-safe: only Date.UTC / Date.parse / `new Date(value)` with an argument.
 * Dates ('YYYY-MM-DD') are calendar dates compared in UTC; converting an office's local time to its calendar
 * date (Africa/Casablanca etc.) is the caller's job, which passes ISO instants with an offset.
 */

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** True for an ISO 8601 instant (date-time) that Date.parse understands. */
export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since epoch of an ISO instant or date (a date is its UTC midnight). */
export function toMs(value: string): number {
  if (DATE_RE.test(value)) return Date.parse(`${value}T00:00:00.000Z`);
  return Date.parse(value);
}

/** The UTC calendar date of an ISO instant (a date is returned unchanged). */
export function toDate(value: string): string {
  if (DATE_RE.test(value)) return value;
  return new Date(Date.parse(value)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(toMs(toDate(date)) + days * DAY_MS).toISOString().slice(0, 10);
}

export function addHours(instant: string, hours: number): string {
  return new Date(toMs(instant) + hours * 3_600_000).toISOString();
}

/** UTC midnight at the start of a date, as an ISO instant. */
export function startOfDay(date: string): string {
  return `${toDate(date)}T00:00:00.000Z`;
}

/** Whole days from a to b (dates or instants, compared as calendar dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(toDate(b)) - toMs(toDate(a))) / DAY_MS);
}

/** a < b for ISO instants or dates. */
export function isBefore(a: string, b: string): boolean {
  return toMs(a) < toMs(b);
}

export function compareInstants(a: string, b: string): number {
  return toMs(a) - toMs(b);
}

/**
 * Completed years of age on a date. A 29 February birthday counts from 1 March in common years.
 * `onDate` may be a date or an instant (its UTC date is used).
 */
export function ageOn(dateOfBirth: string, onDate: string): number {
  const dob = toDate(dateOfBirth);
  const on = toDate(onDate);
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = on.split('-').map(Number) as [number, number, number];
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age;
}
