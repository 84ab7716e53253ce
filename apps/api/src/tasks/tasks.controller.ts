import { CurrentUser, Roles, StaffUser } from '@avrr/auth';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/error.response';
import { caseIdParam, idParam } from '../http/id-param';
import {
  AssignCaseRequest,
  CaseAssignmentResponse,
  ListTasksQuery,
  ReassignTaskRequest,
  TaskListResponse,
  TaskWithHistoryResponse,
} from './task.dto';
import { TasksService } from './tasks.service';

const taskIdParam = idParam('TASK_NOT_FOUND', 'Task not found');

/** Tasks (the work a case's state calls for, with owner, due time and completing command) and case assignment. */
@ApiTags('tasks')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get('me/tasks')
  @ApiOperation({
    operationId: 'listMyTasks',
    summary: 'Your tasks, soonest due first, with counts by kind, overdue and alerts',
    description:
      "owner=me (default) lists yours and your role's in your office with nobody named; supervisors and operations " +
      'may ask for owner=all (the cases in their scope) or a user id. Kinds your role may not learn are FOLLOW_UP.',
  })
  @ApiOkResponse({ type: TaskListResponse })
  @ApiErrors(400, 401, 403, 503)
  list(@CurrentUser() user: StaffUser, @Query() q: ListTasksQuery): Promise<TaskListResponse> {
    return this.tasks.list(user, q);
  }

  @Get('tasks/:taskId')
  @ApiOperation({ operationId: 'getTask', summary: 'One task with its reassignments (yours, or in your scope)' })
  @ApiOkResponse({ type: TaskWithHistoryResponse })
  @ApiErrors(401, 404, 503)
  get(@CurrentUser() user: StaffUser, @Param('taskId', taskIdParam) id: string): Promise<TaskWithHistoryResponse> {
    return this.tasks.get(user, id);
  }

  @Post('tasks/:taskId/reassign')
  @HttpCode(200)
  @Roles('supervisor', 'operations')
  @ApiOperation({
    operationId: 'reassignTask',
    summary: 'Give an open task to another person of its role and office, with a reason (audited)',
  })
  @ApiOkResponse({ type: TaskWithHistoryResponse })
  @ApiErrors(400, 401, 403, 404, 422, 503)
  reassign(
    @CurrentUser() user: StaffUser,
    @Param('taskId', taskIdParam) id: string,
    @Body() body: ReassignTaskRequest,
  ): Promise<TaskWithHistoryResponse> {
    return this.tasks.reassign(user, id, body);
  }

  @Get('cases/:caseId/assignment')
  @ApiOperation({
    operationId: 'getCaseAssignment',
    summary: "The case's assigned officer and counterpart, and every change of them (names for roles that see them)",
  })
  @ApiOkResponse({ type: CaseAssignmentResponse })
  @ApiErrors(401, 404, 503)
  assignment(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
  ): Promise<CaseAssignmentResponse> {
    return this.tasks.assignment(user, caseId);
  }

  @Post('cases/:caseId/assignment')
  @HttpCode(200)
  @Roles('supervisor', 'operations')
  @ApiOperation({
    operationId: 'assignCase',
    summary: "Name the case's officer, or after the handover its counterpart, with a reason (audited, in the history)",
  })
  @ApiOkResponse({ type: CaseAssignmentResponse })
  @ApiErrors(400, 401, 403, 404, 409, 422, 503)
  assign(
    @CurrentUser() user: StaffUser,
    @Param('caseId', caseIdParam) caseId: string,
    @Body() body: AssignCaseRequest,
  ): Promise<CaseAssignmentResponse> {
    return this.tasks.assign(user, caseId, body);
  }
}
