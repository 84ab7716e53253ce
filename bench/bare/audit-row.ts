/**
 * The row the "bare + PostgreSQL" arm writes per Update (bench/bare/bare.workflow.ts): a table with the least an audit
 * row needs (who, which step, when, the payload) and a primary key that makes a retried write a no-op, as case_events'
 * UNIQUE (case_id, version) does. Shared by the bare worker (writes) and the benchmark (creates, measures).
 */
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';

export const AUDIT_ROW_TABLE = 'bench_bare_events';

export const CREATE_AUDIT_ROW_TABLE = `CREATE TABLE IF NOT EXISTS ${AUDIT_ROW_TABLE} (
  workflow_id text NOT NULL, n integer NOT NULL, recorded_at timestamptz NOT NULL, payload text NOT NULL,
  PRIMARY KEY (workflow_id, n))`;

const INSERT = `INSERT INTO ${AUDIT_ROW_TABLE} (workflow_id, n, recorded_at, payload) VALUES ($1, $2, now(), $3)
  ON CONFLICT (workflow_id, n) DO NOTHING`;

/** What a row takes besides its payload's characters: tuple header, the other columns, the payload's 4-byte length. */
export async function rowOverheadBytes(pool: Pool, workflowId: string): Promise<number> {
  const [row] = (
    await pool.query(`SELECT pg_column_size(ROW($1::text, 1::integer, now(), repeat('x', 200))) - 200 AS bytes`, [
      workflowId,
    ])
  ).rows as { bytes: number }[];
  return Number(row.bytes);
}

/** Random base64 (incompressible, as the case arm's sealed column is), cached per length. */
const payloads = new Map<number, string>();
function payload(chars: number): string {
  let p = payloads.get(chars);
  if (p === undefined) {
    p = randomBytes(Math.ceil((chars * 3) / 4) + 3)
      .toString('base64')
      .slice(0, chars);
    payloads.set(chars, p);
  }
  return p;
}

/** One INSERT, its own transaction (autocommit): one round trip, one commit. `bytes` is the whole row's target size. */
export async function writeAuditRow(
  pool: Pool,
  workflowId: string,
  n: number,
  bytes: number,
  overhead: number,
): Promise<void> {
  await pool.query(INSERT, [workflowId, n, payload(Math.max(0, bytes - overhead))]);
}
