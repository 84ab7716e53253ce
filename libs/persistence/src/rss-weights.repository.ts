import type { RssWeights } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { insertAdminAudit, type Actor } from './admin.repository';

/** An RSS weight set as stored: the weights, the instrument they belong to, who added them and when. */
export interface RssWeightSetRecord extends RssWeights {
  instrumentVersion: string;
  createdBy: string;
  createdAt: string;
}

interface Row {
  version: string;
  instrument_version: string;
  provisional: boolean;
  dimension: Record<string, number>;
  composite: Record<string, number>;
  created_by: string;
  created_at: Date;
}

const toRecord = (r: Row): RssWeightSetRecord => ({
  version: r.version,
  instrumentVersion: r.instrument_version,
  provisional: r.provisional,
  dimension: r.dimension,
  composite: r.composite,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

const COLUMNS = 'version, instrument_version, provisional, dimension, composite, created_by, created_at';

/** The RSS weight sets administrators add (append-only table: a set is never changed, a correction is a new version). */
@Injectable()
export class RssWeightsRepository {
  constructor(private readonly db: DataSource) {}

  /** Adds a set and its audit entry in one transaction; null when the version exists already. */
  async add(actor: Actor & { id: string }, set: Omit<RssWeightSetRecord, 'createdAt'>) {
    return this.db.transaction(async (m) => {
      const rows: Row[] = await m.query(
        `INSERT INTO rss_weight_sets (version, instrument_version, provisional, dimension, composite, created_by)
         VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (version) DO NOTHING RETURNING ${COLUMNS}`,
        [
          set.version,
          set.instrumentVersion,
          set.provisional,
          JSON.stringify(set.dimension),
          JSON.stringify(set.composite),
          set.createdBy,
        ],
      );
      if (!rows.length) return null;
      const added = toRecord(rows[0]);
      await insertAdminAudit(m, actor, 'RSS_WEIGHTS_ADDED', 'RSS_WEIGHTS', added.version, null, added);
      return added;
    });
  }

  /** Every set, newest first (optionally of one instrument version). */
  async list(instrumentVersion?: string): Promise<RssWeightSetRecord[]> {
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM rss_weight_sets WHERE $1::text IS NULL OR instrument_version = $1 ORDER BY seq DESC`,
      [instrumentVersion ?? null],
    );
    return rows.map(toRecord);
  }

  async find(version: string): Promise<RssWeightSetRecord | null> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM rss_weight_sets WHERE version = $1`, [version]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** The set a new survey of this instrument is scored with: the one added last (null: the configured weights). */
  async newestFor(instrumentVersion: string): Promise<RssWeightSetRecord | null> {
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM rss_weight_sets WHERE instrument_version = $1 ORDER BY seq DESC LIMIT 1`,
      [instrumentVersion],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }
}
