import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit of the codec endpoint (POST /codec/decode and /codec/encode, used by the Temporal UI): who asked to decode
 * or encode how many payloads of which namespace, when, from which browser origin, under which request id. Temporal's
 * remote codec protocol names the namespace (X-Namespace) but not the workflow, so the namespace is what is recorded;
 * the request id joins the row to the request log line. Append-only, like the other audit trails.
 */
export class CodecAudit1764530000000 implements MigrationInterface {
  name = 'CodecAudit1764530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE codec_audit (
      id bigserial PRIMARY KEY,
      actor_id uuid NOT NULL,
      actor_role varchar(32) NOT NULL,
      operation varchar(8) NOT NULL CHECK (operation IN ('decode', 'encode')),
      namespace varchar(255),
      payload_count integer NOT NULL,
      origin varchar(255),
      request_id varchar(64) NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query('CREATE INDEX codec_audit_actor_idx ON codec_audit (actor_id, recorded_at)');
    await q.query(`CREATE TRIGGER codec_audit_no_update BEFORE UPDATE OR DELETE ON codec_audit
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE codec_audit');
  }
}
