import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks and case assignment (issue 10):
 * - `tasks`: the work a case's state calls for (libs/domain tasksOf), written by the projection in the transaction of
 *   the change that opened or closed it. `task_key` is the domain's deterministic key; `id` is what the API shows
 *   (it says nothing of the kind). Owner: a role in an office, and a person when the case's assignment names one or a
 *   supervisor reassigned the task (`reassigned`: the projection then leaves the person as it is).
 * - `task_events`: who reassigned a task, from whom to whom, why (append-only).
 * - `cases.assigned_officer_id` / `assigned_counterpart_id` and `case_assignments`: the case's assigned officer (set
 *   to the registering officer) and, after the handover, counterpart; every change of either, with who, why and the
 *   source (REGISTRATION, HANDOVER, REASSIGNMENT), append-only and shown in the case history.
 */
export class TasksAssignment1764640000000 implements MigrationInterface {
  name = 'TasksAssignment1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      task_key varchar(300) NOT NULL UNIQUE,
      case_id uuid NOT NULL,
      kind varchar(40) NOT NULL,
      subject varchar(200) NOT NULL,
      member_id varchar(64),
      owner_role varchar(32) NOT NULL,
      owner_office varchar(64),
      owner_user_id uuid,
      reassigned boolean NOT NULL DEFAULT false,
      due_at timestamptz NOT NULL,
      alert_at timestamptz,
      command varchar(64) NOT NULL,
      suggested_action varchar(32),
      status varchar(16) NOT NULL CHECK (status IN ('OPEN', 'DONE', 'OBSOLETE')),
      opened_version integer NOT NULL,
      opened_at timestamptz NOT NULL,
      closed_version integer,
      closed_at timestamptz,
      closed_by varchar(64)
    )`);
    await q.query('CREATE INDEX tasks_case_idx ON tasks (case_id)');
    await q.query("CREATE INDEX tasks_user_open_idx ON tasks (owner_user_id, due_at) WHERE status = 'OPEN'");
    await q.query("CREATE INDEX tasks_role_open_idx ON tasks (owner_office, owner_role, due_at) WHERE status = 'OPEN'");
    await q.query(`CREATE TABLE task_events (
      id bigserial PRIMARY KEY,
      task_id uuid NOT NULL REFERENCES tasks (id),
      case_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid NOT NULL,
      actor_role varchar(32) NOT NULL,
      action varchar(16) NOT NULL CHECK (action IN ('REASSIGNED')),
      from_user_id uuid,
      to_user_id uuid,
      reason varchar(500) NOT NULL
    )`);
    await q.query('CREATE INDEX task_events_task_idx ON task_events (task_id, id)');
    await q.query(`CREATE TRIGGER task_events_no_update BEFORE UPDATE OR DELETE ON task_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query('ALTER TABLE cases ADD COLUMN assigned_officer_id uuid, ADD COLUMN assigned_counterpart_id uuid');
    await q.query('CREATE INDEX cases_assigned_officer_idx ON cases (assigned_officer_id, opened_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX cases_assigned_counterpart_idx ON cases (assigned_counterpart_id, opened_at DESC, id DESC)',
    );
    await q.query(`CREATE TABLE case_assignments (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      slot varchar(16) NOT NULL CHECK (slot IN ('OFFICER', 'COUNTERPART')),
      source varchar(16) NOT NULL CHECK (source IN ('REGISTRATION', 'HANDOVER', 'REASSIGNMENT')),
      actor_id uuid NOT NULL,
      actor_role varchar(32) NOT NULL,
      from_user_id uuid,
      to_user_id uuid NOT NULL,
      reason varchar(500)
    )`);
    await q.query('CREATE INDEX case_assignments_case_idx ON case_assignments (case_id, id)');
    await q.query(`CREATE TRIGGER case_assignments_no_update BEFORE UPDATE OR DELETE ON case_assignments
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS case_assignments');
    await q.query(
      'ALTER TABLE cases DROP COLUMN IF EXISTS assigned_officer_id, DROP COLUMN IF EXISTS assigned_counterpart_id',
    );
    await q.query('DROP TABLE IF EXISTS task_events');
    await q.query('DROP TABLE IF EXISTS tasks');
  }
}
