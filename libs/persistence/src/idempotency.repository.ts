import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type IdempotencyClaim =
  | { kind: 'new' | 'resume'; resourceId: string }
  | { kind: 'done'; resourceId: string; response: unknown }
  | { kind: 'mismatch' };

/** Idempotency keys of HTTP requests that create resources (the command endpoints use Temporal's Update id). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims (scope, key) for a request. The first caller gets `new` with `proposedId`; a retry gets the same
   * resource id (`resume` while the first attempt has not finished, `done` with its response after), and a
   * different request under the same key gets `mismatch`.
   */
  async claim(scope: string, key: string, requestHash: string, proposedId: string): Promise<IdempotencyClaim> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, resource_id) VALUES ($1,$2,$3,$4)
       ON CONFLICT (scope, key) DO NOTHING RETURNING resource_id`,
      [scope, key, requestHash, proposedId],
    );
    if (inserted.length) return { kind: 'new', resourceId: proposedId };
    const [row] = await this.db.query(
      'SELECT request_hash, resource_id, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    return row.response === null
      ? { kind: 'resume', resourceId: row.resource_id }
      : { kind: 'done', resourceId: row.resource_id, response: row.response };
  }

  /** Frees a claim whose request was refused before it did anything (no response recorded). */
  async release(scope: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND response IS NULL', [
      scope,
      key,
    ]);
  }

  async complete(scope: string, key: string, response: unknown): Promise<void> {
    await this.db.query('UPDATE idempotency_keys SET response = $3 WHERE scope = $1 AND key = $2', [
      scope,
      key,
      JSON.stringify(response),
    ]);
  }
}
