/** The data protection endpoints through the typed client, as TanStack Query hooks (role dpo). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type Transfer = components['schemas']['TransferResponse'];
export type AccessExport = components['schemas']['AccessExportResponse'];
export type AccessRequest = components['schemas']['AccessRequestResponse'];
export type Incident = components['schemas']['IncidentResponse'];
export type ReadLogEntry = components['schemas']['ReadLogEntryResponse'];
export type IncidentInput = components['schemas']['IncidentRequest'];

export function usePendingTransfers() {
  return useQuery({
    queryKey: ['data-protection', 'transfers', 'pending'],
    queryFn: async () => (await unwrap<{ items: Transfer[] }>(api.GET('/data-protection/transfers/pending', {}))).items,
  });
}

export function useAccessRequests() {
  return useQuery({
    queryKey: ['data-protection', 'access-requests'],
    queryFn: async () =>
      (await unwrap<{ items: AccessRequest[] }>(api.GET('/data-protection/access-requests', {}))).items,
  });
}

export function useIncidents() {
  return useQuery({
    queryKey: ['data-protection', 'incidents'],
    queryFn: async () => (await unwrap<{ items: Incident[] }>(api.GET('/data-protection/incidents', {}))).items,
  });
}

export function useReadLog() {
  return useQuery({
    queryKey: ['data-protection', 'special-category-reads'],
    queryFn: async () =>
      (await unwrap<{ items: ReadLogEntry[] }>(api.GET('/data-protection/special-category-reads', {}))).items,
  });
}

function useDpMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: ['data-protection'] }) });
}

/** The focal point's reasons for a decision on a transfer outside the allow-list (the API requires one). */
export const TRANSFER_DECISION_REASONS = {
  approve: ['NECESSARY_FOR_ASSISTANCE', 'LIFE_SAVING', 'MINIMUM_NECESSARY'],
  reject: ['NOT_NECESSARY', 'NO_LEGAL_BASIS', 'SAFEGUARDS_INSUFFICIENT'],
} as const;

export const useDecideTransfer = () =>
  useDpMutation(
    ({
      transferId,
      decision,
      reasonCode,
    }: {
      transferId: string;
      decision: 'approve' | 'reject';
      reasonCode: string;
    }) =>
      decision === 'approve'
        ? unwrap<Transfer>(
            api.POST('/data-protection/transfers/{transferId}/approve', {
              params: { path: { transferId } },
              body: { reasonCode },
            }),
          )
        : unwrap<Transfer>(
            api.POST('/data-protection/transfers/{transferId}/reject', {
              params: { path: { transferId } },
              body: { reasonCode },
            }),
          ),
  );

export const useAccessRequest = () =>
  useDpMutation((body: { caseId: string; memberId: string; channel: 'IN_PERSON' | 'WRITTEN' | 'PHONE' | 'EMAIL' }) =>
    unwrap<AccessExport>(api.POST('/data-protection/access-requests', { body })),
  );

export const useRecordIncident = () =>
  useDpMutation((body: IncidentInput) => unwrap<Incident>(api.POST('/data-protection/incidents', { body })));

/** A case's transfers (officer, supervisor, protection, dpo). */
export function useCaseTransfers(caseId: string) {
  return useQuery({
    queryKey: ['cases', caseId, 'transfers'],
    queryFn: async () =>
      (await unwrap<{ items: Transfer[] }>(api.GET('/cases/{caseId}/transfers', { params: { path: { caseId } } })))
        .items,
  });
}
