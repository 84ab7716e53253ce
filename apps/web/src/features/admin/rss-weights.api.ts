/** The RSS weight sets through the typed client, as TanStack Query hooks (administration and the score readers). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';

export type AdminRssWeightSet = components['schemas']['AdminRssWeightSetResponse'];
export type RssWeightSet = components['schemas']['RssWeightSetResponse'];
export type AddRssWeightsInput = components['schemas']['CreateRssWeightsRequest'];
export type RssRescore = components['schemas']['RssRescoreResponse'];

/** Every weight set with who added it (administrators). */
export function useAdminRssWeights() {
  return useQuery({
    queryKey: ['admin', 'rss-weights'],
    queryFn: async () =>
      (await unwrap<{ items: AdminRssWeightSet[] }>(api.GET('/admin/rss-weights', { params: { query: {} } }))).items,
  });
}

export function useAddRssWeights() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AddRssWeightsInput) => unwrap<AdminRssWeightSet>(api.POST('/admin/rss-weights', { body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['admin'] }),
  });
}

/** The weight sets of one instrument, to recompute a stored score under (the roles that read RSS scores). */
export function useRssWeights(instrumentVersion: string) {
  return useQuery({
    queryKey: ['rss-weights', instrumentVersion],
    queryFn: async () =>
      (await unwrap<{ items: RssWeightSet[] }>(api.GET('/rss-weights', { params: { query: { instrumentVersion } } })))
        .items,
  });
}

/** A stored survey scored again under another weight set (nothing is stored). */
export function useRssRescore(caseId: string, rssId: string, weightsVersion: string | null) {
  return useQuery({
    queryKey: ['cases', caseId, 'rss', rssId, 'score', weightsVersion],
    enabled: weightsVersion !== null,
    queryFn: () =>
      unwrap<RssRescore>(
        api.GET('/cases/{caseId}/rss/{rssId}/score', {
          params: { path: { caseId, rssId }, query: { weightsVersion: weightsVersion! } },
        }),
      ),
  });
}
