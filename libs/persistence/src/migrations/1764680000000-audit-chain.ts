import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tamper-evident audit trail (AVRR.md §13, accountability): every `case_events` row is hash-chained to the case's
 * previous row. The trigger computes the hashes at insert, whatever code path inserts, so the chain cannot be
 * forgotten by a caller:
 *   sealed_hash  = sha256(events_sealed)                      kept apart so retention may redact the sealed events
 *   content_hash = sha256(every other column, canonical jsonb text, sealed_hash)
 *   chain_hash   = sha256(prev_hash || content_hash)          prev_hash: the case's previous row's chain_hash
 *   chain_seq    = the previous row's chain_seq + 1           (commit order; versions may be projected out of order)
 * A per-case advisory lock orders concurrent inserts. Verification (libs/persistence/src/audit-chain.repository.ts)
 * recomputes the same SQL functions and names the first broken link. Rows written before this migration are chained
 * here, in id order.
 */
export class AuditChain1764680000000 implements MigrationInterface {
  name = 'AuditChain1764680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_events ADD COLUMN chain_seq integer, ADD COLUMN prev_hash bytea,
      ADD COLUMN sealed_hash bytea, ADD COLUMN content_hash bytea, ADD COLUMN chain_hash bytea`);
    // The content of a row, canonical: jsonb's text form is deterministic; times as epoch microseconds, so the
    // session's time zone cannot change the hash.
    await q.query(`CREATE FUNCTION case_event_content_hash(e case_events, sealed bytea) RETURNS bytea
      LANGUAGE sql IMMUTABLE AS $$
        SELECT sha256(convert_to(jsonb_build_array(e.case_id, e.version, e.command_id, e.command_type, e.actor_id,
          e.actor_role, (extract(epoch FROM e.effective_at) * 1000000)::bigint,
          (extract(epoch FROM e.recorded_at) * 1000000)::bigint, e.from_stage, e.to_stage, e.events,
          encode(sealed, 'hex'))::text, 'UTF8'))
      $$`);
    await q.query(`CREATE FUNCTION case_event_chain_hash(prev bytea, content bytea) RETURNS bytea
      LANGUAGE sql IMMUTABLE AS $$ SELECT sha256(coalesce(prev, ''::bytea) || content) $$`);
    await q.query(`CREATE FUNCTION case_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        last_seq integer;
        last_hash bytea;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('case_events:' || NEW.case_id::text, 0));
        SELECT chain_seq, chain_hash INTO last_seq, last_hash FROM case_events
          WHERE case_id = NEW.case_id ORDER BY chain_seq DESC NULLS LAST LIMIT 1;
        NEW.chain_seq := coalesce(last_seq, 0) + 1;
        NEW.prev_hash := last_hash;
        NEW.sealed_hash := sha256(convert_to(NEW.events_sealed, 'UTF8'));
        NEW.content_hash := case_event_content_hash(NEW, NEW.sealed_hash);
        NEW.chain_hash := case_event_chain_hash(last_hash, NEW.content_hash);
        RETURN NEW;
      END $$`);
    // Chain what exists: the append-only trigger is set aside for this one statement, inside the migration's own
    // transaction (the table's owner may; no superuser needed).
    await q.query('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
    await q.query(`DO $$
      DECLARE
        r case_events;
        cur uuid := NULL;
        seq integer;
        last_hash bytea;
        s bytea;
        c bytea;
      BEGIN
        FOR r IN SELECT * FROM case_events ORDER BY case_id, id LOOP
          IF cur IS DISTINCT FROM r.case_id THEN cur := r.case_id; seq := 0; last_hash := NULL; END IF;
          seq := seq + 1;
          s := sha256(convert_to(r.events_sealed, 'UTF8'));
          c := case_event_content_hash(r, s);
          UPDATE case_events SET chain_seq = seq, prev_hash = last_hash, sealed_hash = s, content_hash = c,
            chain_hash = case_event_chain_hash(last_hash, c) WHERE id = r.id;
          last_hash := case_event_chain_hash(last_hash, c);
        END LOOP;
      END $$`);
    await q.query('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
    await q.query(`ALTER TABLE case_events ALTER COLUMN chain_seq SET NOT NULL, ALTER COLUMN sealed_hash SET NOT NULL,
      ALTER COLUMN content_hash SET NOT NULL, ALTER COLUMN chain_hash SET NOT NULL`);
    await q.query('CREATE UNIQUE INDEX case_events_chain_idx ON case_events (case_id, chain_seq)');
    await q.query(`CREATE TRIGGER case_events_chain BEFORE INSERT ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_chain()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER case_events_chain ON case_events');
    await q.query('DROP FUNCTION case_events_chain');
    await q.query('DROP FUNCTION case_event_chain_hash');
    await q.query('DROP FUNCTION case_event_content_hash');
    await q.query(`ALTER TABLE case_events DROP COLUMN chain_seq, DROP COLUMN prev_hash, DROP COLUMN sealed_hash,
      DROP COLUMN content_hash, DROP COLUMN chain_hash`);
  }
}
