import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data protection (AVRR.md §13): the transfers that left the organisation or crossed offices (derived from the commands
 * that send data, or requested by hand and decided by the data protection focal point), the access requests (an export
 * of everything held about one person, itself audited), the correction requests (history kept: declared vs confirmed)
 * and the incident log. Transfers, access requests and incidents are append-only but for the decision of a pending
 * transfer (its status, approver and time), which the trigger allows once.
 */
export class DataProtection1764620000000 implements MigrationInterface {
  name = 'DataProtection1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE transfers (
      id varchar(160) PRIMARY KEY,
      case_id uuid NOT NULL,
      case_version integer,
      member_ids text[] NOT NULL DEFAULT '{}',
      recipient_kind varchar(32) NOT NULL,
      recipient_name varchar(128) NOT NULL,
      purpose varchar(64) NOT NULL,
      items text[] NOT NULL,
      legal_basis_kind varchar(16) NOT NULL CHECK (legal_basis_kind IN ('CONSENT', 'AGREEMENT')),
      legal_basis_ref varchar(255) NOT NULL,
      safeguards text[] NOT NULL DEFAULT '{}',
      status varchar(24) NOT NULL CHECK (status IN ('SENT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED')),
      outside_items text[] NOT NULL DEFAULT '{}',
      requested_by varchar(64) NOT NULL,
      approved_by varchar(64),
      decided_at timestamptz,
      decision_reason varchar(64),
      transfer_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX transfers_case_idx ON transfers (case_id, transfer_at)');
    await q.query(`CREATE INDEX transfers_pending_idx ON transfers (recorded_at) WHERE status = 'PENDING_APPROVAL'`);
    // Append-only, except the one decision of a pending transfer.
    await q.query(`CREATE FUNCTION transfers_decide_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.status <> 'PENDING_APPROVAL' OR NEW.status NOT IN ('APPROVED', 'REJECTED')
          OR NEW.items <> OLD.items OR NEW.recipient_kind <> OLD.recipient_kind OR NEW.case_id <> OLD.case_id THEN
          RAISE EXCEPTION 'transfers are append-only; a pending transfer is decided once';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
      FOR EACH ROW EXECUTE FUNCTION transfers_decide_once()`);

    await q.query(`CREATE TABLE dp_access_requests (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      member_id uuid NOT NULL,
      requested_by uuid NOT NULL,
      channel varchar(32) NOT NULL,
      status varchar(16) NOT NULL,
      sections text[] NOT NULL DEFAULT '{}',
      export_sha256 char(64),
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX dp_access_requests_case_idx ON dp_access_requests (case_id, recorded_at)');
    await q.query(`CREATE TRIGGER dp_access_requests_no_update BEFORE UPDATE OR DELETE ON dp_access_requests
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);

    // A correction is a new row: the value as declared or as confirmed (by the consulate), the earlier ones kept.
    await q.query(`CREATE TABLE dp_corrections (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      member_id uuid NOT NULL,
      field varchar(32) NOT NULL,
      value_sealed text NOT NULL,
      basis varchar(16) NOT NULL CHECK (basis IN ('DECLARED', 'CONFIRMED')),
      source varchar(64) NOT NULL,
      requested_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX dp_corrections_member_idx ON dp_corrections (case_id, member_id, field, id)');
    await q.query(`CREATE TRIGGER dp_corrections_no_update BEFORE UPDATE OR DELETE ON dp_corrections
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);

    await q.query(`CREATE TABLE dp_incidents (
      id uuid PRIMARY KEY,
      kind varchar(32) NOT NULL,
      severity varchar(8) NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH')),
      case_id uuid,
      occurred_at timestamptz NOT NULL,
      description_sealed text NOT NULL,
      containment varchar(64),
      reported_by uuid NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX dp_incidents_recorded_idx ON dp_incidents (recorded_at)');
    await q.query(`CREATE TRIGGER dp_incidents_no_update BEFORE UPDATE OR DELETE ON dp_incidents
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dp_incidents');
    await q.query('DROP TABLE dp_corrections');
    await q.query('DROP TABLE dp_access_requests');
    await q.query('DROP TABLE transfers');
    await q.query('DROP FUNCTION transfers_decide_once');
  }
}
