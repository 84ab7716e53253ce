import type { Role } from '@avrr/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopeSql, type CaseScope } from './case.repository';
export type { DesiredTask } from './task-sync.statements';

export type TaskStatus = 'OPEN' | 'DONE' | 'OBSOLETE';

export interface TaskRow {
  id: string;
  caseId: string;
  reference: string;
  kind: string;
  subject: string | null;
  memberId: string | null;
  ownerRole: string;
  ownerOffice: string | null;
  ownerUserId: string | null;
  reassigned: boolean;
  dueAt: string;
  alertAt: string | null;
  command: string;
  suggestedAction: string | null;
  status: TaskStatus;
  openedAt: string;
  closedAt: string | null;
  closedBy: string | null;
}

export interface TaskEventRow {
  at: string;
  actorId: string;
  actorRole: string;
  action: string;
  fromUserId: string | null;
  toUserId: string | null;
  reason: string;
}

export interface AssignmentRow {
  at: string;
  slot: 'OFFICER' | 'COUNTERPART';
  source: 'REGISTRATION' | 'HANDOVER' | 'REASSIGNMENT';
  actorId: string;
  actorRole: string;
  fromUserId: string | null;
  toUserId: string;
  reason: string | null;
}

/**
 * Whose tasks: `user` (owned by this person, or by their role in their office with nobody named), `person` (owned by
 * this person only), `scope` (every task of the cases in this scope).
 */
export type TaskOwnerFilter =
  | { kind: 'user'; userId: string; role: Role; office: string | null }
  | { kind: 'person'; userId: string; scope: CaseScope }
  | { kind: 'scope'; scope: CaseScope };

export interface TaskFilter {
  owner: TaskOwnerFilter;
  status?: TaskStatus;
  caseId?: string;
  limit: number;
}

interface TaskDbRow {
  id: string;
  case_id: string;
  reference: string;
  kind: string;
  subject: string;
  member_id: string | null;
  owner_role: string;
  owner_office: string | null;
  owner_user_id: string | null;
  reassigned: boolean;
  due_at: Date;
  alert_at: Date | null;
  command: string;
  suggested_action: string | null;
  status: TaskStatus;
  opened_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toTask(r: TaskDbRow): TaskRow {
  return {
    id: r.id,
    caseId: r.case_id,
    reference: r.reference,
    kind: r.kind,
    subject: r.subject,
    memberId: r.member_id,
    ownerRole: r.owner_role,
    ownerOffice: r.owner_office,
    ownerUserId: r.owner_user_id,
    reassigned: r.reassigned,
    dueAt: r.due_at.toISOString(),
    alertAt: iso(r.alert_at),
    command: r.command,
    suggestedAction: r.suggested_action,
    status: r.status,
    openedAt: r.opened_at.toISOString(),
    closedAt: iso(r.closed_at),
    closedBy: r.closed_by,
  };
}

/** Reads of tasks and case assignment, reassignment (audited). */
@Injectable()
export class TaskRepository {
  constructor(private readonly db: DataSource) {}

