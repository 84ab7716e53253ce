import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { HistoryResponse } from '../../api/types';

/**
 * Who a user id is, from the case's audit trail (GET /cases/:id/history gives each entry's actor, with the name when
 * the API sends one). The two-person rule is shown with these: who requested, approved and paid a tranche.
 */
export function useActorNames(caseId: string): ReadonlyMap<string, { name?: string; role?: string }> {
  const history = useQuery({
    queryKey: ['case', caseId, 'history'],
    queryFn: () => unwrap<HistoryResponse>(api.GET('/cases/{caseId}/history', { params: { path: { caseId } } })),
  });
  const map = new Map<string, { name?: string; role?: string }>();
  for (const e of history.data?.entries ?? []) {
    if (e.actorId && !map.has(e.actorId)) map.set(e.actorId, { name: e.actorName, role: e.actorRole });
  }
  return map;
}
