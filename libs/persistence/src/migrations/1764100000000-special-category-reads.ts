import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who viewed special-category data (D3) of a case, and when (AVRR.md §13 principle 7: "log who viewed D3").
 * Append-only; ids and codes only.
 */
export class SpecialCategoryReads1764100000000 implements MigrationInterface {
  name = 'SpecialCategoryReads1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE special_category_reads (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL,
      via text NOT NULL,
      categories text[] NOT NULL,
      read_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX special_category_reads_case ON special_category_reads (case_id, read_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS special_category_reads');
  }
}
