import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Why a link of a case's audit chain does not hold (the migration 1764680000000-audit-chain defines the hashes). */
export type AuditChainBreak =
  /** The row's columns no longer give its content hash: a field was changed after it was written. */
  | 'CONTENT_ALTERED'
  /** The row's sealed events no longer give their hash, and no retention run redacted this case. */
  | 'SEALED_EVENTS_ALTERED'
  /** The row's chain hash is not sha256(previous hash || content hash): a hash was rewritten. */
  | 'HASH_MISMATCH'
  /** The row does not point at the row before it: a row was deleted, inserted or reordered. */
  | 'LINK_BROKEN'
  /** The sequence skips a number: a row was deleted. */
  | 'SEQUENCE_GAP';

export interface AuditChainVerification {
  caseId: string;
  /** Links checked (rows of case_events). */
  links: number;
  intact: boolean;
  /** The chain's last hash (hex): kept outside the database, it also shows a truncated tail. */
  headHash: string | null;
  /** Rows whose sealed events a retention run redacted (their sealed hash no longer matches, by design). */
  redactedByRetention: number;
  firstBroken: { chainSeq: number; version: number; recordedAt: string; reason: AuditChainBreak } | null;
}

interface LinkRow {
  chain_seq: number;
  version: number;
  recorded_at: Date;
  content_ok: boolean;
  sealed_ok: boolean;
  hash_ok: boolean;
  link_ok: boolean;
  expected_seq: number;
  chain_hash: string;
}

/**
 * Verifies the hash chain of `case_events`: recomputes every row's hashes with the same SQL functions the insert
 * trigger uses (one definition of the hash, in the migration) and walks the chain in sequence order.
 */
@Injectable()
export class AuditChainRepository {
  constructor(private readonly db: DataSource) {}

  async verify(caseId: string): Promise<AuditChainVerification> {
    const rows: LinkRow[] = await this.db.query(
      `SELECT chain_seq, version, recorded_at,
         content_hash = case_event_content_hash(e, sealed_hash) AS content_ok,
         sealed_hash = sha256(convert_to(events_sealed, 'UTF8')) AS sealed_ok,
         chain_hash = case_event_chain_hash(prev_hash, content_hash) AS hash_ok,
         prev_hash IS NOT DISTINCT FROM lag(chain_hash) OVER w AS link_ok,
         row_number() OVER w AS expected_seq,
         encode(chain_hash, 'hex') AS chain_hash
       FROM case_events e WHERE case_id = $1 WINDOW w AS (ORDER BY chain_seq) ORDER BY chain_seq`,
      [caseId],
    );
    const redacted = await this.redactedByRetention(caseId);
    let redactedCount = 0;
    let firstBroken: AuditChainVerification['firstBroken'] = null;
    for (const r of rows) {
      const reason = breakOf(r, redacted);
      if (!reason && !r.sealed_ok) redactedCount++;
      if (reason) {
        firstBroken = {
          chainSeq: r.chain_seq,
          version: r.version,
          recordedAt: r.recorded_at.toISOString(),
          reason,
        };
        break;
      }
    }
    return {
      caseId,
      links: rows.length,
      intact: firstBroken === null,
      headHash: rows.length ? rows[rows.length - 1].chain_hash : null,
      redactedByRetention: redactedCount,
      firstBroken,
    };
  }

  /** Every case with an audit trail, in pages (the CLI's whole-database check). */
  async caseIds(after: string | null, limit: number): Promise<string[]> {
    const rows: { case_id: string }[] = await this.db.query(
      `SELECT DISTINCT case_id FROM case_events WHERE $1::uuid IS NULL OR case_id > $1::uuid ORDER BY case_id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.case_id);
  }

  /** Whether a retention run redacted this case's sealed events (the retention tables may not exist). */
  private async redactedByRetention(caseId: string): Promise<boolean> {
    const [t]: { t: string | null }[] = await this.db.query(`SELECT to_regclass('case_retention')::text AS t`);
    if (!t?.t) return false;
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM case_retention WHERE case_id = $1 AND cardinality(coalesce(erased, '{}')) > 0`,
      [caseId],
    );
    return rows.length > 0;
  }
}

function breakOf(r: LinkRow, redactedByRetention: boolean): AuditChainBreak | null {
  if (Number(r.expected_seq) !== r.chain_seq) return 'SEQUENCE_GAP';
  if (!r.link_ok) return 'LINK_BROKEN';
  if (!r.content_ok) return 'CONTENT_ALTERED';
  if (!r.hash_ok) return 'HASH_MISMATCH';
  if (!r.sealed_ok && !redactedByRetention) return 'SEALED_EVENTS_ALTERED';
  return null;
}
