/** The case endpoints as TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { CaseView, HistoryResponse, RequirementsResponse } from '../../api/types';

export const caseKeys = {
  view: (id: string) => ['case', id] as const,
  requirements: (id: string) => ['case', id, 'requirements'] as const,
  history: (id: string) => ['case', id, 'history'] as const,
};

export function useCase(caseId: string) {
  return useQuery({
    queryKey: caseKeys.view(caseId),
    queryFn: () => unwrap<CaseView>(api.GET('/cases/{caseId}', { params: { path: { caseId } } })),
  });
}

export function useRequirements(caseId: string) {
  return useQuery({
    queryKey: caseKeys.requirements(caseId),
    queryFn: () =>
      unwrap<RequirementsResponse>(api.GET('/cases/{caseId}/requirements', { params: { path: { caseId } } })),
  });
}

export function useHistory(caseId: string) {
  return useQuery({
    queryKey: caseKeys.history(caseId),
    queryFn: () => unwrap<HistoryResponse>(api.GET('/cases/{caseId}/history', { params: { path: { caseId } } })),
  });
}

export interface CommandInput {
  type: string;
  payload: Record<string, unknown>;
  effectiveAt?: string;
}

/**
 * Sends a command with the version the screen showed (a stale screen gets STALE_VERSION, not a silent overwrite) and
 * an Idempotency-Key: new for each submission, the same when the same submission is retried after a failure whose
 * outcome is unknown (network error, 5xx), so the engine applies it at most once.
 */
export function useApplyCommand(caseId: string) {
  const qc = useQueryClient();
  const last = useRef<{ body: string; key: string; uncertain: boolean } | null>(null);
  return useMutation({
    mutationFn: async ({ input, expectedVersion }: { input: CommandInput; expectedVersion: number }) => {
      const body = { ...input, expectedVersion };
      const serial = JSON.stringify(body);
      const key = last.current?.uncertain && last.current.body === serial ? last.current.key : crypto.randomUUID();
      last.current = { body: serial, key, uncertain: false };
      try {
        return await unwrap<CaseView>(
          api.POST('/cases/{caseId}/commands', {
            params: { path: { caseId } },
            headers: { 'Idempotency-Key': key },
            body: body as never,
          }),
        );
      } catch (err) {
        if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) last.current.uncertain = true;
        throw err;
      }
    },
    onSuccess: (view) => {
      if (view?.caseId) qc.setQueryData(caseKeys.view(caseId), view);
    },
    // The case, and every list it may have entered or left (queues, search), are read again in the background: the
    // command is answered (and its confirmation shown) once the engine recorded it, not once every list has come
    // back (a returned promise here would hold mutateAsync until the slowest refetch, on a busy server for seconds).
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
    },
  });
}
