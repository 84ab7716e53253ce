import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type IdempotencyClaim =
  { kind: 'new' | 'resume'; resourceId: string } | { kind: 'done'; resourceId: string } | { kind: 'mismatch' };

export { idempotencyDigestKey, idempotencyKeyDigest } from './opaque-ids';

/**
 * Idempotency keys of HTTP requests that create resources (the command endpoints use Temporal's Update id). A record
 * holds the scope (user and endpoint), the key's digest, the request's keyed hash, the resource id and whether the
 * first attempt completed: no response, so no copy of the household's personal data; a replay reads the resource.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims (scope, keyDigest) for a request. The first caller gets `new` with `proposedId`; a retry gets the same
   * resource id (`resume` while the first attempt has not finished, `done` after), and a different request under the
   * same key gets `mismatch`.
   */
  async claim(scope: string, keyDigest: string, requestHash: string, proposedId: string): Promise<IdempotencyClaim> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ($1,$2,$3,$4)
       ON CONFLICT (scope, key) DO NOTHING RETURNING resource_id`,
      [scope, keyDigest, requestHash, proposedId],
    );
    if (inserted.length) return { kind: 'new', resourceId: proposedId };
    const [row] = await this.db.query(
      'SELECT request_hash, resource_id, completed_at FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, keyDigest],
    );
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    return row.completed_at === null
      ? { kind: 'resume', resourceId: row.resource_id }
      : { kind: 'done', resourceId: row.resource_id };
  }

  /** Frees a claim whose request was refused before it did anything (not completed). */
  async release(scope: string, keyDigest: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND completed_at IS NULL', [
      scope,
      keyDigest,
    ]);
  }

  /** The first attempt finished: a retry is answered from the resource as it is then. */
  async complete(scope: string, keyDigest: string): Promise<void> {
    await this.db.query(
      'UPDATE idempotency_keys SET completed_at = now() WHERE scope = $1 AND key = $2 AND completed_at IS NULL',
      [scope, keyDigest],
    );
  }
}
