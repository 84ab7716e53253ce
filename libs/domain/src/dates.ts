/**
 * Calendar arithmetic: the one place the rules add days, months and working days, and convert between instants and
 * an office's local dates. Time zones are IANA zones through Luxon (never a fixed offset: Africa/Casablanca moves to
 * UTC+0 during Ramadan). Sandbox-safe and deterministic: every function works from the instants, dates and zones it
 * is given; nothing here reads the clock (no DateTime.now(), no `new Date()` without an argument).
 * Dates ('YYYY-MM-DD') without a zone are calendar dates compared in UTC.
 */
import { DateTime, IANAZone } from 'luxon';

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

/** A calendar date as a Luxon date in UTC (calendar arithmetic on dates never meets a time-zone shift). */
function utcDay(date: string): DateTime {
  return DateTime.fromISO(toDate(date), { zone: 'utc' });
}

function isoDate(d: DateTime): string {
  const out = d.toISODate();
  if (out === null) throw new RangeError(`Not a date: ${d.invalidExplanation ?? 'invalid'}`);
  return out;
}

/** 'YYYY-MM-DD' (or the UTC date of an instant) plus whole days. */
export function addDays(date: string, days: number): string {
  return isoDate(utcDay(date).plus({ days }));
}

/**
 * 'YYYY-MM-DD' plus whole months; the day is clamped to the month's end (31 January + 1 month = 28/29 February,
 * 29 February + 12 months = 28 February): a monitoring visit "one month after arrival" never slips into the month after.
 */
export function addMonths(date: string, months: number): string {
  return isoDate(utcDay(date).plus({ months }));
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
 * The date a person born on `dateOfBirth` reaches `years` of age, as ageOn counts it (a 29 February birthday counts
 * from 1 March in common years).
 */
export function dateOfAge(dateOfBirth: string, years: number): string {
  const [y, m, d] = toDate(dateOfBirth).split('-').map(Number) as [number, number, number];
  const sameDay = DateTime.fromObject({ year: y + years, month: m, day: d }, { zone: 'utc' });
  return sameDay.isValid
    ? isoDate(sameDay)
    : isoDate(DateTime.fromObject({ year: y + years, month: m + 1, day: 1 }, { zone: 'utc' }));
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

// ------------------------------------------------------------------------------------------------- office calendars

/** An office's calendar: IANA time zone, weekend days (0 = Sunday .. 6 = Saturday) and public holidays ('YYYY-MM-DD'). */
export interface OfficeCalendar {
  timeZone: string;
  weekendDays: readonly number[];
  holidays: readonly string[];
}

/** What counting working days needs of a calendar (its dates are already the office's local dates). */
export type WorkingCalendar = Pick<OfficeCalendar, 'weekendDays' | 'holidays'>;

/** Saturday and Sunday off, no holidays, in the given zone (UTC by default). */
export const defaultCalendar = (timeZone = 'UTC'): OfficeCalendar => ({ timeZone, weekendDays: [0, 6], holidays: [] });

/** True for a time zone name the IANA database knows (e.g. 'Africa/Casablanca'). */
export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && IANAZone.isValidZone(value);
}

/** Day of the week of a date, 0 = Sunday .. 6 = Saturday. */
export function weekdayOf(date: string): number {
  return utcDay(date).weekday % 7;
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  return !cal.weekendDays.includes(weekdayOf(date)) && !cal.holidays.includes(date);
}

/**
 * The one working-day adder: the date `n` working days after `date` (the start day is not counted, so a start on a
 * non-working day counts from the next working day).
 */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  let cur = toDate(date);
  let left = n;
  // Seven weekend days in a week cannot be a calendar; the guard keeps a misconfigured one from looping forever.
  for (let guard = 0; left > 0 && guard < 3660; guard += 1) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cur, cal)) left -= 1;
  }
  return cur;
}

/** Local wall-clock parts of an instant (ms) in a time zone. */
export function localParts(
  ms: number,
  timeZone: string,
): { date: string; hour: number; minute: number; second: number; weekday: number } {
  const t = DateTime.fromMillis(ms, { zone: timeZone });
  return { date: isoDate(t), hour: t.hour, minute: t.minute, second: t.second, weekday: t.weekday % 7 };
}

/** The office's local date of an ISO instant. */
export function localDate(instant: string, timeZone: string): string {
  return localParts(toMs(instant), timeZone).date;
}

/** The instant (ms) of a local wall-clock time ('YYYY-MM-DD' at hour:minute) in a time zone, DST and Ramadan shifts included. */
export function zonedInstant(date: string, hour: number, timeZone: string, minute = 0): number {
  return DateTime.fromISO(toDate(date), { zone: timeZone }).set({ hour, minute }).toMillis();
}

/** `n` working days of the office after an instant, at the same local time of day. */
export function addOfficeWorkingDays(fromMs: number, n: number, cal: OfficeCalendar): number {
  const p = localParts(fromMs, cal.timeZone);
  return zonedInstant(addWorkingDays(p.date, n, cal), p.hour, cal.timeZone, p.minute);
}

/** Working days elapsed between two instants, counted on local dates (whole days, the start day not counted). */
export function workingDaysBetween(fromMs: number, toMs: number, cal: OfficeCalendar): number {
  if (toMs <= fromMs) return 0;
  const from = localParts(fromMs, cal.timeZone).date;
  const to = localParts(toMs, cal.timeZone).date;
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n += 1;
  return n;
}

/**
 * The handover acknowledgement's deadline (AVRR.md §10 "handover not acknowledged: 3 working days after arrival"):
 * `workingDays` working days after the arrival's local date in the receiving office's calendar, overdue at the end
 * of that day in the office's time zone.
 */
export function handoverDeadline(
  arrivedAt: string,
  cal: OfficeCalendar,
  workingDays: number,
): { handoverDueOn: string; handoverOverdueAt: string } {
  const dueOn = addWorkingDays(localDate(arrivedAt, cal.timeZone), workingDays, cal);
  return {
    handoverDueOn: dueOn,
    handoverOverdueAt: new Date(zonedInstant(addDays(dueOn, 1), 0, cal.timeZone)).toISOString(),
  };
}