  /** Tasks of an owner, soonest due first. */
  async list(filter: TaskFilter): Promise<TaskRow[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const o = filter.owner;
    if (o.kind === 'user') {
      params.push(o.userId, o.role, o.office);
      where.push(`(t.owner_user_id = $1 OR (t.owner_user_id IS NULL AND t.owner_role = $2
        AND t.owner_office IS NOT DISTINCT FROM $3))`);
    } else {
      if (o.kind === 'person') {
        params.push(o.userId);
        where.push(`t.owner_user_id = $${params.length}`);
      }
      // The scope's columns (host_office, receiving_office, stage) are the case's: tasks has none of those names.
      where.push(scopeSql(o.scope, params));
    }
    if (filter.status) {
      params.push(filter.status);
      where.push(`t.status = $${params.length}`);
    }
    if (filter.caseId) {
      params.push(filter.caseId);
      where.push(`t.case_id = $${params.length}`);
    }
    params.push(filter.limit);
    const rows: TaskDbRow[] = await this.db.query(
      `SELECT t.*, c.reference FROM tasks t JOIN cases c ON c.id = t.case_id
        WHERE ${where.join(' AND ')} ORDER BY t.due_at, t.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toTask);
  }

  async findById(id: string): Promise<TaskRow | null> {
    const rows: TaskDbRow[] = await this.db.query(
      'SELECT t.*, c.reference FROM tasks t JOIN cases c ON c.id = t.case_id WHERE t.id = $1',
      [id],
    );
    return rows.length ? toTask(rows[0]) : null;
  }

  /** Names another person as the task's owner (kept by later projections), with the reason, in one transaction. */
  async reassign(
    id: string,
    toUserId: string,
    actor: { id: string; role: string },
    reason: string,
  ): Promise<TaskRow | null> {
    await this.db.transaction(async (tx) => {
      const rows: { owner_user_id: string | null; case_id: string }[] = await tx.query(
        `SELECT owner_user_id, case_id FROM tasks WHERE id = $1 AND status = 'OPEN' FOR UPDATE`,
        [id],
      );
      if (!rows.length) return;
      await tx.query('UPDATE tasks SET owner_user_id = $2, reassigned = true WHERE id = $1', [id, toUserId]);
      await tx.query(
        `INSERT INTO task_events (task_id, case_id, actor_id, actor_role, action, from_user_id, to_user_id, reason)
         VALUES ($1, $2, $3, $4, 'REASSIGNED', $5, $6, $7)`,
        [id, rows[0].case_id, actor.id, actor.role, rows[0].owner_user_id, toUserId, reason],
      );
    });
    return this.findById(id);
  }

  async events(taskId: string): Promise<TaskEventRow[]> {
    const rows: {
      at: Date;
      actor_id: string;
      actor_role: string;
      action: string;
      from_user_id: string | null;
      to_user_id: string | null;
      reason: string;
    }[] = await this.db.query('SELECT * FROM task_events WHERE task_id = $1 ORDER BY id', [taskId]);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      action: r.action,
      fromUserId: r.from_user_id,
      toUserId: r.to_user_id,
      reason: r.reason,
    }));
  }

  /** The case's assigned officer and counterpart (null when none yet). */
  async assignmentOf(caseId: string): Promise<{ officerId: string | null; counterpartId: string | null } | null> {
    const rows: { assigned_officer_id: string | null; assigned_counterpart_id: string | null }[] = await this.db.query(
      'SELECT assigned_officer_id, assigned_counterpart_id FROM cases WHERE id = $1',
      [caseId],
    );
    return rows.length
      ? { officerId: rows[0].assigned_officer_id, counterpartId: rows[0].assigned_counterpart_id }
      : null;
  }

  /**
   * Names the case's officer or counterpart, with the reason, in one transaction: the case row, the assignment history,
   * and the open tasks of that role that nobody reassigned by hand.
   */
  async assign(
    caseId: string,
    slot: 'OFFICER' | 'COUNTERPART',
    toUserId: string,
    actor: { id: string; role: string },
    reason: string,
  ): Promise<void> {
    const column = slot === 'OFFICER' ? 'assigned_officer_id' : 'assigned_counterpart_id';
    const role = slot === 'OFFICER' ? 'officer' : 'counterpart';
    await this.db.transaction(async (tx) => {
      const rows: { current: string | null }[] = await tx.query(
        `SELECT ${column} AS current FROM cases WHERE id = $1 FOR UPDATE`,
        [caseId],
      );
      if (!rows.length) return;
      await tx.query(`UPDATE cases SET ${column} = $2 WHERE id = $1`, [caseId, toUserId]);
      await tx.query(
        `INSERT INTO case_assignments (case_id, slot, source, actor_id, actor_role, from_user_id, to_user_id, reason)
         VALUES ($1, $2, 'REASSIGNMENT', $3, $4, $5, $6, $7)`,
        [caseId, slot, actor.id, actor.role, rows[0].current, toUserId, reason],
      );
      await tx.query(
        `UPDATE tasks SET owner_user_id = $2 WHERE case_id = $1 AND owner_role = $3 AND status = 'OPEN' AND NOT reassigned`,
        [caseId, toUserId, role],
      );
    });
  }

  async assignments(caseId: string): Promise<AssignmentRow[]> {
    const rows: {
      at: Date;
      slot: AssignmentRow['slot'];
      source: AssignmentRow['source'];
      actor_id: string;
      actor_role: string;
      from_user_id: string | null;
      to_user_id: string;
      reason: string | null;
    }[] = await this.db.query('SELECT * FROM case_assignments WHERE case_id = $1 ORDER BY id', [caseId]);
    return rows.map((r) => ({
      at: r.at.toISOString(),
      slot: r.slot,
      source: r.source,
      actorId: r.actor_id,
      actorRole: r.actor_role,
      fromUserId: r.from_user_id,
      toUserId: r.to_user_id,
      reason: r.reason,
    }));
  }
}
