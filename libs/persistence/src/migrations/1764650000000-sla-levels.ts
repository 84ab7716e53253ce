import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA levels of AVRR.md §9: an alert raised once per case, clock start and level now also at the critical level and
 * for the whole-journey clock (registration to departure, keyed on the case's opening).
 */
export class SlaLevels1764650000000 implements MigrationInterface {
  name = 'SlaLevels1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sla_alerts DROP CONSTRAINT IF EXISTS sla_alerts_level_check');
    await q.query(
      `ALTER TABLE sla_alerts ADD CONSTRAINT sla_alerts_level_check
         CHECK (level IN ('ALERT', 'ESCALATE', 'CRITICAL', 'JOURNEY_ALERT', 'JOURNEY_ESCALATE'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sla_alerts WHERE level NOT IN ('ALERT', 'ESCALATE')`);
    await q.query('ALTER TABLE sla_alerts DROP CONSTRAINT IF EXISTS sla_alerts_level_check');
    await q.query(
      `ALTER TABLE sla_alerts ADD CONSTRAINT sla_alerts_level_check CHECK (level IN ('ALERT', 'ESCALATE'))`,
    );
  }
}
