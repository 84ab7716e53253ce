import { createHash, createHmac } from 'node:crypto';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Fingerprint of a request body, independent of key order: the same Idempotency-Key must carry the same request. With
 * `key` (the server's idempotency key) an HMAC, as stored: a plain hash of a household's data could be tested against
 * a guess of it.
 */
export function requestHash(body: unknown, key?: Buffer): string {
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(canonical(body)).digest('hex');
}
