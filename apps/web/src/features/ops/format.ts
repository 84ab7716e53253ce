/** Small formatting helpers of the operations screens (localised with Intl, never by hand). */

/** "3 days" / "5 hours" / "12 minutes" in the console's language. */
export function formatAge(seconds: number, language: string): string {
  const [value, unit] =
    seconds >= 2 * 86400
      ? [Math.floor(seconds / 86400), 'day']
      : seconds >= 2 * 3600
        ? [Math.floor(seconds / 3600), 'hour']
        : [Math.max(0, Math.floor(seconds / 60)), 'minute'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** A short, stable form of a user id for the approvals (operations screens show ids, never names). */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : '';
}

/** The filter's non-empty fields only (the URL and the API get no empty parameters). */
export function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}
