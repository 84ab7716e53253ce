import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether a scrape may read /metrics: always when no token is configured, otherwise only with
 * `Authorization: Bearer <token>` (compared in constant time).
 */
export function metricsScrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const presented = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}
