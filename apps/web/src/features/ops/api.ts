/** The operations endpoints through the typed client, as TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type {
  BulkDryRun,
  CaseDiagnostic,
  OpsAction,
  OpsActionView,
  StuckFilter,
  StuckQuery,
  StuckResponse,
} from './types';

/** The stuck list answers quickly and changes with every monitor scan: refreshed every 30 s while on screen. */
export function useStuck(filter: StuckFilter) {
  return useQuery({
    queryKey: ['ops', 'stuck', filter],
    queryFn: () => unwrap<StuckResponse>(api.GET('/ops/stuck', { params: { query: filter as StuckQuery } })),
    refetchInterval: 30_000,
  });
}

export function useScan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(api.POST('/ops/scan', {})),
    // The scan runs in the worker: the list is read again a little later.
    onSuccess: () => setTimeout(() => void qc.invalidateQueries({ queryKey: ['ops', 'stuck'] }), 2000),
  });
}

export function useDiagnostic(caseId: string) {
  return useQuery({
    queryKey: ['ops', 'case', caseId],
    queryFn: () => unwrap<CaseDiagnostic>(api.GET('/ops/cases/{caseId}', { params: { path: { caseId } } })),
  });
}

export interface CaseActionInput {
  action: OpsAction;
  reason: string;
  reminderId?: string;
}

export function useCaseAction(caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseActionInput) =>
      unwrap<OpsActionView>(api.POST('/ops/cases/{caseId}/actions', { params: { path: { caseId } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['ops'] }),
  });
}

export interface BulkInput {
  action: OpsAction;
  reason: string;
  filter: StuckFilter;
  dryRun: boolean;
  expectedCount?: number;
}

export function useBulkAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkInput) =>
      unwrap<BulkDryRun | OpsActionView>(api.POST('/ops/bulk-actions', { body: body as never })),
    onSuccess: (_r, body) => {
      if (!body.dryRun) void qc.invalidateQueries({ queryKey: ['ops'] });
    },
  });
}

export function useOpsActions(status?: 'PENDING_APPROVAL') {
  return useQuery({
    queryKey: ['ops', 'actions', status ?? 'all'],
    queryFn: () =>
      unwrap<
        OpsActionView[]
      > // The document marks `status` required (the controller's bare @Query); without it the API lists every action.
      (api.GET('/ops/actions', { params: { query: (status ? { status } : {}) as { status: string } } })),
    refetchInterval: 30_000,
  });
}

export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ actionId, decision }: { actionId: string; decision: 'approve' | 'reject' }) =>
      unwrap<OpsActionView>(
        decision === 'approve'
          ? api.POST('/ops/actions/{actionId}/approve', { params: { path: { actionId } }, body: {} })
          : api.POST('/ops/actions/{actionId}/reject', { params: { path: { actionId } }, body: {} }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['ops'] }),
  });
}
