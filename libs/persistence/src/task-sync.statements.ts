import type { CaseChange, PlannedTask } from '@avrr/domain';
import type { EntityManager } from 'typeorm';

/** A planned task with its owner's office resolved (the projection knows the case's offices). */
export interface DesiredTask extends PlannedTask {
  ownerOffice: string | null;
}

/** A uuid, or null (the engine's own actors, such as a deadline's, have no user id). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The projection's part of a change for tasks and assignment, run in the projection's transaction after the read
 * model's row (so a case's changes apply in version order, and only the newest version writes):
 * - the case's assigned officer is the first officer or supervisor who acts on it (the one who opens or registers it),
 *   its assigned counterpart the one who acknowledges the handover; each is recorded in case_assignments once;
 * - the tasks the new state calls for are opened (or kept, their due time and owner refreshed; a person a supervisor
 *   chose stays), the open ones it no longer calls for are closed: DONE when this change is their completing command,
 *   OBSOLETE otherwise.
 */
export async function syncTasksAndAssignment(
  tx: EntityManager,
  caseId: string,
  change: CaseChange,
  tasks: DesiredTask[],
): Promise<void> {
  const { actor } = change;
  if (UUID.test(actor.userId)) {
    const slot =
      (actor.role === 'officer' || actor.role === 'supervisor') &&
      (change.commandType === 'CaseOpened' || change.commandType === 'Register')
        ? { column: 'assigned_officer_id', slot: 'OFFICER', source: 'REGISTRATION' }
        : actor.role === 'counterpart' && change.commandType === 'AcknowledgeHandover'
          ? { column: 'assigned_counterpart_id', slot: 'COUNTERPART', source: 'HANDOVER' }
          : undefined;
    if (slot)
      await tx.query(
        `WITH assigned AS (UPDATE cases SET ${slot.column} = $2 WHERE id = $1 AND ${slot.column} IS NULL RETURNING id)
         INSERT INTO case_assignments (case_id, at, slot, source, actor_id, actor_role, to_user_id)
         SELECT id, $3::timestamptz, $4::varchar, $5::varchar, $2::uuid, $6::varchar, $2::uuid FROM assigned`,
        [caseId, actor.userId, change.recordedAt, slot.slot, slot.source, actor.role],
      );
  }
  await tx.query(
    `UPDATE tasks SET status = CASE WHEN command = $3 THEN 'DONE' ELSE 'OBSOLETE' END, closed_version = $2,
       closed_at = $4, closed_by = CASE WHEN command = $3 THEN $5 END
     WHERE case_id = $1 AND status = 'OPEN' AND NOT (task_key = ANY($6::text[]))`,
    [caseId, change.version, change.commandType, change.recordedAt, actor.userId, tasks.map((t) => t.key)],
  );
  if (!tasks.length) return;
  await tx.query(
    `INSERT INTO tasks (task_key, case_id, kind, subject, member_id, owner_role, owner_office, owner_user_id, due_at,
       alert_at, command, suggested_action, status, opened_version, opened_at)
     SELECT t.key, $1::uuid, t.kind, t.subject, t.member_id, t.owner_role, t.owner_office,
       CASE t.owner_role WHEN 'officer' THEN c.assigned_officer_id WHEN 'counterpart' THEN c.assigned_counterpart_id END,
       t.due_at, t.alert_at, t.command, t.suggested_action, 'OPEN', $2::integer, $3::timestamptz
     FROM jsonb_to_recordset($4::jsonb) AS t(key text, kind text, subject text, member_id text, owner_role text,
       owner_office text, due_at timestamptz, alert_at timestamptz, command text, suggested_action text)
     LEFT JOIN cases c ON c.id = $1::uuid
     ON CONFLICT (task_key) DO UPDATE SET owner_role = EXCLUDED.owner_role, owner_office = EXCLUDED.owner_office,
       owner_user_id = CASE WHEN tasks.reassigned THEN tasks.owner_user_id ELSE EXCLUDED.owner_user_id END,
       due_at = EXCLUDED.due_at, alert_at = EXCLUDED.alert_at, command = EXCLUDED.command,
       suggested_action = EXCLUDED.suggested_action, status = 'OPEN',
       opened_version = CASE WHEN tasks.status = 'OPEN' THEN tasks.opened_version ELSE EXCLUDED.opened_version END,
       opened_at = CASE WHEN tasks.status = 'OPEN' THEN tasks.opened_at ELSE EXCLUDED.opened_at END,
       closed_version = NULL, closed_at = NULL, closed_by = NULL`,
    [
      caseId,
      change.version,
      change.recordedAt,
      JSON.stringify(
        tasks.map((t) => ({
          key: t.key,
          kind: t.kind,
          subject: t.subject,
          member_id: t.memberId ?? null,
          owner_role: t.owner.role,
          owner_office: t.ownerOffice,
          due_at: t.dueAt,
          alert_at: t.alertAt ?? null,
          command: t.command,
          suggested_action: t.suggestedAction ?? null,
        })),
      ),
    ],
  );
}
