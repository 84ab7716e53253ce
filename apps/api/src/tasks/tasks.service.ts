import { CodedHttpException, StaffUser } from '@avrr/auth';
import { discloseTask, readerOf, RECEIVING_OFFICE_STAGES, seesStaffNames } from '@avrr/domain';
import { CaseRepository, TaskRepository, TaskRow, UserRepository, type TaskOwnerFilter } from '@avrr/persistence';
import { HttpStatus, Injectable } from '@nestjs/common';
import { scopeOf } from '../cases/case-scope';
import type {
  AssignCaseRequest,
  CaseAssignmentResponse,
  ListTasksQuery,
  ReassignTaskRequest,
  TaskListResponse,
  TaskResponse,
  TaskWithHistoryResponse,
} from './task.dto';

/** Who may look at others' tasks and reassign tasks and cases. */
const MANAGERS = ['supervisor', 'operations'];
/** How many tasks one answer counts and lists at most. */
const MAX_TASKS = 500;

const taskNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'TASK_NOT_FOUND', 'Task not found');
const caseNotFound = () => new CodedHttpException(HttpStatus.NOT_FOUND, 'CASE_NOT_FOUND', 'Case not found');
const notEligible = (message: string) =>
  new CodedHttpException(HttpStatus.UNPROCESSABLE_ENTITY, 'ASSIGNEE_NOT_ELIGIBLE', message);
const managersOnly = (user: StaffUser, what: string) =>
  new CodedHttpException(HttpStatus.FORBIDDEN, 'ROLE_NOT_ALLOWED', `The role ${user.role} may not ${what}`);

