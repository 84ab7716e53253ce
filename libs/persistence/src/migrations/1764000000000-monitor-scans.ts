import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the stuck-case monitor last finished a scan, per kind. The stuck items alone cannot say it: a scan that finds
 * nothing stuck leaves no row, and operations must tell "nothing stuck" from "nobody looked".
 */
export class MonitorScans1764000000000 implements MigrationInterface {
  name = 'MonitorScans1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE monitor_scans (
      kind text PRIMARY KEY,
      scanned_at timestamptz NOT NULL,
      items integer NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS monitor_scans');
  }
}
