import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A case id: the case workflow's id (ARCHITECTURE.md: workflow id = case id). Other workflow ids get no case key. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isCaseId = (id: string | undefined): id is string => !!id && CASE_ID.test(id);

/** One row of `case_data_keys`. */
export interface StoredCaseKey {
  masterKeyId: string;
  /** iv (12) + ciphertext (32) + tag (16); null once destroyed. */
  wrappedKey: Buffer | null;
}

/** Where the wrapped keys live (PostgreSQL `case_data_keys`); the SQL is the keyring's, the connection the caller's. */
export type SqlQuery = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** The data key of a case was destroyed by the retention job: its payloads can no longer be read or written. */
export class CaseKeyDestroyedError extends Error {
  constructor(readonly caseId: string) {
    super(`payload codec: the data key of case ${caseId} was destroyed (retention)`);
    this.name = 'CaseKeyDestroyedError';
  }
}

/**
 * Per-case payload data keys for crypto-shredding. Each case gets a random AES-256 key the first time one of its
 * payloads is encoded; the key is stored wrapped (AES-256-GCM, the case id as associated data) by the active payload
 * master key, with the master key's id so the master keys can rotate. `destroy` deletes the wrapped key: every
 * payload of the case in Temporal's history is then ciphertext nobody can open, while the rest of the namespace is
 * untouched. Unwrapped keys are cached for `cacheMs` (a destroyed key stays usable that long in other processes;
 * `fresh` lookups, as the codec endpoint makes, skip the cache).
 */
export class CaseKeyring {
  private readonly cache = new Map<string, { key: Buffer; until: number }>();

  constructor(
    private readonly masterKeys: Record<string, Buffer>,
    private readonly activeMasterKeyId: string,
    private readonly query: SqlQuery,
    private readonly cacheMs = 60_000,
  ) {}

  /** The case's key for encoding: created (once, race-free) when the case has none yet; refused once destroyed. */
  async keyForEncode(caseId: string): Promise<Buffer> {
    const cached = this.cached(caseId);
    if (cached) return cached;
    const fresh = randomBytes(32);
    await this.query(
      `INSERT INTO case_data_keys (case_id, master_key_id, wrapped_key) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO NOTHING`,
      [caseId, this.activeMasterKeyId, this.wrap(caseId, fresh)],
    );
    return this.keyForDecode(caseId, true);
  }

  /** The case's key for decoding; throws CaseKeyDestroyedError once destroyed, or when the case never had one. */
  async keyForDecode(caseId: string, fresh = false): Promise<Buffer> {
    const cached = fresh ? undefined : this.cached(caseId);
    if (cached) return cached;
    const [row] = await this.query('SELECT master_key_id, wrapped_key FROM case_data_keys WHERE case_id = $1', [
      caseId,
    ]);
    const wrapped = row?.wrapped_key as Buffer | null | undefined;
    if (!row || !wrapped) {
      this.cache.delete(caseId);
      throw new CaseKeyDestroyedError(caseId);
    }
    const key = this.unwrap(caseId, { masterKeyId: String(row.master_key_id), wrappedKey: wrapped });
    if (this.cacheMs > 0) this.cache.set(caseId, { key, until: Date.now() + this.cacheMs });
    return key;
  }

  /** Crypto-shredding: the wrapped key is overwritten with NULL (a row stays, so no new key is ever made for the case). */
  async destroy(caseId: string): Promise<boolean> {
    this.cache.delete(caseId);
    const rows = await this.query(
      `INSERT INTO case_data_keys (case_id, master_key_id, wrapped_key, destroyed_at) VALUES ($1, $2, NULL, now())
       ON CONFLICT (case_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = coalesce(case_data_keys.destroyed_at, now())
       RETURNING (xmax = 0) AS inserted`,
      [caseId, this.activeMasterKeyId],
    );
    return rows.length > 0;
  }

  /** Drops a cached key (after destroy in another process, or in tests). */
  forget(caseId: string): void {
    this.cache.delete(caseId);
  }

  private cached(caseId: string): Buffer | undefined {
    const hit = this.cache.get(caseId);
    if (hit && hit.until > Date.now()) return hit.key;
    if (hit) this.cache.delete(caseId);
    return undefined;
  }

  private wrap(caseId: string, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.masterKeys[this.activeMasterKeyId], iv);
    cipher.setAAD(Buffer.from(caseId));
    return Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  }

  private unwrap(caseId: string, stored: StoredCaseKey): Buffer {
    const master = this.masterKeys[stored.masterKeyId];
    if (!master || !stored.wrappedKey) throw new Error(`payload codec: no master key "${stored.masterKeyId}"`);
    const data = stored.wrappedKey;
    const decipher = createDecipheriv('aes-256-gcm', master, data.subarray(0, 12));
    decipher.setAAD(Buffer.from(caseId));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
  }
}
