import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import type { CaseList } from '../../api/types';

/** The search parameters of GET /cases, as the OpenAPI document declares them. */
export type CaseQuery = Omit<NonNullable<paths['/cases']['get']['parameters']['query']>, 'cursor' | 'limit'>;

/** GET /cases, page after page (keyset cursor); `enabled` false until a search has criteria. */
export function useCaseList(query: CaseQuery, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['cases', query],
    enabled,
    // A queue is read again on every visit and every minute on screen: others' work moves cases in and out of it.
    staleTime: 0,
    refetchInterval: 60_000,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap<CaseList>(
        api.GET('/cases', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
