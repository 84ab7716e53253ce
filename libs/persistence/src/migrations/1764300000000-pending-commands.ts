import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Commands sent to a case workflow whose committed result is not projected yet. The API records one before the
 * Update and the projection of its result deletes it in the same statement that writes the audit row; what is left
 * (an API that died after Temporal committed, PostgreSQL away at that moment) is projected by the worker's
 * reconciler from Temporal's history. Ids only: no personal data. A reconciliation that fails is counted here
 * (attempts, last error), so operations see a projection that keeps failing (PROJECTION_FAILING).
 */
export class PendingCommands1764300000000 implements MigrationInterface {
  name = 'PendingCommands1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pending_commands (
      command_id text PRIMARY KEY,
      case_id uuid NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      last_attempt_at timestamptz
    )`);
    await q.query('CREATE INDEX pending_commands_sent_at ON pending_commands (sent_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS pending_commands');
  }
}
