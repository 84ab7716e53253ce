import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SLA state the monitor last gave a case's workflow (search attribute AvrrSlaState, for filtering in Temporal's
 * UI), so a scan signals a workflow only when the state changes. NULL: never signalled (counts as OK).
 */
export class SlaState1764200000000 implements MigrationInterface {
  name = 'SlaState1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN sla_state varchar(16)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases DROP COLUMN IF EXISTS sla_state');
  }
}
