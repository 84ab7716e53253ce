import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of the incident log (issue 11 item 4): an incident tied to a case tells, in its description, what happened
 * to whom. When the case's identity or case-management data is erased, the retention job empties the sealed
 * description; the row stays with its kind, severity, dates, containment code and case id (the record that an incident
 * happened). The log stays append-only otherwise, as dp_corrections does: only that one change, only inside the
 * retention job's transaction (`SET LOCAL avrr.retention = 'on'`).
 */
export class IncidentRetention1764690000000 implements MigrationInterface {
  name = 'IncidentRetention1764690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION dp_incidents_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('avrr.retention', true) = 'on' AND NEW.description_sealed = ''
           AND (to_jsonb(NEW) - 'description_sealed') = (to_jsonb(OLD) - 'description_sealed') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'dp_incidents is append-only';
      END $$`);
    await q.query('DROP TRIGGER dp_incidents_no_update ON dp_incidents');
    await q.query(`CREATE TRIGGER dp_incidents_no_update BEFORE UPDATE OR DELETE ON dp_incidents
      FOR EACH ROW EXECUTE FUNCTION dp_incidents_retention_guard()`);
    await q.query('CREATE INDEX dp_incidents_case_idx ON dp_incidents (case_id) WHERE case_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dp_incidents_case_idx');
    await q.query('DROP TRIGGER dp_incidents_no_update ON dp_incidents');
    await q.query(`CREATE TRIGGER dp_incidents_no_update BEFORE UPDATE OR DELETE ON dp_incidents
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query('DROP FUNCTION dp_incidents_retention_guard');
  }
}
