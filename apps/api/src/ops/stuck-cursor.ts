import type { StuckPosition } from '@avrr/persistence';

/** The opaque `cursor` of GET /ops/stuck: the last item's place in the list's order, as base64url JSON. */
export function encodeStuckCursor(p: StuckPosition): string {
  return Buffer.from(JSON.stringify({ since: p.since, caseId: p.caseId, kind: p.kind, reason: p.reason })).toString(
    'base64url',
  );
}

/** The position a cursor carries, or null for anything this API did not write (the caller answers 400). */
export function decodeStuckCursor(cursor: string): StuckPosition | null {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<StuckPosition>;
    if (
      typeof p.since === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(p.since) &&
      typeof p.caseId === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(p.caseId) &&
      typeof p.kind === 'string' &&
      /^[A-Z_]{1,16}$/.test(p.kind) &&
      typeof p.reason === 'string' &&
      /^[A-Z_]{1,40}$/.test(p.reason)
    )
      return { since: p.since, caseId: p.caseId, kind: p.kind, reason: p.reason };
  } catch {
    // not JSON
  }
  return null;
}
