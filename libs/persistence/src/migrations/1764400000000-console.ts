import { MigrationInterface, QueryRunner } from 'typeorm';
import { nameTermsOf, phoneDigits } from '../search-terms';

/** Rows backfilled per statement. */
const BATCH = 500;

/**
 * What the web console needs of the database:
 * - `users.language`: the console language a user chose (NULL: the browser's).
 * - `cases.awaiting` ('role:CommandType', the work each role has open on the case), `cases.awaiting_except`
 *   ('CommandType:userId', who may not do it: segregation of duties) and `cases.next_deadline` ({ kind, dueAt }), written
 *   by the projection from the workflow's state. Rows projected before stay empty until their case's next change.
 * - Case search on personal data without decrypting anything and without loading households: names and phone
 *   numbers sit in clear in `individuals` (D1, protected by the database's access control; only special categories
 *   are sealed), so their normal form sits beside them: `individual_search_terms` (one row per name word, folded case
 *   and accents, in the "C" collation so a btree serves prefix searches) and `individuals.phone_digits` (searched by
 *   its last digits through an index on the reversed digits). Existing rows are backfilled here with the same
 *   normalisation the repository writes with (search-terms.ts).
 */
export class Console1764400000000 implements MigrationInterface {
  name = 'Console1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN language varchar(2) CHECK (language IN ('en', 'fr', 'ar'))`);
    await q.query(`ALTER TABLE cases ADD COLUMN awaiting text[] NOT NULL DEFAULT '{}',
      ADD COLUMN awaiting_except text[] NOT NULL DEFAULT '{}', ADD COLUMN next_deadline jsonb`);
    await q.query('CREATE INDEX cases_awaiting_idx ON cases USING gin (awaiting)');
    await q.query(`CREATE TABLE individual_search_terms (
      individual_id uuid NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
      term text COLLATE "C" NOT NULL,
      PRIMARY KEY (term, individual_id)
    )`);
    await q.query('CREATE INDEX individual_search_terms_individual_idx ON individual_search_terms (individual_id)');
    await q.query('ALTER TABLE individuals ADD COLUMN phone_digits varchar(32)');
    await q.query(
      'CREATE INDEX individuals_phone_suffix_idx ON individuals (reverse(phone_digits) text_pattern_ops) WHERE phone_digits IS NOT NULL',
    );
    await q.query('CREATE INDEX individuals_date_of_birth_idx ON individuals (date_of_birth)');
    await q.query('CREATE INDEX case_members_individual_idx ON case_members (individual_id)');
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string; given_name: string; family_name: string; aliases: string[]; phone: string | null }[] =
        await q.query(
          'SELECT id, given_name, family_name, aliases, phone FROM individuals WHERE id > $1 ORDER BY id LIMIT $2',
          [after, BATCH],
        );
      if (!rows.length) break;
      const terms = rows.flatMap((r) =>
        nameTermsOf({ givenName: r.given_name, familyName: r.family_name, aliases: r.aliases }).map((term) => ({
          id: r.id,
          term,
        })),
      );
      await q.query(
        `INSERT INTO individual_search_terms (individual_id, term)
         SELECT t.id, t.term FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, term text) ON CONFLICT DO NOTHING`,
        [JSON.stringify(terms)],
      );
      await q.query(
        `UPDATE individuals i SET phone_digits = p.digits
           FROM jsonb_to_recordset($1::jsonb) AS p(id uuid, digits text) WHERE i.id = p.id`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, digits: phoneDigits(r.phone) })))],
      );
      after = rows[rows.length - 1].id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS case_members_individual_idx');
    await q.query('DROP INDEX IF EXISTS individuals_date_of_birth_idx');
    await q.query('ALTER TABLE individuals DROP COLUMN IF EXISTS phone_digits');
    await q.query('DROP TABLE IF EXISTS individual_search_terms');
    await q.query(
      'ALTER TABLE cases DROP COLUMN IF EXISTS awaiting, DROP COLUMN IF EXISTS awaiting_except, DROP COLUMN IF EXISTS next_deadline',
    );
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS language');
  }
}
