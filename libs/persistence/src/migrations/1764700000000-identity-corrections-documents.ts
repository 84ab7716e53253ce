import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, the identity record follows its corrections and duplicate detection reads document numbers:
 * - `individual_document_digests`: the travel and identity document numbers of a person, as keyed digests only
 *   (HMAC-SHA-256 of the normal form, opaque-ids.ts documentNumberDigest), given at registration or with a document
 *   recorded later. Never a number in clear. Retention deletes them with the other search rows.
 * - `individuals.date_of_birth_corrected`: the focal point corrected the date of birth, so the reporting read model
 *   takes it from the person's record (as it takes the nationality) instead of the case's registration facts.
 */
export class IdentityCorrectionsDocuments1764700000000 implements MigrationInterface {
  name = 'IdentityCorrectionsDocuments1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE individual_document_digests (
      individual_id uuid NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
      digest text COLLATE "C" NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (digest, individual_id)
    )`);
    await q.query(
      'CREATE INDEX individual_document_digests_individual_idx ON individual_document_digests (individual_id)',
    );
    await q.query('ALTER TABLE individuals ADD COLUMN date_of_birth_corrected boolean NOT NULL DEFAULT false');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE individuals DROP COLUMN IF EXISTS date_of_birth_corrected');
    await q.query('DROP TABLE IF EXISTS individual_document_digests');
  }
}
