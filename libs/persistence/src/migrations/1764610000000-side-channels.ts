import { loadConfig } from '@avrr/config';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyDigestKey, idempotencyKeyDigest, opaqueReminderId, reminderIdKey } from '../opaque-ids';

const BATCH = 5000;

/**
 * Side channels closed in the data already stored (issue 11 item 5):
 * - reminder ids were `${caseId}.${kind}.${subject}.${step}` (a VoT reassessment named itself in every Redis key, log
 *   line and screen); they become the opaque keyed digest the projection now writes (opaqueReminderId of the old id,
 *   which is exactly the planner's key), in the reminders, their deliveries (by ON UPDATE CASCADE) and notifications.
 *   The old BullMQ jobs become orphans, which the reconciliation removes and replaces under the new ids.
 * - Idempotency-Keys were stored in clear with a full copy of the first response (the household's personal data):
 *   the key becomes its digest, the response is dropped (a replay reads the case again), and `completed_at` says
 *   whether the first attempt finished. The command ids built from a key (`cmd:<user>:<key>`) in the audit trail get
 *   the digest as well; the audit trail's append-only trigger is lifted for that one statement.
 * The request hashes already stored stay as they were (plain SHA-256): a retry of a request from before this
 * migration under the same key is refused as a different request, which the client resolves with a new key.
 */
export class SideChannels1764610000000 implements MigrationInterface {
  name = 'SideChannels1764610000000';

  async up(q: QueryRunner): Promise<void> {
    const piiKey = loadConfig().piiKey;
    const reminderKey = reminderIdKey(piiKey);
    const digestKey = idempotencyDigestKey(piiKey);

    // Reminders: the deliveries follow their reminder's id.
    await q.query('ALTER TABLE reminder_deliveries DROP CONSTRAINT IF EXISTS reminder_deliveries_reminder_id_fkey');
    await q.query(`ALTER TABLE reminder_deliveries ADD CONSTRAINT reminder_deliveries_reminder_id_fkey
      FOREIGN KEY (reminder_id) REFERENCES reminders(id) ON UPDATE CASCADE`);
    for (;;) {
      const rows: { id: string; case_id: string }[] = await q.query(
        `SELECT id, case_id FROM reminders WHERE id LIKE case_id::text || '.%.%.%' LIMIT ${BATCH}`,
      );
      if (!rows.length) break;
      const next = rows.map((r) => opaqueReminderId(reminderKey, r.case_id, r.id));
      const old = rows.map((r) => r.id);
      await q.query(
        `UPDATE reminders r SET id = x.new_id FROM unnest($1::text[], $2::text[]) AS x(old_id, new_id) WHERE r.id = x.old_id`,
        [old, next],
      );
      await q.query(
        `UPDATE notifications n SET reminder_id = x.new_id
           FROM unnest($1::text[], $2::text[]) AS x(old_id, new_id) WHERE n.reminder_id = x.old_id`,
        [old, next],
      );
    }

    // Idempotency records: ids and status only.
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN completed_at timestamptz');
    await q.query('UPDATE idempotency_keys SET completed_at = created_at WHERE response IS NOT NULL');
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN response');
    for (;;) {
      const rows: { scope: string; key: string }[] = await q.query(
        `SELECT scope, key FROM idempotency_keys WHERE key NOT LIKE 'h.%' LIMIT ${BATCH}`,
      );
      if (!rows.length) break;
      await q.query(
        `UPDATE idempotency_keys i SET key = x.new_key
           FROM unnest($1::text[], $2::text[], $3::text[]) AS x(scope, old_key, new_key)
          WHERE i.scope = x.scope AND i.key = x.old_key`,
        [rows.map((r) => r.scope), rows.map((r) => r.key), rows.map((r) => idempotencyKeyDigest(digestKey, r.key))],
      );
    }

    // Command ids carrying a client's key: `cmd:<user uuid>:<key>`, the key not yet a digest.
    const pattern = '^cmd:([0-9a-f-]{36}):(?!h\\.)(.+)$';
    const commands: { command_id: string; user_id: string; key: string }[] = await q.query(
      `SELECT DISTINCT command_id, m[1] AS user_id, m[2] AS key
         FROM case_events, regexp_match(command_id, $1) AS m WHERE command_id ~ $1`,
      [pattern],
    );
    if (commands.length) {
      await q.query('ALTER TABLE case_events DISABLE TRIGGER case_events_no_update');
      for (let i = 0; i < commands.length; i += BATCH) {
        const chunk = commands.slice(i, i + BATCH);
        await q.query(
          `UPDATE case_events e SET command_id = x.new_id
             FROM unnest($1::text[], $2::text[]) AS x(old_id, new_id) WHERE e.command_id = x.old_id`,
          [
            chunk.map((c) => c.command_id),
            chunk.map((c) => `cmd:${c.user_id}:${idempotencyKeyDigest(digestKey, c.key)}`),
          ],
        );
      }
      await q.query('ALTER TABLE case_events ENABLE TRIGGER case_events_no_update');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // The digests cannot be turned back into keys or kinds: only the shape of the tables goes back.
    await q.query('ALTER TABLE idempotency_keys ADD COLUMN response jsonb');
    await q.query('ALTER TABLE idempotency_keys DROP COLUMN completed_at');
  }
}