/**
 * Tasks and case assignment for the API. Every task leaves through the disclosure policy (discloseTask): a kind the
 * reader may not see is neutral; staff names only for readers who see them (never operations).
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly cases: CaseRepository,
    private readonly users: UserRepository,
  ) {}

  async list(user: StaffUser, q: ListTasksQuery): Promise<TaskListResponse> {
    const owner = this.ownerFilter(user, q.owner ?? 'me');
    const rows = await this.tasks.list({ owner, status: q.status ?? 'OPEN', caseId: q.caseId, limit: MAX_TASKS });
    const now = Date.now();
    const shown = await this.shape(user, rows, now);
    const counts = { total: shown.length, overdue: 0, alerts: 0, byKind: {} as Record<string, number> };
    for (const t of shown) {
      if (t.overdue) counts.overdue += 1;
      if (t.alertAt && Date.parse(t.alertAt) <= now && t.status === 'OPEN') counts.alerts += 1;
      counts.byKind[t.kind] = (counts.byKind[t.kind] ?? 0) + 1;
    }
    const items = shown.filter(
      (t) =>
        (q.kind === undefined || t.kind === q.kind) &&
        (q.overdue === undefined || t.overdue === (q.overdue === 'true')),
    );
    return { items, counts };
  }

  async get(user: StaffUser, id: string): Promise<TaskWithHistoryResponse> {
    const row = await this.visibleTask(user, id);
    const [shaped] = await this.shape(user, [row], Date.now());
    return { ...shaped, history: await this.tasks.events(id) };
  }

  async reassign(user: StaffUser, id: string, body: ReassignTaskRequest): Promise<TaskWithHistoryResponse> {
    if (!MANAGERS.includes(user.role)) throw managersOnly(user, 'reassign tasks');
    const row = await this.visibleTask(user, id);
    if (row.status !== 'OPEN') throw notEligible('Only an open task can be reassigned.');
    const target = await this.users.findById(body.toUserId);
    if (!target || !target.active) throw notEligible('The person is not an active user.');
    if (target.role !== row.ownerRole && target.role !== 'supervisor')
      throw notEligible(`The task is work for the role ${row.ownerRole}.`);
    if (row.ownerOffice && target.office !== row.ownerOffice)
      throw notEligible('The person does not work in the office that owns the task.');
    await this.tasks.reassign(id, target.id, user, body.reason);
    return this.get(user, id);
  }

  async assignment(user: StaffUser, caseId: string): Promise<CaseAssignmentResponse> {
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw caseNotFound();
    const [current, history] = await Promise.all([this.tasks.assignmentOf(caseId), this.tasks.assignments(caseId)]);
    const names = seesStaffNames(readerOf(user.role, row.view))
      ? await this.users.displayNames([current?.officerId, current?.counterpartId].filter((x): x is string => !!x))
      : new Map<string, string>();
    const person = (id: string | null | undefined) => (id ? { userId: id, name: names.get(id) ?? null } : null);
    return { caseId, officer: person(current?.officerId), counterpart: person(current?.counterpartId), history };
  }

  async assign(user: StaffUser, caseId: string, body: AssignCaseRequest): Promise<CaseAssignmentResponse> {
    if (!MANAGERS.includes(user.role)) throw managersOnly(user, 'reassign cases');
    const row = await this.cases.findById(caseId, scopeOf(user));
    if (!row) throw caseNotFound();
    const target = await this.users.findById(body.userId);
    if (!target || !target.active) throw notEligible('The person is not an active user.');
    if (body.slot === 'OFFICER') {
      if (target.role !== 'officer' && target.role !== 'supervisor')
        throw notEligible('The assigned officer must be an officer or a supervisor.');
      if (target.office !== row.hostOffice) throw notEligible("The person does not work in the case's host office.");
    } else {
      if (!RECEIVING_OFFICE_STAGES.includes(row.stage) || row.stage === 'ARRIVED')
        throw new CodedHttpException(
          HttpStatus.CONFLICT,
          'NOT_ALLOWED_IN_STAGE',
          'A counterpart is assigned after the handover.',
        );
      if (target.role !== 'counterpart' && target.role !== 'supervisor')
        throw notEligible('The assigned counterpart must be a counterpart or a supervisor.');
      if (target.office !== row.receivingOffice)
        throw notEligible("The person does not work in the case's receiving office.");
    }
    await this.tasks.assign(caseId, body.slot, target.id, user, body.reason);
    return this.assignment(user, caseId);
  }

  /** The owner filter of a request: yours, or (supervisor, operations) a person's or everyone's in your scope. */
  private ownerFilter(user: StaffUser, owner: string): TaskOwnerFilter {
    if (owner === 'me') return { kind: 'user', userId: user.id, role: user.role, office: user.office };
    if (!MANAGERS.includes(user.role)) throw managersOnly(user, "list other people's tasks");
    if (owner === 'all') return { kind: 'scope', scope: scopeOf(user) };
    return { kind: 'person', userId: owner.toLowerCase(), scope: scopeOf(user) };
  }

  /** A task the caller may see: theirs, or (supervisor, operations) one of a case in their scope. */
  private async visibleTask(user: StaffUser, id: string): Promise<TaskRow> {
    const row = await this.tasks.findById(id);
    if (!row) throw taskNotFound();
    const mine =
      row.ownerUserId === user.id ||
      (row.ownerUserId === null && row.ownerRole === user.role && row.ownerOffice === user.office);
    if (mine) return row;
    if (!MANAGERS.includes(user.role) || !(await this.cases.locate(row.caseId, scopeOf(user)))) throw taskNotFound();
    return row;
  }

  private async shape(user: StaffUser, rows: TaskRow[], now: number): Promise<TaskResponse[]> {
    const reader = readerOf(user.role);
    const names = seesStaffNames(reader)
      ? await this.users.displayNames([...new Set(rows.map((r) => r.ownerUserId).filter((x): x is string => !!x))])
      : new Map<string, string>();
    return rows.map((r) => {
      const t = discloseTask(r, reader);
      return {
        id: t.id,
        caseId: t.caseId,
        reference: t.reference,
        kind: t.kind,
        subject: t.subject,
        memberId: t.memberId,
        ownerRole: t.ownerRole,
        ownerOffice: t.ownerOffice,
        ownerUserId: t.ownerUserId,
        ownerName: t.ownerUserId ? (names.get(t.ownerUserId) ?? null) : null,
        reassigned: t.reassigned,
        dueAt: t.dueAt,
        alertAt: t.alertAt,
        overdue: t.status === 'OPEN' && Date.parse(t.dueAt) <= now,
        command: t.command,
        suggestedAction: t.suggestedAction,
        status: t.status,
        openedAt: t.openedAt,
        closedAt: t.closedAt,
      };
    });
  }
}
