import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import type { CaseList } from '../../api/types';
import type { FinanceCase } from './types';

type CommandType = components['schemas']['CaseCommandRequest']['type'];

/** The cases waiting for this user's command (GET /cases?awaiting=mine), optionally for one command type. */
export function useAwaitingMine(awaitingCommand?: CommandType) {
  return useQuery({
    queryKey: ['cases', 'awaiting', awaitingCommand ?? 'any'],
    queryFn: () =>
      unwrap<CaseList>(
        api.GET('/cases', {
          params: { query: { awaiting: 'mine', limit: 100, ...(awaitingCommand ? { awaitingCommand } : {}) } },
        }),
      ),
  });
}

export function useFinanceCase(caseId: string) {
  return useQuery({
    queryKey: ['case', caseId],
    queryFn: () => unwrap<FinanceCase>(api.GET('/cases/{caseId}', { params: { path: { caseId } } })),
  });
}
