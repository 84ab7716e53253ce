import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Possible duplicates found at registration (issue 11 item 6): for a new case, the earlier cases (any office) one of
 * whose members scored at or above the threshold against one of its members, with the score and the features that
 * matched (codes only: no name, date or phone is copied here), and the officer's decision once recorded. A lookup by
 * phone needs the last nine digits of the normalised phone, indexed (the date of birth has its index already).
 */
export class Duplicates1764670000000 implements MigrationInterface {
  name = 'Duplicates1764670000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_duplicate_candidates (
      case_id uuid NOT NULL REFERENCES cases(id),
      candidate_case_id uuid NOT NULL REFERENCES cases(id),
      score numeric(4,3) NOT NULL CHECK (score >= 0 AND score <= 1),
      features text[] NOT NULL,
      decision varchar(16) CHECK (decision IN ('NEW_PERSON', 'SAME_PERSON')),
      decided_by uuid,
      decided_at timestamptz,
      found_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (case_id, candidate_case_id),
      CHECK (case_id <> candidate_case_id)
    )`);
    await q.query(
      'CREATE INDEX case_duplicate_candidates_candidate_idx ON case_duplicate_candidates (candidate_case_id)',
    );
    await q.query(`CREATE INDEX individuals_phone_tail_idx ON individuals (right(phone_digits, 9))
      WHERE phone_digits IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS individuals_phone_tail_idx');
    await q.query('DROP TABLE case_duplicate_candidates');
  }
}
