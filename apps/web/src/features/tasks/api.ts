import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, paths } from '../../api/schema';

export type TaskList = components['schemas']['TaskListResponse'];
export type Task = components['schemas']['TaskResponse'];
export type CaseAssignment = components['schemas']['CaseAssignmentResponse'];
export type TaskQuery = NonNullable<paths['/me/tasks']['get']['parameters']['query']>;

/** GET /me/tasks: the caller's tasks (or, for supervisors and operations, a person's or everyone's) with counts. */
export function useTasks(query: TaskQuery) {
  return useQuery({
    queryKey: ['me', 'tasks', query],
    staleTime: 0,
    refetchInterval: 60_000,
    queryFn: () => unwrap<TaskList>(api.GET('/me/tasks', { params: { query } })),
  });
}

/** POST /tasks/:id/reassign (supervisor, operations). */
export function useReassignTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, toUserId, reason }: { id: string; toUserId: string; reason: string }) =>
      unwrap(api.POST('/tasks/{taskId}/reassign', { params: { path: { taskId: id } }, body: { toUserId, reason } })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['me', 'tasks'] }),
  });
}

/** GET /cases/:id/assignment. */
export function useCaseAssignment(caseId: string) {
  return useQuery({
    queryKey: ['cases', caseId, 'assignment'],
    queryFn: () => unwrap<CaseAssignment>(api.GET('/cases/{caseId}/assignment', { params: { path: { caseId } } })),
  });
}

/** POST /cases/:id/assignment (supervisor, operations). */
export function useAssignCase(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { slot: 'OFFICER' | 'COUNTERPART'; userId: string; reason: string }) =>
      unwrap<CaseAssignment>(api.POST('/cases/{caseId}/assignment', { params: { path: { caseId } }, body })),
    onSettled: () => qc.invalidateQueries({ queryKey: ['cases', caseId] }),
  });
}

/** Roles that may see others' tasks and reassign tasks and cases. */
export const MANAGERS = ['supervisor', 'operations'];
